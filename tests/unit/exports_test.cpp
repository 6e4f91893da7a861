// Issue #14: the pure parts of the exports. Card numbers (Luhn), Excel-safe CSV, bank templates
// and their rendering, and special deductions by category for the tax declaration.
#include <gtest/gtest.h>

#include "common/Csv.h"
#include "common/Sheet.h"
#include "payroll/BankFiles.h"
#include "payroll/DeductionRules.h"
#include "people/PersonRules.h"

using namespace sr;
using std::chrono::year;
using std::chrono::year_month;

// ISO/IEC 7812-1: UnionPay card numbers carry a Luhn check digit; one mistyped digit fails it.
TEST(CardNumberRule, TheLuhnCheckDigitCatchesAMistypedDigit) {
  EXPECT_TRUE(people::luhnValid("6222020200112233446"));
  EXPECT_FALSE(people::luhnValid("6222020200112233445"));
  EXPECT_FALSE(people::luhnValid("6222020200112233546"));  // one digit changed
  EXPECT_TRUE(people::luhnValid("4111111111111111"));       // the well-known test card
  EXPECT_FALSE(people::luhnValid(""));
  EXPECT_FALSE(people::luhnValid("62220a"));
  // At entry: a UnionPay card with a wrong check digit is refused; a passbook account is not a card.
  EXPECT_TRUE(people::bankAccountProblem("6222020200112233445").has_value());
  EXPECT_FALSE(people::bankAccountProblem("6222 0202 0011 2233 446").has_value());
  EXPECT_FALSE(people::bankAccountProblem("123456789012").has_value());
}

TEST(CardNumberRule, ASalaryTransferPaysCardsOfSixteenToNineteenDigits) {
  EXPECT_FALSE(people::payrollCardProblem("6222020200112233446").has_value());
  EXPECT_NE(people::payrollCardProblem("123456789012")->find("16至19位"), std::string::npos);
  EXPECT_NE(people::payrollCardProblem("6222020200112233445")->find("校验位"), std::string::npos);
  EXPECT_TRUE(people::payrollCardProblem("62220202001122334x").has_value());
  EXPECT_FALSE(people::payrollCardProblem("4111111111111111").has_value());  // not UnionPay: length only
}

TEST(ExcelCsv, Utf8WithABomLongDigitStringsAsTextAndFormulasNeutralised) {
  auto w = sheet::csv({}, true);
  w->beginSheet("x", {{"姓名", "name", sheet::Kind::text},
                      {"账号", "account", sheet::Kind::identifier},
                      {"金额", "amount", sheet::Kind::money}});
  w->row({std::string("=HYPERLINK(\"x\")"), std::string("6222020200112233446"), int64_t{-705}});
  w->row({std::string("张三"), std::string("0571"), int64_t{338000}});
  w->row({std::string("李四"), std::string("12345"), int64_t{5}});
  w->totals("合计");
  auto out = w->finish();
  EXPECT_EQ(out,
            "\xEF\xBB\xBF姓名,账号,金额\r\n"
            "\"'=HYPERLINK(\"\"x\"\")\",=\"6222020200112233446\",-7.05\r\n"
            "张三,=\"0571\",3380.00\r\n"  // a leading zero would be lost too
            "李四,12345,0.05\r\n"
            "合计,,3373.00\r\n");
}

TEST(ExcelCsv, GbkOnRequestAndEnglishHeadersForAnEnglishCaller) {
  auto w = sheet::csv({sheet::Encoding::gbk, ',', true}, false);
  w->beginSheet("x", {{"姓名", "name", sheet::Kind::text}});
  w->row({std::string("王五")});
  auto out = w->finish();
  EXPECT_EQ(out, "name\r\n\xCD\xF5\xCE\xE5\r\n");  // 王五 in GBK
  EXPECT_EQ(csv::toUtf8(out), "name\r\n王五\r\n");
  // A character GBK lacks is refused by name, never replaced by a question mark.
  EXPECT_THROW(sheet::encode("😀", sheet::Encoding::gbk), Error);
  EXPECT_NO_THROW(sheet::encode("😀", sheet::Encoding::gb18030));
}

TEST(BankTemplateRule, ATemplateNamesItsProblemsAndFixedWidthPadsByEncodedBytes) {
  EXPECT_THROW(payroll::parseBankTemplate("t", R"({"columns":[{"title":"a","source":"name"}]})"), std::runtime_error);
  EXPECT_THROW(payroll::parseBankTemplate("t", R"({"file_type":"doc","columns":[]})"), std::runtime_error);
  EXPECT_THROW(payroll::parseBankTemplate("t", R"({"file_type":"txt","columns":[{"title":"a","source":"account"},)"
                                               R"({"title":"b","source":"amount"}]})"),
               std::runtime_error);  // a fixed-width column needs its width
  auto t = payroll::parseBankTemplate("t", R"({"file_type":"txt","encoding":"gbk","columns":[)"
                                           R"({"title":"账号","source":"account","width":19},)"
                                           R"({"title":"姓名","source":"name","width":8},)"
                                           R"({"title":"金额","source":"amount","width":10}]})");
  auto out = payroll::renderBankFile(t, {{"王五", "6222020200112233446", "2026-03", 338000}});
  EXPECT_EQ(out, "6222020200112233446\xCD\xF5\xCE\xE5    " "   3380.00\r\n");
  // Too long for its field: refused, never cut.
  EXPECT_THROW(payroll::renderBankFile(t, {{"欧阳娜娜娜", "6222020200112233446", "2026-03", 1}}), Error);
}

TEST(DeductionCategoryRule, TheDeclarationListsEachCategoryThroughTheMonthFromTheFirstMonthWithTheEmployer) {
  std::vector<payroll::DeductionItem> items = {
      {"children_education", 200000, year{2026} / std::chrono::January, year{2026} / std::chrono::December},
      {"children_education", 200000, year{2026} / std::chrono::March, year{2026} / std::chrono::December},
      {"elderly_support", 150000, year{2026} / std::chrono::May, year{2026} / std::chrono::December}};
  auto march = year{2026} / std::chrono::March;
  auto first = payroll::firstDeductionMonth(year{2026} / std::chrono::February, march);  // joined in February
  EXPECT_EQ(first, year{2026} / std::chrono::February);
  auto by = payroll::deductionsByCategory(items, first, march);
  EXPECT_EQ(by.at("children_education"), 2 * 200000 + 200000);  // two children, the second from March
  EXPECT_EQ(by.count("elderly_support"), 0u);                   // not yet
  EXPECT_EQ(payroll::firstDeductionMonth(year{2024} / std::chrono::June, march), year{2026} / std::chrono::January);
}
