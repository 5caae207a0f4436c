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
CREATE SCHEMA IF NOT EXISTS hq;

CREATE TABLE IF NOT EXISTS hq.stores (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  role name NOT NULL UNIQUE,
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

-- A batch of the calling store's entries ([{seq, doc_type, doc_id, number, at, digest,
-- prev_hash, hash, doc}], in order): its last sequence number after it.
CREATE OR REPLACE FUNCTION hq.ingest(p_entries jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s hq.stores;
  e jsonb;
  n bigint;
  p_store text;
BEGIN
  -- one batch of a store at a time: the cursor row is the lock
  SELECT * INTO s FROM hq.stores WHERE role = session_user FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'role % is no store''s', session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  p_store := s.code;
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

-- The last entry HQ holds of the calling store's.
CREATE OR REPLACE FUNCTION hq.cursor() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT last_seq FROM hq.stores WHERE role = session_user
$$;

-- what a store's role may do, and nothing else (functions are everyone's by default)
REVOKE ALL ON FUNCTION hq.ingest(jsonb), hq.cursor() FROM PUBLIC;

-- A store and its role (made here when new): HQ's side of posctl hq add-store.
CREATE OR REPLACE FUNCTION hq.add_store(p_code text, p_role name) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', p_role);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA hq TO %I', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION hq.ingest(jsonb), hq.cursor() TO %I', p_role);
  IF EXISTS (SELECT 1 FROM hq.stores WHERE code = p_code OR role = p_role) THEN
    RAISE EXCEPTION 'store % (role %) is at HQ already', p_code, p_role USING ERRCODE = 'unique_violation';
  END IF;
  INSERT INTO hq.stores(code, role) VALUES (p_code, p_role);
END
$$;
REVOKE ALL ON FUNCTION hq.add_store(text, name) FROM PUBLIC;
