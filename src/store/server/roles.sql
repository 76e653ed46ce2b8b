-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Operators and roles on a shop's PostgreSQL server: who may do what,
-- enforced by the server itself, so that a warehouse login cannot record
-- a refund even from psql. `retour-cli server init` runs this after the
-- schema's migrations, and again on every run: each statement leaves the
-- database as it would a first time (privileges are revoked, then
-- granted again; functions and triggers are replaced).
--
-- An operator is a LOGIN role that belongs to one or more of four group
-- roles (NOLOGIN):
--
--   retour_desk       phone returns, labels, messages: creates and edits
--                     returns and their lines, authorizes, rejects,
--                     cancels; labels, attachments, RMA numbers
--   retour_warehouse  receive, inspect, stock: in transit, received,
--                     inspected; the lines' received and accepted units,
--                     condition and disposition; stock movements,
--                     attachments
--   retour_accounts   refunds and their write-back; resolves and closes
--   retour_owner      all of the above, and the policy, the reasons, the
--                     shop's settings and its stores
--
-- Every one of them reads everything, appends to the history (rma_event,
-- audit_event), and writes what a sync writes: orders and their lines,
-- customers, products, sync problems, the stores' sync cursors and the
-- refunds made in the storefront. Any desk may run a sync.
--
-- GRANTs say which tables (and store columns) a role writes. What they
-- cannot say is checked by triggers that raise insufficient_privilege
-- (42501, which the app reads as RETOUR_STORE_ERROR_DENIED): which step
-- of a return a role may take, which fields of a return and its lines it
-- may change (the store writes every column of a return on each save, so
-- column privileges would not do), and that only accounts records
-- Retour's own refunds while a sync still records the storefront's.
--
--   step of a return          who             fields of a return     who
--   requested, authorized,    desk            order, customer,       desk
--     rejected, cancelled                       policy, due date
--   in transit                desk, warehouse resolution, method     desk, accounts
--   received, inspected       warehouse       refund, its override   accounts (*)
--   resolved, closed          accounts        notes                  anyone
--   expired                   desk, warehouse,
--                             anyone once due
--
--   (*) except the refund the policy works out at the step that makes it
--   due, written by whoever takes that step.
--
--   lines of a return: which items and how many come back, desk; how
--   many arrived and were accepted, their condition and disposition,
--   warehouse; serial numbers and notes, either.
--
-- History names the operator: on rma_event, audit_event, stock_movement
-- and Retour's refunds the server sets actor to the login role's name,
-- whatever name the desk passed (operators are named by their logins;
-- there is no separate display name).
--
-- Whoever owns the shop's tables (who ran `server init`) and superusers
-- are not operators: the triggers let them be, as GRANTs do, and their
-- history keeps the name their desk gives.
--
-- Roles belong to the cluster, not to one database: a cluster with
-- several shops shares them, so give each shop a cluster of its own or
-- keep operators out of the other shops' databases (CONNECT).

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['retour_desk', 'retour_warehouse', 'retour_accounts', 'retour_owner'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END
$$;

-- The owner does what every other role does.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['retour_desk', 'retour_warehouse', 'retour_accounts'] LOOP
    IF NOT pg_catalog.pg_has_role ('retour_owner', r, 'MEMBER') THEN
      EXECUTE format ('GRANT %I TO retour_owner', r);
    END IF;
  END LOOP;
END
$$;

-- ---------------------------------------------------------------- GRANTs

DO $$
DECLARE
  r text;
  s text := current_schema ();
BEGIN
  FOREACH r IN ARRAY ARRAY['retour_desk', 'retour_warehouse', 'retour_accounts', 'retour_owner'] LOOP
    EXECUTE format ('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', s, r);
    EXECUTE format ('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', s, r);

    EXECUTE format ('GRANT USAGE ON SCHEMA %I TO %I', s, r);
    EXECUTE format ('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, r);
    -- New rows take their ids from the tables' identity sequences.
    EXECUTE format ('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', s, r);

    -- The history; its actor is set by the server (below).
    EXECUTE format ('GRANT INSERT ON rma_event, audit_event TO %I', r);

    -- What a sync writes. Refunds and their lines only as the
    -- storefront's: the trigger refund_operator_guard checks.
    EXECUTE format ('GRANT INSERT, UPDATE ON customer, product, "order", order_line TO %I', r);
    EXECUTE format ('GRANT DELETE ON order_line TO %I', r);
    EXECUTE format ('GRANT INSERT, UPDATE, DELETE ON sync_problem TO %I', r);
    EXECUTE format ('GRANT UPDATE (watermark_us, last_sync_us, last_error) ON store TO %I', r);
    EXECUTE format ('GRANT INSERT, UPDATE, DELETE ON refund TO %I', r);
    EXECUTE format ('GRANT INSERT, UPDATE ON refund_line TO %I', r);

    -- The search documents, which triggers rewrite with any change to
    -- what they are made of.
    EXECUTE format ('GRANT INSERT, UPDATE ON rma_search_doc, order_search_doc TO %I', r);

    -- Every step of a return writes its row and its lines (an upsert,
    -- which needs INSERT too); the triggers below say which changes a
    -- role may make.
    EXECUTE format ('GRANT UPDATE ON rma TO %I', r);
    EXECUTE format ('GRANT INSERT, UPDATE ON rma_line TO %I', r);

    -- Tracking, which any desk's poll reads from the carrier: the
    -- label's state and its events (buying one is the desk's).
    EXECUTE format ('GRANT UPDATE (tracking_state, first_scan_us, delivered_us, polled_us, poll_error) '
                    'ON carrier_label TO %I', r);
    EXECUTE format ('GRANT INSERT ON carrier_event TO %I', r);
  END LOOP;
END
$$;

GRANT INSERT ON rma TO retour_desk;
GRANT DELETE ON rma_line TO retour_desk;
GRANT INSERT, UPDATE ON label TO retour_desk;
GRANT INSERT, UPDATE ON carrier_label TO retour_desk;
GRANT INSERT, UPDATE, DELETE ON carrier_choice TO retour_desk;
GRANT INSERT, UPDATE ON sequence TO retour_desk;
GRANT INSERT, DELETE ON attachment TO retour_desk, retour_warehouse;

GRANT INSERT ON stock_movement TO retour_warehouse;

-- Messages to the customer: every step that queues one is some role's,
-- and any desk may send what waits. The templates are the owner's, like
-- the other settings (granted below with everything else).
GRANT INSERT, UPDATE ON customer_message TO retour_desk, retour_warehouse, retour_accounts;
GRANT INSERT ON customer_message_attachment TO retour_desk, retour_warehouse, retour_accounts;

GRANT INSERT, UPDATE ON refund_write_back TO retour_accounts;

-- A resolution carried out in the storefront (an exchange order, store
-- credit, a coupon) is chosen by whoever chooses the resolution: desk and
-- accounts queue it (and change a failed one); any desk's sync records
-- what the storefront answered.
GRANT INSERT, UPDATE, DELETE ON store_resolution, store_resolution_item TO retour_desk, retour_accounts;
GRANT UPDATE ON store_resolution TO retour_warehouse;

DO $$
BEGIN
  EXECUTE format ('GRANT ALL ON ALL TABLES IN SCHEMA %I TO retour_owner', current_schema ());
  EXECUTE format ('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO retour_owner', current_schema ());
END
$$;

-- -------------------------------------------------------------- triggers

-- Whether this session is not an operator: a superuser, or the owner of
-- the table @relid (whoever set the shop up). Tables are found by oid,
-- not by name, so that a temporary table of the same name cannot stand
-- in for one of the shop's.
CREATE OR REPLACE FUNCTION retour_operator_is_admin (relid oid) RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT coalesce ((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user), false)
      OR pg_catalog.pg_has_role (current_user,
                                 (SELECT relowner FROM pg_catalog.pg_class WHERE oid = relid), 'MEMBER');
$$;

-- Whether the operator of this session belongs to @role (the owner
-- belongs to every role).
CREATE OR REPLACE FUNCTION retour_operator_may (role name) RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT pg_catalog.pg_has_role (current_user, role, 'MEMBER')
      OR pg_catalog.pg_has_role (current_user, 'retour_owner', 'MEMBER');
$$;

CREATE OR REPLACE FUNCTION retour_operator_deny (message text) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = message;
END
$$;

-- History names the operator who wrote it, whatever name the desk gave:
-- the login role's name.
CREATE OR REPLACE FUNCTION retour_operator_stamp () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT retour_operator_is_admin (TG_RELID) THEN
    NEW.actor := current_user;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER rma_event_operator BEFORE INSERT ON rma_event
  FOR EACH ROW EXECUTE FUNCTION retour_operator_stamp ();
CREATE OR REPLACE TRIGGER audit_event_operator BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION retour_operator_stamp ();
CREATE OR REPLACE TRIGGER stock_movement_operator BEFORE INSERT ON stock_movement
  FOR EACH ROW EXECUTE FUNCTION retour_operator_stamp ();
-- A storefront refund's actor is whoever made it in the storefront.
CREATE OR REPLACE TRIGGER refund_operator BEFORE INSERT ON refund
  FOR EACH ROW WHEN (NEW.source = 'retour') EXECUTE FUNCTION retour_operator_stamp ();

-- Returns. A step is the role's whose work it records; the fields a step
-- sets (its time, the number, the refund the policy makes due at that
-- step) come with it. Other changes are the desk's (what comes back, for
-- which order, under which policy), the accounts' (the refund's amount
-- and its override) or either's (the resolution and how it is paid).
-- The notes are everyone's.
CREATE OR REPLACE FUNCTION retour_rma_operator_guard () RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  stepped boolean;
  allowed boolean;
