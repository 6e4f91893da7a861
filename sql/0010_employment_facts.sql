-- Issue #10, finding 2: another employer's hire overwrote the education a former employer's records
-- showed. The education and social-work major a hire was made on belong to that employment, as its
-- bank account and phone do (0008); existing employments take the registry's current values.
ALTER TABLE employments ADD COLUMN education VARCHAR(20) NULL;
ALTER TABLE employments ADD COLUMN social_work_major INTEGER NULL;
UPDATE employments SET education = (SELECT p.education FROM persons p WHERE p.id = employments.person_id),
  social_work_major = (SELECT p.social_work_major FROM persons p WHERE p.id = employments.person_id);

-- An employment's bank account changes only by its employer (PUT /employments/{id}/bank-account);
-- each account it replaces is kept here, so what any payslip paid can be traced (issue #10).
CREATE TABLE employment_accounts (
  id @PK@,
  employment_id BIGINT NOT NULL,
  bank_sealed VARCHAR(200) NULL,
  bank_masked VARCHAR(40) NULL,
  replaced_at BIGINT NOT NULL,
  replaced_by BIGINT NULL,
  CONSTRAINT employment_accounts_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
CREATE INDEX employment_accounts_by_employment ON employment_accounts(employment_id, id);
