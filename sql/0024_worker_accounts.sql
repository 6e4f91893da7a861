-- Issue #15: an agency sees and manages the accounts it made for its workers. A worker's account
-- is scoped to the person; the agency that made it is kept beside (NULL: made by an administrator,
-- or before this migration).
ALTER TABLE users ADD COLUMN employer_agency_id BIGINT NULL;
