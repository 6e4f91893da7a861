-- Issue #12: with a replacement requirement the allowed last day is the replacement's first day in
-- post; kept with the resignation when the replacement is linked.
ALTER TABLE resignations ADD COLUMN replacement_start CHAR(10) NULL;
