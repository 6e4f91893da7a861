#pragma once
// Special additional deductions (专项附加扣除) as a worker declares them for a year: by category, a
// monthly amount, from one month to another. Pure functions: the legal amounts and exclusions
// (国发〔2018〕41号 as raised by 国发〔2023〕13号; 个人所得税专项附加扣除操作办法), and the
// cumulative amount through a month, which catches up months declared late.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "common/Error.h"

namespace sr::payroll {

struct DeductionItem {
  std::string category;
  int64_t monthlyFen = 0;
  std::chrono::year_month from, to;
};

// children_education, infant_care, elderly_support, housing_loan, housing_rent,
// continuing_education_degree, continuing_education_certificate (and unspecified: a lump sum
// declared before categories existed, accepted only from the old body).
bool isDeductionCategory(const std::string& category, bool allowUnspecified = false);

// Every problem of a year's declaration, under "items[i].<field>".
std::vector<FieldError> deductionProblems(const std::vector<DeductionItem>& items, int year);

// The declaration's total over the months from `firstMonth` to `upTo` (both included).
int64_t deductionsThrough(const std::vector<DeductionItem>& items, std::chrono::year_month firstMonth,
                          std::chrono::year_month upTo);

// The same by category ({"children_education": fen, ...}; categories with nothing left out): what
// the tax declaration lists (issue #14).
std::map<std::string, int64_t> deductionsByCategory(const std::vector<DeductionItem>& items,
                                                    std::chrono::year_month firstMonth, std::chrono::year_month upTo);

// The first month of `ym`'s year whose deductions an employment that started on `start` takes:
// its start month in its first year, else January.
std::chrono::year_month firstDeductionMonth(std::chrono::year_month start, std::chrono::year_month ym);

// The items a confirmation carries into `year` from the previous year's: those still running in
// its December, from January to December; a certificate's one-off amount is not carried.
std::vector<DeductionItem> carriedInto(const std::vector<DeductionItem>& previous, int year);

}  // namespace sr::payroll