BEGIN
  IF retour_operator_is_admin (TG_RELID) THEN
    RETURN NEW;
  END IF;

  IF TG_OP = 'INSERT' THEN
    IF NOT retour_operator_may ('retour_desk') THEN
      PERFORM retour_operator_deny ('only the desk takes new returns');
    END IF;
    IF NEW.status NOT IN ('draft', 'requested') THEN
      PERFORM retour_operator_deny ('a new return starts as a draft or a request');
    END IF;
    IF (NEW.refund_minor <> 0 OR NEW.refund_overridden <> 0) AND NOT retour_operator_may ('retour_accounts') THEN
      PERFORM retour_operator_deny ('only accounts may set the refund of a return');
    END IF;
    RETURN NEW;
  END IF;

  stepped := NEW.status IS DISTINCT FROM OLD.status;
  IF stepped THEN
    allowed := CASE NEW.status
      WHEN 'requested' THEN retour_operator_may ('retour_desk')
      WHEN 'authorized' THEN retour_operator_may ('retour_desk')
      WHEN 'rejected' THEN retour_operator_may ('retour_desk')
      WHEN 'cancelled' THEN retour_operator_may ('retour_desk')
      WHEN 'in_transit' THEN retour_operator_may ('retour_desk') OR retour_operator_may ('retour_warehouse')
      WHEN 'received' THEN retour_operator_may ('retour_warehouse')
      WHEN 'inspected' THEN retour_operator_may ('retour_warehouse')
      WHEN 'resolved' THEN retour_operator_may ('retour_accounts')
      WHEN 'closed' THEN retour_operator_may ('retour_accounts')
      -- Whichever desk notices first expires an overdue return.
      WHEN 'expired' THEN retour_operator_may ('retour_desk') OR retour_operator_may ('retour_warehouse')
                          OR (OLD.due_us IS NOT NULL
                              AND OLD.due_us < (extract (epoch FROM statement_timestamp ()) * 1000000)::bigint)
      ELSE false
    END;
    IF NOT allowed THEN
      PERFORM retour_operator_deny (format ('this operator''s role may not mark a return %s', NEW.status));
    END IF;
  END IF;

  IF (NEW.refund_minor IS DISTINCT FROM OLD.refund_minor
      OR NEW.refund_overridden IS DISTINCT FROM OLD.refund_overridden
      OR NEW.override_note IS DISTINCT FROM OLD.override_note)
     AND NOT (stepped AND OLD.refund_overridden = 0 AND NEW.refund_overridden = 0
              AND NEW.override_note IS NOT DISTINCT FROM OLD.override_note)
     AND NOT retour_operator_may ('retour_accounts') THEN
    PERFORM retour_operator_deny ('only accounts may change the refund of a return');
  END IF;

  IF (NEW.number IS DISTINCT FROM OLD.number AND NOT (stepped AND NEW.status = 'authorized'))
     OR NEW.order_id IS DISTINCT FROM OLD.order_id
     OR NEW.customer_id IS DISTINCT FROM OLD.customer_id
     OR NEW.policy_id IS DISTINCT FROM OLD.policy_id
     OR NEW.currency IS DISTINCT FROM OLD.currency
     OR NEW.created_us IS DISTINCT FROM OLD.created_us
     OR NEW.due_us IS DISTINCT FROM OLD.due_us
     OR (NOT stepped AND (NEW.authorized_us IS DISTINCT FROM OLD.authorized_us
                          OR NEW.received_us IS DISTINCT FROM OLD.received_us
                          OR NEW.resolved_us IS DISTINCT FROM OLD.resolved_us
                          OR NEW.closed_us IS DISTINCT FROM OLD.closed_us)) THEN
    IF NOT retour_operator_may ('retour_desk') THEN
      PERFORM retour_operator_deny ('only the desk may change what a return is for');
    END IF;
  END IF;

  IF (NEW.resolution IS DISTINCT FROM OLD.resolution OR NEW.refund_method IS DISTINCT FROM OLD.refund_method)
     AND NOT (retour_operator_may ('retour_desk') OR retour_operator_may ('retour_accounts')) THEN
    PERFORM retour_operator_deny ('only the desk or accounts may change how a return is resolved');
  END IF;

  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER rma_operator_guard BEFORE INSERT OR UPDATE ON rma
  FOR EACH ROW EXECUTE FUNCTION retour_rma_operator_guard ();

