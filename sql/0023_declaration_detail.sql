-- Issue #14: the IIT withholding declaration (扣缴端 import) lists the year's special additional
-- deductions by category and a severance's exempt part. A payslip keeps both as computed, so the
-- declaration of an approved run is what was withheld, whatever is declared later.
-- ytd_special_detail: {"children_education": fen, ...} through this period (NULL on older payslips).
ALTER TABLE payslips ADD COLUMN ytd_special_detail VARCHAR(600) NULL;
ALTER TABLE payslips ADD COLUMN severance_exempt_fen BIGINT NOT NULL DEFAULT 0;

-- The bank-file template an agency pays with (config/bank-templates/<id>.json; NULL = generic).
ALTER TABLE agencies ADD COLUMN bank_template VARCHAR(60) NULL;
