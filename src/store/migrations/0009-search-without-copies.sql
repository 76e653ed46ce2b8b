-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 9: search indexes that keep no copy of the text. Until
-- version 8 each index (0001, 0002) stored every document twice: once as
-- text, once as trigram positions. Now the text of a document is a view
-- over the rows it comes from, folded as before (see retour-search.c) and
-- joined into one string with a space between the fields (a return's
-- lines each give their SKU, title, serial number and notes in turn); the
-- index holds only which documents contain each trigram (detail = none),
-- and a search checks the few documents it finds against their text. A
-- query word never holds a space, so it still matches within one field
-- only, as it did when each field was a column of its own.

DROP TABLE rma_fts;
DROP TABLE order_fts;

CREATE VIEW rma_search (id, text) AS
SELECT r.id,
       retour_fold (r.number) || ' ' || retour_fold (o.number) || ' ' ||
       retour_fold (c.first_name || ' ' || c.last_name) || ' ' || retour_fold (c.email) || ' ' ||
       retour_national_number (c.phone) || ' ' ||
       retour_fold (coalesce (r.notes, '') || ' ' || coalesce (r.override_note, '') || ' ' ||
                    coalesce ((SELECT group_concat (coalesce (sku, '') || ' ' || title || ' ' ||
                                                    coalesce (serial, '') || ' ' || coalesce (notes, ''), ' ')
                               FROM rma_line WHERE rma_id = r.id), ''))
FROM rma r
LEFT JOIN "order" o ON o.id = r.order_id
LEFT JOIN customer c ON c.id = r.customer_id;

CREATE VIEW order_search (id, text) AS
SELECT o.id,
       retour_fold (o.number) || ' ' || retour_fold (c.first_name || ' ' || c.last_name) || ' ' ||
       retour_fold (c.email) || ' ' || retour_national_number (c.phone)
FROM "order" o
LEFT JOIN customer c ON c.id = o.customer_id;

CREATE VIRTUAL TABLE rma_fts USING fts5 (
  text, content = 'rma_search', content_rowid = 'id',
  tokenize = 'trigram case_sensitive 1', detail = none, columnsize = 0
);
CREATE VIRTUAL TABLE order_fts USING fts5 (
  text, content = 'order_search', content_rowid = 'id',
  tokenize = 'trigram case_sensitive 1', detail = none, columnsize = 0
);
INSERT INTO rma_fts (rma_fts) VALUES ('rebuild');
INSERT INTO order_fts (order_fts) VALUES ('rebuild');

-- An index without its text cannot take a document out by itself: it must
-- be told the text it indexed. So the text a document had when its
-- transaction first touched it is kept here (NULL: a new document, not in
-- the index yet) by the triggers below, which fire before any row it comes
-- from changes. Just before COMMIT the store swaps each queued document's
-- old text for its new one in one statement, and empties the queue (see
-- retour_search_flush()). Between transactions the queues are empty.
CREATE TABLE rma_search_queue (
  id    INTEGER PRIMARY KEY,
  text  TEXT
);
CREATE TABLE order_search_queue (
  id    INTEGER PRIMARY KEY,
  text  TEXT
);

-- Returns: their own fields, their lines, their order and customer.
CREATE TRIGGER rma_search_new AFTER INSERT ON rma
BEGIN
  INSERT INTO rma_search_queue (id, text) SELECT NEW.id, NULL
  WHERE NOT EXISTS (SELECT 1 FROM rma_search_queue WHERE id = NEW.id);
END;

CREATE TRIGGER rma_search_edit BEFORE UPDATE OF id, number, order_id, customer_id, notes, override_note ON rma
  WHEN OLD.id IS NOT NEW.id OR OLD.number IS NOT NEW.number OR OLD.order_id IS NOT NEW.order_id
    OR OLD.customer_id IS NOT NEW.customer_id OR OLD.notes IS NOT NEW.notes
    OR OLD.override_note IS NOT NEW.override_note
BEGIN
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id = OLD.id AND NOT EXISTS (SELECT 1 FROM rma_search_queue WHERE id = OLD.id);
END;

CREATE TRIGGER rma_search_renumber AFTER UPDATE OF id ON rma
  WHEN OLD.id IS NOT NEW.id
BEGIN
  INSERT INTO rma_search_queue (id, text) SELECT NEW.id, NULL
  WHERE NOT EXISTS (SELECT 1 FROM rma_search_queue WHERE id = NEW.id);
END;

