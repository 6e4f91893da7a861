-- Issue #17: a station handed to another agency at re-tendering. A worker transferred with it gets a
-- new employment with the new agency continuing the old one (transferred_from); service_from is the
-- day their continuous service began with the first of those employers. Service years carry over
-- for the open-ended contract (Labor Contract Law Art. 14) and severance (Art. 47), as the
-- Implementing Regulations Art. 10 merge them when a worker is moved not by their own choice.
ALTER TABLE employments ADD COLUMN transferred_from BIGINT NULL;
ALTER TABLE employments ADD COLUMN service_from CHAR(10) NULL;
