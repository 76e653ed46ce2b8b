-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 1. Conventions: every table has an INTEGER PRIMARY KEY;
-- rows from a storefront carry (store_id, external_id) UNIQUE so a sync is an
-- idempotent upsert; times are UTC microseconds since the epoch (*_us);
-- money is an integer count of minor units (*_minor) next to a currency;
-- enumerations are stored by their GEnum nick ('new-unopened').

CREATE TABLE store (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  platform      TEXT NOT NULL CHECK (platform IN ('woocommerce', 'shopify')),
  base_url      TEXT NOT NULL,
  write_back    INTEGER NOT NULL DEFAULT 0,
  watermark_us  INTEGER,
  last_sync_us  INTEGER,
  last_error    TEXT,
  created_us    INTEGER NOT NULL
);

CREATE TABLE customer (
  id           INTEGER PRIMARY KEY,
  store_id     INTEGER REFERENCES store (id) ON DELETE SET NULL,
  external_id  TEXT,
  first_name   TEXT NOT NULL DEFAULT '',
  last_name    TEXT NOT NULL DEFAULT '',
  email        TEXT,
  phone        TEXT,
  language     TEXT,      -- "nl", "fr", "de", "pl": the language to write in
  address1     TEXT,
  address2     TEXT,
  postcode     TEXT,
  city         TEXT,
  country      TEXT,      -- ISO 3166-1 alpha-2
  created_us   INTEGER NOT NULL,
  updated_us   INTEGER NOT NULL,
  UNIQUE (store_id, external_id)
);
CREATE INDEX customer_email ON customer (email);

CREATE TABLE product (
  id           INTEGER PRIMARY KEY,
  store_id     INTEGER REFERENCES store (id) ON DELETE SET NULL,
  external_id  TEXT,
  sku          TEXT,
  title        TEXT NOT NULL,
  category     TEXT,
  price_minor  INTEGER NOT NULL DEFAULT 0,
  currency     TEXT NOT NULL,
  -- Kept equal to the sum of the product's stock movements by the trigger
  -- below; `retour-cli check` verifies it.
  on_hand      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (store_id, external_id)
);
CREATE INDEX product_sku ON product (sku);

CREATE TABLE "order" (
  id                INTEGER PRIMARY KEY,
  store_id          INTEGER REFERENCES store (id) ON DELETE SET NULL,
  external_id       TEXT,
  number            TEXT NOT NULL,
  customer_id       INTEGER REFERENCES customer (id),
  status            TEXT NOT NULL DEFAULT 'completed',
  currency          TEXT NOT NULL,
  total_minor       INTEGER NOT NULL,
  ordered_us        INTEGER NOT NULL,
  fulfilled_us      INTEGER,
  delivered_us      INTEGER,
  updated_us        INTEGER NOT NULL,
  cancelled_us      INTEGER,
  deleted_upstream  INTEGER NOT NULL DEFAULT 0,
  ship_name         TEXT,
  ship_address1     TEXT,
  ship_address2     TEXT,
  ship_postcode     TEXT,
  ship_city         TEXT,
  ship_country      TEXT,
  UNIQUE (store_id, external_id)
);
CREATE INDEX order_number ON "order" (number);
CREATE INDEX order_customer ON "order" (customer_id);

CREATE TABLE order_line (
  id                INTEGER PRIMARY KEY,
  order_id          INTEGER NOT NULL REFERENCES "order" (id) ON DELETE CASCADE,
  external_id       TEXT,
  product_id        INTEGER REFERENCES product (id),
  sku               TEXT,
  title             TEXT NOT NULL,
  quantity          INTEGER NOT NULL CHECK (quantity >= 0),
  unit_price_minor  INTEGER NOT NULL,
  total_minor       INTEGER NOT NULL,
  UNIQUE (order_id, external_id)
);
CREATE INDEX order_line_order ON order_line (order_id);
CREATE INDEX order_line_product ON order_line (product_id);

