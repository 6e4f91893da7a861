-- Issue #13, finding 7: an account whose password someone else set (an agency making a worker's
-- account) must set its own at first sign-in; until then only GET /me, PUT /me/password and
-- logout answer.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
