-- Issue #15: checking the audit chain is a job with progress (a province's log takes minutes),
-- kept here so any server answers for it. `running` is 1 while it runs and NULL after: its unique
-- key lets one check run at a time, however many are asked for at once.
CREATE TABLE audit_verifications (
  id @PK@,
  requested_by BIGINT NULL,
  requested_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  running INTEGER NULL,
  state VARCHAR(16) NOT NULL,
  total BIGINT NOT NULL,
  checked BIGINT NOT NULL DEFAULT 0,
  ok INTEGER NULL,
  first_bad_seq BIGINT NULL,
  problem VARCHAR(500) NULL,
  finished_at BIGINT NULL,
  CONSTRAINT audit_verifications_one_running UNIQUE (running)
) @TABLE@;
