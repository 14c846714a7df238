-- Helpers shared by the benchmark's generated datasets (dataset.sql, memory.sql): session-local
-- functions (pg_temp), so nothing is left in the schema.

-- Deterministic uuid from a text seed.
CREATE FUNCTION pg_temp.uid(seed text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
  $$ SELECT md5(seed)::uuid $$;

-- A well-formed bcrypt-looking hash ($2b$12$ + 53 chars of ./A-Za-z0-9), or a truncated one (the
-- production defect) for every 1000th user, so `verify-hash --all` has something to report.
CREATE FUNCTION pg_temp.fake_hash(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN i % 1000 = 0
    THEN left('$2b$12$' || left(translate(encode(sha512(i::text::bytea), 'base64'), '+', '.'), 53), 50)
    ELSE '$2b$12$' || left(translate(encode(sha512(i::text::bytea), 'base64'), '+', '.'), 53) END $$;
