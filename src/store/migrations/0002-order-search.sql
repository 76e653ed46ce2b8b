-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 2: search over orders, for taking a return on the phone
-- ("what is your order number, or your e-mail address?"). Folded like the
-- return index (see 0001): order number, customer name, e-mail, and phone
-- as the national number. Written by the store before each COMMIT.

CREATE VIRTUAL TABLE order_fts USING fts5 (
  number, customer, email, phone,
  tokenize = 'trigram case_sensitive 1', columnsize = 0
);

INSERT INTO order_fts (rowid, number, customer, email, phone)
SELECT o.id, retour_fold (o.number), retour_fold (c.first_name || ' ' || c.last_name),
       retour_fold (c.email), retour_national_number (c.phone)
FROM "order" o LEFT JOIN customer c ON c.id = o.customer_id;
