-- Issue #10: money is never lost, doubled or redirected.

-- Four eyes that hold. An agency admin made by another agency admin may not approve runs or
-- download bank files until the bureau over the agency confirms them; admins the bureau (or the
-- system admin) creates are confirmed. Existing agency admins whose creation the audit log
-- attributes to an agency admin start unconfirmed: that is exactly the hole being closed.
ALTER TABLE users ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN confirmed_by BIGINT NULL;
ALTER TABLE users ADD COLUMN confirmed_at BIGINT NULL;
UPDATE users SET confirmed = 0 WHERE role = 'agency_admin' AND id IN
  (SELECT entity_id FROM audit_log WHERE action = 'user.create' AND entity = 'user' AND role = 'agency_admin');

-- Fenced payroll runs. lease_token is the writer's lease on a computing run: every chunk write
-- and the final state change require it (and status 'computing') to hold, so a writer that was
-- paused while another server failed its run can no longer write. lease_instance names the server
-- that holds it, so a restarted server fails its own previous incarnation's runs at once.
-- expected_payslips is what the computation set out to write: a run leaves 'computing' only when
-- the payslips it holds are exactly that many.
ALTER TABLE payroll_runs ADD COLUMN lease_token VARCHAR(64) NULL;
ALTER TABLE payroll_runs ADD COLUMN lease_instance VARCHAR(200) NULL;
ALTER TABLE payroll_runs ADD COLUMN expected_payslips INTEGER NULL;

-- One open resignation per employment, enforced by the database: open_key is the employment's id
-- while the resignation is pending or has its replacement, NULL once completed or withdrawn.
-- Four identical notices at once left two pending on MariaDB before (issue #10). Where that
-- already happened, the newest open one keeps the key.
ALTER TABLE resignations ADD COLUMN open_key BIGINT NULL;
UPDATE resignations SET open_key = employment_id WHERE id IN
  (SELECT id FROM (SELECT MAX(id) AS id FROM resignations WHERE status IN ('pending', 'replacement_found')
                   GROUP BY employment_id) newest);
CREATE UNIQUE INDEX resignations_one_open ON resignations(open_key);

-- Frozen payment facts. The bank account and phone an employer pays and reaches a worker by
-- belong to the employment, not to the shared person record another employer's hire used to
-- overwrite (a former employer's November bank file paid the new employer's account). A payslip
-- seals the account it pays when computed, so an approved run's bank file never changes.
ALTER TABLE employments ADD COLUMN bank_sealed VARCHAR(200) NULL;
ALTER TABLE employments ADD COLUMN bank_masked VARCHAR(40) NULL;
ALTER TABLE employments ADD COLUMN phone VARCHAR(20) NULL;
UPDATE employments SET bank_sealed = (SELECT p.bank_sealed FROM persons p WHERE p.id = employments.person_id),
                       bank_masked = (SELECT p.bank_masked FROM persons p WHERE p.id = employments.person_id),
                       phone = (SELECT p.phone FROM persons p WHERE p.id = employments.person_id);
ALTER TABLE payslips ADD COLUMN bank_sealed VARCHAR(200) NULL;
UPDATE payslips SET bank_sealed = (SELECT e.bank_sealed FROM employments e WHERE e.id = payslips.employment_id);
