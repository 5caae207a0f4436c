-- HQ's schema: every store's journal, exactly once. A store sends its journal entries in
-- order, in batches, through hq.ingest(): one transaction that takes the entries that
-- follow on from the store's last one (sequence and previous hash, the hash recomputed
-- here), ignores those it has already, refuses anything else whole, and moves the
-- store's cursor with them. The store marks entries sent only after that commit, so a
-- batch lost on the way, or sent twice, neither loses nor doubles an entry.
--
-- Each store signs in with a role of its own (hq.stores.role), which may only call the
-- functions granted to it below: they act for the store whose role calls them, so a
-- store cannot touch another store's rows, nor any table directly.
--
-- For analysts, each document's rows are also filed in schema doc, a table for each of
-- the store's tables they come from (doc.sales, doc.sale_lines, doc.stock_movements, ...),
-- as posd's document kinds read them (hq.doc_columns), partitioned by month; hq.store_products is
-- each store's catalogue, and hq.sales_daily and hq.store_days are summaries kept in the
-- same transaction as the entries they sum, as is hq.stock_levels.
SET client_min_messages = warning; -- what is there already is no news
CREATE SCHEMA IF NOT EXISTS hq;
CREATE SCHEMA IF NOT EXISTS doc;
-- a store's role makes nothing of its own, temporary tables neither
DO $$ BEGIN EXECUTE format('REVOKE TEMP ON DATABASE %I FROM PUBLIC', current_database()); END $$;

CREATE TABLE IF NOT EXISTS hq.stores (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  role name NOT NULL UNIQUE,
  last_seq bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  updated_at timestamptz,
  -- the store's days, for the summaries
  timezone text NOT NULL DEFAULT current_setting('TimeZone'),
  -- the last of HQ's changes the store has applied, and when it said so
  applied bigint NOT NULL DEFAULT 0,
  applied_at timestamptz,
  -- the store's journal as it last said, and when
  journal_last bigint NOT NULL DEFAULT 0,
  contacted_at timestamptz
);

