-- HQ's schema: every store's journal, exactly once. A store sends its journal entries in
-- order, in batches, through hq.ingest(): one transaction that takes the entries that
-- follow on from the store's last one (sequence and previous hash, the hash recomputed
-- here), ignores those it has already, refuses anything else whole, and moves the
-- store's cursor with them. The store marks entries sent only after that commit, so a
-- batch lost on the way, or sent twice, neither loses nor doubles an entry.
CREATE SCHEMA IF NOT EXISTS hq;

CREATE TABLE IF NOT EXISTS hq.stores (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  last_seq bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  updated_at timestamptz
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

-- A batch of a store's entries ([{seq, doc_type, doc_id, number, at, digest, prev_hash,
-- hash, doc}], in order): the store's last sequence number after it.
CREATE OR REPLACE FUNCTION hq.ingest(p_store text, p_entries jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  s hq.stores;
  e jsonb;
  n bigint;
BEGIN
  -- one batch of a store at a time: the cursor row is the lock
  SELECT * INTO s FROM hq.stores WHERE code = p_store FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no store %', p_store USING ERRCODE = 'no_data_found';
  END IF;
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
  UPDATE hq.stores SET last_seq = s.last_seq, last_hash = s.last_hash, updated_at = now() WHERE id = s.id;
  RETURN s.last_seq;
END
$$;
