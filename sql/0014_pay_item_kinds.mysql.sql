-- Issue #11: pay item kinds now include annual_bonus (12 characters). SQLite does not enforce a
-- VARCHAR's length, so only MySQL/MariaDB widens the column.
ALTER TABLE pay_items MODIFY kind VARCHAR(20) NOT NULL;
