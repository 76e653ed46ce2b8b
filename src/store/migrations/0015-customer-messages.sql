-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 15: messages to the customer (issue "The customer
-- loop"). A message is written when the step it reports is, in the same
-- transaction, and keeps what the customer was sent as it was sent: the
-- text, the attachments' bytes and hashes, the channel, the recipient,
-- the Message-ID. One message per return and step (per refund for the
-- money steps: each payment is confirmed once), whatever the channel, so
-- a step is never told twice. Its state says where it is: waiting for
-- staff to confirm it, queued, being sent, sent, failed, or uncertain (the
-- server may have taken it; staff decide, nothing resends it).
-- Templates the shop wrote itself override Retour's per step and
-- language.

CREATE TABLE customer_message (
  id               INTEGER PRIMARY KEY,
  rma_id           INTEGER NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  step             TEXT NOT NULL
    CHECK (step IN ('request-received', 'withdrawal-acknowledged', 'approved', 'rejected',
                    'parcel-received', 'refund-paid', 'credit-issued', 'exchange-sent',
                    'repair-notice')),
  -- The refund a money step confirms; 0 for every other step.
  reference        INTEGER NOT NULL DEFAULT 0,
  language         TEXT NOT NULL,
  channel          TEXT NOT NULL CHECK (channel IN ('storefront', 'smtp', 'handoff')),
  -- The storefront of a storefront message: its sync sends it.
  store_id         INTEGER REFERENCES store (id) ON DELETE SET NULL,
  recipient        TEXT,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  state            TEXT NOT NULL
    CHECK (state IN ('awaiting-confirmation', 'queued', 'sending', 'sent', 'failed', 'uncertain')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_us  INTEGER,
  last_error       TEXT,
  created_us       INTEGER NOT NULL,
  sent_us          INTEGER,
  -- Stable across retries, so a server or client that saw it once sees
  -- the same message again.
  message_id       TEXT NOT NULL UNIQUE,
  UNIQUE (rma_id, step, reference)
);
CREATE INDEX customer_message_due ON customer_message (state, next_attempt_us);

CREATE TABLE customer_message_attachment (
  message_id  INTEGER NOT NULL REFERENCES customer_message (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  mime_type   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  data        BLOB NOT NULL,
  PRIMARY KEY (message_id, position)
);

CREATE TABLE message_template (
  step        TEXT NOT NULL,
  language    TEXT NOT NULL CHECK (language IN ('en', 'nl', 'fr', 'de', 'pl')),
  subject     TEXT NOT NULL CHECK (length (subject) > 0),
  body        TEXT NOT NULL CHECK (length (body) > 0),
  updated_us  INTEGER NOT NULL,
  PRIMARY KEY (step, language)
);