-- HQ's changes to the stores, numbered: products (with barcodes and category), prices
-- from a time (effective_at, Unix ms), suppliers and users (with a PIN's argon2id hash),
-- and the chain's stores. Published only through hq.publish, by HQ alone, so that numbers
-- become visible in order.
CREATE TABLE IF NOT EXISTS hq.changes (
  id bigserial PRIMARY KEY,
  store_id integer REFERENCES hq.stores(id), -- NULL: every store
  kind text NOT NULL,
  key text NOT NULL,                         -- the SKU, the supplier's or store's code, the user's name
  data jsonb NOT NULL,
  effective_at bigint,                       -- of a price: a product's from when it is published
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS changes_key ON hq.changes (kind, key, id);
ALTER TABLE hq.changes DROP CONSTRAINT IF EXISTS changes_kind_check;
-- transfers were changes once; they are passed on by hq.transfers_for now
DELETE FROM hq.changes WHERE kind IN ('transfer', 'transfer_arrived');
ALTER TABLE hq.changes ADD CONSTRAINT changes_kind_check
  CHECK (kind IN ('product', 'price', 'supplier', 'user', 'store'));

-- Each store's catalogue, as the store has it: reports name products and categories by it.
CREATE TABLE IF NOT EXISTS hq.store_products (
  store_id integer NOT NULL REFERENCES hq.stores(id),
  id bigint NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  spec text NOT NULL DEFAULT '',
  unit text NOT NULL,
  category text,
  price bigint NOT NULL,
  cost bigint NOT NULL,
  active boolean NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (store_id, id)
);

-- The summaries below take a row's update for each line HQ files: no foreign key to check
-- each time (only HQ's own functions write them, with the store's id from hq.stores), and
-- room in each page for an update to stay there.

-- Sales less returns, by store, the store's day and product, in minor units and milli-units.
CREATE TABLE IF NOT EXISTS hq.sales_daily (
  store_id integer NOT NULL,
  day date NOT NULL,
  product_id bigint NOT NULL,
  qty bigint NOT NULL,
  amount bigint NOT NULL,
  tax bigint NOT NULL,
  cost bigint NOT NULL,
  PRIMARY KEY (store_id, day, product_id)
) WITH (fillfactor = 80);

-- Each store's stock of each product, and its value, from the documents' movements.
CREATE TABLE IF NOT EXISTS hq.stock_levels (
  store_id integer NOT NULL,
  product_id bigint NOT NULL,
  qty bigint NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (store_id, product_id)
) WITH (fillfactor = 80);

-- Each store's day: sales and returns counted, and their totals.
CREATE TABLE IF NOT EXISTS hq.store_days (
  store_id integer NOT NULL,
  day date NOT NULL,
  sales integer NOT NULL,
  returns integer NOT NULL,
  total bigint NOT NULL,
  tax bigint NOT NULL,
  cost bigint NOT NULL,
  PRIMARY KEY (store_id, day)
);

-- Transfers between stores: sent by store_id to the store it names (to_store_id, NULL
-- when HQ has no such store), in transit until that store's receipt arrives. HQ passes
-- each on (data, until the store to_store_id says it has it: passed_at) and passes its
-- arrival back (arrival, until the sender says so: told_at); each is applied by the
-- store whenever it comes, once, so no order or numbering binds them, and no store's
-- batch waits on another's. One HQ will not pass on says why (refused).
CREATE TABLE IF NOT EXISTS hq.transfers (
  store_id integer NOT NULL REFERENCES hq.stores(id),
  number text NOT NULL,
  to_store text NOT NULL,
  to_store_id integer REFERENCES hq.stores(id),
  at bigint NOT NULL,
  value bigint NOT NULL,
  lines integer NOT NULL,
  data jsonb,
  refused text,
  passed_at timestamptz,
  receipt text,
  received_at bigint,
  received_value bigint,
  short_value bigint,
  arrival jsonb,
  told_at timestamptz,
  PRIMARY KEY (store_id, number)
);
ALTER TABLE hq.transfers ADD COLUMN IF NOT EXISTS data jsonb, ADD COLUMN IF NOT EXISTS refused text,
  ADD COLUMN IF NOT EXISTS passed_at timestamptz, ADD COLUMN IF NOT EXISTS arrival jsonb,
  ADD COLUMN IF NOT EXISTS told_at timestamptz;
CREATE INDEX IF NOT EXISTS transfers_in_transit ON hq.transfers (store_id, at) WHERE receipt IS NULL;
CREATE INDEX IF NOT EXISTS transfers_to_pass ON hq.transfers (to_store_id) WHERE passed_at IS NULL;
CREATE INDEX IF NOT EXISTS transfers_to_tell ON hq.transfers (store_id) WHERE arrival IS NOT NULL AND told_at IS NULL;

-- Receipts of other stores' transfers that match none sent to the store that received
-- them, or do not add up to it: kept, for HQ to look into; they move nothing at HQ.
CREATE TABLE IF NOT EXISTS hq.transfer_anomalies (
  store_id integer NOT NULL REFERENCES hq.stores(id),
  entry bigint NOT NULL,
  number text NOT NULL,
  why text NOT NULL,
  PRIMARY KEY (store_id, entry)
);

-- store leads every key, so that the tables can be spread over nodes by store
CREATE TABLE IF NOT EXISTS hq.journal (
  store_id integer NOT NULL REFERENCES hq.stores(id),
  seq bigint NOT NULL,
  doc_type text NOT NULL,
  doc_id bigint NOT NULL,
  number text NOT NULL,
  at bigint NOT NULL,
  digest text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  doc jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, seq),
  UNIQUE (store_id, doc_type, number)
);

-- The hash a store's journal chains its entry with (posd's journal_chain_hash).
CREATE OR REPLACE FUNCTION hq.chain_hash(prev text, doc_type text, doc_id bigint, number text, at bigint,
                                         digest text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT encode(sha256(convert_to(prev, 'UTF8') || convert_to(doc_type, 'UTF8') || '\x00'::bytea
                       || convert_to(doc_id || '|' || at || '|', 'UTF8') || convert_to(number, 'UTF8')
                       || '\x00'::bytea || convert_to(digest, 'UTF8')), 'hex')
$$;

-- The tables documents are filed in, as posd's document kinds read them: filled by
-- posctl hq init from posd's own descriptors, so a new kind or column reaches HQ when HQ
-- is set up with the posd that has it. A store names the table its rows come from, never
-- a table, column or type of its own.
CREATE TABLE IF NOT EXISTS hq.doc_columns (
  table_name text NOT NULL,
  column_name text NOT NULL,
  type text NOT NULL,
  PRIMARY KEY (table_name, column_name)
);

-- doc.<p_name> with the columns hq.doc_columns gives it (SQLite's INTEGER as bigint, the
-- rest as text), partitioned by month of the journal entry's time: false when posd files
-- no document's rows in such a table.
CREATE OR REPLACE FUNCTION hq.doc_table(p_name text) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  t regclass := to_regclass(format('doc.%I', p_name));
  c record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM hq.doc_columns WHERE table_name = p_name) THEN
    RETURN false;
  END IF;
  IF t IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM hq.doc_columns d WHERE d.table_name = p_name AND NOT EXISTS (
        SELECT 1 FROM pg_attribute a WHERE a.attrelid = t AND a.attname = d.column_name AND NOT a.attisdropped)) THEN
    RETURN true;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('doc.' || p_name));
  IF to_regclass(format('doc.%I', p_name)) IS NULL THEN
    EXECUTE format('CREATE TABLE doc.%I (store_id integer NOT NULL, entry bigint NOT NULL, doc_type text NOT NULL,'
                   ' entry_at bigint NOT NULL, row_no integer NOT NULL, PRIMARY KEY (store_id, entry, row_no, entry_at))'
                   ' PARTITION BY RANGE (entry_at)', p_name);
  END IF;
  -- a month without a partition of its own files here
  EXECUTE format('CREATE TABLE IF NOT EXISTS doc.%I PARTITION OF doc.%I DEFAULT', p_name || '_default', p_name);
  FOR c IN SELECT column_name, type FROM hq.doc_columns WHERE table_name = p_name LOOP
    EXECUTE format('ALTER TABLE doc.%I ADD COLUMN IF NOT EXISTS %I %s', p_name, c.column_name,
                   CASE upper(c.type) WHEN 'INTEGER' THEN 'bigint' ELSE 'text' END);
  END LOOP;
  RETURN true;
END
$$;

