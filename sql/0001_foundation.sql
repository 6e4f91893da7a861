-- socialroll foundation: organisations, users and sessions, policies, audit.
-- @PK@ and @TABLE@ are expanded per engine by the migrator (server/db/Migrator.cpp).
-- Money is integer fen; instants are epoch seconds (or ms) in BIGINT; dates are 'YYYY-MM-DD' text.

CREATE TABLE jurisdictions (
  id @PK@,
  code VARCHAR(9) NOT NULL,
  name VARCHAR(100) NOT NULL,
  level VARCHAR(10) NOT NULL,
  parent_id BIGINT NULL,
  -- codes from the root down, "/330000/330400/330481/": scope checks are a prefix match
  path VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT jurisdictions_code UNIQUE (code),
  CONSTRAINT jurisdictions_parent FOREIGN KEY (parent_id) REFERENCES jurisdictions(id)
) @TABLE@;
CREATE INDEX jurisdictions_path ON jurisdictions(path);

CREATE TABLE agencies (
  id @PK@,
  name VARCHAR(200) NOT NULL,
  credit_code CHAR(18) NOT NULL,
  rating VARCHAR(2) NULL,
  kind VARCHAR(12) NOT NULL,
  jurisdiction_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT agencies_credit_code UNIQUE (credit_code),
  CONSTRAINT agencies_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id)
) @TABLE@;
CREATE INDEX agencies_by_jurisdiction ON agencies(jurisdiction_id);

CREATE TABLE stations (
  id @PK@,
  name VARCHAR(200) NOT NULL,
  jurisdiction_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT stations_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id),
  CONSTRAINT stations_agency FOREIGN KEY (agency_id) REFERENCES agencies(id)
) @TABLE@;
CREATE INDEX stations_by_jurisdiction ON stations(jurisdiction_id);
CREATE INDEX stations_by_agency ON stations(agency_id);

CREATE TABLE users (
  id @PK@,
  username VARCHAR(64) NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  role VARCHAR(20) NOT NULL,
  jurisdiction_id BIGINT NULL,
  agency_id BIGINT NULL,
  person_id BIGINT NULL,
  -- jurisdiction path of the user's own area or agency, for bureau scope filters
  scope_path VARCHAR(200) NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL,
  CONSTRAINT users_username UNIQUE (username),
  CONSTRAINT users_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id),
  CONSTRAINT users_agency FOREIGN KEY (agency_id) REFERENCES agencies(id)
) @TABLE@;
CREATE INDEX users_by_agency ON users(agency_id);
CREATE INDEX users_by_jurisdiction ON users(jurisdiction_id);
CREATE INDEX users_by_scope ON users(scope_path);

-- Only a SHA-256 of each bearer token is stored: a leaked table cannot be replayed.
CREATE TABLE sessions (
  id @PK@,
  user_id BIGINT NOT NULL,
  token_hash CHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NULL,
  CONSTRAINT sessions_token UNIQUE (token_hash),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users(id)
) @TABLE@;
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE policy_versions (
  id @PK@,
  jurisdiction_id BIGINT NOT NULL,
  effective_from CHAR(10) NOT NULL,
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NULL,
  CONSTRAINT policy_versions_unique UNIQUE (jurisdiction_id, effective_from),
  CONSTRAINT policy_versions_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id)
) @TABLE@;

-- Append-only, hash-chained: hash = SHA-256(prev_hash || content). audit_head holds the tip so
-- concurrent writers (even on several servers) extend the chain one at a time.
CREATE TABLE audit_log (
  seq BIGINT NOT NULL PRIMARY KEY,
  at_ms BIGINT NOT NULL,
  user_id BIGINT NULL,
  username VARCHAR(64) NOT NULL,
  role VARCHAR(20) NOT NULL,
  action VARCHAR(60) NOT NULL,
  entity VARCHAR(40) NOT NULL,
  entity_id BIGINT NULL,
  scope_path VARCHAR(200) NOT NULL,
  changes TEXT NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL
) @TABLE@;
CREATE INDEX audit_by_scope ON audit_log(scope_path, seq);

CREATE TABLE audit_head (
  id INTEGER NOT NULL PRIMARY KEY,
  last_seq BIGINT NOT NULL,
  last_hash CHAR(64) NOT NULL
) @TABLE@;
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