CREATE TRIGGER rma_search_line_new BEFORE INSERT ON rma_line
BEGIN
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id = NEW.rma_id AND NOT EXISTS (SELECT 1 FROM rma_search_queue WHERE id = NEW.rma_id);
END;

CREATE TRIGGER rma_search_line_edit BEFORE UPDATE OF rma_id, sku, title, serial, notes ON rma_line
  WHEN OLD.rma_id IS NOT NEW.rma_id OR OLD.sku IS NOT NEW.sku OR OLD.title IS NOT NEW.title
    OR OLD.serial IS NOT NEW.serial OR OLD.notes IS NOT NEW.notes
BEGIN
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id IN (OLD.rma_id, NEW.rma_id) AND NOT EXISTS (SELECT 1 FROM rma_search_queue q WHERE q.id = rma_search.id);
END;

CREATE TRIGGER rma_search_line_gone BEFORE DELETE ON rma_line
BEGIN
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id = OLD.rma_id AND NOT EXISTS (SELECT 1 FROM rma_search_queue WHERE id = OLD.rma_id);
END;

-- Orders: their own document, and the returns that show their number.
CREATE TRIGGER order_search_new AFTER INSERT ON "order"
BEGIN
  INSERT INTO order_search_queue (id, text) SELECT NEW.id, NULL
  WHERE NOT EXISTS (SELECT 1 FROM order_search_queue WHERE id = NEW.id);
END;

CREATE TRIGGER order_search_edit BEFORE UPDATE OF id, number, customer_id ON "order"
  WHEN OLD.id IS NOT NEW.id OR OLD.number IS NOT NEW.number OR OLD.customer_id IS NOT NEW.customer_id
BEGIN
  INSERT INTO order_search_queue (id, text) SELECT id, text FROM order_search
  WHERE id = OLD.id AND NOT EXISTS (SELECT 1 FROM order_search_queue WHERE id = OLD.id);
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id IN (SELECT id FROM rma WHERE order_id = OLD.id)
    AND NOT EXISTS (SELECT 1 FROM rma_search_queue q WHERE q.id = rma_search.id);
END;

CREATE TRIGGER order_search_renumber AFTER UPDATE OF id ON "order"
  WHEN OLD.id IS NOT NEW.id
BEGIN
  INSERT INTO order_search_queue (id, text) SELECT NEW.id, NULL
  WHERE NOT EXISTS (SELECT 1 FROM order_search_queue WHERE id = NEW.id);
END;

CREATE TRIGGER order_search_gone BEFORE DELETE ON "order"
BEGIN
  INSERT INTO order_search_queue (id, text) SELECT id, text FROM order_search
  WHERE id = OLD.id AND NOT EXISTS (SELECT 1 FROM order_search_queue WHERE id = OLD.id);
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id IN (SELECT id FROM rma WHERE order_id = OLD.id)
    AND NOT EXISTS (SELECT 1 FROM rma_search_queue q WHERE q.id = rma_search.id);
END;

-- Customers: the returns and orders that show their name, e-mail, phone.
CREATE TRIGGER customer_search_edit BEFORE UPDATE OF id, first_name, last_name, email, phone ON customer
  WHEN OLD.id IS NOT NEW.id OR OLD.first_name IS NOT NEW.first_name OR OLD.last_name IS NOT NEW.last_name
    OR OLD.email IS NOT NEW.email OR OLD.phone IS NOT NEW.phone
BEGIN
  INSERT INTO order_search_queue (id, text) SELECT id, text FROM order_search
  WHERE id IN (SELECT id FROM "order" WHERE customer_id = OLD.id)
    AND NOT EXISTS (SELECT 1 FROM order_search_queue q WHERE q.id = order_search.id);
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id IN (SELECT id FROM rma WHERE customer_id = OLD.id)
    AND NOT EXISTS (SELECT 1 FROM rma_search_queue q WHERE q.id = rma_search.id);
END;

CREATE TRIGGER customer_search_gone BEFORE DELETE ON customer
BEGIN
  INSERT INTO order_search_queue (id, text) SELECT id, text FROM order_search
  WHERE id IN (SELECT id FROM "order" WHERE customer_id = OLD.id)
    AND NOT EXISTS (SELECT 1 FROM order_search_queue q WHERE q.id = order_search.id);
  INSERT INTO rma_search_queue (id, text) SELECT id, text FROM rma_search
  WHERE id IN (SELECT id FROM rma WHERE customer_id = OLD.id)
    AND NOT EXISTS (SELECT 1 FROM rma_search_queue q WHERE q.id = rma_search.id);
END;
