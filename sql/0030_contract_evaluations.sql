-- Issue #17: evaluations of purchase contracts. A scheme is data of a jurisdiction, versioned by
-- the day it takes effect: indicators with weights and maximum scores, a pass mark, and tiers
-- with funding factors (Hunan: 1.0 / 2.0 / 3.0) or none (pass/fail, Jinan), and whether a fail
-- proposes ending the contract (经评估不合格的,终止政府购买服务合同). body: the scheme as JSON.
CREATE TABLE evaluation_schemes (
  id @PK@,
  jurisdiction_id BIGINT NOT NULL,
  effective_from CHAR(10) NOT NULL,
  body TEXT NOT NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT evaluation_scheme_version UNIQUE (jurisdiction_id, effective_from),
  CONSTRAINT evaluation_schemes_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id)
) @TABLE@;

-- One evaluation of a contract per year (a unique key: the same evaluation sent twice is one).
-- score_hundredths: the weighted score out of 100, in hundredths. outcome: pass | fail. tier and
-- funding_factor_hundredths (100 = 1.0) when the scheme has tiers: the factor funds the next
-- year. proposal: NULL, or for a fail under a scheme that ends contracts: proposed, then confirmed
-- (the contract terminated) or dismissed by the bureau.
CREATE TABLE contract_evaluations (
  id @PK@,
  contract_id BIGINT NOT NULL,
  year INT NOT NULL,
  scheme_id BIGINT NOT NULL,
  scores TEXT NOT NULL,
  score_hundredths BIGINT NOT NULL,
  outcome VARCHAR(10) NOT NULL,
  tier VARCHAR(50) NULL,
  funding_factor_hundredths BIGINT NULL,
  proposal VARCHAR(12) NULL,
  evaluated_on CHAR(10) NOT NULL,
  note VARCHAR(1000) NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT contract_evaluation_once UNIQUE (contract_id, year),
  CONSTRAINT contract_evaluations_contract FOREIGN KEY (contract_id) REFERENCES purchase_contracts(id),
  CONSTRAINT contract_evaluations_scheme FOREIGN KEY (scheme_id) REFERENCES evaluation_schemes(id)
) @TABLE@;
