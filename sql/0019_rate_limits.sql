-- Issue #13, findings 2 and 3: throttling instead of lockout. One row per limited key (a hash of
-- "login|account|address", "login|address|...", "id-search|user|..."): hits in the current window
-- and until when the key must wait. Kept by server/common/RateLimit.cpp; shared by every server.
CREATE TABLE rate_limits (
  key_hash VARCHAR(64) NOT NULL,
  hits INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  blocked_until BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT rate_limits_pk PRIMARY KEY (key_hash)
) @TABLE@;
CREATE INDEX rate_limits_by_window ON rate_limits(window_start);
