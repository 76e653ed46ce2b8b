-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 10 on PostgreSQL, as migrations/0010-row-versions.sql on
-- SQLite: a version per return, which a save names so that a save from an
-- older version is refused.

ALTER TABLE rma ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version > 0);
UPDATE retour_schema SET version = 10;
