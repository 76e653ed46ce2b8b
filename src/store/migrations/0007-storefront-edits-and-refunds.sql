-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 7: orders as the storefront has them now. An edit that
-- removes an item upstream removes its line here, and refunds made in
-- the storefront's own admin are recorded, so that nothing is returned
-- or refunded twice.

-- A line that a new version of its order no longer has is deleted, unless
-- a return or a refund refers to it: then it stays, marked, and nothing
-- more of it can be returned.
ALTER TABLE order_line ADD COLUMN gone_upstream INTEGER NOT NULL DEFAULT 0;

-- Orders read before this version were read without their refunds, and
-- with lines that may be gone: every order is read again, once. Until a
-- sync has, read_version stays 0; the sync store writes the version of
-- its reading (RETOUR_ORDER_READ_VERSION) and rewrites an order whose
-- row is older even when its update time has not moved.
ALTER TABLE "order" ADD COLUMN read_version INTEGER NOT NULL DEFAULT 0;
UPDATE store SET watermark_us = NULL;

-- Deleting an order line checks rma_line for references; without an
-- index that reads every return line.
CREATE INDEX rma_line_order_line ON rma_line (order_line_id) WHERE order_line_id IS NOT NULL;

-- The refund ledger also holds refunds made in the storefront (source
-- 'storefront'): money the shop paid back outside Retour, kept so that
-- what they refunded is not returnable again. They belong to the order,
-- not to a return (rma_id is NULL), and never count as paid by Retour;
-- (order_id, external_id) makes a sync of them idempotent. Retour's own
-- refunds (source 'retour') are as before.
--
-- SQLite cannot drop NOT NULL from rma_id in place, and migrations run
-- in a transaction with foreign keys on, where the usual rebuild would
-- cascade into refund_write_back. So both tables are renamed (the rename
-- of refund carries refund_write_back's reference along), copied into new
-- ones and dropped, the child first: nothing refers to a table when it
-- goes.
ALTER TABLE refund_write_back RENAME TO refund_write_back_6;
ALTER TABLE refund RENAME TO refund_6;

CREATE TABLE refund (
  id               INTEGER PRIMARY KEY,
  rma_id           INTEGER REFERENCES rma (id),
  amount_minor     INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  method           TEXT NOT NULL,
  created_us       INTEGER NOT NULL,
  actor            TEXT NOT NULL,
  note             TEXT,
  external_id      TEXT,           -- the storefront's id once written back, or of a storefront refund
  idempotency_key  TEXT UNIQUE,    -- guards a retried write-back
  source           TEXT NOT NULL DEFAULT 'retour' CHECK (source IN ('retour', 'storefront')),
  order_id         INTEGER REFERENCES "order" (id),   -- storefront refunds only
  CHECK (CASE source
           WHEN 'retour' THEN rma_id IS NOT NULL AND order_id IS NULL
           ELSE rma_id IS NULL AND order_id IS NOT NULL AND external_id IS NOT NULL
         END)
);
INSERT INTO refund (id, rma_id, amount_minor, currency, method, created_us, actor, note, external_id,
                    idempotency_key)
  SELECT id, rma_id, amount_minor, currency, method, created_us, actor, note, external_id, idempotency_key
  FROM refund_6;

CREATE TABLE refund_write_back (
  refund_id        INTEGER PRIMARY KEY REFERENCES refund (id) ON DELETE CASCADE,
  store_id         INTEGER NOT NULL REFERENCES store (id) ON DELETE CASCADE,
  queued_us        INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_attempt_us  INTEGER,
  last_error       TEXT,
  done_us          INTEGER
);
INSERT INTO refund_write_back SELECT * FROM refund_write_back_6;

DROP TABLE refund_write_back_6;
DROP TABLE refund_6;

CREATE INDEX refund_rma ON refund (rma_id);
CREATE INDEX refund_write_back_pending ON refund_write_back (store_id) WHERE done_us IS NULL;
CREATE UNIQUE INDEX refund_storefront ON refund (order_id, external_id) WHERE source = 'storefront';

-- What a storefront refund took of each order line: the units no longer
-- returnable, and the money.
CREATE TABLE refund_line (
  refund_id      INTEGER NOT NULL REFERENCES refund (id) ON DELETE CASCADE,
  order_line_id  INTEGER NOT NULL REFERENCES order_line (id),
  quantity       INTEGER NOT NULL CHECK (quantity >= 0),
  amount_minor   INTEGER NOT NULL,
  PRIMARY KEY (refund_id, order_line_id)
) WITHOUT ROWID;
CREATE INDEX refund_line_order_line ON refund_line (order_line_id, quantity);
