-- Issue #15: which agencies have run a station, and when (a station passes to another agency
-- after re-tendering, issue #17). from_date NULL: since the station was set up (created_at, a
-- China day); to_date NULL: still running it. Existing stations get their one agency.
CREATE TABLE station_operators (
  id @PK@,
  station_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  from_date CHAR(10) NULL,
  to_date CHAR(10) NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT station_operators_station FOREIGN KEY (station_id) REFERENCES stations(id),
  CONSTRAINT station_operators_agency FOREIGN KEY (agency_id) REFERENCES agencies(id)
) @TABLE@;
CREATE INDEX station_operators_by_station ON station_operators(station_id);
INSERT INTO station_operators (station_id, agency_id, from_date, to_date, created_at)
  SELECT id, agency_id, NULL, NULL, created_at FROM stations;
