-- Issue #15: a policy version shows who changed it by name, as they were called then (the
-- policy module reads no users table; NULL for versions stored before).
ALTER TABLE policy_versions ADD COLUMN created_by_username VARCHAR(64) NULL;
