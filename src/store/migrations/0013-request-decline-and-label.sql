-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 13: what a return made from a storefront request still
-- has to tell the storefront. Why staff declined it, in the storefront's
-- terms (Shopify's ReturnDeclineReason), kept with the return so that a
-- decline sent again after a lost answer says the same. And the return
-- label put on the storefront's return, so that the customer finds it in
-- their account: the storefront's id of the delivery it made with it, or
-- why the last try failed.

ALTER TABLE rma ADD COLUMN storefront_decline_reason TEXT NOT NULL DEFAULT 'other'
  CHECK (storefront_decline_reason IN ('other', 'final-sale', 'return-period-ended'));
ALTER TABLE rma ADD COLUMN storefront_label_id TEXT
  CHECK (storefront_label_id IS NULL OR length (storefront_label_id) > 0);
ALTER TABLE rma ADD COLUMN storefront_label_us INTEGER;
ALTER TABLE rma ADD COLUMN storefront_label_error TEXT;

-- What customers read for a reason, per language, where the shop names it
-- for them (a label or return form in the customer's language). Without
-- one, Retour's own translation of a reason it named, else the reason's
-- label.
CREATE TABLE reason_name (
  reason_id  INTEGER NOT NULL REFERENCES reason (id) ON DELETE CASCADE,
  language   TEXT NOT NULL CHECK (language IN ('en', 'nl', 'fr', 'de', 'pl')),
  name       TEXT NOT NULL CHECK (length (name) > 0),
  PRIMARY KEY (reason_id, language)
);
