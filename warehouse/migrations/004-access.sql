-- Who may see what. Passwords and tokens are stored only as hashes.
CREATE TABLE users (
  username      VARCHAR PRIMARY KEY,
  password_hash VARCHAR NOT NULL,
  role          VARCHAR NOT NULL CHECK (role IN ('admin', 'viewer', 'inspector', 'unit')),
  -- an inspector is bound to one team, a unit account to one unit
  team_id       INTEGER,
  unit_code     VARCHAR,
  created_at    TIMESTAMPTZ NOT NULL,
  CHECK ((role = 'inspector') = (team_id IS NOT NULL)),
  CHECK ((role = 'unit') = (unit_code IS NOT NULL))
);

-- A session is known by the SHA-256 of its id; the id itself lives only in the signed cookie.
CREATE TABLE sessions (
  id_hash    VARCHAR PRIMARY KEY,
  username   VARCHAR NOT NULL,
  csrf_token VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);

-- API tokens for scripts and the planning department's systems: the user's rights.
CREATE TABLE api_tokens (
  token_id     VARCHAR PRIMARY KEY,
  username     VARCHAR NOT NULL,
  token_hash   VARCHAR NOT NULL,
  label        VARCHAR,
  created_at   TIMESTAMPTZ NOT NULL,
  last_used_at TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ
);

CREATE TABLE audit_log (
  occurred_at TIMESTAMPTZ NOT NULL,
  actor   VARCHAR,
  action  VARCHAR NOT NULL,
  target  VARCHAR,
  ip      VARCHAR,
  details VARCHAR
);
