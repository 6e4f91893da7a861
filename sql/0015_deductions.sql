-- Issue #11: special additional deductions by category, month range and year. A year's declaration
-- (a row of deduction_years, made by PUT /employments/{id}/deductions or by confirming last year's)
-- holds its items; a year without one deducts nothing (操作办法 Art. 27: unconfirmed in December,
-- deduction pauses from January). The row is also what concurrent declarations serialise on.
CREATE TABLE deduction_years (
  id @PK@,
  employment_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  confirmed_from_previous INTEGER NOT NULL DEFAULT 0,
  set_at BIGINT NOT NULL,
  set_by BIGINT NULL,
  CONSTRAINT deduction_years_one UNIQUE (employment_id, year),
  CONSTRAINT deduction_years_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
CREATE TABLE deduction_items (
  id @PK@,
  employment_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  category VARCHAR(40) NOT NULL,
  monthly_fen BIGINT NOT NULL,
  from_month CHAR(7) NOT NULL,
  to_month CHAR(7) NOT NULL,
  CONSTRAINT deduction_items_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
CREATE INDEX deduction_items_by_employment ON deduction_items(employment_id, year);

-- A monthly lump sum declared before categories existed becomes this year's (2026, when this
-- change shipped) unspecified item for the whole year, as it was applied.
INSERT INTO deduction_years (employment_id, year, set_at)
  SELECT id, 2026, updated_at FROM employments WHERE special_deductions_fen > 0;
INSERT INTO deduction_items (employment_id, year, category, monthly_fen, from_month, to_month)
  SELECT id, 2026, 'unspecified', special_deductions_fen, '2026-01', '2026-12' FROM employments
  WHERE special_deductions_fen > 0;
