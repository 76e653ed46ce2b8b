-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 5: a fuller policy, an audit trail of the shop's settings,
-- and stock that can wait for repair or be written off.

-- What the window counts from (then the next date down: delivery, else
-- fulfilment, else the order date), which refund methods are offered, and
-- on which resolutions the restocking fee is charged. Defaults keep what
-- versions 1–4 did: from delivery, every method, the fee on everything but
-- exchanges (and keep-it, which never carries it).
ALTER TABLE policy ADD COLUMN window_from TEXT NOT NULL DEFAULT 'delivery';
ALTER TABLE policy ADD COLUMN allowed_refund_methods INTEGER NOT NULL DEFAULT 30;
ALTER TABLE policy ADD COLUMN fee_resolutions INTEGER NOT NULL DEFAULT 54;

-- A reason of the customer's own may still be spared the restocking fee.
ALTER TABLE reason ADD COLUMN restocking_fee INTEGER NOT NULL DEFAULT 1;

-- The flags of each reason that decide money, as a policy version saw
-- them: a reason changed later never changes an old refund.
CREATE TABLE policy_reason (
  policy_id       INTEGER NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  reason_id       INTEGER NOT NULL REFERENCES reason (id),
  controllable    INTEGER NOT NULL,
  restocking_fee  INTEGER NOT NULL,
  PRIMARY KEY (policy_id, reason_id)
) WITHOUT ROWID;
INSERT INTO policy_reason (policy_id, reason_id, controllable, restocking_fee)
  SELECT policy.id, reason.id, reason.controllable, 1 FROM policy, reason;
CREATE TRIGGER policy_reason_immutable BEFORE UPDATE ON policy_reason
BEGIN
  SELECT RAISE (ABORT, 'a policy version is never changed; add a new one');
END;

-- Who changed which setting of the shop, and how: append-only, like
-- rma_event is for returns.
CREATE TABLE audit_event (
  id          INTEGER PRIMARY KEY,
  created_us  INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  subject     TEXT NOT NULL,   -- 'policy', 'reason', 'setting', 'stock'
  detail      TEXT NOT NULL
);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
  SELECT RAISE (ABORT, 'the audit trail is never changed');
END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
  SELECT RAISE (ABORT, 'the audit trail is never changed');
END;

-- Stock buckets: a movement counts on hand, held (waiting for refurbishment
-- or repair) or written off (recycled, scrapped, returned to the vendor).
-- The product keeps one total per bucket, each the sum of its movements.
ALTER TABLE stock_movement ADD COLUMN bucket TEXT NOT NULL DEFAULT 'on-hand'
  CHECK (bucket IN ('on-hand', 'held', 'written-off'));
ALTER TABLE product ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0);
ALTER TABLE product ADD COLUMN written_off INTEGER NOT NULL DEFAULT 0 CHECK (written_off >= 0);
DROP TRIGGER stock_movement_apply;
CREATE TRIGGER stock_movement_apply AFTER INSERT ON stock_movement
BEGIN
  UPDATE product
     SET on_hand     = on_hand     + (CASE NEW.bucket WHEN 'on-hand'     THEN NEW.delta ELSE 0 END),
         held        = held        + (CASE NEW.bucket WHEN 'held'        THEN NEW.delta ELSE 0 END),
         written_off = written_off + (CASE NEW.bucket WHEN 'written-off' THEN NEW.delta ELSE 0 END)
   WHERE id = NEW.product_id;
END;
CREATE INDEX stock_movement_created ON stock_movement (created_us);
