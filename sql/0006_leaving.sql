-- Leaving: resignations with their notice dates (the law's, the policy's, the latest) and state.
-- status: pending | replacement_found | completed | withdrawn.
CREATE TABLE resignations (
  id @PK@,
  employment_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  notice_date CHAR(10) NOT NULL,
  requested_last_day CHAR(10) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  in_probation INTEGER NOT NULL,
  statutory_date CHAR(10) NOT NULL,
  policy_date CHAR(10) NOT NULL,
  latest_date CHAR(10) NULL,
  status VARCHAR(20) NOT NULL,
  replacement_employment_id BIGINT NULL,
  last_day CHAR(10) NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CONSTRAINT resignations_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
CREATE INDEX resignations_by_employment ON resignations(employment_id);
CREATE INDEX resignations_by_agency ON resignations(agency_id, id);

-- Sanctions on agencies, issued by the bureau: yellow cards (黄牌警告) and recoveries of contract
-- funds (amount in fen). Visible to the agency.
CREATE TABLE agency_sanctions (
  id @PK@,
  agency_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  kind VARCHAR(20) NOT NULL,
  amount_fen BIGINT NULL,
  reason VARCHAR(500) NOT NULL,
  contract_ref VARCHAR(100) NULL,
  issued_on CHAR(10) NOT NULL,
  issued_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT sanctions_agency FOREIGN KEY (agency_id) REFERENCES agencies(id)
) @TABLE@;
CREATE INDEX sanctions_by_agency ON agency_sanctions(agency_id, id);
