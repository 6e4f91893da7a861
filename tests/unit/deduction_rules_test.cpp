// Issue #11: special additional deductions by category — the legal amounts and exclusions
// (国发〔2018〕41号, amounts of 国发〔2023〕13号), catch-up of months declared late, and what a
// confirmation carries into the next year (操作办法 Art. 27).
#include <gtest/gtest.h>

#include "payroll/DeductionRules.h"

using namespace sr;
using namespace sr::payroll;
using std::chrono::year_month;

namespace {
year_month m(unsigned month, int y = 2026) { return year_month{std::chrono::year{y}, std::chrono::month{month}}; }
std::vector<std::string> fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}
}  // namespace

TEST(DeductionRules, EachCategoryAtItsLegalAmounts) {
  EXPECT_TRUE(deductionProblems({{"children_education", 200000, m(1), m(12)}, {"children_education", 100000, m(1), m(12)}}, 2026)
                  .empty());  // two children, the second split between the parents
  EXPECT_EQ(fields(deductionProblems({{"children_education", 150000, m(1), m(12)}}, 2026)),
            std::vector<std::string>{"items[0].monthly_fen"});
  EXPECT_TRUE(deductionProblems({{"housing_rent", 110000, m(1), m(6)}, {"housing_loan", 100000, m(7), m(12)}}, 2026).empty());
  EXPECT_EQ(fields(deductionProblems({{"housing_rent", 120000, m(1), m(6)}}, 2026)), std::vector<std::string>{"items[0].monthly_fen"});
  EXPECT_TRUE(deductionProblems({{"continuing_education_certificate", 360000, m(9), m(9)}}, 2026).empty());
  EXPECT_EQ(fields(deductionProblems({{"continuing_education_certificate", 360000, m(9), m(12)}}, 2026)),
            std::vector<std::string>{"items[0].to"});
  EXPECT_EQ(fields(deductionProblems({{"infant_care", 200000, m(3, 2025), m(12)}}, 2026)), std::vector<std::string>{"items[0].from"});
  EXPECT_EQ(fields(deductionProblems({{"pets", 10000, m(1), m(12)}}, 2026)), std::vector<std::string>{"items[0].category"});
  EXPECT_FALSE(isDeductionCategory("unspecified"));  // only the old body declares a lump sum
}

TEST(DeductionRules, ExclusionsAcrossItemsNameTheItemAndMonth) {
  // Rent is never deducted in a month with a housing loan.
  auto clash = deductionProblems({{"housing_loan", 100000, m(1), m(12)}, {"housing_rent", 150000, m(6), m(8)}}, 2026);
  ASSERT_EQ(fields(clash), std::vector<std::string>{"items[1]"});
  EXPECT_NE(clash[0].message.find("2026-06"), std::string::npos) << clash[0].message;
  // Elderly support is 3,000 a month in all, however many parents.
  EXPECT_EQ(fields(deductionProblems({{"elderly_support", 200000, m(1), m(12)}, {"elderly_support", 150000, m(4), m(12)}}, 2026)),
            std::vector<std::string>{"items[1].monthly_fen"});
  EXPECT_TRUE(deductionProblems({{"elderly_support", 150000, m(1), m(12)}, {"elderly_support", 150000, m(1), m(12)}}, 2026).empty());
  // One degree a month; one certificate a year.
  EXPECT_FALSE(deductionProblems({{"continuing_education_degree", 40000, m(1), m(12)},
                                  {"continuing_education_degree", 40000, m(9), m(12)}},
                                 2026)
                   .empty());
  EXPECT_EQ(fields(deductionProblems({{"continuing_education_certificate", 360000, m(3), m(3)},
                                      {"continuing_education_certificate", 360000, m(9), m(9)}},
                                     2026)),
            std::vector<std::string>{"items"});
}

// A child born in March, declared in August: August's cumulative total counts March to August.
TEST(DeductionRules, MonthsDeclaredLateAreCaughtUpFromTheFirstMonthWithThisEmployer) {
  std::vector<DeductionItem> child{{"children_education", 200000, m(3), m(12)}};
  EXPECT_EQ(deductionsThrough(child, m(1), m(8)), 6 * 200000);
  EXPECT_EQ(deductionsThrough(child, m(1), m(2)), 0);
  EXPECT_EQ(deductionsThrough(child, m(5), m(8)), 4 * 200000);  // hired in May: from May here
  EXPECT_EQ(deductionsThrough(child, m(1), m(12)), 10 * 200000);
}

TEST(DeductionRules, AConfirmationCarriesWhatRunsIntoDecemberFromJanuary) {
  std::vector<DeductionItem> y2026{{"children_education", 200000, m(3), m(12)},
                                   {"housing_rent", 150000, m(1), m(6)},  // moved out in June
                                   {"continuing_education_certificate", 360000, m(9), m(9)}};
  auto carried = carriedInto(y2026, 2027);
  ASSERT_EQ(carried.size(), 1u);
  EXPECT_EQ(carried[0].category, "children_education");
  EXPECT_EQ(carried[0].from, m(1, 2027));
  EXPECT_EQ(carried[0].to, m(12, 2027));
}
