-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 13 on PostgreSQL, as on SQLite
-- (migrations/0013-request-decline-and-label.sql): why staff declined a
-- storefront request, and the return label put on the storefront's
-- return; what customers read for a reason, per language.

ALTER TABLE rma ADD COLUMN storefront_decline_reason text NOT NULL DEFAULT 'other'
  CHECK (storefront_decline_reason IN ('other', 'final-sale', 'return-period-ended'));
ALTER TABLE rma ADD COLUMN storefront_label_id text
  CHECK (storefront_label_id IS NULL OR length (storefront_label_id) > 0);
ALTER TABLE rma ADD COLUMN storefront_label_us bigint;
ALTER TABLE rma ADD COLUMN storefront_label_error text;

CREATE TABLE reason_name (
  reason_id  bigint NOT NULL REFERENCES reason (id) ON DELETE CASCADE,
  language   text NOT NULL CHECK (language IN ('en', 'nl', 'fr', 'de', 'pl')),
  name       text NOT NULL CHECK (length (name) > 0),
  PRIMARY KEY (reason_id, language)
);
CREATE TRIGGER reason_name_notify_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reason_name
  FOR EACH STATEMENT EXECUTE FUNCTION retour_notify_changed ();

-- Read by every role, written by the owner, as the reasons are; a server
-- set up before this version has its roles already.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['retour_desk', 'retour_warehouse', 'retour_accounts'] LOOP
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format ('GRANT SELECT ON reason_name TO %I', r);
    END IF;
  END LOOP;
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'retour_owner') THEN
    GRANT ALL ON reason_name TO retour_owner;
  END IF;
END;
$$;

UPDATE retour_schema SET version = 13;
