-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 17: a customer's data erased on request or by the
-- shop's retention rule (src/store/retour-privacy-store.c).
--
-- The keys of the customers anonymised, so that a sync that brings one
-- of them back writes the placeholder instead of the storefront's data:
-- the storefront's customer id, and a keyed hash of the e-mail address
-- (setting 'privacy.salt') for orders without one. No name, no address.
CREATE TABLE anonymised_customer (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER REFERENCES customer (id) ON DELETE SET NULL,
  store_id     INTEGER REFERENCES store (id) ON DELETE CASCADE,
  external_id  TEXT,
  email_hash   TEXT,
  created_us   INTEGER NOT NULL
);
CREATE INDEX anonymised_customer_storefront ON anonymised_customer (store_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX anonymised_customer_email ON anonymised_customer (email_hash)
  WHERE email_hash IS NOT NULL;

-- The history stays append-only, but an entry's free text may be struck
-- out, to the one marker, when it named a customer who was anonymised.
DROP TRIGGER rma_event_append_only;
CREATE TRIGGER rma_event_append_only BEFORE UPDATE ON rma_event
  WHEN OLD.id IS NOT NEW.id OR OLD.rma_id IS NOT NEW.rma_id OR OLD.created_us IS NOT NEW.created_us
    OR OLD.actor IS NOT NEW.actor OR OLD.kind IS NOT NEW.kind OR OLD.from_status IS NOT NEW.from_status
    OR OLD.to_status IS NOT NEW.to_status OR NEW.detail IS NOT '[anonymised]'
BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