-- The documents' tables' partitions for this month and the p_ahead after it (months in
-- UTC), where they are not yet and no rows of the month wait in the default partition:
-- how many made. HQ's own job (posctl hq init runs it; run it monthly, before the months
-- come): a store's batch makes no table, so no store holds up another with one.
CREATE OR REPLACE FUNCTION hq.add_months(p_ahead integer DEFAULT 2) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  t text;
  m timestamptz;
  part text;
  lo bigint;
  hi bigint;
  found_rows boolean;
  n integer := 0;
BEGIN
  FOR t IN SELECT DISTINCT table_name FROM hq.doc_columns WHERE to_regclass(format('doc.%I', table_name)) IS NOT NULL LOOP
    FOR i IN 0 .. greatest(p_ahead, 0) LOOP
      m := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i)) AT TIME ZONE 'UTC';
      part := t || '_' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM');
      lo := (extract(epoch FROM m) * 1000)::bigint;
      hi := (extract(epoch FROM m + interval '1 month') * 1000)::bigint;
      CONTINUE WHEN to_regclass(format('doc.%I', part)) IS NOT NULL;
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM doc.%I WHERE entry_at >= $1 AND entry_at < $2)', t || '_default')
        INTO found_rows USING lo, hi;
      CONTINUE WHEN found_rows;
      EXECUTE format('CREATE TABLE doc.%I PARTITION OF doc.%I FOR VALUES FROM (%s) TO (%s)', part, t, lo, hi);
      n := n + 1;
    END LOOP;
  END LOOP;
  RETURN n;
END
$$;
DROP FUNCTION IF EXISTS hq.doc_partition(text, bigint);

-- The rows of a document's entry that come from one of the store's tables.
CREATE OR REPLACE FUNCTION hq.doc_rows(p_doc jsonb, p_table text) RETURNS SETOF jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT r FROM jsonb_array_elements_text(p_doc->'tables') WITH ORDINALITY tb(name, i)
  CROSS JOIN LATERAL jsonb_array_elements(p_doc->'parts'->(tb.i::int - 1)) r WHERE tb.name = p_table
$$;

