-- Issue #11, contracts that end: a third consecutive fixed term is concluded only when the worker
-- asked for one (Labor Contract Law Art. 14(3)); the contract records that they did.
ALTER TABLE contracts ADD COLUMN worker_requested_fixed_term INTEGER NOT NULL DEFAULT 0;
-- The end date for which an expired contract (past its end, neither renewed nor ended) was filed
-- with the bureau as a departure: filed once per end date, by whichever server sweeps first.
ALTER TABLE employments ADD COLUMN expiry_filed_on CHAR(10) NULL;
