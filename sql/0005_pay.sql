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

-- The worker's declared special additional deductions per month (infant care, children's
-- education, elderly support...), used by payroll runs computed after the declaration.
ALTER TABLE employments ADD COLUMN special_deductions_fen BIGINT NOT NULL DEFAULT 0;

-- Other allowances (taxable, in gross) and deductions (before tax) entered for one period.
CREATE TABLE pay_items (
  id @PK@,
  employment_id BIGINT NOT NULL,
  period CHAR(7) NOT NULL,
  kind VARCHAR(10) NOT NULL,
  name VARCHAR(100) NOT NULL,
  amount_fen BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NULL,
  CONSTRAINT pay_items_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
CREATE INDEX pay_items_by_period ON pay_items(period, employment_id);

-- status: computing | draft | approved | paid | failed. regular_key is "agency:period" for the
-- regular run and NULL otherwise: the unique key lets many concurrent creates make exactly one.
CREATE TABLE payroll_runs (
  id @PK@,
  agency_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  period CHAR(7) NOT NULL,
  kind VARCHAR(12) NOT NULL,
  adjusts_run_id BIGINT NULL,
  regular_key VARCHAR(40) NULL,
  status VARCHAR(12) NOT NULL,
  progress_done INTEGER NOT NULL,
  progress_total INTEGER NOT NULL,
  error VARCHAR(1000) NULL,
  totals TEXT NULL,
  -- refreshed while a server computes the run: a stale one belongs to a server that died
  heartbeat_at BIGINT NULL,
  created_by BIGINT NULL,
  approved_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  computed_at BIGINT NULL,
  approved_at BIGINT NULL,
  paid_at BIGINT NULL,
  CONSTRAINT payroll_runs_one_regular UNIQUE (regular_key),
  CONSTRAINT payroll_runs_agency FOREIGN KEY (agency_id) REFERENCES agencies(id)
) @TABLE@;
CREATE INDEX payroll_runs_by_agency ON payroll_runs(agency_id, period);

-- One per employment and run. The ytd_* columns carry the year so far into next month's run.
CREATE TABLE payslips (
  id @PK@,
  run_id BIGINT NOT NULL,
  employment_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  station_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  period CHAR(7) NOT NULL,
  paid_days INTEGER NOT NULL,
  base_fen BIGINT NOT NULL,
  allowances_fen BIGINT NOT NULL,
  gross_fen BIGINT NOT NULL,
  pension_fen BIGINT NOT NULL,
  medical_fen BIGINT NOT NULL,
  unemployment_fen BIGINT NOT NULL,
  housing_fund_fen BIGINT NOT NULL,
  special_deductions_fen BIGINT NOT NULL,
  other_deductions_fen BIGINT NOT NULL,
  taxable_ytd_fen BIGINT NOT NULL,
  iit_fen BIGINT NOT NULL,
  net_fen BIGINT NOT NULL,
  ytd_income_fen BIGINT NOT NULL,
  ytd_insurance_fen BIGINT NOT NULL,
  ytd_special_fen BIGINT NOT NULL,
  ytd_other_fen BIGINT NOT NULL,
  ytd_tax_fen BIGINT NOT NULL,
  months_employed INTEGER NOT NULL,
  CONSTRAINT payslips_one_per_run UNIQUE (run_id, employment_id),
  CONSTRAINT payslips_run FOREIGN KEY (run_id) REFERENCES payroll_runs(id)
) @TABLE@;
CREATE INDEX payslips_by_employment ON payslips(employment_id, period);
