-- Issue #11: contributions are charged on a base fixed per person and year, clamped to the place's
-- separate social-insurance and housing-fund limits; the agency's own contributions are computed
-- and kept with each payslip, beside the bases they were charged on.
ALTER TABLE payslips ADD COLUMN si_base_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN hf_base_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN employer_pension_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN employer_medical_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN employer_unemployment_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN employer_injury_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN employer_housing_fund_fen BIGINT NOT NULL DEFAULT 0;
-- Months paid this year with this employer, carried like the other ytd_* columns: last year's
-- average monthly gross is its income over the months actually paid (0 on older payslips).
ALTER TABLE payslips ADD COLUMN ytd_paid_months INTEGER NOT NULL DEFAULT 0;

-- A base the agency declares for an employment and year (PUT /employments/{id}/contribution-base);
-- without one the run computes it. One row per employment and year: the unique key makes
-- concurrent first declarations one row, later ones conditional updates.
CREATE TABLE contribution_bases (
  id @PK@,
  employment_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  social_insurance_base_fen BIGINT NOT NULL,
  housing_fund_base_fen BIGINT NOT NULL,
  set_at BIGINT NOT NULL,
  set_by BIGINT NULL,
  CONSTRAINT contribution_bases_one UNIQUE (employment_id, year),
  CONSTRAINT contribution_bases_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;

-- A first job pays no housing fund in its first month (住房公积金管理条例 Art. 15); said on the hire.
ALTER TABLE employments ADD COLUMN first_job INTEGER NOT NULL DEFAULT 0;