-- A store's text or whole number as posd writes it (documents' values come as text): text
-- of at most max bytes and no control characters; digits between lo and hi. Never an
-- error, whatever the store sent.
CREATE OR REPLACE FUNCTION hq.text_ok(p text, p_max integer) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(octet_length(p) <= p_max AND p !~ '[[:cntrl:]]', false)
$$;
CREATE OR REPLACE FUNCTION hq.whole(p text, lo numeric, hi numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p ~ '^-?[0-9]{1,19}$' THEN coalesce(p::numeric BETWEEN lo AND hi, false) ELSE false END
$$;

-- A store's transfers to other stores among its entries p_from..p_to: in transit, each
-- to be passed on to the store it goes to, once HQ has checked it is one posd could have
-- sent (posd's limits; its lines 1..n; their values adding up to the document's, and to
-- what its movements took); and its receipts of other stores' transfers: each to be told
-- back to the store that sent it, once it is one of a transfer sent to the store that
-- received it, adding up to what was sent.
CREATE OR REPLACE FUNCTION hq.route_transfers(p_store integer, p_from bigint, p_to bigint) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me text := (SELECT code FROM hq.stores WHERE id = p_store);
  e record;
  t hq.transfers;
  dest integer;
  why text;
BEGIN
  FOR e IN
    SELECT j.seq, j.number, j.at, h AS head,
           (SELECT jsonb_agg(l) FROM hq.doc_rows(j.doc, 'store_transfer_lines') l) AS lines,
           (SELECT -sum((m->>'value')::numeric) FROM hq.doc_rows(j.doc, 'stock_movements') m) AS moved
    FROM hq.journal j CROSS JOIN LATERAL hq.doc_rows(j.doc, 'store_transfers') h
    WHERE j.store_id = p_store AND j.seq BETWEEN p_from AND p_to AND j.doc_type = 'store_transfer'
    ORDER BY j.seq
  LOOP
    SELECT id INTO dest FROM hq.stores WHERE code = e.head->>'to_store' AND id <> p_store;
    why := CASE
      WHEN NOT hq.text_ok(e.number, 24) OR position('-' IN e.number) > 0 THEN 'a number posd does not give'
      WHEN NOT hq.text_ok(coalesce(e.head->>'note', ''), 200) OR NOT hq.text_ok(coalesce(e.head->>'user', ''), 200)
        THEN 'a note or user posd does not write'
      WHEN NOT hq.whole(e.head->>'value', 0, 100000000000000) THEN 'a value posd does not write'
      WHEN coalesce(jsonb_array_length(e.lines), 0) NOT BETWEEN 1 AND 1000 THEN 'not 1 to 1000 lines'
      WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(e.lines) WITH ORDINALITY x(l, i)
                   WHERE NOT hq.whole(l->>'line', i, i) OR NOT hq.text_ok(l->>'sku', 32) OR l->>'sku' = ''
                      OR NOT hq.whole(l->>'qty', 1, 1000000000000)
                      OR NOT hq.whole(l->>'unit_cost', 0, 100000000000000)
                      OR NOT hq.whole(l->>'value', 0, 100000000000000))
        THEN 'a line that is not one posd writes'
      WHEN (SELECT sum((l->>'value')::numeric) FROM jsonb_array_elements(e.lines) l) <> (e.head->>'value')::numeric
        OR e.moved IS DISTINCT FROM (e.head->>'value')::numeric THEN 'values that do not add up'
      WHEN dest IS NULL THEN 'no such store'
    END;
    INSERT INTO hq.transfers(store_id, number, to_store, to_store_id, at, value, lines, data, refused)
    VALUES (p_store, e.number, left(coalesce(e.head->>'to_store', ''), 32), dest, e.at,
            CASE WHEN why IS NULL THEN (e.head->>'value')::bigint ELSE 0 END, coalesce(jsonb_array_length(e.lines), 0),
            CASE WHEN why IS NULL THEN jsonb_build_object('from', me, 'number', e.number, 'at', e.at,
              'user', e.head->>'user', 'note', e.head->>'note', 'value', (e.head->>'value')::bigint,
              'lines', (SELECT jsonb_agg(jsonb_build_object('line', (l->>'line')::int, 'sku', l->>'sku',
                          'qty', (l->>'qty')::bigint, 'unit_cost', (l->>'unit_cost')::bigint, 'value', (l->>'value')::bigint)
                          ORDER BY (l->>'line')::int) FROM jsonb_array_elements(e.lines) l)) END,
            why)
    ON CONFLICT DO NOTHING;
  END LOOP;

  FOR e IN
    SELECT j.seq, j.number, j.at, h AS head,
           (SELECT jsonb_agg(l) FROM hq.doc_rows(j.doc, 'store_receipt_lines') l) AS lines
    FROM hq.journal j CROSS JOIN LATERAL hq.doc_rows(j.doc, 'store_receipts') h
    WHERE j.store_id = p_store AND j.seq BETWEEN p_from AND p_to AND j.doc_type = 'store_receipt'
    ORDER BY j.seq
  LOOP
    SELECT x.* INTO t FROM hq.transfers x JOIN hq.stores f ON f.id = x.store_id
    WHERE f.code = e.head->>'from_store' AND x.number = e.head->>'transfer_number' AND x.to_store_id = p_store
      AND x.refused IS NULL AND x.data IS NOT NULL;
    why := CASE
      WHEN NOT hq.text_ok(e.number, 24) OR position('-' IN e.number) > 0 THEN 'a number posd does not give'
      WHEN t.store_id IS NULL THEN 'no transfer of that number was sent to this store'
      WHEN t.receipt IS NOT NULL THEN 'received before, as ' || t.receipt
      WHEN NOT hq.whole(e.head->>'value', 0, 100000000000000) OR NOT hq.whole(e.head->>'short_value', 0, 100000000000000)
        OR (e.head->>'value')::numeric + (e.head->>'short_value')::numeric <> t.value
        THEN 'what arrived and what did not do not add up to what was sent'
      WHEN coalesce(jsonb_array_length(e.lines), 0) <> t.lines OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(e.lines) WITH ORDINALITY x(l, i)
        LEFT JOIN jsonb_array_elements(t.data->'lines') s ON (s->>'line')::int = i
        WHERE s IS NULL OR NOT hq.whole(l->>'line', i, i) OR NOT hq.whole(l->>'received', 0, (s->>'qty')::numeric))
        THEN 'lines that are not the transfer''s'
      -- each line brings its share of the value it left with, as posd works it out
      WHEN (SELECT sum(round((s->>'value')::numeric * (l->>'received')::numeric / (s->>'qty')::numeric))
            FROM jsonb_array_elements(e.lines) l JOIN jsonb_array_elements(t.data->'lines') s
              ON s->>'line' = l->>'line') <> (e.head->>'value')::numeric
        THEN 'what arrived is not valued as it left'
    END;
    IF why IS NOT NULL THEN
      INSERT INTO hq.transfer_anomalies(store_id, entry, number, why) VALUES (p_store, e.seq, e.number, why)
      ON CONFLICT DO NOTHING;
      CONTINUE;
    END IF;
    UPDATE hq.transfers SET receipt = e.number, received_at = e.at, received_value = (e.head->>'value')::bigint,
                            short_value = (e.head->>'short_value')::bigint,
                            arrival = jsonb_build_object('number', t.number, 'receipt', me || '-' || e.number, 'at', e.at,
                              'value', (e.head->>'value')::bigint, 'short_value', (e.head->>'short_value')::bigint,
                              'lines', (SELECT jsonb_agg(jsonb_build_object('line', (l->>'line')::int,
                                                                            'received', (l->>'received')::bigint))
                                        FROM jsonb_array_elements(e.lines) l))
    WHERE store_id = t.store_id AND number = t.number;
  END LOOP;
END
$$;

