-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 13 on PostgreSQL, as on SQLite
-- (migrations/0013-request-decline-and-label.sql): why staff declined a
-- storefront request, and the return label put on the storefront's
-- return.

ALTER TABLE rma ADD COLUMN storefront_decline_reason text NOT NULL DEFAULT 'other'
  CHECK (storefront_decline_reason IN ('other', 'final-sale', 'return-period-ended'));
ALTER TABLE rma ADD COLUMN storefront_label_id text
  CHECK (storefront_label_id IS NULL OR length (storefront_label_id) > 0);
ALTER TABLE rma ADD COLUMN storefront_label_us bigint;
ALTER TABLE rma ADD COLUMN storefront_label_error text;

UPDATE retour_schema SET version = 13;
