-- Issue #13, finding 8: who set an account's disabled state, as a rank (admin 4, bureau 3, agency
-- admin 2, payroll officer 1), so a lower role never undoes it.
ALTER TABLE users ADD COLUMN state_rank INTEGER NULL;
