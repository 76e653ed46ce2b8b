-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 14: carriers' prepaid return labels and their tracking
-- (issue "Carrier return labels and tracking"). A return has at most one
-- label that is not cancelled: a row is written, as *requested*, before
-- the label is bought, so that an answer lost on the way never leads to
-- a second purchase; it becomes *bought* with the carrier's PDF and
-- tracking number, or *cancelled*. A parcel the customer sent on their
-- own is a row *entered* by staff with its tracking number and no PDF.
-- The tracking state is the latest event's; the first scan is the
-- customer's proof of dispatch (also written to rma.dispatch_proof_us).
-- The carrier chosen for a return, when it is not the default of the
-- customer's country, is kept apart from the label it will buy.
-- Accounts' settings live in the setting table, their keys in the
-- keyring, never here.

CREATE TABLE carrier_label (
  id               INTEGER PRIMARY KEY,
  rma_id           INTEGER NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  carrier          TEXT NOT NULL CHECK (length (carrier) > 0),
  reference        TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'requested'
                   CHECK (state IN ('requested', 'bought', 'entered', 'cancelled')),
  tracking_number  TEXT CHECK (tracking_number IS NULL OR length (tracking_number) > 0),
  shipment_id      TEXT,
  pdf              BLOB,
  cost_minor       INTEGER CHECK (cost_minor IS NULL OR cost_minor >= 0),
  currency         TEXT CHECK (currency IS NULL OR length (currency) = 3),
  cost_from        TEXT CHECK (cost_from IS NULL OR cost_from IN ('carrier', 'contract')),
  created_us       INTEGER NOT NULL,
  cancelled_us     INTEGER,
  tracking_state   TEXT NOT NULL DEFAULT 'announced'
                   CHECK (tracking_state IN ('announced', 'in-transit', 'delivered', 'exception')),
  first_scan_us    INTEGER,
  delivered_us     INTEGER,
  polled_us        INTEGER,
  poll_error       TEXT
);
CREATE UNIQUE INDEX carrier_label_live ON carrier_label (rma_id) WHERE state <> 'cancelled';
CREATE UNIQUE INDEX carrier_label_tracking ON carrier_label (carrier, tracking_number)
  WHERE tracking_number IS NOT NULL AND state <> 'cancelled';
CREATE INDEX carrier_label_open ON carrier_label (polled_us)
  WHERE state IN ('bought', 'entered') AND tracking_state IN ('announced', 'in-transit');

CREATE TABLE carrier_event (
  id           INTEGER PRIMARY KEY,
  label_id     INTEGER NOT NULL REFERENCES carrier_label (id) ON DELETE CASCADE,
  time_us      INTEGER NOT NULL,
  code         TEXT NOT NULL,
  description  TEXT,
  state        TEXT NOT NULL CHECK (state IN ('announced', 'in-transit', 'delivered', 'exception')),
  UNIQUE (label_id, time_us, code)
);

CREATE TABLE carrier_choice (
  rma_id   INTEGER PRIMARY KEY REFERENCES rma (id) ON DELETE CASCADE,
  carrier  TEXT NOT NULL CHECK (length (carrier) > 0)
);
