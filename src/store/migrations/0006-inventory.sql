-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 6: indexes for the inventory view, which adds up units
-- per product over a period (what came back, what was sold, why). Each
-- index holds every column its sum reads, so no table row is visited:
-- on a million returns a month's figures take a few hundred milliseconds
-- instead of seconds (tests/bench/retour-bench.c measures them).

-- Replaces rma_line_rma, which it begins with.
CREATE INDEX rma_line_stock ON rma_line (rma_id, product_id, reason_id, qty_requested,
                                         qty_authorized, qty_received);
DROP INDEX rma_line_rma;

-- Replaces order_line_order, which it begins with.
CREATE INDEX order_line_stock ON order_line (order_id, product_id, quantity);
DROP INDEX order_line_order;

CREATE INDEX rma_created ON rma (created_us, status);
CREATE INDEX rma_received ON rma (received_us) WHERE received_us IS NOT NULL;
CREATE INDEX order_ordered ON "order" (ordered_us, cancelled_us);

-- Replaces stock_movement_created (version 5), which it begins with: what
-- was restocked, held and written off in a period.
CREATE INDEX stock_movement_period ON stock_movement (created_us, product_id, bucket, cause, delta);
DROP INDEX stock_movement_created;
