-- Pay: salary scales (posts × grades, versioned per jurisdiction), annual assessments and the
-- increment runs they drive.

-- The scale in force for a station on a date: the newest version effective on or before it, of
-- the station's own jurisdiction or else the nearest ancestor that has one.
CREATE TABLE salary_scales (
  id @PK@,
  jurisdiction_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  effective_from CHAR(10) NOT NULL,
  grades INTEGER NOT NULL,
  illustrative INTEGER NOT NULL,
  -- {"posts":[{"code","name"}],"amounts_fen":[[...]]}
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NULL,
  CONSTRAINT salary_scales_version UNIQUE (jurisdiction_id, effective_from),
  CONSTRAINT salary_scales_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id)
) @TABLE@;

-- A personal pay factor in basis points (10000 = the scale amount): percent raises compound here.
ALTER TABLE employments ADD COLUMN pay_factor_bp INTEGER NOT NULL DEFAULT 10000;
ALTER TABLE assignments ADD COLUMN pay_factor_bp INTEGER NOT NULL DEFAULT 10000;

CREATE TABLE assessments (
  id @PK@,
  employment_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  rating VARCHAR(12) NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NULL,
  CONSTRAINT assessments_one_per_year UNIQUE (employment_id, year),
  CONSTRAINT assessments_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;

-- One increment run per agency and year: the unique key makes a second run a no-op.
CREATE TABLE increment_runs (
  id @PK@,
  agency_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  effective_on CHAR(10) NOT NULL,
  changes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NULL,
  CONSTRAINT increment_runs_once UNIQUE (agency_id, year),
  CONSTRAINT increment_runs_agency FOREIGN KEY (agency_id) REFERENCES agencies(id)
) @TABLE@;
