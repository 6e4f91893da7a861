-- Issue #17: a fund recovery (追回资金) is a record on the purchase contract whose funds are taken
-- back, not free text. A sanction of kind fund_recovery now names the contract and the recovery it
-- is; a recovery is one sanction (unique), whichever screen recorded it. Rows recorded before keep
-- their free-text contract_ref and have neither.
ALTER TABLE agency_sanctions ADD COLUMN contract_id BIGINT NULL;
ALTER TABLE agency_sanctions ADD COLUMN recovery_id BIGINT NULL;
CREATE UNIQUE INDEX sanctions_one_per_recovery ON agency_sanctions(recovery_id);
