-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Schema version 9 on PostgreSQL: the SQLite schema as migrations
-- 0001–0009 leave it (src/store/migrations), in one step. Same tables,
-- columns, constraints and index names, so the store's SQL runs on both:
-- INTEGER PRIMARY KEY is an identity column, INTEGER bigint, flags stay
-- integers 0/1 (the C code compares them so), BLOB is bytea.
--
-- What SQLite does with triggers that RAISE (ABORT) is done here by
-- trigger functions raising check_violation (23514), so the backend reads
-- them as a refused constraint. Beyond SQLite, the ledgers' invariants are
-- checked when a transaction commits: a product's stock levels are the
-- sums of its movements, and a return's refunds never exceed what is due.
--
-- Search keeps one folded document per return and per order, written by
-- triggers in the transaction that changes the rows it comes from, and
-- indexed by pg_trgm (see retour-search-postgres.h for the queries).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- PRAGMA user_version on SQLite; one row.
CREATE TABLE retour_schema (
  version  integer NOT NULL
);
INSERT INTO retour_schema (version) VALUES (9);
CREATE UNIQUE INDEX retour_schema_one_row ON retour_schema ((true));

-- SQLite's NOCASE, which the stores sort names by ("ORDER BY title
-- COLLATE NOCASE"): case-insensitive, as ICU compares at strength 2.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- A refusal that reads as a constraint, with the message of the trigger
-- that calls it (TG_ARGV[0]).
CREATE FUNCTION retour_refuse () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = TG_ARGV[0];
END
$$;

