-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 4: how often the app syncs a store by itself while it
-- runs, in minutes (0: only when asked). The write-back switches are in
-- version 1 (write_back) and 3 (refund_via_gateway).
ALTER TABLE store ADD COLUMN sync_interval_min INTEGER NOT NULL DEFAULT 0
  CHECK (sync_interval_min >= 0);