-- Reasons are retired, never deleted: old RMAs keep pointing at them.
CREATE TABLE reason (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  label           TEXT NOT NULL,
  controllable    INTEGER NOT NULL DEFAULT 0,
  requires_photo  INTEGER NOT NULL DEFAULT 0,
  position        INTEGER NOT NULL,
  retired         INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER reason_never_deleted BEFORE DELETE ON reason
  WHEN EXISTS (SELECT 1 FROM rma_line WHERE reason_id = OLD.id)
BEGIN
  SELECT RAISE (ABORT, 'a reason in use cannot be deleted; retire it');
END;

-- A policy row is one version; changing the policy adds a row. RMAs point
-- at the version they were created under.
CREATE TABLE policy (
  id                           INTEGER PRIMARY KEY,
  version                      INTEGER NOT NULL UNIQUE,
  created_us                   INTEGER NOT NULL,
  window_days                  INTEGER NOT NULL CHECK (window_days BETWEEN 0 AND 365),
  refund_timing                TEXT NOT NULL,
  restocking_fee_kind          TEXT NOT NULL,
  restocking_fee_basis_points  INTEGER NOT NULL DEFAULT 0,
  restocking_fee_fixed_minor   INTEGER NOT NULL DEFAULT 0,
  return_shipping_minor        INTEGER NOT NULL DEFAULT 0,
  keep_it_threshold_minor      INTEGER NOT NULL DEFAULT 0,
  currency                     TEXT NOT NULL,
  allowed_resolutions          INTEGER NOT NULL
);
CREATE TRIGGER policy_immutable BEFORE UPDATE ON policy
BEGIN
  SELECT RAISE (ABORT, 'a policy version is never changed; add a new one');
END;

CREATE TABLE policy_category (
  policy_id    INTEGER NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  category     TEXT NOT NULL,
  window_days  INTEGER NOT NULL DEFAULT -1,
  final_sale   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (policy_id, category)
) WITHOUT ROWID;

-- Id order is creation order, so "newest first" is ORDER BY id DESC (see
-- DESIGN.md, Performance budget). An RMA is never deleted — a draft that
-- is not wanted is cancelled — so max(id) + 1 is always a new id, without
-- AUTOINCREMENT's extra read and write of sqlite_sequence per insert.
CREATE TABLE rma (
  id                 INTEGER PRIMARY KEY,
  number             TEXT UNIQUE,
  status             TEXT NOT NULL CHECK (status IN ('draft', 'requested', 'authorized',
                       'in_transit', 'received', 'inspected', 'resolved', 'closed',
                       'rejected', 'cancelled', 'expired')),
  order_id           INTEGER REFERENCES "order" (id),
  customer_id        INTEGER REFERENCES customer (id),
  policy_id          INTEGER NOT NULL REFERENCES policy (id),
  resolution         TEXT NOT NULL DEFAULT 'undecided',
  refund_method      TEXT NOT NULL DEFAULT 'none',
  currency           TEXT NOT NULL,
  refund_minor       INTEGER NOT NULL DEFAULT 0,
  refund_overridden  INTEGER NOT NULL DEFAULT 0,
  override_note      TEXT,
  notes              TEXT,
  created_us         INTEGER NOT NULL,
  updated_us         INTEGER NOT NULL,
  authorized_us      INTEGER,
  due_us             INTEGER,
  received_us        INTEGER,
  resolved_us        INTEGER,
  closed_us          INTEGER,
  CHECK (refund_overridden = 0 OR length (override_note) > 0)
);
CREATE TRIGGER rma_never_deleted BEFORE DELETE ON rma
BEGIN
  SELECT RAISE (ABORT, 'a return is never deleted; cancel it');
END;
CREATE INDEX rma_status ON rma (status, id);
CREATE INDEX rma_order ON rma (order_id);
CREATE INDEX rma_customer ON rma (customer_id);

CREATE TABLE rma_line (
  id                INTEGER PRIMARY KEY,
  rma_id            INTEGER NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  order_line_id     INTEGER REFERENCES order_line (id),
  product_id        INTEGER REFERENCES product (id),
  sku               TEXT,
  title             TEXT NOT NULL,
  category          TEXT,
  unit_price_minor  INTEGER NOT NULL,
  qty_ordered       INTEGER NOT NULL,
  qty_requested     INTEGER NOT NULL,
  qty_authorized    INTEGER NOT NULL DEFAULT 0,
  qty_received      INTEGER NOT NULL DEFAULT 0,
  qty_accepted      INTEGER NOT NULL DEFAULT 0,
  reason_id         INTEGER REFERENCES reason (id),
  condition         TEXT NOT NULL DEFAULT 'unknown',
  disposition       TEXT NOT NULL DEFAULT 'undecided',
  serial            TEXT,
  notes             TEXT,
  CHECK (qty_ordered >= qty_requested AND qty_requested >= qty_authorized
         AND qty_authorized >= qty_received AND qty_received >= qty_accepted
         AND qty_accepted >= 0)
);
CREATE INDEX rma_line_rma ON rma_line (rma_id);
CREATE INDEX rma_line_product ON rma_line (product_id);

-- The audit trail: append-only.
CREATE TABLE rma_event (
  id           INTEGER PRIMARY KEY,
  rma_id       INTEGER NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  created_us   INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  kind         TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT,
  detail       TEXT
);
CREATE INDEX rma_event_rma ON rma_event (rma_id, id);
CREATE TRIGGER rma_event_append_only BEFORE UPDATE ON rma_event
BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;

-- Money paid back, one row per payment; corrections are new rows.
CREATE TABLE refund (
  id               INTEGER PRIMARY KEY,
  rma_id           INTEGER NOT NULL REFERENCES rma (id),
  amount_minor     INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  method           TEXT NOT NULL,
  created_us       INTEGER NOT NULL,
  actor            TEXT NOT NULL,
  note             TEXT,
  external_id      TEXT,           -- the storefront's id once written back
  idempotency_key  TEXT UNIQUE     -- guards a retried write-back
);
CREATE INDEX refund_rma ON refund (rma_id);

-- The stock ledger: on_hand moves only through here, and a correction is a
-- new movement, never an edit.
CREATE TABLE stock_movement (
  id           INTEGER PRIMARY KEY,
  product_id   INTEGER NOT NULL REFERENCES product (id),
  delta        INTEGER NOT NULL CHECK (delta <> 0),
  cause        TEXT NOT NULL,
  rma_id       INTEGER REFERENCES rma (id),
  rma_line_id  INTEGER REFERENCES rma_line (id),
  created_us   INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  note         TEXT
);
CREATE INDEX stock_movement_product ON stock_movement (product_id, id);
CREATE INDEX stock_movement_rma ON stock_movement (rma_id) WHERE rma_id IS NOT NULL;
CREATE TRIGGER stock_movement_apply AFTER INSERT ON stock_movement
BEGIN
  UPDATE product SET on_hand = on_hand + NEW.delta WHERE id = NEW.product_id;
END;
CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
BEGIN
  SELECT RAISE (ABORT, 'a stock movement is never changed; add a correction');
END;
CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
BEGIN
  SELECT RAISE (ABORT, 'a stock movement is never deleted; add a correction');
END;

-- Generated labels, kept so a reprint is byte-identical.
CREATE TABLE label (
  id          INTEGER PRIMARY KEY,
  rma_id      INTEGER NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  format      TEXT NOT NULL,
  pdf         BLOB NOT NULL,
  created_us  INTEGER NOT NULL,
  printed_us  INTEGER,
  sent_us     INTEGER,
  UNIQUE (rma_id, version)
);

CREATE TABLE attachment (
  id           INTEGER PRIMARY KEY,
  rma_id       INTEGER NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  rma_line_id  INTEGER REFERENCES rma_line (id) ON DELETE SET NULL,
  filename     TEXT NOT NULL,
  mime_type    TEXT NOT NULL,
  data         BLOB NOT NULL,
  created_us   INTEGER NOT NULL
);
CREATE INDEX attachment_rma ON attachment (rma_id);

-- Business settings: shop name, returns address, label format, RMA number
-- pattern, currency. (UI state lives in GSettings.)
CREATE TABLE setting (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) WITHOUT ROWID;

-- Counters that must never go back, such as the RMA number sequence.
CREATE TABLE sequence (
  name        TEXT PRIMARY KEY,
  next_value  INTEGER NOT NULL
) WITHOUT ROWID;

-- One search document per RMA (rowid = rma.id), written by the store in the
-- transaction that changes the RMA. Text is folded (lower case, accents
-- removed, phone numbers as digits) so "lodz" finds "Łódź"; the trigram
-- tokenizer finds any part of three characters or more. The text is
-- already folded, so the tokenizer need not fold case again; results come
-- in rowid order, never ranked, so no column sizes are kept for bm25().
CREATE VIRTUAL TABLE rma_fts USING fts5 (
  number, order_number, customer, email, phone, skus, titles, notes,
  tokenize = 'trigram case_sensitive 1', columnsize = 0
);
