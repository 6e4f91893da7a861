-- Issue #11: an annual one-off bonus (全年一次性奖金) and severance (经济补偿) are paid as their own
-- kinds of pay item and taxed on their own (财政部 税务总局公告2023年第30号; 财税〔2018〕164号);
-- each payslip keeps them and their tax apart from the wage tax, and whether its bonus was taxed on
-- its own (once per person and year). ytd_wages_fen carries the year's wages, bonuses included
-- (工资总额), for next year's contribution base and the 60,000 rule (2020年第19号).
ALTER TABLE payslips ADD COLUMN annual_bonus_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN annual_bonus_iit_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN bonus_separate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN severance_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN severance_iit_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payslips ADD COLUMN ytd_wages_fen BIGINT NOT NULL DEFAULT 0;

-- Per employment and year: how the annual bonus is taxed and which basic deduction applies
-- (PUT /employments/{id}/tax-profile); a missing field takes the default.
CREATE TABLE tax_profiles (
  id @PK@,
  employment_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  annual_bonus VARCHAR(10) NULL,
  basic_deduction VARCHAR(24) NULL,
  set_at BIGINT NOT NULL,
  set_by BIGINT NULL,
  CONSTRAINT tax_profiles_one UNIQUE (employment_id, year),
  CONSTRAINT tax_profiles_employment FOREIGN KEY (employment_id) REFERENCES employments(id)
) @TABLE@;
