-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 16: a return's resolution carried out in the storefront
-- (an exchange order, store credit, a gift card, a coupon), once. One per
-- return: the row is queued with its marker, which goes upstream with it
-- (an order's tag and meta, a coupon's code) so that a retry after a lost
-- answer finds what was made instead of making it again; then it is done,
-- with the storefront's id and what the customer reads (an order's name,
-- a code), or failed, with the storefront's message. A failed one can be
-- queued again, changed. An exchange for a cheaper item refunds the
-- difference through the refund ledger (difference_refund_id).

CREATE TABLE store_resolution (
  id                    INTEGER PRIMARY KEY,
  rma_id                INTEGER NOT NULL UNIQUE REFERENCES rma (id) ON DELETE CASCADE,
  store_id              INTEGER REFERENCES store (id) ON DELETE SET NULL,
  kind                  TEXT NOT NULL
                        CHECK (kind IN ('exchange-order', 'store-credit', 'gift-card', 'coupon')),
  amount_minor          INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency              TEXT NOT NULL,
  difference_minor      INTEGER NOT NULL DEFAULT 0,
  difference_refund_id  INTEGER REFERENCES refund (id) ON DELETE SET NULL,
  marker                TEXT NOT NULL UNIQUE CHECK (length (marker) > 0),
  state                 TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
  external_id           TEXT,
  code                  TEXT,
  payment_url           TEXT,
  last_error            TEXT,
  attempts              INTEGER NOT NULL DEFAULT 0,
  queued_us             INTEGER NOT NULL,
  last_attempt_us       INTEGER,
  done_us               INTEGER,
  actor                 TEXT NOT NULL,
  CHECK (state <> 'done' OR external_id IS NOT NULL)
);
CREATE INDEX store_resolution_pending ON store_resolution (store_id) WHERE state = 'queued';

-- The replacement items of an exchange, as the storefront knows them.
CREATE TABLE store_resolution_item (
  resolution_id        INTEGER NOT NULL REFERENCES store_resolution (id) ON DELETE CASCADE,
  position             INTEGER NOT NULL,
  variant_external_id  TEXT NOT NULL CHECK (length (variant_external_id) > 0),
  title                TEXT NOT NULL,
  quantity             INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_minor     INTEGER NOT NULL CHECK (unit_price_minor >= 0),
  PRIMARY KEY (resolution_id, position)
);
