-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 11: what the law's clocks need (issue "The law's clocks",
-- src/core/retour-law.h). Per return: when the customer had the goods,
-- when and how they gave notice of withdrawal, when they proved dispatch,
-- and whether they agreed to credit or an exchange in place of a refund.
-- Per line: the right it comes back under, and a deduction for diminished
-- value with its reason. Per order: what delivery cost. Per policy
-- version: the shop's country and what it tells customers about
-- withdrawal. Per category rule: an Art 16 exception that may apply.
--
-- Returns made before this version were handled under the shop's own
-- policy, and stay commercial returns.

ALTER TABLE rma ADD COLUMN possession_us INTEGER;
ALTER TABLE rma ADD COLUMN possession_estimated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rma ADD COLUMN declared_us INTEGER;
ALTER TABLE rma ADD COLUMN declared_via TEXT NOT NULL DEFAULT 'none'
  CHECK (declared_via IN ('none', 'phone', 'email', 'letter', 'storefront', 'in-person'));
ALTER TABLE rma ADD COLUMN dispatch_proof_us INTEGER;
ALTER TABLE rma ADD COLUMN consent_alternative INTEGER NOT NULL DEFAULT 0;
-- The end of the day a withdrawal's refund is due by law, in UTC: kept
-- with the return (the store computes it as it writes) so that the desk
-- can list the refunds falling due first without computing dates in SQL.
ALTER TABLE rma ADD COLUMN refund_due_us INTEGER;
CREATE INDEX rma_refund_due ON rma (refund_due_us) WHERE refund_due_us IS NOT NULL;

ALTER TABLE rma_line ADD COLUMN claim TEXT NOT NULL DEFAULT 'commercial-return'
  CHECK (claim IN ('commercial-return', 'withdrawal', 'conformity', 'commercial-warranty'));
ALTER TABLE rma_line ADD COLUMN diminished_minor INTEGER NOT NULL DEFAULT 0
  CHECK (diminished_minor >= 0);
ALTER TABLE rma_line ADD COLUMN diminished_reason TEXT
  CHECK (diminished_reason IS NULL OR length (diminished_reason) > 0);

ALTER TABLE "order" ADD COLUMN shipping_minor INTEGER NOT NULL DEFAULT 0 CHECK (shipping_minor >= 0);

ALTER TABLE policy ADD COLUMN shop_country TEXT CHECK (shop_country IS NULL OR length (shop_country) = 2);
ALTER TABLE policy ADD COLUMN withdrawal_info_given INTEGER NOT NULL DEFAULT 1;
ALTER TABLE policy ADD COLUMN withdrawal_return_cost_customer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE policy ADD COLUMN partial_withdrawal_shipping TEXT NOT NULL DEFAULT 'none'
  CHECK (partial_withdrawal_shipping IN ('none', 'pro-rata'));
ALTER TABLE policy ADD COLUMN standard_delivery_minor INTEGER NOT NULL DEFAULT -1;

ALTER TABLE policy_category ADD COLUMN exception TEXT NOT NULL DEFAULT 'none'
  CHECK (exception IN ('none', 'personalised', 'perishable', 'sealed-hygiene', 'mixed',
                       'sealed-media', 'press'));