-- What HQ passes on to the calling store: transfers sent to it ('transfer', keyed
-- "S1-TS00000001"), and arrivals of those it sent ('transfer_arrived', keyed by its
-- number), until it says it has them (hq.transfers_taken); at most p_max (100) of each.
CREATE OR REPLACE FUNCTION hq.transfers_for(p_max integer)
RETURNS TABLE (kind text, key text, data jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  (SELECT 'transfer', f.code || '-' || t.number, t.data FROM hq.stores s
   JOIN hq.transfers t ON t.to_store_id = s.id AND t.passed_at IS NULL AND t.refused IS NULL
   JOIN hq.stores f ON f.id = t.store_id
   WHERE s.role = session_user ORDER BY t.at LIMIT least(greatest(p_max, 1), 100))
  UNION ALL
  (SELECT 'transfer_arrived', t.number, t.arrival FROM hq.stores s
   JOIN hq.transfers t ON t.store_id = s.id AND t.arrival IS NOT NULL AND t.told_at IS NULL
   WHERE s.role = session_user ORDER BY t.received_at LIMIT least(greatest(p_max, 1), 100))
$$;

-- The calling store has what HQ passed on ({"transfers": [keys], "arrivals": [numbers],
-- "refused": [keys of transfers it would not take]}): how many it says it has.
CREATE OR REPLACE FUNCTION hq.transfers_taken(p_taken jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s integer := (SELECT id FROM hq.stores WHERE role = session_user);
  n bigint;
  m bigint;
BEGIN
  -- rows another transaction holds are left for the next pass: no store waits on another
  UPDATE hq.transfers t SET passed_at = now(),
         refused = CASE WHEN p_taken->'refused' ? (f.code || '-' || t.number) THEN 'refused by the store' END
  FROM hq.stores f
  WHERE f.id = t.store_id AND (t.store_id, t.number) IN (
    SELECT x.store_id, x.number FROM hq.transfers x JOIN hq.stores g ON g.id = x.store_id
    WHERE x.to_store_id = s AND x.passed_at IS NULL AND x.refused IS NULL
      AND p_taken->'transfers' ? (g.code || '-' || x.number)
    FOR UPDATE OF x SKIP LOCKED);
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE hq.transfers SET told_at = now()
  WHERE (store_id, number) IN (
    SELECT x.store_id, x.number FROM hq.transfers x
    WHERE x.store_id = s AND x.told_at IS NULL AND x.arrival IS NOT NULL AND p_taken->'arrivals' ? x.number
    FOR UPDATE SKIP LOCKED);
  GET DIAGNOSTICS m = ROW_COUNT;
  RETURN n + m;
END
$$;

-- A store's entries p_from..p_to, just received: each document's rows into its tables,
-- and the summaries moved by its sales and returns.
CREATE OR REPLACE FUNCTION hq.file_documents(p_store integer, p_from bigint, p_to bigint) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT DISTINCT tb.name
    FROM hq.journal j
    CROSS JOIN LATERAL jsonb_array_elements_text(j.doc->'tables') WITH ORDINALITY tb(name, i)
    WHERE j.store_id = p_store AND j.seq BETWEEN p_from AND p_to
  LOOP
    -- only the tables posd's kinds file rows in, which posctl hq init made; a store makes
    -- none, and names no other (a partition, say)
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM hq.doc_columns WHERE table_name = t.name)
      OR to_regclass(format('doc.%I', t.name)) IS NULL;
    -- the record made once a row, in FROM: (f(x)).* would make it once a column
    EXECUTE format(
      'INSERT INTO doc.%1$I SELECT p.* FROM hq.journal j'
      ' CROSS JOIN LATERAL jsonb_array_elements_text(j.doc->''tables'') WITH ORDINALITY tb(name, i)'
      ' CROSS JOIN LATERAL jsonb_array_elements(j.doc->''parts''->(tb.i::int - 1)) WITH ORDINALITY r(row, n)'
      ' CROSS JOIN LATERAL jsonb_populate_record(NULL::doc.%1$I, r.row || jsonb_build_object(''store_id'','
      ' j.store_id, ''entry'', j.seq, ''doc_type'', j.doc_type, ''entry_at'', j.at, ''row_no'', r.n)) p'
      ' WHERE j.store_id = $1 AND j.seq BETWEEN $2 AND $3 AND tb.name = $4', t.name)
    USING p_store, p_from, p_to, t.name;
  END LOOP;

  -- each sale's and return's lines and header, by the tables they come from
  INSERT INTO hq.sales_daily AS d (store_id, day, product_id, qty, amount, tax, cost)
  SELECT j.store_id, (to_timestamp(j.at / 1000.0) AT TIME ZONE s.timezone)::date, (r->>'product_id')::bigint,
         sum(k.sign * coalesce((r->>'qty')::bigint, 0)), sum(k.sign * coalesce((r->>'amount')::bigint, 0)),
         sum(k.sign * coalesce((r->>'tax')::bigint, 0)), sum(k.sign * coalesce((r->>'cost')::bigint, 0))
  FROM hq.journal j JOIN hq.stores s ON s.id = j.store_id
  CROSS JOIN LATERAL jsonb_array_elements_text(j.doc->'tables') WITH ORDINALITY tb(name, i)
  JOIN (VALUES ('sale', 'sale_lines', 1), ('return', 'return_lines', -1)) k(doc_type, tbl, sign)
    ON k.doc_type = j.doc_type AND k.tbl = tb.name
  CROSS JOIN LATERAL jsonb_array_elements(j.doc->'parts'->(tb.i::int - 1)) r
  WHERE j.store_id = p_store AND j.seq BETWEEN p_from AND p_to AND r->>'product_id' IS NOT NULL
  GROUP BY 1, 2, 3
  ON CONFLICT (store_id, day, product_id) DO UPDATE
    SET qty = d.qty + excluded.qty, amount = d.amount + excluded.amount, tax = d.tax + excluded.tax,
        cost = d.cost + excluded.cost;

  INSERT INTO hq.stock_levels AS k (store_id, product_id, qty, value)
  SELECT j.store_id, (r->>'product_id')::bigint, sum((r->>'qty')::bigint), sum(coalesce((r->>'value')::bigint, 0))
  FROM hq.journal j
  CROSS JOIN LATERAL jsonb_array_elements_text(j.doc->'tables') WITH ORDINALITY tb(name, i)
  CROSS JOIN LATERAL jsonb_array_elements(j.doc->'parts'->(tb.i::int - 1)) r
  WHERE j.store_id = p_store AND j.seq BETWEEN p_from AND p_to AND tb.name = 'stock_movements'
    AND r->>'product_id' IS NOT NULL
  GROUP BY 1, 2
  ON CONFLICT (store_id, product_id) DO UPDATE SET qty = k.qty + excluded.qty, value = k.value + excluded.value;

  INSERT INTO hq.store_days AS d (store_id, day, sales, returns, total, tax, cost)
  SELECT j.store_id, (to_timestamp(j.at / 1000.0) AT TIME ZONE s.timezone)::date,
         count(*) FILTER (WHERE k.sign > 0), count(*) FILTER (WHERE k.sign < 0),
         sum(k.sign * coalesce((h->>'total')::bigint, 0)), sum(k.sign * coalesce((h->>'tax')::bigint, 0)),
         sum(k.sign * coalesce((h->>'cost')::bigint, 0))
  FROM hq.journal j JOIN hq.stores s ON s.id = j.store_id
  CROSS JOIN LATERAL jsonb_array_elements_text(j.doc->'tables') WITH ORDINALITY tb(name, i)
  JOIN (VALUES ('sale', 'sales', 1), ('return', 'returns', -1)) k(doc_type, tbl, sign)
    ON k.doc_type = j.doc_type AND k.tbl = tb.name
  CROSS JOIN LATERAL jsonb_array_elements(j.doc->'parts'->(tb.i::int - 1)) h
  WHERE j.store_id = p_store AND j.seq BETWEEN p_from AND p_to
  GROUP BY 1, 2
  ON CONFLICT (store_id, day) DO UPDATE
    SET sales = d.sales + excluded.sales, returns = d.returns + excluded.returns, total = d.total + excluded.total,
        tax = d.tax + excluded.tax, cost = d.cost + excluded.cost;
END
$$;
DROP FUNCTION IF EXISTS hq.doc_table(text, jsonb);
REVOKE ALL ON FUNCTION hq.doc_table(text), hq.add_months(integer),
  hq.file_documents(integer, bigint, bigint), hq.route_transfers(integer, bigint, bigint) FROM PUBLIC;

-- A batch of the calling store's catalogue ([{id, sku, name, spec, unit, category,
-- price, cost, active, updated_at}]), as the store has it now: how many rows.
CREATE OR REPLACE FUNCTION hq.catalogue(p_rows jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s integer;
  n bigint;
BEGIN
  SELECT id INTO s FROM hq.stores WHERE role = session_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'role % is no store''s', session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF jsonb_typeof(p_rows) <> 'array' OR jsonb_array_length(p_rows) > 5000 THEN
    RAISE EXCEPTION 'a catalogue batch is an array of at most 5000 products' USING ERRCODE = 'program_limit_exceeded';
  END IF;
  INSERT INTO hq.store_products AS p (store_id, id, sku, name, spec, unit, category, price, cost, active, updated_at)
  SELECT s, (r->>'id')::bigint, r->>'sku', r->>'name', coalesce(r->>'spec', ''), r->>'unit', r->>'category',
         (r->>'price')::bigint, (r->>'cost')::bigint, (r->>'active')::integer <> 0, (r->>'updated_at')::bigint
  FROM jsonb_array_elements(p_rows) r
  ON CONFLICT (store_id, id) DO UPDATE
    SET sku = excluded.sku, name = excluded.name, spec = excluded.spec, unit = excluded.unit,
        category = excluded.category, price = excluded.price, cost = excluded.cost, active = excluded.active,
        updated_at = excluded.updated_at
    WHERE p.updated_at <= excluded.updated_at;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;

-- A batch of the calling store's entries ([{seq, doc_type, doc_id, number, at, digest,
-- prev_hash, hash, doc}], in order): its last sequence number after it.
CREATE OR REPLACE FUNCTION hq.ingest(p_entries jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s hq.stores;
  e jsonb;
  n bigint;
  p_store text;
  first bigint;
BEGIN
  -- one batch of a store at a time: the cursor row is the lock (one that leaves the row's
  -- key to others, so that a change another store's batch passes on to this store waits
  -- for nothing)
  SELECT * INTO s FROM hq.stores WHERE role = session_user FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'role % is no store''s', session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  p_store := s.code;
  IF jsonb_typeof(p_entries) <> 'array' OR jsonb_array_length(p_entries) > 5000 THEN
    RAISE EXCEPTION 'a batch is an array of at most 5000 entries' USING ERRCODE = 'program_limit_exceeded';
  END IF;
  first := s.last_seq + 1;
  FOR e IN SELECT value FROM jsonb_array_elements(p_entries) LOOP
    n := (e->>'seq')::bigint;
    IF n <= s.last_seq THEN
      -- sent before: it must be the very entry HQ has, or the store's history forked
      IF NOT EXISTS (SELECT 1 FROM hq.journal j WHERE j.store_id = s.id AND j.seq = n AND j.hash = e->>'hash') THEN
        RAISE EXCEPTION 'store %: entry % is not the one received before', p_store, n
          USING ERRCODE = 'data_exception';
      END IF;
      CONTINUE;
    END IF;
    IF n <> s.last_seq + 1 OR e->>'prev_hash' IS DISTINCT FROM s.last_hash THEN
      RAISE EXCEPTION 'store %: entry % does not follow on from entry %', p_store, n, s.last_seq
        USING ERRCODE = 'data_exception';
    END IF;
    -- a month's partition for each month an entry names: none before posd, none from a clock far ahead
    IF (e->>'at')::bigint NOT BETWEEN 1577836800000 AND (extract(epoch FROM now()) * 1000)::bigint + 86400000 THEN
      RAISE EXCEPTION 'store %: entry % is dated % ms, before 2020 or more than a day past HQ''s clock', p_store, n,
        e->>'at' USING ERRCODE = 'data_exception';
    END IF;
    IF hq.chain_hash(e->>'prev_hash', e->>'doc_type', (e->>'doc_id')::bigint, e->>'number', (e->>'at')::bigint,
                     e->>'digest') IS DISTINCT FROM e->>'hash' THEN
      RAISE EXCEPTION 'store %: entry % does not hash to what it says', p_store, n USING ERRCODE = 'data_exception';
    END IF;
    INSERT INTO hq.journal(store_id, seq, doc_type, doc_id, number, at, digest, prev_hash, hash, doc)
    VALUES (s.id, n, e->>'doc_type', (e->>'doc_id')::bigint, e->>'number', (e->>'at')::bigint, e->>'digest',
            e->>'prev_hash', e->>'hash', e->'doc');
    s.last_seq := n;
    s.last_hash := e->>'hash';
  END LOOP;
  IF s.last_seq >= first THEN
    PERFORM hq.file_documents(s.id, first, s.last_seq);
    PERFORM hq.route_transfers(s.id, first, s.last_seq);
  END IF;
  UPDATE hq.stores SET last_seq = s.last_seq, last_hash = s.last_hash, updated_at = now() WHERE id = s.id;
  RETURN s.last_seq;
END
$$;

-- The last entry HQ holds of the calling store's, which says it has p_journal entries:
-- HQ sees what waits at each store, and when it last heard from it.
CREATE OR REPLACE FUNCTION hq.cursor(p_journal bigint) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  UPDATE hq.stores SET journal_last = greatest(journal_last, p_journal), contacted_at = now()
  WHERE role = session_user RETURNING last_seq
$$;

-- A change for every store, or for one (p_store, its code): its number.
CREATE OR REPLACE FUNCTION hq.publish(p_kind text, p_data jsonb, p_store text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k text := CASE p_kind WHEN 'supplier' THEN p_data->>'code' WHEN 'store' THEN p_data->>'code'
                       WHEN 'user' THEN p_data->>'name' ELSE p_data->>'sku' END;
  st integer;
  at bigint;
  new_id bigint;
BEGIN
  IF k IS NULL OR k = '' THEN
    RAISE EXCEPTION 'a % change names its %', p_kind,
      CASE p_kind WHEN 'supplier' THEN 'code' WHEN 'store' THEN 'code' WHEN 'user' THEN 'name' ELSE 'sku' END
      USING ERRCODE = 'data_exception';
  END IF;
  IF p_store IS NOT NULL THEN
    SELECT s.id INTO st FROM hq.stores s WHERE s.code = p_store;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no store %', p_store USING ERRCODE = 'data_exception';
    END IF;
  END IF;
  -- one publisher at a time: a number is taken and committed before the next is taken,
  -- so a store that has read up to n never meets a smaller one later; and the time is
  -- read once the lock is held, so a later number never has an earlier time
  LOCK TABLE hq.changes IN SHARE ROW EXCLUSIVE MODE;
  at := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  -- a price takes effect at its time, or when it is published if that has passed; a
  -- product's with it. The store keeps the price from the latest time that has come.
  IF p_kind = 'price' THEN
    at := greatest(coalesce((p_data->>'effective_at')::bigint, at), at);
  ELSIF p_kind <> 'product' THEN
    at := NULL;
  END IF;
  IF at IS NOT NULL THEN
    p_data := p_data || jsonb_build_object('effective_at', at);
  END IF;
  INSERT INTO hq.changes(store_id, kind, key, data, effective_at) VALUES (st, p_kind, k, p_data, at) RETURNING changes.id INTO new_id;
  RETURN new_id;
END
$$;
REVOKE ALL ON FUNCTION hq.publish(text, jsonb, text) FROM PUBLIC;

-- The calling store's changes after p_after, at most p_max (5000); a store learns which
-- of the chain's stores it is.
CREATE OR REPLACE FUNCTION hq.changes_for(p_after bigint, p_max integer)
RETURNS TABLE (id bigint, kind text, data jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT c.id, c.kind,
         CASE c.kind WHEN 'store' THEN c.data || jsonb_build_object('self', c.key = s.code) ELSE c.data END
  FROM hq.changes c JOIN hq.stores s ON s.role = session_user
  WHERE c.id > p_after AND (c.store_id IS NULL OR c.store_id = s.id)
  ORDER BY c.id LIMIT least(greatest(p_max, 1), 5000)
$$;

-- The changes a store refused (a price for a product it lacks, a barcode another of its
-- products holds): applied, and left out.
CREATE TABLE IF NOT EXISTS hq.refusals (
  store_id integer NOT NULL REFERENCES hq.stores(id),
  change_id bigint NOT NULL,
  PRIMARY KEY (store_id, change_id)
);

-- The calling store has applied HQ's changes up to p_version, but for those it refused:
-- the version it is current with, HQ's latest when none after p_version is the store's
-- (numbers become visible in order, so none below the latest can come later).
DROP FUNCTION IF EXISTS hq.applied(bigint);
CREATE OR REPLACE FUNCTION hq.applied(p_version bigint, p_refused bigint[]) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO hq.refusals (store_id, change_id)
  SELECT s.id, x FROM hq.stores s, unnest(p_refused) x
  WHERE s.role = session_user AND x <= p_version AND x IN (SELECT id FROM hq.changes)
  ON CONFLICT DO NOTHING;
  WITH m AS (SELECT coalesce(max(id), 0) AS top FROM hq.changes)
  UPDATE hq.stores s
  SET applied = greatest(s.applied,
                         CASE WHEN NOT EXISTS (SELECT 1 FROM hq.changes c
                                               WHERE c.id > p_version AND (c.store_id IS NULL OR c.store_id = s.id))
                              THEN m.top ELSE least(p_version, m.top) END),
      applied_at = now()
  FROM m WHERE s.role = session_user RETURNING s.applied
$$;

-- Which price each store has for each product HQ priced: the latest in force among the
-- changes the store has applied, its number, and since when.
CREATE OR REPLACE VIEW hq.store_prices AS
SELECT DISTINCT ON (s.id, c.key) s.code AS store, c.key AS sku, (c.data->>'price')::bigint AS price,
       c.id AS version, c.effective_at
FROM hq.stores s
JOIN hq.changes c ON c.id <= s.applied AND (c.store_id IS NULL OR c.store_id = s.id)
WHERE c.kind IN ('product', 'price') AND c.effective_at <= (extract(epoch FROM now()) * 1000)::bigint
  AND NOT EXISTS (SELECT 1 FROM hq.refusals f WHERE f.store_id = s.id AND f.change_id = c.id)
ORDER BY s.id, c.key, c.effective_at DESC, c.id DESC;

-- what a store's role may do, and nothing else (functions are everyone's by default)
REVOKE ALL ON FUNCTION hq.ingest(jsonb), hq.cursor(bigint), hq.catalogue(jsonb), hq.changes_for(bigint, integer),
  hq.applied(bigint, bigint[]), hq.transfers_for(integer), hq.transfers_taken(jsonb) FROM PUBLIC;

-- A store and its role (made here when new): HQ's side of posctl hq add-store.
CREATE OR REPLACE FUNCTION hq.add_store(p_code text, p_role name) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', p_role);
  END IF;
  -- a store that holds a batch open, or opens many connections, holds up no other store
  EXECUTE format('ALTER ROLE %I CONNECTION LIMIT 4', p_role);
  EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_role, '60s');
  EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', p_role, '10s');
  EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_role, '30s');
  EXECUTE format('GRANT USAGE ON SCHEMA hq TO %I', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION hq.ingest(jsonb), hq.cursor(bigint), hq.catalogue(jsonb),'
                 ' hq.changes_for(bigint, integer), hq.applied(bigint, bigint[]), hq.transfers_for(integer),'
                 ' hq.transfers_taken(jsonb) TO %I', p_role);
  IF EXISTS (SELECT 1 FROM hq.stores WHERE code = p_code OR role = p_role) THEN
    RAISE EXCEPTION 'store % (role %) is at HQ already', p_code, p_role USING ERRCODE = 'unique_violation';
  END IF;
  INSERT INTO hq.stores(code, role) VALUES (p_code, p_role);
  PERFORM hq.publish('store', jsonb_build_object('code', p_code, 'name', p_code));
