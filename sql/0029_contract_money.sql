-- Issue #17: the money of a purchase contract. A disbursement is funds paid to the agency from one
-- source, under its payment voucher (凭证号); a recovery is funds the bureau takes back for a rule
-- broken, under its decision's reference (文号). Both are append-only records on the contract. A
-- reference is recorded once per contract, so a request sent twice cannot pay or recover twice.
-- rule: late_filings | understaffed | unfilled_posts | failed_evaluation | misuse_of_funds | other.
CREATE TABLE contract_disbursements (
  id @PK@,
  contract_id BIGINT NOT NULL,
  source VARCHAR(20) NOT NULL,
  amount_fen BIGINT NOT NULL,
  paid_on CHAR(10) NOT NULL,
  installment_due_on CHAR(10) NULL,
  voucher VARCHAR(100) NOT NULL,
  note VARCHAR(500) NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT contract_disbursement_once UNIQUE (contract_id, voucher),
  CONSTRAINT contract_disbursements_contract FOREIGN KEY (contract_id) REFERENCES purchase_contracts(id)
) @TABLE@;

CREATE TABLE contract_recoveries (
  id @PK@,
  contract_id BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  rule VARCHAR(40) NOT NULL,
  basis VARCHAR(600) NULL,
  reason VARCHAR(1000) NOT NULL,
  decided_on CHAR(10) NOT NULL,
  reference VARCHAR(100) NOT NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT contract_recovery_once UNIQUE (contract_id, reference),
  CONSTRAINT contract_recoveries_contract FOREIGN KEY (contract_id) REFERENCES purchase_contracts(id)
) @TABLE@;
