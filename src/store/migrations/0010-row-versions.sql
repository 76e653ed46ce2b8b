-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 10: a version per return. Every change of the row adds
-- one, and a save names the version it started from: a save from an older
-- version is refused instead of overwriting what another desk (or the
-- CLI, or a sync) wrote in the meantime.

ALTER TABLE rma ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);
