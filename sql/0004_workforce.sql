-- Workforce: the person registry, employments with their contracts and assignments, filings
-- with the bureau, the cross-agency blacklist, certificates and continuing education.
-- ID numbers and bank accounts are stored sealed (AES-256-GCM, server/common/DataProtection.h)
-- and found through a keyed hash; only masked forms are stored in the clear.

-- One row per key the server has used: a server started with another key refuses to run.
CREATE TABLE data_protection (
  id INTEGER NOT NULL PRIMARY KEY,
  key_check CHAR(32) NOT NULL
) @TABLE@;

CREATE TABLE persons (
  id @PK@,
  id_hash CHAR(64) NOT NULL,
  id_sealed VARCHAR(200) NOT NULL,
  id_masked VARCHAR(18) NOT NULL,
  name VARCHAR(100) NOT NULL,
  birth_date CHAR(10) NOT NULL,
  sex CHAR(1) NOT NULL,
  education VARCHAR(10) NOT NULL,
  social_work_major INTEGER NOT NULL,
  phone VARCHAR(20) NULL,
  bank_sealed VARCHAR(200) NULL,
  bank_masked VARCHAR(40) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CONSTRAINT persons_id_hash UNIQUE (id_hash)
) @TABLE@;

-- state is employed | notice | ended; probation vs active is derived from probation_end.
-- active_person_id equals person_id until the employment ends, then NULL: the unique key makes
-- "one active employment per person" hold even for two hires racing on two servers.
CREATE TABLE employments (
  id @PK@,
  person_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  station_id BIGINT NOT NULL,
  -- the station's jurisdiction path, for bureau scope
  jurisdiction_path VARCHAR(200) NOT NULL,
  post VARCHAR(20) NOT NULL,
  grade INTEGER NOT NULL,
  state VARCHAR(10) NOT NULL,
  start_date CHAR(10) NOT NULL,
  end_date CHAR(10) NULL,
  probation_end CHAR(10) NULL,
  probation_pay_pct INTEGER NOT NULL,
  active_person_id BIGINT NULL,
  ended_on CHAR(10) NULL,
  end_reason VARCHAR(40) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CONSTRAINT employments_one_active UNIQUE (active_person_id),
  CONSTRAINT employments_person FOREIGN KEY (person_id) REFERENCES persons(id),
  CONSTRAINT employments_agency FOREIGN KEY (agency_id) REFERENCES agencies(id),
  CONSTRAINT employments_station FOREIGN KEY (station_id) REFERENCES stations(id)
) @TABLE@;
CREATE INDEX employments_by_person ON employments(person_id);
CREATE INDEX employments_by_agency ON employments(agency_id, id);
CREATE INDEX employments_by_station ON employments(station_id);
CREATE INDEX employments_by_path ON employments(jurisdiction_path);

-- Every contract term: the first and each renewal. Never updated.
CREATE TABLE contracts (
  id @PK@,
  employment_id BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  kind VARCHAR(10) NOT NULL,
  start_date CHAR(10) NOT NULL,
  end_date CHAR(10) NULL,
  probation_months INTEGER NOT NULL,
  probation_end CHAR(10) NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT contracts_seq UNIQUE (employment_id, seq),
  CONSTRAINT contracts_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;

-- Station, post and grade from a date on. The one in force on a day is the latest on or before it.
CREATE TABLE assignments (
  id @PK@,
  employment_id BIGINT NOT NULL,
  effective_on CHAR(10) NOT NULL,
  station_id BIGINT NOT NULL,
  post VARCHAR(20) NOT NULL,
  grade INTEGER NOT NULL,
  reason VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT assignments_one_per_day UNIQUE (employment_id, effective_on),
  CONSTRAINT assignments_employment FOREIGN KEY (employment_id) REFERENCES employments(id),
  CONSTRAINT assignments_station FOREIGN KEY (station_id) REFERENCES stations(id)
) @TABLE@;

-- 备案: one per staff change, for the bureau of the station's jurisdiction.
CREATE TABLE filings (
  id @PK@,
  kind VARCHAR(20) NOT NULL,
  employment_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  station_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  event_on CHAR(10) NOT NULL,
  due_on CHAR(10) NOT NULL,
  submitted_on CHAR(10) NOT NULL,
  status VARCHAR(10) NOT NULL,
  details TEXT NOT NULL,
  decided_by BIGINT NULL,
  decided_at BIGINT NULL,
  decision_reason VARCHAR(500) NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT filings_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
CREATE INDEX filings_by_path ON filings(jurisdiction_path, status);
CREATE INDEX filings_by_agency ON filings(agency_id, id);

-- 行业失信人员名单. Keyed by the ID number's hash: a person need not be in the registry to be listed.
-- In force from listed_on up to (not including) ends_on, unless lifted earlier.
CREATE TABLE blacklist_entries (
  id @PK@,
  id_hash CHAR(64) NOT NULL,
  id_sealed VARCHAR(200) NOT NULL,
  id_masked VARCHAR(18) NOT NULL,
  name VARCHAR(100) NULL,
  reason VARCHAR(500) NOT NULL,
  listed_on CHAR(10) NOT NULL,
  years INTEGER NOT NULL,
  ends_on CHAR(10) NOT NULL,
  jurisdiction_id BIGINT NOT NULL,
  jurisdiction_path VARCHAR(200) NOT NULL,
  lifted_on CHAR(10) NULL,
  lift_reason VARCHAR(500) NULL,
  created_by BIGINT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT blacklist_jurisdiction FOREIGN KEY (jurisdiction_id) REFERENCES jurisdictions(id)
) @TABLE@;
CREATE INDEX blacklist_by_hash ON blacklist_entries(id_hash);
CREATE INDEX blacklist_by_path ON blacklist_entries(jurisdiction_path);

CREATE TABLE certificates (
  id @PK@,
  person_id BIGINT NOT NULL,
  level VARCHAR(12) NOT NULL,
  number VARCHAR(40) NOT NULL,
  passed_on CHAR(10) NOT NULL,
  registered_until CHAR(10) NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT certificates_number UNIQUE (number),
  CONSTRAINT certificates_person FOREIGN KEY (person_id) REFERENCES persons(id)
) @TABLE@;
CREATE INDEX certificates_by_person ON certificates(person_id);
CREATE INDEX certificates_by_until ON certificates(registered_until);

-- Each registration period of a certificate, the first and every renewal.
CREATE TABLE certificate_registrations (
  id @PK@,
  certificate_id BIGINT NOT NULL,
  registered_from CHAR(10) NOT NULL,
  registered_until CHAR(10) NOT NULL,
  hours_counted INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT registrations_certificate FOREIGN KEY (certificate_id) REFERENCES certificates(id)
) @TABLE@;

CREATE TABLE education_records (
  id @PK@,
  person_id BIGINT NOT NULL,
  taken_on CHAR(10) NOT NULL,
  hours INTEGER NOT NULL,
  provider VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT education_person FOREIGN KEY (person_id) REFERENCES persons(id)
) @TABLE@;
CREATE INDEX education_by_person ON education_records(person_id, taken_on);
