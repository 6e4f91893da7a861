-- Discipline: misconduct cases for the bureau of the station's jurisdiction, and the bureau's
-- reviews of automatic flags.
-- kind: early_leaving | late_leaving (opened by the system from a resignation) | reported (by the agency).
-- status: open | dismissed | listed. appeal_status: NULL (none) | pending | upheld | rejected.
CREATE TABLE misconduct_cases (
  id @PK@,
  kind VARCHAR(20) NOT NULL,
  status VARCHAR(20) NOT NULL,
  employment_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  station_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  resignation_id BIGINT NULL,
  category VARCHAR(40) NULL,
  description VARCHAR(2000) NOT NULL,
  evidence VARCHAR(4000) NULL,
  occurred_on CHAR(10) NOT NULL,
  opened_on CHAR(10) NOT NULL,
  decision_reason VARCHAR(1000) NULL,
  decided_on CHAR(10) NULL,
  decided_by BIGINT NULL,
  blacklist_entry_id BIGINT NULL,
  appeal_note VARCHAR(4000) NULL,
  appealed_on CHAR(10) NULL,
  appeal_status VARCHAR(20) NULL,
  appeal_reason VARCHAR(1000) NULL,
  appeal_decided_on CHAR(10) NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- A resignation opens at most one case of each kind, however many servers sweep for them.
  CONSTRAINT cases_one_per_resignation UNIQUE (resignation_id, kind),
  CONSTRAINT cases_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
CREATE INDEX cases_by_path ON misconduct_cases(jurisdiction_path, status);
CREATE INDEX cases_by_agency ON misconduct_cases(agency_id, id);
CREATE INDEX cases_by_person ON misconduct_cases(person_id);

-- A bureau's review of an automatic flag (flags themselves are computed, never stored). The key
-- names the flag: kind, subject and year, e.g. "turnover:agency:12:2026".
CREATE TABLE flag_reviews (
  id @PK@,
  flag_key VARCHAR(100) NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  note VARCHAR(1000) NOT NULL,
  reviewed_on CHAR(10) NOT NULL,
  reviewed_by BIGINT NULL,
  created_at BIGINT NOT NULL
) @TABLE@;
CREATE INDEX flag_reviews_by_key ON flag_reviews(flag_key);
