-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 8: orders a sync could not read. One bad order (a field
-- of the wrong type, an amount in more decimals than its currency has)
-- used to fail its whole page, and every later sync stopped at it. Now it
-- is skipped and kept here with the field and why, the rest of the page
-- and the watermark go on, and each sync asks for it again; the row goes
-- when the order is read.
CREATE TABLE sync_problem (
  id             INTEGER PRIMARY KEY,
  store_id       INTEGER NOT NULL REFERENCES store (id) ON DELETE CASCADE,
  external_id    TEXT NOT NULL,
  order_number   TEXT,
  field          TEXT,            -- where in the reply: "line_items[2].total"
  message        TEXT NOT NULL,   -- why, in the words of the sync that met it
  first_seen_us  INTEGER NOT NULL,
  last_seen_us   INTEGER NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 1 CHECK (attempts > 0),
  UNIQUE (store_id, external_id)
);