-- The lines of a return: what comes back is the desk's, what arrived and
-- in which state is the warehouse's. A line is saved by an upsert, whose
-- insert half fires for every line: one that exists already is judged by
-- its update.
CREATE OR REPLACE FUNCTION retour_rma_line_operator_guard () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF retour_operator_is_admin (TG_RELID) THEN
    RETURN NEW;
  END IF;

  IF TG_OP = 'INSERT' THEN
    IF NEW.id IS NULL OR NOT EXISTS (SELECT FROM rma_line l WHERE l.id = NEW.id) THEN
      IF NOT retour_operator_may ('retour_desk') THEN
        PERFORM retour_operator_deny ('only the desk may add items to a return');
      END IF;
    END IF;
    RETURN NEW;
  END IF;

  IF (NEW.rma_id IS DISTINCT FROM OLD.rma_id
      OR NEW.order_line_id IS DISTINCT FROM OLD.order_line_id
      OR NEW.product_id IS DISTINCT FROM OLD.product_id
      OR NEW.sku IS DISTINCT FROM OLD.sku
      OR NEW.title IS DISTINCT FROM OLD.title
      OR NEW.category IS DISTINCT FROM OLD.category
      OR NEW.unit_price_minor IS DISTINCT FROM OLD.unit_price_minor
      OR NEW.qty_ordered IS DISTINCT FROM OLD.qty_ordered
      OR NEW.qty_requested IS DISTINCT FROM OLD.qty_requested
      OR NEW.qty_authorized IS DISTINCT FROM OLD.qty_authorized
      OR NEW.reason_id IS DISTINCT FROM OLD.reason_id)
     AND NOT retour_operator_may ('retour_desk') THEN
    PERFORM retour_operator_deny ('only the desk may change which items come back');
  END IF;

  IF (NEW.qty_received IS DISTINCT FROM OLD.qty_received
      OR NEW.qty_accepted IS DISTINCT FROM OLD.qty_accepted
      OR NEW.condition IS DISTINCT FROM OLD.condition
      OR NEW.disposition IS DISTINCT FROM OLD.disposition)
     AND NOT retour_operator_may ('retour_warehouse') THEN
    PERFORM retour_operator_deny ('only the warehouse may record what arrived and in which state');
  END IF;

  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER rma_line_operator_guard BEFORE INSERT OR UPDATE ON rma_line
  FOR EACH ROW EXECUTE FUNCTION retour_rma_line_operator_guard ();

