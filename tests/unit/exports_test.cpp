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

// ---- Reading .xlsx (common/XlsxReader): hostile files are refused with a reason, never followed.

#include <Poco/DateTime.h>
#include <Poco/Zip/Compress.h>

#include <sstream>

#include "common/XlsxReader.h"

namespace {
// A zip of the given entries, made with Poco's Compress.
std::string zipOf(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::ostringstream out;
  Poco::Zip::Compress zip(out, true);
  for (const auto& [name, content] : entries) {
    std::istringstream in(content);
    zip.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX));
  }
  zip.close();
  return out.str();
}
std::string refusal(std::string_view bytes, const xlsx::Limits& limits = {}) {
  try {
    xlsx::readFirstSheet(bytes, limits);
  } catch (const Error& e) {
    return e.detail();
  }
  return "(read)";
}
const std::string kWorkbook =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)"
    R"(<sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const std::string kRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";
}  // namespace

TEST(XlsxReader, AWorkbookOurWriterMakesReadsBackRowByRow) {
  auto w = sheet::xlsx(true);
  w->beginSheet("花名册", {{"姓名", "", sheet::Kind::text}, {"账号", "", sheet::Kind::identifier},
                           {"金额", "", sheet::Kind::money}});
  w->row({std::string("王五"), std::string("6222020200112233446"), int64_t{338000}});
  w->row({std::monostate{}, std::string("0571"), int64_t{5}});
  auto rows = xlsx::readFirstSheet(w->finish());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"姓名", "账号", "金额"}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"王五", "6222020200112233446", "3380"}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"", "0571", "0.05"}));  // a gap keeps its column
  EXPECT_EQ(rows[2].line, 3);
}

TEST(XlsxReader, SharedStringsWithoutPhoneticGuidesAndGapsByCellReference) {
  auto book = zipOf({{"xl/workbook.xml", kWorkbook},
                     {"xl/_rels/workbook.xml.rels", kRels},
                     {"xl/sharedStrings.xml", R"(<sst><si><t>张</t><rPh><t>zhang</t></rPh></si><si><r><t>三</t></r><r><t>丰</t></r></si></sst>)"},
                     {"xl/worksheets/sheet1.xml",
                      R"(<worksheet><sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c>)"
                      R"(<c r="D2" t="b"><v>1</v></c></row><row r="3"/></sheetData></worksheet>)"}});
  auto rows = xlsx::readFirstSheet(book);
  ASSERT_EQ(rows.size(), 1u);  // the empty row is no record
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"张", "", "三丰", "TRUE"}));
}

TEST(XlsxReader, WhatIsNoReadableWorkbookIsRefusedWithItsReason) {
  EXPECT_NE(refusal("姓名,身份证号\n").find("不是 zip"), std::string::npos);
  EXPECT_NE(refusal(zipOf({{"readme.txt", "hello"}})).find("缺少 xl/workbook.xml"), std::string::npos);
  EXPECT_NE(refusal(zipOf({{"xl/workbook.xml", "<workbook><sheets><sheet"}})).find("已损坏"), std::string::npos);
  auto book = zipOf({{"xl/workbook.xml", kWorkbook}, {"xl/_rels/workbook.xml.rels", kRels}});
  EXPECT_NE(refusal(book).find("缺少 xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(refusal(book.substr(0, book.size() / 2)), "(read)");  // truncated
  // A shared-string index past the table.
  EXPECT_NE(refusal(zipOf({{"xl/workbook.xml", kWorkbook},
                           {"xl/_rels/workbook.xml.rels", kRels},
                           {"xl/worksheets/sheet1.xml", R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>9</v></c></row></sheetData></worksheet>)"}}))
                .find("共享字符串"),
            std::string::npos);
}

// A zip bomb: 8 MB of one character compresses to a few kilobytes; what is inflated is counted, not
// what the entry claims.
TEST(XlsxReader, AnEntryThatInflatesPastTheLimitIsRefusedAsABomb) {
  std::string sheet = "<worksheet><sheetData>" + std::string(8u << 20, ' ') + "</sheetData></worksheet>";
  auto bomb = zipOf({{"xl/workbook.xml", kWorkbook}, {"xl/_rels/workbook.xml.rels", kRels}, {"xl/worksheets/sheet1.xml", sheet}});
  EXPECT_LT(bomb.size(), 100000u);
  xlsx::Limits small;
  small.maxInflatedBytes = 1u << 20;
  EXPECT_NE(refusal(bomb, small).find("压缩炸弹"), std::string::npos) << refusal(bomb, small);
  EXPECT_EQ(refusal(bomb), "(read)");  // within the default limit it is only a large empty sheet
}

// Found by fuzz_xlsx: Poco allocates the size a zip64 end record claims before reading it. A claim
// larger than the upload is refused before Poco sees it; an honest record is left to Poco.
TEST(XlsxReader, AZip64EndRecordClaimingMoreThanTheFileIsRefusedBeforeAnyAllocation) {
  auto book = zipOf({{"xl/workbook.xml", kWorkbook}, {"xl/_rels/workbook.xml.rels", kRels}});
  std::string lie("PK\x06\x06", 4);
  lie += std::string("\x00\x00\x00\x00\x00\x00\x00\x40", 8);  // 2^62 bytes
  lie += std::string(44, '\0');
  EXPECT_NE(refusal(book + lie).find("zip64"), std::string::npos) << refusal(book + lie);
  EXPECT_NE(refusal(book + std::string("PK\x06\x06\x01", 5)).find("zip64"), std::string::npos);
  std::string honest("PK\x06\x06", 4);
  honest += std::string("\x2c\x00\x00\x00\x00\x00\x00\x00", 8);  // 44 bytes follow
  honest += std::string(44, '\0');
  EXPECT_EQ(refusal(book + honest).find("zip64 目录记录"), std::string::npos);
}

TEST(XlsxReader, ExcelDaySerialsAreDatesCountingExcelsFebruary29Of1900) {
  EXPECT_EQ(xlsx::serialToDate("1"), "1900-01-01");
  EXPECT_EQ(xlsx::serialToDate("59"), "1900-02-28");
  EXPECT_EQ(xlsx::serialToDate("60"), "");  // 1900-02-29, which never was
  EXPECT_EQ(xlsx::serialToDate("61"), "1900-03-01");
  EXPECT_EQ(xlsx::serialToDate("45658"), "2025-01-01");
  EXPECT_EQ(xlsx::serialToDate("2026-01-01"), "");
  EXPECT_EQ(xlsx::serialToDate("0"), "");
  EXPECT_EQ(xlsx::serialToDate("45658.5"), "");
}
