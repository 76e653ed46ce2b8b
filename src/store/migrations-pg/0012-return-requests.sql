-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 12 on PostgreSQL, as on SQLite
-- (migrations/0012-return-requests.sql): returns customers ask for in the
-- storefront. A return made from such a request keeps which storefront it
-- came from and the storefront's id of it (Shopify: the Return's gid), so
-- that a sync makes one return per request however often it runs, sees a
-- request withdrawn upstream, and can answer it (approve, decline). A
-- store removed leaves its returns, as it leaves its orders.

ALTER TABLE rma ADD COLUMN store_id bigint REFERENCES store (id) ON DELETE SET NULL;
ALTER TABLE rma ADD COLUMN storefront_return_id text
  CHECK (storefront_return_id IS NULL OR length (storefront_return_id) > 0);
CREATE UNIQUE INDEX rma_storefront_return ON rma (store_id, storefront_return_id)
  WHERE storefront_return_id IS NOT NULL;
-- The shop's decision, once the storefront has it (approved when the
-- return was authorized, declined when it was rejected), or why the last
-- try to tell it failed.
ALTER TABLE rma ADD COLUMN storefront_answered_us bigint;
ALTER TABLE rma ADD COLUMN storefront_answer_error text;

UPDATE retour_schema SET version = 12;
