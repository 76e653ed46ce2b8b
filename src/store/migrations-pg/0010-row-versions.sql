-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 10 on PostgreSQL, as on SQLite: a version per return,
-- which every write of the row raises and every save names (see
-- migrations/0010-row-versions.sql).
--
-- Also, only here: every commit that changes a shop's data notifies the
-- channel retour_changed, which each desk LISTENs to; a desk refreshes its
-- views when another one's notification arrives, instead of polling.
-- Statement-level triggers, and NOTIFY folds the same notification sent
-- many times in one transaction into one: a sync of a thousand orders is
-- one message.

ALTER TABLE rma ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version > 0);

CREATE FUNCTION retour_notify_changed () RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify ('retour_changed', '');
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['store', 'customer', 'product', 'order', 'order_line', 'reason', 'policy',
                           'policy_category', 'policy_reason', 'rma', 'rma_line', 'rma_event', 'refund',
                           'refund_line', 'refund_write_back', 'stock_movement', 'label', 'attachment',
                           'setting', 'audit_event', 'sync_problem']
  LOOP
    EXECUTE format ('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                    'FOR EACH STATEMENT EXECUTE FUNCTION retour_notify_changed ()',
                    t || '_notify_changed', t);
  END LOOP;
END;
$$;

UPDATE retour_schema SET version = 10;