END
$$;
REVOKE ALL ON FUNCTION hq.add_store(text, name) FROM PUBLIC;

-- A role that reads HQ's tables, the documents' too (those made later included): a posd
-- serving HQ's reports signs in with it. HQ's side of posctl hq add-reader.
CREATE OR REPLACE FUNCTION hq.add_reader(p_role name) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', p_role);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA hq, doc TO %I', p_role);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA hq, doc TO %I', p_role);
  -- the documents' tables are made by hq.ingest, whose owner is the role running this
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA doc GRANT SELECT ON TABLES TO %I', p_role);
END
$$;
REVOKE ALL ON FUNCTION hq.add_reader(name) FROM PUBLIC;

-- the stores of an HQ set up before a function was theirs may call it now, and learn of
-- each other
DO $$
DECLARE r name;
BEGIN
  PERFORM hq.publish('store', jsonb_build_object('code', s.code, 'name', s.code)) FROM hq.stores s
  WHERE NOT EXISTS (SELECT 1 FROM hq.changes c WHERE c.kind = 'store' AND c.key = s.code) ORDER BY s.id;
  FOR r IN SELECT role FROM hq.stores LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION hq.ingest(jsonb), hq.cursor(bigint), hq.catalogue(jsonb),'
                 ' hq.changes_for(bigint, integer), hq.applied(bigint, bigint[]), hq.transfers_for(integer),'
                 ' hq.transfers_taken(jsonb) TO %I', r);
  END LOOP;
END
$$;
