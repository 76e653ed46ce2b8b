-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 3: storefront sync and refund write-back. Independent of
-- version 2 (order search), so the two may land in either order.

-- Refunds written back to a storefront go through the payment gateway only
-- when the owner said so for this store (WooCommerce's api_refund).
ALTER TABLE store ADD COLUMN refund_via_gateway INTEGER NOT NULL DEFAULT 0;

-- Refunds queued for write-back to their order's storefront. A row stays
-- until the storefront has the refund (done_us); failures keep their
-- message here, visible and retryable. The guard against paying twice is
-- refund.idempotency_key, which the storefront copy carries.
CREATE TABLE refund_write_back (
  refund_id        INTEGER PRIMARY KEY REFERENCES refund (id) ON DELETE CASCADE,
  store_id         INTEGER NOT NULL REFERENCES store (id) ON DELETE CASCADE,
  queued_us        INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_attempt_us  INTEGER,
  last_error       TEXT,
  done_us          INTEGER
);
CREATE INDEX refund_write_back_pending ON refund_write_back (store_id) WHERE done_us IS NULL;

-- A sync asks "which of these orders do we already have, and how new?".
CREATE INDEX order_store_updated ON "order" (store_id, updated_us);
