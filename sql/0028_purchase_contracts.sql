-- Issue #17: the bureau's contracts buying a station's service from an agency (政府购买服务合同).
-- Kept by the bureau of jurisdiction_path (and those above it); the agency reads its own.
-- status: signed | active | ended | terminated. sources: JSON [{"source", "pct"}] adding up to 100.
-- schedule: how the funds are paid out (monthly | quarterly | half_yearly | yearly), NULL when the
-- contract fixes none. ended_on: the last day of service of an ended or terminated contract.
CREATE TABLE purchase_contracts (
  id @PK@,
  jurisdiction_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  agency_id BIGINT NOT NULL,
  reference VARCHAR(100) NULL,
  start_date CHAR(10) NOT NULL,
  end_date CHAR(10) NOT NULL,
  annual_standard_fen BIGINT NOT NULL,
  sources VARCHAR(1000) NOT NULL,
  schedule VARCHAR(20) NULL,
  status VARCHAR(20) NOT NULL,
  ended_on CHAR(10) NULL,
  end_reason VARCHAR(1000) NULL,
  renewed_from BIGINT NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- A contract is renewed once: two renewals sent at once make one new contract.
  CONSTRAINT purchase_contracts_one_renewal UNIQUE (renewed_from),
  CONSTRAINT purchase_contracts_agency FOREIGN KEY (agency_id) REFERENCES agencies(id),
  CONSTRAINT purchase_contracts_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id)
) @TABLE@;
CREATE INDEX purchase_contracts_by_path ON purchase_contracts(jurisdiction_path, id);
CREATE INDEX purchase_contracts_by_agency ON purchase_contracts(agency_id, id);

-- The stations a contract covers, each from from_date to to_date (the contract's term, cut short
-- when it is terminated or the station is handed over). seq numbers a station's contracts: a new
-- one takes the next number after reading the station's others, so two contracts recorded at once
-- from the same reading collide on station_contract_seq and the later one reads again. The
-- database thereby keeps a station's contracts from overlapping on every server.
CREATE TABLE purchase_contract_stations (
  id @PK@,
  contract_id BIGINT NOT NULL,
  station_id BIGINT NOT NULL,
  seq INT NOT NULL,
  funded_posts INT NOT NULL,
  from_date CHAR(10) NOT NULL,
  to_date CHAR(10) NOT NULL,
  CONSTRAINT station_contract_seq UNIQUE (station_id, seq),
  CONSTRAINT contract_station_once UNIQUE (contract_id, station_id),
  CONSTRAINT purchase_contract_stations_contract FOREIGN KEY (contract_id) REFERENCES purchase_contracts(id),
  CONSTRAINT purchase_contract_stations_station FOREIGN KEY (station_id) REFERENCES stations(id)
) @TABLE@;