-- Refunds: Retour's own are the accounts'; a sync at any desk records the
-- storefront's.
CREATE OR REPLACE FUNCTION retour_refund_operator_guard () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT (retour_operator_is_admin (TG_RELID) OR retour_operator_may ('retour_accounts'))
     AND ((TG_OP <> 'INSERT' AND OLD.source <> 'storefront')
          OR (TG_OP <> 'DELETE' AND NEW.source <> 'storefront')) THEN
    PERFORM retour_operator_deny ('only accounts may record or change a refund');
  END IF;

  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER refund_operator_guard BEFORE INSERT OR UPDATE OR DELETE ON refund
  FOR EACH ROW EXECUTE FUNCTION retour_refund_operator_guard ();

CREATE OR REPLACE FUNCTION retour_refund_line_operator_guard () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF retour_operator_is_admin (TG_RELID) OR retour_operator_may ('retour_accounts') THEN
    RETURN NEW;
  END IF;

  IF NOT EXISTS (SELECT FROM refund f WHERE f.id = NEW.refund_id AND f.source = 'storefront')
     OR (TG_OP = 'UPDATE' AND NOT EXISTS (SELECT FROM refund f WHERE f.id = OLD.refund_id AND f.source = 'storefront')) THEN
    PERFORM retour_operator_deny ('only accounts may record or change a refund');
  END IF;

  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER refund_line_operator_guard BEFORE INSERT OR UPDATE ON refund_line
  FOR EACH ROW EXECUTE FUNCTION retour_refund_line_operator_guard ();

-- The functions above name tables without their schema: they find the
-- shop's first, never a temporary table of the same name that a session
-- made to fool them.
DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['retour_operator_is_admin (oid)', 'retour_operator_may (name)',
                           'retour_operator_deny (text)', 'retour_operator_stamp ()',
                           'retour_rma_operator_guard ()', 'retour_rma_line_operator_guard ()',
                           'retour_refund_operator_guard ()', 'retour_refund_line_operator_guard ()'] LOOP
    EXECUTE format ('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema ());
  END LOOP;
END
$$;