-- SQLite gives an INTEGER PRIMARY KEY set to NULL the next id; the store
-- inserts new rows so ("VALUES (NULL, …)", or an unset id bound as NULL in
-- an upsert). An identity column would refuse the NULL, so it is replaced
-- here, before the NOT NULL and ON CONFLICT checks see the row.
CREATE FUNCTION retour_take_id () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := nextval (pg_get_serial_sequence (format ('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'id'));
  END IF;
  RETURN NEW;
END
$$;

-- Search folding, byte for byte what retour_search_fold() and
-- national_number() in retour-search.c give (tests/store/
-- test-postgres-schema.c checks every code point). GLib lower-cases only
-- letters of categories Lu and Lt, picks a Greek final sigma by whether a
-- letter (Lu Ll Lt Lm Lo) follows, decomposes canonically (NFD) and drops
-- what g_unichar_ismark() calls a mark (Mn Mc Me). PostgreSQL's lower()
-- follows the database's locale, so the lower-casing here is ICU's root
-- locale ("und-x-icu"), which agrees with GLib on every code point except
-- the sigma (handled first) and the Roman numerals and circled letters
-- (Nl, So), which GLib leaves alone. The bracket expressions are GLib
-- 2.74's (Unicode 15) mark and letter ranges, written out because
-- PostgreSQL's regular expressions know no \p{M}.
CREATE FUNCTION retour_fold (t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  IF t IS NULL THEN
    RETURN '';
  END IF;
  -- Most of what is indexed (e-mail addresses, numbers, SKUs) is ASCII.
  IF octet_length (t) = char_length (t) THEN
    RETURN lower (t COLLATE "C");
  END IF;
  IF strpos (t, 'Σ') > 0 THEN
    t := replace (regexp_replace (t, 'Σ(?=[\u0041-\u005A\u0061-\u007A\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02C1\u02C6-\u02D1\u02E0-\u02E4\u02EC\u02EE\u0370-\u0374\u0376-\u0377\u037A-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u0559\u0560-\u0588\u05D0-\u05EA\u05EF-\u05F2\u0620-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06E5-\u06E6\u06EE-\u06EF\u06FA-\u06FC\u06FF\u0710\u0712-\u072F\u074D-\u07A5\u07B1\u07CA-\u07EA\u07F4-\u07F5\u07FA\u0800-\u0815\u081A\u0824\u0828\u0840-\u0858\u0860-\u086A\u0870-\u0887\u0889-\u088E\u08A0-\u08C9\u0904-\u0939\u093D\u0950\u0958-\u0961\u0971-\u0980\u0985-\u098C\u098F-\u0990\u0993-\u09A8\u09AA-\u09B0\u09B2\u09B6-\u09B9\u09BD\u09CE\u09DC-\u09DD\u09DF-\u09E1\u09F0-\u09F1\u09FC\u0A05-\u0A0A\u0A0F-\u0A10\u0A13-\u0A28\u0A2A-\u0A30\u0A32-\u0A33\u0A35-\u0A36\u0A38-\u0A39\u0A59-\u0A5C\u0A5E\u0A72-\u0A74\u0A85-\u0A8D\u0A8F-\u0A91\u0A93-\u0AA8\u0AAA-\u0AB0\u0AB2-\u0AB3\u0AB5-\u0AB9\u0ABD\u0AD0\u0AE0-\u0AE1\u0AF9\u0B05-\u0B0C\u0B0F-\u0B10\u0B13-\u0B28\u0B2A-\u0B30\u0B32-\u0B33\u0B35-\u0B39\u0B3D\u0B5C-\u0B5D\u0B5F-\u0B61\u0B71\u0B83\u0B85-\u0B8A\u0B8E-\u0B90\u0B92-\u0B95\u0B99-\u0B9A\u0B9C\u0B9E-\u0B9F\u0BA3-\u0BA4\u0BA8-\u0BAA\u0BAE-\u0BB9\u0BD0\u0C05-\u0C0C\u0C0E-\u0C10\u0C12-\u0C28\u0C2A-\u0C39\u0C3D\u0C58-\u0C5A\u0C5D\u0C60-\u0C61\u0C80\u0C85-\u0C8C\u0C8E-\u0C90\u0C92-\u0CA8\u0CAA-\u0CB3\u0CB5-\u0CB9\u0CBD\u0CDD-\u0CDE\u0CE0-\u0CE1\u0CF1-\u0CF2\u0D04-\u0D0C\u0D0E-\u0D10\u0D12-\u0D3A\u0D3D\u0D4E\u0D54-\u0D56\u0D5F-\u0D61\u0D7A-\u0D7F\u0D85-\u0D96\u0D9A-\u0DB1\u0DB3-\u0DBB\u0DBD\u0DC0-\u0DC6\u0E01-\u0E30\u0E32-\u0E33\u0E40-\u0E46\u0E81-\u0E82\u0E84\u0E86-\u0E8A\u0E8C-\u0EA3\u0EA5\u0EA7-\u0EB0\u0EB2-\u0EB3\u0EBD\u0EC0-\u0EC4\u0EC6\u0EDC-\u0EDF\u0F00\u0F40-\u0F47\u0F49-\u0F6C\u0F88-\u0F8C\u1000-\u102A\u103F\u1050-\u1055\u105A-\u105D\u1061\u1065-\u1066\u106E-\u1070\u1075-\u1081\u108E\u10A0-\u10C5\u10C7\u10CD\u10D0-\u10FA\u10FC-\u1248\u124A-\u124D\u1250-\u1256\u1258\u125A-\u125D\u1260-\u1288\u128A-\u128D\u1290-\u12B0\u12B2-\u12B5\u12B8-\u12BE\u12C0\u12C2-\u12C5\u12C8-\u12D6\u12D8-\u1310\u1312-\u1315\u1318-\u135A\u1380-\u138F\u13A0-\u13F5\u13F8-\u13FD\u1401-\u166C\u166F-\u167F\u1681-\u169A\u16A0-\u16EA\u16F1-\u16F8\u1700-\u1711\u171F-\u1731\u1740-\u1751\u1760-\u176C\u176E-\u1770\u1780-\u17B3\u17D7\u17DC\u1820-\u1878\u1880-\u1884\u1887-\u18A8\u18AA\u18B0-\u18F5\u1900-\u191E\u1950-\u196D\u1970-\u1974\u1980-\u19AB\u19B0-\u19C9\u1A00-\u1A16\u1A20-\u1A54\u1AA7\u1B05-\u1B33\u1B45-\u1B4C\u1B83-\u1BA0\u1BAE-\u1BAF\u1BBA-\u1BE5\u1C00-\u1C23\u1C4D-\u1C4F\u1C5A-\u1C7D\u1C80-\u1C88\u1C90-\u1CBA\u1CBD-\u1CBF\u1CE9-\u1CEC\u1CEE-\u1CF3\u1CF5-\u1CF6\u1CFA\u1D00-\u1DBF\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2071\u207F\u2090-\u209C\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2139\u213C-\u213F\u2145-\u2149\u214E\u2183-\u2184\u2C00-\u2CE4\u2CEB-\u2CEE\u2CF2-\u2CF3\u2D00-\u2D25\u2D27\u2D2D\u2D30-\u2D67\u2D6F\u2D80-\u2D96\u2DA0-\u2DA6\u2DA8-\u2DAE\u2DB0-\u2DB6\u2DB8-\u2DBE\u2DC0-\u2DC6\u2DC8-\u2DCE\u2DD0-\u2DD6\u2DD8-\u2DDE\u2E2F\u3005-\u3006\u3031-\u3035\u303B-\u303C\u3041-\u3096\u309D-\u309F\u30A1-\u30FA\u30FC-\u30FF\u3105-\u312F\u3131-\u318E\u31A0-\u31BF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\uA48C\uA4D0-\uA4FD\uA500-\uA60C\uA610-\uA61F\uA62A-\uA62B\uA640-\uA66E\uA67F-\uA69D\uA6A0-\uA6E5\uA717-\uA71F\uA722-\uA788\uA78B-\uA7CA\uA7D0-\uA7D1\uA7D3\uA7D5-\uA7D9\uA7F2-\uA801\uA803-\uA805\uA807-\uA80A\uA80C-\uA822\uA840-\uA873\uA882-\uA8B3\uA8F2-\uA8F7\uA8FB\uA8FD-\uA8FE\uA90A-\uA925\uA930-\uA946\uA960-\uA97C\uA984-\uA9B2\uA9CF\uA9E0-\uA9E4\uA9E6-\uA9EF\uA9FA-\uA9FE\uAA00-\uAA28\uAA40-\uAA42\uAA44-\uAA4B\uAA60-\uAA76\uAA7A\uAA7E-\uAAAF\uAAB1\uAAB5-\uAAB6\uAAB9-\uAABD\uAAC0\uAAC2\uAADB-\uAADD\uAAE0-\uAAEA\uAAF2-\uAAF4\uAB01-\uAB06\uAB09-\uAB0E\uAB11-\uAB16\uAB20-\uAB26\uAB28-\uAB2E\uAB30-\uAB5A\uAB5C-\uAB69\uAB70-\uABE2\uAC00-\uD7A3\uD7B0-\uD7C6\uD7CB-\uD7FB\uF900-\uFA6D\uFA70-\uFAD9\uFB00-\uFB06\uFB13-\uFB17\uFB1D\uFB1F-\uFB28\uFB2A-\uFB36\uFB38-\uFB3C\uFB3E\uFB40-\uFB41\uFB43-\uFB44\uFB46-\uFBB1\uFBD3-\uFD3D\uFD50-\uFD8F\uFD92-\uFDC7\uFDF0-\uFDFB\uFE70-\uFE74\uFE76-\uFEFC\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFFBE\uFFC2-\uFFC7\uFFCA-\uFFCF\uFFD2-\uFFD7\uFFDA-\uFFDC\U00010000-\U0001000B\U0001000D-\U00010026\U00010028-\U0001003A\U0001003C-\U0001003D\U0001003F-\U0001004D\U00010050-\U0001005D\U00010080-\U000100FA\U00010280-\U0001029C\U000102A0-\U000102D0\U00010300-\U0001031F\U0001032D-\U00010340\U00010342-\U00010349\U00010350-\U00010375\U00010380-\U0001039D\U000103A0-\U000103C3\U000103C8-\U000103CF\U00010400-\U0001049D\U000104B0-\U000104D3\U000104D8-\U000104FB\U00010500-\U00010527\U00010530-\U00010563\U00010570-\U0001057A\U0001057C-\U0001058A\U0001058C-\U00010592\U00010594-\U00010595\U00010597-\U000105A1\U000105A3-\U000105B1\U000105B3-\U000105B9\U000105BB-\U000105BC\U00010600-\U00010736\U00010740-\U00010755\U00010760-\U00010767\U00010780-\U00010785\U00010787-\U000107B0\U000107B2-\U000107BA\U00010800-\U00010805\U00010808\U0001080A-\U00010835\U00010837-\U00010838\U0001083C\U0001083F-\U00010855\U00010860-\U00010876\U00010880-\U0001089E\U000108E0-\U000108F2\U000108F4-\U000108F5\U00010900-\U00010915\U00010920-\U00010939\U00010980-\U000109B7\U000109BE-\U000109BF\U00010A00\U00010A10-\U00010A13\U00010A15-\U00010A17\U00010A19-\U00010A35\U00010A60-\U00010A7C\U00010A80-\U00010A9C\U00010AC0-\U00010AC7\U00010AC9-\U00010AE4\U00010B00-\U00010B35\U00010B40-\U00010B55\U00010B60-\U00010B72\U00010B80-\U00010B91\U00010C00-\U00010C48\U00010C80-\U00010CB2\U00010CC0-\U00010CF2\U00010D00-\U00010D23\U00010E80-\U00010EA9\U00010EB0-\U00010EB1\U00010F00-\U00010F1C\U00010F27\U00010F30-\U00010F45\U00010F70-\U00010F81\U00010FB0-\U00010FC4\U00010FE0-\U00010FF6\U00011003-\U00011037\U00011071-\U00011072\U00011075\U00011083-\U000110AF\U000110D0-\U000110E8\U00011103-\U00011126\U00011144\U00011147\U00011150-\U00011172\U00011176\U00011183-\U000111B2\U000111C1-\U000111C4\U000111DA\U000111DC\U00011200-\U00011211\U00011213-\U0001122B\U0001123F-\U00011240\U00011280-\U00011286\U00011288\U0001128A-\U0001128D\U0001128F-\U0001129D\U0001129F-\U000112A8\U000112B0-\U000112DE\U00011305-\U0001130C\U0001130F-\U00011310\U00011313-\U00011328\U0001132A-\U00011330\U00011332-\U00011333\U00011335-\U00011339\U0001133D\U00011350\U0001135D-\U00011361\U00011400-\U00011434\U00011447-\U0001144A\U0001145F-\U00011461\U00011480-\U000114AF\U000114C4-\U000114C5\U000114C7\U00011580-\U000115AE\U000115D8-\U000115DB\U00011600-\U0001162F\U00011644\U00011680-\U000116AA\U000116B8\U00011700-\U0001171A\U00011740-\U00011746\U00011800-\U0001182B\U000118A0-\U000118DF\U000118FF-\U00011906\U00011909\U0001190C-\U00011913\U00011915-\U00011916\U00011918-\U0001192F\U0001193F\U00011941\U000119A0-\U000119A7\U000119AA-\U000119D0\U000119E1\U000119E3\U00011A00\U00011A0B-\U00011A32\U00011A3A\U00011A50\U00011A5C-\U00011A89\U00011A9D\U00011AB0-\U00011AF8\U00011C00-\U00011C08\U00011C0A-\U00011C2E\U00011C40\U00011C72-\U00011C8F\U00011D00-\U00011D06\U00011D08-\U00011D09\U00011D0B-\U00011D30\U00011D46\U00011D60-\U00011D65\U00011D67-\U00011D68\U00011D6A-\U00011D89\U00011D98\U00011EE0-\U00011EF2\U00011F02\U00011F04-\U00011F10\U00011F12-\U00011F33\U00011FB0\U00012000-\U00012399\U00012480-\U00012543\U00012F90-\U00012FF0\U00013000-\U0001342F\U00013441-\U00013446\U00014400-\U00014646\U00016800-\U00016A38\U00016A40-\U00016A5E\U00016A70-\U00016ABE\U00016AD0-\U00016AED\U00016B00-\U00016B2F\U00016B40-\U00016B43\U00016B63-\U00016B77\U00016B7D-\U00016B8F\U00016E40-\U00016E7F\U00016F00-\U00016F4A\U00016F50\U00016F93-\U00016F9F\U00016FE0-\U00016FE1\U00016FE3\U00017000-\U000187F7\U00018800-\U00018CD5\U00018D00-\U00018D08\U0001AFF0-\U0001AFF3\U0001AFF5-\U0001AFFB\U0001AFFD-\U0001AFFE\U0001B000-\U0001B122\U0001B132\U0001B150-\U0001B152\U0001B155\U0001B164-\U0001B167\U0001B170-\U0001B2FB\U0001BC00-\U0001BC6A\U0001BC70-\U0001BC7C\U0001BC80-\U0001BC88\U0001BC90-\U0001BC99\U0001D400-\U0001D454\U0001D456-\U0001D49C\U0001D49E-\U0001D49F\U0001D4A2\U0001D4A5-\U0001D4A6\U0001D4A9-\U0001D4AC\U0001D4AE-\U0001D4B9\U0001D4BB\U0001D4BD-\U0001D4C3\U0001D4C5-\U0001D505\U0001D507-\U0001D50A\U0001D50D-\U0001D514\U0001D516-\U0001D51C\U0001D51E-\U0001D539\U0001D53B-\U0001D53E\U0001D540-\U0001D544\U0001D546\U0001D54A-\U0001D550\U0001D552-\U0001D6A5\U0001D6A8-\U0001D6C0\U0001D6C2-\U0001D6DA\U0001D6DC-\U0001D6FA\U0001D6FC-\U0001D714\U0001D716-\U0001D734\U0001D736-\U0001D74E\U0001D750-\U0001D76E\U0001D770-\U0001D788\U0001D78A-\U0001D7A8\U0001D7AA-\U0001D7C2\U0001D7C4-\U0001D7CB\U0001DF00-\U0001DF1E\U0001DF25-\U0001DF2A\U0001E030-\U0001E06D\U0001E100-\U0001E12C\U0001E137-\U0001E13D\U0001E14E\U0001E290-\U0001E2AD\U0001E2C0-\U0001E2EB\U0001E4D0-\U0001E4EB\U0001E7E0-\U0001E7E6\U0001E7E8-\U0001E7EB\U0001E7ED-\U0001E7EE\U0001E7F0-\U0001E7FE\U0001E800-\U0001E8C4\U0001E900-\U0001E943\U0001E94B\U0001EE00-\U0001EE03\U0001EE05-\U0001EE1F\U0001EE21-\U0001EE22\U0001EE24\U0001EE27\U0001EE29-\U0001EE32\U0001EE34-\U0001EE37\U0001EE39\U0001EE3B\U0001EE42\U0001EE47\U0001EE49\U0001EE4B\U0001EE4D-\U0001EE4F\U0001EE51-\U0001EE52\U0001EE54\U0001EE57\U0001EE59\U0001EE5B\U0001EE5D\U0001EE5F\U0001EE61-\U0001EE62\U0001EE64\U0001EE67-\U0001EE6A\U0001EE6C-\U0001EE72\U0001EE74-\U0001EE77\U0001EE79-\U0001EE7C\U0001EE7E\U0001EE80-\U0001EE89\U0001EE8B-\U0001EE9B\U0001EEA1-\U0001EEA3\U0001EEA5-\U0001EEA9\U0001EEAB-\U0001EEBB\U00020000-\U0002A6DF\U0002A700-\U0002B739\U0002B740-\U0002B81D\U0002B820-\U0002CEA1\U0002CEB0-\U0002EBE0\U0002F800-\U0002FA1D\U00030000-\U0003134A\U00031350-\U000323AF])', 'σ', 'g'), 'Σ', 'ς');
  END IF;
  IF t ~ '[\u2160-\u216F\u24B6-\u24CF]' THEN
    SELECT string_agg (lower (m[1] COLLATE "und-x-icu") || m[2], '' ORDER BY i) INTO t
      FROM regexp_matches (t, '([^\u2160-\u216F\u24B6-\u24CF]*)([\u2160-\u216F\u24B6-\u24CF]?)', 'g')
           WITH ORDINALITY AS x (m, i);
  ELSE
    t := lower (t COLLATE "und-x-icu");
  END IF;
  t := regexp_replace (normalize (t, NFD), '[\u0300-\u036F\u0483-\u0489\u0591-\u05BD\u05BF\u05C1-\u05C2\u05C4-\u05C5\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7-\u06E8\u06EA-\u06ED\u0711\u0730-\u074A\u07A6-\u07B0\u07EB-\u07F3\u07FD\u0816-\u0819\u081B-\u0823\u0825-\u0827\u0829-\u082D\u0859-\u085B\u0898-\u089F\u08CA-\u08E1\u08E3-\u0903\u093A-\u093C\u093E-\u094F\u0951-\u0957\u0962-\u0963\u0981-\u0983\u09BC\u09BE-\u09C4\u09C7-\u09C8\u09CB-\u09CD\u09D7\u09E2-\u09E3\u09FE\u0A01-\u0A03\u0A3C\u0A3E-\u0A42\u0A47-\u0A48\u0A4B-\u0A4D\u0A51\u0A70-\u0A71\u0A75\u0A81-\u0A83\u0ABC\u0ABE-\u0AC5\u0AC7-\u0AC9\u0ACB-\u0ACD\u0AE2-\u0AE3\u0AFA-\u0AFF\u0B01-\u0B03\u0B3C\u0B3E-\u0B44\u0B47-\u0B48\u0B4B-\u0B4D\u0B55-\u0B57\u0B62-\u0B63\u0B82\u0BBE-\u0BC2\u0BC6-\u0BC8\u0BCA-\u0BCD\u0BD7\u0C00-\u0C04\u0C3C\u0C3E-\u0C44\u0C46-\u0C48\u0C4A-\u0C4D\u0C55-\u0C56\u0C62-\u0C63\u0C81-\u0C83\u0CBC\u0CBE-\u0CC4\u0CC6-\u0CC8\u0CCA-\u0CCD\u0CD5-\u0CD6\u0CE2-\u0CE3\u0CF3\u0D00-\u0D03\u0D3B-\u0D3C\u0D3E-\u0D44\u0D46-\u0D48\u0D4A-\u0D4D\u0D57\u0D62-\u0D63\u0D81-\u0D83\u0DCA\u0DCF-\u0DD4\u0DD6\u0DD8-\u0DDF\u0DF2-\u0DF3\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u0EB1\u0EB4-\u0EBC\u0EC8-\u0ECE\u0F18-\u0F19\u0F35\u0F37\u0F39\u0F3E-\u0F3F\u0F71-\u0F84\u0F86-\u0F87\u0F8D-\u0F97\u0F99-\u0FBC\u0FC6\u102B-\u103E\u1056-\u1059\u105E-\u1060\u1062-\u1064\u1067-\u106D\u1071-\u1074\u1082-\u108D\u108F\u109A-\u109D\u135D-\u135F\u1712-\u1715\u1732-\u1734\u1752-\u1753\u1772-\u1773\u17B4-\u17D3\u17DD\u180B-\u180D\u180F\u1885-\u1886\u18A9\u1920-\u192B\u1930-\u193B\u1A17-\u1A1B\u1A55-\u1A5E\u1A60-\u1A7C\u1A7F\u1AB0-\u1ACE\u1B00-\u1B04\u1B34-\u1B44\u1B6B-\u1B73\u1B80-\u1B82\u1BA1-\u1BAD\u1BE6-\u1BF3\u1C24-\u1C37\u1CD0-\u1CD2\u1CD4-\u1CE8\u1CED\u1CF4\u1CF7-\u1CF9\u1DC0-\u1DFF\u20D0-\u20F0\u2CEF-\u2CF1\u2D7F\u2DE0-\u2DFF\u302A-\u302F\u3099-\u309A\uA66F-\uA672\uA674-\uA67D\uA69E-\uA69F\uA6F0-\uA6F1\uA802\uA806\uA80B\uA823-\uA827\uA82C\uA880-\uA881\uA8B4-\uA8C5\uA8E0-\uA8F1\uA8FF\uA926-\uA92D\uA947-\uA953\uA980-\uA983\uA9B3-\uA9C0\uA9E5\uAA29-\uAA36\uAA43\uAA4C-\uAA4D\uAA7B-\uAA7D\uAAB0\uAAB2-\uAAB4\uAAB7-\uAAB8\uAABE-\uAABF\uAAC1\uAAEB-\uAAEF\uAAF5-\uAAF6\uABE3-\uABEA\uABEC-\uABED\uFB1E\uFE00-\uFE0F\uFE20-\uFE2F\U000101FD\U000102E0\U00010376-\U0001037A\U00010A01-\U00010A03\U00010A05-\U00010A06\U00010A0C-\U00010A0F\U00010A38-\U00010A3A\U00010A3F\U00010AE5-\U00010AE6\U00010D24-\U00010D27\U00010EAB-\U00010EAC\U00010EFD-\U00010EFF\U00010F46-\U00010F50\U00010F82-\U00010F85\U00011000-\U00011002\U00011038-\U00011046\U00011070\U00011073-\U00011074\U0001107F-\U00011082\U000110B0-\U000110BA\U000110C2\U00011100-\U00011102\U00011127-\U00011134\U00011145-\U00011146\U00011173\U00011180-\U00011182\U000111B3-\U000111C0\U000111C9-\U000111CC\U000111CE-\U000111CF\U0001122C-\U00011237\U0001123E\U00011241\U000112DF-\U000112EA\U00011300-\U00011303\U0001133B-\U0001133C\U0001133E-\U00011344\U00011347-\U00011348\U0001134B-\U0001134D\U00011357\U00011362-\U00011363\U00011366-\U0001136C\U00011370-\U00011374\U00011435-\U00011446\U0001145E\U000114B0-\U000114C3\U000115AF-\U000115B5\U000115B8-\U000115C0\U000115DC-\U000115DD\U00011630-\U00011640\U000116AB-\U000116B7\U0001171D-\U0001172B\U0001182C-\U0001183A\U00011930-\U00011935\U00011937-\U00011938\U0001193B-\U0001193E\U00011940\U00011942-\U00011943\U000119D1-\U000119D7\U000119DA-\U000119E0\U000119E4\U00011A01-\U00011A0A\U00011A33-\U00011A39\U00011A3B-\U00011A3E\U00011A47\U00011A51-\U00011A5B\U00011A8A-\U00011A99\U00011C2F-\U00011C36\U00011C38-\U00011C3F\U00011C92-\U00011CA7\U00011CA9-\U00011CB6\U00011D31-\U00011D36\U00011D3A\U00011D3C-\U00011D3D\U00011D3F-\U00011D45\U00011D47\U00011D8A-\U00011D8E\U00011D90-\U00011D91\U00011D93-\U00011D97\U00011EF3-\U00011EF6\U00011F00-\U00011F01\U00011F03\U00011F34-\U00011F3A\U00011F3E-\U00011F42\U00013440\U00013447-\U00013455\U00016AF0-\U00016AF4\U00016B30-\U00016B36\U00016F4F\U00016F51-\U00016F87\U00016F8F-\U00016F92\U00016FE4\U00016FF0-\U00016FF1\U0001BC9D-\U0001BC9E\U0001CF00-\U0001CF2D\U0001CF30-\U0001CF46\U0001D165-\U0001D169\U0001D16D-\U0001D172\U0001D17B-\U0001D182\U0001D185-\U0001D18B\U0001D1AA-\U0001D1AD\U0001D242-\U0001D244\U0001DA00-\U0001DA36\U0001DA3B-\U0001DA6C\U0001DA75\U0001DA84\U0001DA9B-\U0001DA9F\U0001DAA1-\U0001DAAF\U0001E000-\U0001E006\U0001E008-\U0001E018\U0001E01B-\U0001E021\U0001E023-\U0001E024\U0001E026-\U0001E02A\U0001E08F\U0001E130-\U0001E136\U0001E2AE\U0001E2EC-\U0001E2EF\U0001E4EC-\U0001E4EF\U0001E8D0-\U0001E8D6\U0001E944-\U0001E94A\U000E0100-\U000E01EF]', '', 'g');
  -- Letters that do not decompose into a base letter and an accent
  -- (fold_special() in retour-search.c).
  RETURN replace (replace (replace (replace (translate (t, 'łøđı', 'lodi'),
                  'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th');
END
$$;

-- The national significant number of a phone number: digits only,
-- without "+31", "0031" or the trunk "0" (national_number() in
-- retour-search.c, with its list of country codes in its order).
CREATE FUNCTION retour_national_number (t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  digits text;
  code text;
BEGIN
  IF t IS NULL THEN
    RETURN '';
  END IF;
  digits := regexp_replace (t, '[^0-9]', '', 'g');
  IF left (ltrim (t, E' \t\n\f\r'), 1) = '+' OR left (digits, 2) = '00' THEN
    IF left (digits, 2) = '00' THEN
      digits := substr (digits, 3);
    END IF;
    FOREACH code IN ARRAY ARRAY['31', '32', '33', '34', '39', '41', '43', '44', '45', '46', '47', '48',
                                '49', '351', '352', '353', '358', '420', '421', '36', '1'] LOOP
      IF left (digits, length (code)) = code THEN
        RETURN substr (digits, length (code) + 1);
      END IF;
    END LOOP;
  ELSIF left (digits, 1) = '0' THEN
    RETURN substr (digits, 2);
  END IF;
  RETURN digits;
END
$$;

-- Whether t holds every word of pattern: one word a line, each line one
-- or more forms separated by tabs, any of which may match
-- (holds_every_word() in retour-search.c, edge cases included: an empty
-- line in the middle matches nothing, a trailing newline or tab is no
-- word or form). The queries check what the trigram index finds with it.
CREATE FUNCTION retour_holds_every_word (t text, pattern text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  lines text[];
  forms text[];
  found boolean;
BEGIN
  IF t IS NULL OR pattern IS NULL THEN
    RETURN false;
  END IF;
  IF pattern = '' THEN
    RETURN true;
  END IF;
  lines := string_to_array (pattern, E'\n');
  IF right (pattern, 1) = E'\n' THEN
    lines := lines[1:cardinality (lines) - 1];
  END IF;
  FOR i IN 1 .. cardinality (lines) LOOP
    IF lines[i] = '' THEN
      RETURN false;
    END IF;
    forms := string_to_array (lines[i], E'\t');
    IF right (lines[i], 1) = E'\t' THEN
      forms := forms[1:cardinality (forms) - 1];
    END IF;
    found := false;
    FOR j IN 1 .. cardinality (forms) LOOP
      IF strpos (t, forms[j]) > 0 THEN
        found := true;
        EXIT;
      END IF;
    END LOOP;
    IF NOT found THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;

-- ----------------------------------------------------------------- tables

CREATE TABLE store (
  id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name                text NOT NULL UNIQUE,
  platform            text NOT NULL CHECK (platform IN ('woocommerce', 'shopify')),
  base_url            text NOT NULL,
  write_back          integer NOT NULL DEFAULT 0,
  watermark_us        bigint,
  last_sync_us        bigint,
  last_error          text,
  created_us          bigint NOT NULL,
  refund_via_gateway  integer NOT NULL DEFAULT 0,
  sync_interval_min   bigint NOT NULL DEFAULT 0 CHECK (sync_interval_min >= 0)
);

CREATE TABLE customer (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  store_id     bigint REFERENCES store (id) ON DELETE SET NULL,
  external_id  text,
  first_name   text NOT NULL DEFAULT '',
  last_name    text NOT NULL DEFAULT '',
  email        text,
  phone        text,
  language     text,
  address1     text,
  address2     text,
  postcode     text,
  city         text,
  country      text,
  created_us   bigint NOT NULL,
  updated_us   bigint NOT NULL,
  UNIQUE (store_id, external_id)
);
CREATE INDEX customer_email ON customer (email);

CREATE TABLE product (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  store_id     bigint REFERENCES store (id) ON DELETE SET NULL,
  external_id  text,
  sku          text,
  title        text NOT NULL,
  category     text,
  price_minor  bigint NOT NULL DEFAULT 0,
  currency     text NOT NULL,
  on_hand      bigint NOT NULL DEFAULT 0,
  held         bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
  written_off  bigint NOT NULL DEFAULT 0 CHECK (written_off >= 0),
  UNIQUE (store_id, external_id)
);
CREATE INDEX product_sku ON product (sku);

CREATE TABLE "order" (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  store_id          bigint REFERENCES store (id) ON DELETE SET NULL,
  external_id       text,
  number            text NOT NULL,
  customer_id       bigint REFERENCES customer (id),
  status            text NOT NULL DEFAULT 'completed',
  currency          text NOT NULL,
  total_minor       bigint NOT NULL,
  ordered_us        bigint NOT NULL,
  fulfilled_us      bigint,
  delivered_us      bigint,
  updated_us        bigint NOT NULL,
  cancelled_us      bigint,
  deleted_upstream  integer NOT NULL DEFAULT 0,
  ship_name         text,
  ship_address1     text,
  ship_address2     text,
  ship_postcode     text,
  ship_city         text,
  ship_country      text,
  read_version      bigint NOT NULL DEFAULT 0,
  UNIQUE (store_id, external_id)
);
CREATE INDEX order_number ON "order" (number);
CREATE INDEX order_customer ON "order" (customer_id);
CREATE INDEX order_store_updated ON "order" (store_id, updated_us);
CREATE INDEX order_ordered ON "order" (ordered_us, cancelled_us);

CREATE TABLE order_line (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  order_id          bigint NOT NULL REFERENCES "order" (id) ON DELETE CASCADE,
  external_id       text,
  product_id        bigint REFERENCES product (id),
  sku               text,
  title             text NOT NULL,
  quantity          bigint NOT NULL CHECK (quantity >= 0),
  unit_price_minor  bigint NOT NULL,
  total_minor       bigint NOT NULL,
  gone_upstream     integer NOT NULL DEFAULT 0,
  UNIQUE (order_id, external_id)
);
CREATE INDEX order_line_product ON order_line (product_id);
CREATE INDEX order_line_stock ON order_line (order_id, product_id, quantity);

CREATE TABLE reason (
  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  label           text NOT NULL,
  controllable    integer NOT NULL DEFAULT 0,
  requires_photo  integer NOT NULL DEFAULT 0,
  position        bigint NOT NULL,
  retired         integer NOT NULL DEFAULT 0,
  restocking_fee  integer NOT NULL DEFAULT 1
);

CREATE TABLE policy (
  id                           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  version                      bigint NOT NULL UNIQUE,
  created_us                   bigint NOT NULL,
  window_days                  bigint NOT NULL CHECK (window_days BETWEEN 0 AND 365),
  refund_timing                text NOT NULL,
  restocking_fee_kind          text NOT NULL,
  restocking_fee_basis_points  bigint NOT NULL DEFAULT 0,
  restocking_fee_fixed_minor   bigint NOT NULL DEFAULT 0,
  return_shipping_minor        bigint NOT NULL DEFAULT 0,
  keep_it_threshold_minor      bigint NOT NULL DEFAULT 0,
  currency                     text NOT NULL,
  allowed_resolutions          bigint NOT NULL,
  window_from                  text NOT NULL DEFAULT 'delivery',
  allowed_refund_methods       bigint NOT NULL DEFAULT 30,
  fee_resolutions              bigint NOT NULL DEFAULT 54
);

CREATE TABLE policy_category (
  policy_id    bigint NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  category     text NOT NULL,
  window_days  bigint NOT NULL DEFAULT -1,
  final_sale   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (policy_id, category)
);

CREATE TABLE rma (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  number             text UNIQUE,
  status             text NOT NULL CHECK (status IN ('draft', 'requested', 'authorized',
                       'in_transit', 'received', 'inspected', 'resolved', 'closed',
                       'rejected', 'cancelled', 'expired')),
  order_id           bigint REFERENCES "order" (id),
  customer_id        bigint REFERENCES customer (id),
  policy_id          bigint NOT NULL REFERENCES policy (id),
  resolution         text NOT NULL DEFAULT 'undecided',
  refund_method      text NOT NULL DEFAULT 'none',
  currency           text NOT NULL,
  refund_minor       bigint NOT NULL DEFAULT 0,
  refund_overridden  integer NOT NULL DEFAULT 0,
  override_note      text,
  notes              text,
  created_us         bigint NOT NULL,
  updated_us         bigint NOT NULL,
  authorized_us      bigint,
  due_us             bigint,
  received_us        bigint,
  resolved_us        bigint,
  closed_us          bigint,
  CHECK (refund_overridden = 0 OR length (override_note) > 0)
);
CREATE INDEX rma_status ON rma (status, id);
CREATE INDEX rma_order ON rma (order_id);
CREATE INDEX rma_customer ON rma (customer_id);
CREATE INDEX rma_created ON rma (created_us, status);
CREATE INDEX rma_received ON rma (received_us) WHERE received_us IS NOT NULL;

CREATE TABLE rma_line (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  rma_id            bigint NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  order_line_id     bigint REFERENCES order_line (id),
  product_id        bigint REFERENCES product (id),
  sku               text,
  title             text NOT NULL,
  category          text,
  unit_price_minor  bigint NOT NULL,
  qty_ordered       bigint NOT NULL,
  qty_requested     bigint NOT NULL,
  qty_authorized    bigint NOT NULL DEFAULT 0,
  qty_received      bigint NOT NULL DEFAULT 0,
  qty_accepted      bigint NOT NULL DEFAULT 0,
  reason_id         bigint REFERENCES reason (id),
  condition         text NOT NULL DEFAULT 'unknown',
  disposition       text NOT NULL DEFAULT 'undecided',
  serial            text,
  notes             text,
  CHECK (qty_ordered >= qty_requested AND qty_requested >= qty_authorized
         AND qty_authorized >= qty_received AND qty_received >= qty_accepted
         AND qty_accepted >= 0)
);
CREATE INDEX rma_line_product ON rma_line (product_id);
CREATE INDEX rma_line_stock ON rma_line (rma_id, product_id, reason_id, qty_requested,
                                         qty_authorized, qty_received);
CREATE INDEX rma_line_order_line ON rma_line (order_line_id) WHERE order_line_id IS NOT NULL;

CREATE TABLE rma_event (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  rma_id       bigint NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  created_us   bigint NOT NULL,
  actor        text NOT NULL,
  kind         text NOT NULL,
  from_status  text,
  to_status    text,
  detail       text
);
CREATE INDEX rma_event_rma ON rma_event (rma_id, id);

CREATE TABLE refund (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  rma_id           bigint REFERENCES rma (id),
  amount_minor     bigint NOT NULL,
  currency         text NOT NULL,
  method           text NOT NULL,
  created_us       bigint NOT NULL,
  actor            text NOT NULL,
  note             text,
  external_id      text,
  idempotency_key  text UNIQUE,
  source           text NOT NULL DEFAULT 'retour' CHECK (source IN ('retour', 'storefront')),
  order_id         bigint REFERENCES "order" (id),
  CHECK (CASE source
           WHEN 'retour' THEN rma_id IS NOT NULL AND order_id IS NULL
           ELSE rma_id IS NULL AND order_id IS NOT NULL AND external_id IS NOT NULL
         END)
);
CREATE INDEX refund_rma ON refund (rma_id);
CREATE UNIQUE INDEX refund_storefront ON refund (order_id, external_id) WHERE source = 'storefront';

CREATE TABLE stock_movement (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  product_id   bigint NOT NULL REFERENCES product (id),
  delta        bigint NOT NULL CHECK (delta <> 0),
  cause        text NOT NULL,
  rma_id       bigint REFERENCES rma (id),
  rma_line_id  bigint REFERENCES rma_line (id),
  created_us   bigint NOT NULL,
  actor        text NOT NULL,
  note         text,
  bucket       text NOT NULL DEFAULT 'on-hand' CHECK (bucket IN ('on-hand', 'held', 'written-off'))
);
CREATE INDEX stock_movement_product ON stock_movement (product_id, id);
CREATE INDEX stock_movement_rma ON stock_movement (rma_id) WHERE rma_id IS NOT NULL;
CREATE INDEX stock_movement_period ON stock_movement (created_us, product_id, bucket, cause, delta);

CREATE TABLE label (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  rma_id      bigint NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  version     bigint NOT NULL,
  format      text NOT NULL,
  pdf         bytea NOT NULL,
  created_us  bigint NOT NULL,
  printed_us  bigint,
  sent_us     bigint,
  UNIQUE (rma_id, version)
);

CREATE TABLE attachment (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  rma_id       bigint NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
  rma_line_id  bigint REFERENCES rma_line (id) ON DELETE SET NULL,
  filename     text NOT NULL,
  mime_type    text NOT NULL,
  data         bytea NOT NULL,
  created_us   bigint NOT NULL
);
CREATE INDEX attachment_rma ON attachment (rma_id);

CREATE TABLE setting (
  key    text PRIMARY KEY,
  value  text NOT NULL
);

CREATE TABLE sequence (
  name        text PRIMARY KEY,
  next_value  bigint NOT NULL
);

CREATE TABLE refund_write_back (
  refund_id        bigint PRIMARY KEY REFERENCES refund (id) ON DELETE CASCADE,
  store_id         bigint NOT NULL REFERENCES store (id) ON DELETE CASCADE,
  queued_us        bigint NOT NULL,
  attempts         bigint NOT NULL DEFAULT 0,
  last_attempt_us  bigint,
  last_error       text,
  done_us          bigint
);
CREATE INDEX refund_write_back_pending ON refund_write_back (store_id) WHERE done_us IS NULL;

CREATE TABLE policy_reason (
  policy_id       bigint NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  reason_id       bigint NOT NULL REFERENCES reason (id),
  controllable    integer NOT NULL,
  restocking_fee  integer NOT NULL,
  PRIMARY KEY (policy_id, reason_id)
);

CREATE TABLE audit_event (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  created_us  bigint NOT NULL,
  actor       text NOT NULL,
  subject     text NOT NULL,
  detail      text NOT NULL
);

CREATE TABLE refund_line (
  refund_id      bigint NOT NULL REFERENCES refund (id) ON DELETE CASCADE,
  order_line_id  bigint NOT NULL REFERENCES order_line (id),
  quantity       bigint NOT NULL CHECK (quantity >= 0),
  amount_minor   bigint NOT NULL,
  PRIMARY KEY (refund_id, order_line_id)
);
CREATE INDEX refund_line_order_line ON refund_line (order_line_id, quantity);

CREATE TABLE sync_problem (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  store_id       bigint NOT NULL REFERENCES store (id) ON DELETE CASCADE,
  external_id    text NOT NULL,
  order_number   text,
  field          text,
  message        text NOT NULL,
  first_seen_us  bigint NOT NULL,
  last_seen_us   bigint NOT NULL,
  attempts       bigint NOT NULL DEFAULT 1 CHECK (attempts > 0),
  UNIQUE (store_id, external_id)
);

DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['store', 'customer', 'product', 'order', 'order_line', 'reason', 'policy',
                              'rma', 'rma_line', 'rma_event', 'refund', 'stock_movement', 'label',
                              'attachment', 'audit_event', 'sync_problem'] LOOP
    EXECUTE format ('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION retour_take_id ()',
                    name || '_take_id', name);
  END LOOP;
END
$$;

-- --------------------------------------------------------- refusals (SQLite's)

CREATE FUNCTION retour_reason_never_deleted () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM rma_line WHERE reason_id = OLD.id) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                          MESSAGE = 'a reason in use cannot be deleted; retire it';
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER reason_never_deleted BEFORE DELETE ON reason
  FOR EACH ROW EXECUTE FUNCTION retour_reason_never_deleted ();

CREATE TRIGGER policy_immutable BEFORE UPDATE ON policy
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('a policy version is never changed; add a new one');
CREATE TRIGGER policy_reason_immutable BEFORE UPDATE ON policy_reason
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('a policy version is never changed; add a new one');
CREATE TRIGGER rma_never_deleted BEFORE DELETE ON rma
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('a return is never deleted; cancel it');
CREATE TRIGGER rma_event_append_only BEFORE UPDATE ON rma_event
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('the audit trail cannot be changed');
CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('a stock movement is never changed; add a correction');
CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('a stock movement is never deleted; add a correction');
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('the audit trail is never changed');
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION retour_refuse ('the audit trail is never changed');
-- TRUNCATE passes row triggers by; it must not empty what DELETE may not.
CREATE TRIGGER stock_movement_no_truncate BEFORE TRUNCATE ON stock_movement
  FOR EACH STATEMENT EXECUTE FUNCTION retour_refuse ('a stock movement is never deleted; add a correction');
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION retour_refuse ('the audit trail is never changed');

-- ------------------------------------------------------------------ ledgers

-- A movement moves its product's total of its bucket in the same
-- statement, as on SQLite: the store inserts the movement only.
CREATE FUNCTION retour_stock_movement_apply () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE product
     SET on_hand     = on_hand     + (CASE NEW.bucket WHEN 'on-hand'     THEN NEW.delta ELSE 0 END),
         held        = held        + (CASE NEW.bucket WHEN 'held'        THEN NEW.delta ELSE 0 END),
         written_off = written_off + (CASE NEW.bucket WHEN 'written-off' THEN NEW.delta ELSE 0 END)
   WHERE id = NEW.product_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER stock_movement_apply AFTER INSERT ON stock_movement
  FOR EACH ROW EXECUTE FUNCTION retour_stock_movement_apply ();

-- Each total of a product is the sum of its movements in that bucket:
-- checked at COMMIT for every product a transaction touched, so a total
-- written by hand, or a movement whose total was undone, is refused with
-- the whole transaction. The product row is locked first, so a check
-- sees the movements of every transaction that committed before it (NO
-- KEY UPDATE, which two checks take in turn, while the KEY SHARE locks
-- of rows that only refer to it do not wait).
CREATE FUNCTION retour_check_stock () RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  product_id bigint;
  p record;
  m record;
BEGIN
  -- A branch not taken is not evaluated, so each reads its own table's column.
  IF TG_TABLE_NAME = 'product' THEN
    product_id := NEW.id;
  ELSE
    product_id := NEW.product_id;
  END IF;
  SELECT id, coalesce (sku, title) AS name, on_hand, held, written_off INTO p
    FROM product WHERE id = product_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT coalesce (sum (delta) FILTER (WHERE bucket = 'on-hand'), 0) AS on_hand,
         coalesce (sum (delta) FILTER (WHERE bucket = 'held'), 0) AS held,
         coalesce (sum (delta) FILTER (WHERE bucket = 'written-off'), 0) AS written_off INTO m
    FROM stock_movement s WHERE s.product_id = p.id;
  IF p.on_hand <> m.on_hand OR p.held <> m.held OR p.written_off <> m.written_off THEN
    RAISE EXCEPTION USING
      ERRCODE = 'check_violation', CONSTRAINT = 'product_stock_ledger', TABLE = 'product',
      MESSAGE = format ('product %s (%s) has %s on hand, %s held, %s written off, but its stock '
                        'movements add up to %s, %s, %s', p.id, p.name, p.on_hand, p.held,
                        p.written_off, m.on_hand, m.held, m.written_off);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER product_stock_ledger_new AFTER INSERT ON product
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.on_hand <> 0 OR NEW.held <> 0 OR NEW.written_off <> 0)
  EXECUTE FUNCTION retour_check_stock ();
CREATE CONSTRAINT TRIGGER product_stock_ledger AFTER UPDATE OF on_hand, held, written_off ON product
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.on_hand <> NEW.on_hand OR OLD.held <> NEW.held OR OLD.written_off <> NEW.written_off)
  EXECUTE FUNCTION retour_check_stock ();
CREATE CONSTRAINT TRIGGER stock_movement_ledger AFTER INSERT ON stock_movement
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION retour_check_stock ();

-- Retour's refunds of a return never add up to more than is due on it
-- (rma.refund_minor); storefront refunds belong to an order, not a
-- return, and do not count. Checked at COMMIT, after the return's row is
-- locked as for the stock above, so two desks refunding the same return
-- at once cannot both pay the last of it.
CREATE FUNCTION retour_check_refunds () RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  rma_id bigint;
  r record;
  paid bigint;
BEGIN
  IF TG_TABLE_NAME = 'rma' THEN
    rma_id := NEW.id;
  ELSE
    rma_id := NEW.rma_id;
  END IF;
  IF rma_id IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT id, number, refund_minor, currency INTO r FROM rma WHERE id = rma_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT coalesce (sum (amount_minor), 0) INTO paid FROM refund f WHERE f.rma_id = r.id;
  IF paid > r.refund_minor THEN
    RAISE EXCEPTION USING
      ERRCODE = 'check_violation', CONSTRAINT = 'refund_within_due', TABLE = 'refund',
      MESSAGE = format ('the refunds of return %s add up to %s %s, more than the %s due',
                        coalesce (r.number, r.id::text), paid, r.currency, r.refund_minor);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER refund_within_due AFTER INSERT OR UPDATE OF rma_id, amount_minor ON refund
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION retour_check_refunds ();
-- A return's every save writes refund_minor; only less due can break it.
CREATE CONSTRAINT TRIGGER rma_refund_within_due AFTER UPDATE OF refund_minor ON rma
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.refund_minor < OLD.refund_minor)
  EXECUTE FUNCTION retour_check_refunds ();

-- ------------------------------------------------------------------- search

-- The text of each document, as on SQLite (0009): fields folded and
-- joined with spaces. A query word holds no space, so the order of the
-- lines does not change what matches.
CREATE VIEW rma_search (id, text) AS
SELECT r.id,
       retour_fold (r.number) || ' ' || retour_fold (o.number) || ' ' ||
       retour_fold (c.first_name || ' ' || c.last_name) || ' ' || retour_fold (c.email) || ' ' ||
       retour_national_number (c.phone) || ' ' ||
       retour_fold (coalesce (r.notes, '') || ' ' || coalesce (r.override_note, '') || ' ' ||
                    coalesce ((SELECT string_agg (coalesce (sku, '') || ' ' || title || ' ' ||
                                                  coalesce (serial, '') || ' ' || coalesce (notes, ''),
                                                  ' ' ORDER BY id)
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

-- The views' rows, kept for the index: SQLite's FTS5 reads its text from
-- the view, a GIN index needs a column. Written by the triggers below in
-- the transaction that changes a row the text comes from.
CREATE TABLE rma_search_doc (
  id    bigint PRIMARY KEY REFERENCES rma (id) ON DELETE CASCADE ON UPDATE CASCADE,
  text  text NOT NULL
);
CREATE INDEX rma_search_doc_text ON rma_search_doc USING gin (text gin_trgm_ops);

CREATE TABLE order_search_doc (
  id    bigint PRIMARY KEY REFERENCES "order" (id) ON DELETE CASCADE ON UPDATE CASCADE,
  text  text NOT NULL
);
CREATE INDEX order_search_doc_text ON order_search_doc USING gin (text gin_trgm_ops);

CREATE FUNCTION retour_rma_search_write (ids bigint[]) RETURNS void
LANGUAGE sql
AS $$
  INSERT INTO rma_search_doc (id, text)
  SELECT id, text FROM rma_search WHERE id = ANY (ids)
  ON CONFLICT (id) DO UPDATE SET text = excluded.text
  WHERE rma_search_doc.text IS DISTINCT FROM excluded.text;
$$;

CREATE FUNCTION retour_order_search_write (ids bigint[]) RETURNS void
LANGUAGE sql
AS $$
  INSERT INTO order_search_doc (id, text)
  SELECT id, text FROM order_search WHERE id = ANY (ids)
  ON CONFLICT (id) DO UPDATE SET text = excluded.text
  WHERE order_search_doc.text IS DISTINCT FROM excluded.text;
$$;

-- Every document again, from the views: after a bulk load with the
-- triggers below disabled, or after an upgrade of ICU, whose lower-casing
-- retour_fold() uses, changed what a text folds to.
CREATE FUNCTION retour_search_rebuild () RETURNS void
LANGUAGE sql
AS $$
  DELETE FROM rma_search_doc;
  INSERT INTO rma_search_doc (id, text) SELECT id, text FROM rma_search;
  DELETE FROM order_search_doc;
  INSERT INTO order_search_doc (id, text) SELECT id, text FROM order_search;
$$;

-- Returns: their own fields, their lines, their order and customer.
CREATE FUNCTION retour_rma_search_edit () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM retour_rma_search_write (ARRAY[NEW.id]);
  RETURN NULL;
END
$$;
CREATE TRIGGER rma_search_new AFTER INSERT ON rma
  FOR EACH ROW EXECUTE FUNCTION retour_rma_search_edit ();
CREATE TRIGGER rma_search_edit AFTER UPDATE OF number, order_id, customer_id, notes, override_note ON rma
  FOR EACH ROW
  WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.order_id IS DISTINCT FROM NEW.order_id
        OR OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.notes IS DISTINCT FROM NEW.notes
        OR OLD.override_note IS DISTINCT FROM NEW.override_note)
  EXECUTE FUNCTION retour_rma_search_edit ();

CREATE FUNCTION retour_rma_search_line () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM retour_rma_search_write (ARRAY[NEW.rma_id]);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM retour_rma_search_write (ARRAY[OLD.rma_id, NEW.rma_id]);
  ELSE
    PERFORM retour_rma_search_write (ARRAY[OLD.rma_id]);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER rma_search_line_new AFTER INSERT ON rma_line
  FOR EACH ROW EXECUTE FUNCTION retour_rma_search_line ();
CREATE TRIGGER rma_search_line_edit AFTER UPDATE OF rma_id, sku, title, serial, notes ON rma_line
  FOR EACH ROW
  WHEN (OLD.rma_id IS DISTINCT FROM NEW.rma_id OR OLD.sku IS DISTINCT FROM NEW.sku
        OR OLD.title IS DISTINCT FROM NEW.title OR OLD.serial IS DISTINCT FROM NEW.serial
        OR OLD.notes IS DISTINCT FROM NEW.notes)
  EXECUTE FUNCTION retour_rma_search_line ();
CREATE TRIGGER rma_search_line_gone AFTER DELETE ON rma_line
  FOR EACH ROW EXECUTE FUNCTION retour_rma_search_line ();

-- Orders: their own document, and the returns that show their number.
CREATE FUNCTION retour_order_search_edit () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM retour_order_search_write (ARRAY[NEW.id]);
  IF TG_OP = 'UPDATE' THEN
    PERFORM retour_rma_search_write (ARRAY (SELECT id FROM rma WHERE order_id = NEW.id));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER order_search_new AFTER INSERT ON "order"
  FOR EACH ROW EXECUTE FUNCTION retour_order_search_edit ();
CREATE TRIGGER order_search_edit AFTER UPDATE OF number, customer_id ON "order"
  FOR EACH ROW
  WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.customer_id IS DISTINCT FROM NEW.customer_id)
  EXECUTE FUNCTION retour_order_search_edit ();

-- Customers: the returns and orders that show their name, e-mail, phone.
CREATE FUNCTION retour_customer_search_edit () RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM retour_order_search_write (ARRAY (SELECT id FROM "order" WHERE customer_id = NEW.id));
  PERFORM retour_rma_search_write (ARRAY (SELECT id FROM rma WHERE customer_id = NEW.id));
  RETURN NULL;
END
$$;
CREATE TRIGGER customer_search_edit AFTER UPDATE OF first_name, last_name, email, phone ON customer
  FOR EACH ROW
  WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name
        OR OLD.email IS DISTINCT FROM NEW.email OR OLD.phone IS DISTINCT FROM NEW.phone)
  EXECUTE FUNCTION retour_customer_search_edit ();
