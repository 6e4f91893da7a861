-- Issue #13, finding 4: a person's birth date and sex come from the ID number and are read from
-- its sealed form when needed; kept in the clear they let a stolen copy narrow a masked number to
-- a handful of candidates.
ALTER TABLE persons DROP COLUMN birth_date;
ALTER TABLE persons DROP COLUMN sex;
