// Issue #14, the files an agency files and pays with: the IIT withholding declaration in the tax
// client's import layout, the payroll register, and bank files by template with every account
// checked first. Over real HTTP on both engines; every workbook is opened with openpyxl.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "World.h"
#include "common/Csv.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }

// The 29 columns of the tax client's 正常工资薪金所得 import, as the issue lists them (not read from
// our layout file: the test must fail if the file is wrong).
const std::vector<std::string> kWageColumns = {
    "工号", "*姓名", "*证件类型", "*证件号码", "本期收入", "本期免税收入", "基本养老保险费", "基本医疗保险费",
    "失业保险费", "住房公积金", "累计子女教育", "累计继续教育", "累计住房贷款利息", "累计住房租金", "累计赡养老人",
    "累计3岁以下婴幼儿照护", "累计个人养老金", "企业(职业)年金", "商业健康保险", "税延养老保险", "公务交通费用",
    "通讯费用", "律师办案费用", "西藏附加减除费用", "其他", "准予扣除的捐赠额", "减免税额", "协定减免", "备注"};

json::Obj sheetNamed(const json::Obj& book, const std::string& name) {
  auto sheets = book->getArray("sheets");
  for (std::size_t i = 0; sheets && i < sheets->size(); ++i)
    if (sheets->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") == name)
      return sheets->getObject(static_cast<unsigned>(i));
  ADD_FAILURE() << "no sheet " << name;
  return json::object();
}
Poco::JSON::Array::Ptr rowOf(const json::Obj& sheet, std::size_t i) {
  return sheet->getArray("rows")->getArray(static_cast<unsigned>(i));
}
std::string text(const Poco::JSON::Array::Ptr& row, std::size_t i) {
  return row->getObject(static_cast<unsigned>(i))->get("v").toString();
}
std::string type(const Poco::JSON::Array::Ptr& row, std::size_t i) {
  return row->getObject(static_cast<unsigned>(i))->getValue<std::string>("t");
}
// A money cell in fen (the workbook holds yuan with two decimals).
int64_t fen(const Poco::JSON::Array::Ptr& row, std::size_t i) {
  return std::llround(row->getObject(static_cast<unsigned>(i))->getValue<double>("v") * 100);
}
std::size_t column(const Poco::JSON::Array::Ptr& header, const std::string& title) {
  for (std::size_t i = 0; i < header->size(); ++i)
    if (text(header, i) == title) return i;
  ADD_FAILURE() << "no column " << title;
  return 0;
}
}  // namespace

class Exports : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  int64_t run(const std::string& period, bool approve = true) {
    auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":")" + period + "\"}",
                             w.tokens["payroll_officer"]);
    EXPECT_EQ(r.status, 201) << r.body;
    auto id = r.json()->getValue<int64_t>("id");
    if (approve) {
      EXPECT_EQ(s.client().post("/api/v1/payroll-runs/" + str(id) + "/approve", "", w.tokens["agency_admin"]).status, 200);
    }
    return id;
  }
  json::Obj slip(int64_t run) {
    return s.client().get("/api/v1/payroll-runs/" + str(run) + "/payslips", w.tokens["agency_admin"]).json()
        ->getArray("items")->getObject(0);
  }
  test::HttpResult get(const std::string& path, const std::string& token) { return s.client().get(path, token); }
};

// The declaration's wage sheet has the client's 29 columns in order; identifiers are text, amounts
// numbers with two decimals; cumulative deductions by category as the payslip withheld on them; a
// bonus taxed on its own is on its own sheet.
TEST_F(Exports, TheIitDeclarationIsTheTaxClientsImportLayoutWithDeductionsByCategory) {
  ASSERT_EQ(s.client().put("/api/v1/employments/" + str(w.own.employment) + "/deductions",
                           R"({"year":2026,"items":[{"category":"children_education","monthly_fen":200000,"from":"2026-01","to":"2026-12"},)"
                           R"({"category":"elderly_support","monthly_fen":150000,"from":"2026-02","to":"2026-12"}]})",
                           w.tokens["worker"]).status, 200);
  ASSERT_EQ(s.client().post("/api/v1/employments/" + str(w.own.employment) + "/pay-items",
                            R"({"period":"2026-03","kind":"annual_bonus","name":"年终奖","amount_fen":3000000})",
                            w.tokens["payroll_officer"]).status, 201);
  auto id = run("2026-03");
  auto payslip = slip(id);
  auto res = get("/api/v1/payroll-runs/" + str(id) + "/exports/iit-declaration.xlsx", w.tokens["payroll_officer"]);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.headers["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto book = test::readWorkbook(res.body);
  auto wages = sheetNamed(book, "正常工资薪金收入");
  auto header = rowOf(wages, 0);
  ASSERT_EQ(header->size(), kWageColumns.size());
  for (std::size_t i = 0; i < kWageColumns.size(); ++i) EXPECT_EQ(text(header, i), kWageColumns[i]) << i;
  ASSERT_EQ(wages->getArray("rows")->size(), 2u);  // the header and the one worker
  auto row = rowOf(wages, 1);
  EXPECT_EQ(text(row, 2), "居民身份证");
  EXPECT_EQ(text(row, 3), w.own.idNumber);
  EXPECT_EQ(type(row, 3), "s");  // an ID number is text, never 3.3E+17
  EXPECT_EQ(type(row, 0), "s");
  EXPECT_EQ(type(row, 4), "n");
  EXPECT_EQ(row->getObject(4)->getValue<std::string>("f"), "0.00");
  // Wage income without the separately taxed bonus; this month's contributions.
  EXPECT_EQ(fen(row, 4), payslip->getValue<int64_t>("gross_fen") - 3000000);
  EXPECT_EQ(fen(row, 6), payslip->getValue<int64_t>("pension_fen"));
  EXPECT_EQ(fen(row, 7), payslip->getValue<int64_t>("medical_fen"));
  EXPECT_EQ(fen(row, 8), payslip->getValue<int64_t>("unemployment_fen"));
  EXPECT_EQ(fen(row, 9), payslip->getValue<int64_t>("housing_fund_fen"));
  // Cumulative to March: children's education 3 × 2,000; elderly support February–March 2 × 1,500.
  EXPECT_EQ(fen(row, 10), 600000);
  EXPECT_EQ(fen(row, 14), 300000);
  EXPECT_EQ(fen(row, 12), 0);
  auto bonus = sheetNamed(book, "全年一次性奖金收入");
  ASSERT_EQ(bonus->getArray("rows")->size(), 2u);
  auto bonusHeader = rowOf(bonus, 0);
  EXPECT_EQ(fen(rowOf(bonus, 1), column(bonusHeader, "*全年一次性奖金额")), 3000000);
  EXPECT_EQ(sheetNamed(book, "解除劳动合同一次性补偿金")->getArray("rows")->size(), 1u);  // header only
  // Whole ID numbers: the roles that file tax, and each download is audited.
  EXPECT_EQ(get("/api/v1/payroll-runs/" + str(id) + "/exports/iit-declaration.xlsx", w.tokens["bureau"]).status, 403);
  EXPECT_NE(get("/api/v1/audit?limit=500", w.admin).body.find("payroll_run.iit_declaration"), std::string::npos);
}

TEST_F(Exports, TheDeclarationIsMadeFromAnApprovedRunOnly) {
  auto id = run("2026-03", false);
  auto res = get("/api/v1/payroll-runs/" + str(id) + "/exports/iit-declaration.xlsx", w.tokens["payroll_officer"]);
  EXPECT_EQ(res.status, 409);
}

// The register: every payslip column, a totals row equal to the run's totals, the header frozen;
// the bureau sees masked ID numbers, the agency whole ones.
TEST_F(Exports, ThePayrollRegisterHasEveryColumnATotalsRowAndAFrozenHeader) {
  w.hire(w.own);
  auto id = run("2026-03");
  auto totals = s.client().get("/api/v1/payroll-runs/" + str(id), w.tokens["agency_admin"]).json()->getObject("totals");
  auto res = get("/api/v1/payroll-runs/" + str(id) + "/exports/register", w.tokens["payroll_officer"]);
  ASSERT_EQ(res.status, 200) << res.body;
  auto sheet = sheetNamed(test::readWorkbook(res.body), "工资表");
  EXPECT_EQ(sheet->getValue<std::string>("freeze"), "A2");
  auto rows = sheet->getArray("rows");
  ASSERT_EQ(rows->size(), 4u);  // header, two workers, totals
  auto header = rowOf(sheet, 0);
  auto last = rowOf(sheet, 3);
  EXPECT_EQ(text(last, 0), "合计");
  EXPECT_EQ(fen(last, column(header, "应发合计")), totals->getValue<int64_t>("gross_fen"));
  EXPECT_EQ(fen(last, column(header, "实发合计")), totals->getValue<int64_t>("net_fen"));
  EXPECT_EQ(fen(last, column(header, "个人所得税")), totals->getValue<int64_t>("iit_fen"));
  EXPECT_EQ(fen(last, column(header, "人工成本")), totals->getValue<int64_t>("labour_cost_fen"));
  bool found = false;
  for (std::size_t i = 1; i < 3; ++i) found |= text(rowOf(sheet, i), column(header, "证件号码")) == w.own.idNumber;
  EXPECT_TRUE(found);
  auto bureau = get("/api/v1/payroll-runs/" + str(id) + "/exports/register", w.tokens["bureau"]);
  ASSERT_EQ(bureau.status, 200) << bureau.body;
  EXPECT_EQ(bureau.body.find(w.own.idNumber), std::string::npos);
  // The same register as CSV in GBK on request; Chinese headers (the default language).
  auto csv = s.client().get("/api/v1/payroll-runs/" + str(id) + "/exports/register?format=csv&encoding=gbk",
                            w.tokens["payroll_officer"]);
  ASSERT_EQ(csv.status, 200);
  EXPECT_FALSE(csv::isValidUtf8(csv.body));  // GBK bytes
  auto utf8 = csv::toUtf8(csv.body);
  EXPECT_EQ(utf8.rfind("序号,工号,姓名,证件号码", 0), 0u) << utf8.substr(0, 200);
  EXPECT_NE(utf8.find(",=\"" + w.own.idNumber + "\","), std::string::npos);  // long digits kept as text
  // English headers when English comes first in Accept-Language.
  auto english = s.client().call("GET", "/api/v1/payroll-runs/" + str(id) + "/exports/register?format=csv", "",
                                 w.tokens["payroll_officer"], {{"Accept-Language", "en-US,en;q=0.9,zh-CN;q=0.8"}});
  EXPECT_EQ(english.body.rfind("\xEF\xBB\xBFno.,employee no.,name,ID number", 0), 0u) << english.body.substr(0, 100);
}

// Bank files by template: the generic CSV for Excel, a GBK CSV with bare digits for the bank's
// parser, a workbook with a totals row that matches the run, and fixed-width text.
TEST_F(Exports, BankFilesFollowTheAgencysTemplateAndTheirTotalsMatchTheRun) {
  w.hire(w.own);
  auto id = run("2026-03");
  auto totals = s.client().get("/api/v1/payroll-runs/" + str(id), w.tokens["agency_admin"]).json()->getObject("totals");
  const auto& admin = w.tokens["agency_admin"];
  auto templates = s.client().get("/api/v1/bank-templates", admin).json()->getArray("items");
  EXPECT_EQ(templates->size(), 4u);
  auto path = "/api/v1/payroll-runs/" + str(id) + "/bank-file";
  // GBK, bare digits.
  auto gbk = get(path + "?template=name-account-amount-gbk", admin);
  ASSERT_EQ(gbk.status, 200) << gbk.body;
  EXPECT_EQ(gbk.headers["Content-Type"], "text/csv; charset=GBK");
  auto text8 = csv::toUtf8(gbk.body);
  EXPECT_EQ(text8.rfind("姓名,账号,金额\r\n", 0), 0u);
  EXPECT_NE(text8.find(",6222020200112233446,"), std::string::npos) << text8;
  // The agency chooses the workbook template; the run's file then is one.
  EXPECT_EQ(s.client().put("/api/v1/agencies/" + str(w.own.agency) + "/bank-template", R"({"bank_template":"nope"})", admin).status,
            422);
  ASSERT_EQ(s.client().put("/api/v1/agencies/" + str(w.own.agency) + "/bank-template",
                           R"({"bank_template":"name-account-bank-amount-purpose"})", admin).status, 204);
  EXPECT_EQ(s.client().get("/api/v1/agencies/" + str(w.own.agency), admin).json()->getValue<std::string>("bank_template"),
            "name-account-bank-amount-purpose");
  auto xlsx = get(path, admin);
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  auto sheet = sheetNamed(test::readWorkbook(xlsx.body), "代发工资");
  auto rows = sheet->getArray("rows");
  ASSERT_EQ(rows->size(), 4u);  // header, two transfers, totals
  EXPECT_EQ(type(rowOf(sheet, 1), 2), "s");
  EXPECT_EQ(text(rowOf(sheet, 3), 0), "合计2笔");
  EXPECT_EQ(fen(rowOf(sheet, 3), 4), totals->getValue<int64_t>("net_fen"));
  EXPECT_EQ(text(rowOf(sheet, 1), 5), "工资");
  // Fixed width: 19 + 20 + 15 bytes a line.
  auto fixed = get(path + "?template=fixed-width-gbk", admin);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  auto first = fixed.body.substr(0, fixed.body.find("\r\n"));
  EXPECT_EQ(first.size(), 54u) << first;
  EXPECT_EQ(fixed.body.size(), 2 * 56u);
}

// Every account is checked before a file is made, and every failure listed instead of a file: a
// passbook number the hire accepted (8–30 digits) is no card a salary transfer can pay.
TEST_F(Exports, AnAccountThatIsNoPayableCardIsListedInsteadOfAFile) {
  auto changed = s.client().put("/api/v1/employments/" + str(w.own.employment) + "/bank-account",
                                R"({"bank_account":"123456789012"})", w.tokens["agency_admin"]);
  ASSERT_EQ(changed.status / 100, 2) << changed.body;
  auto id = run("2026-03");
  auto res = get("/api/v1/payroll-runs/" + str(id) + "/bank-file", w.tokens["agency_admin"]);
  ASSERT_EQ(res.status, 422) << res.body;
  EXPECT_NE(res.body.find("16至19位"), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("employment[" + str(w.own.employment) + "].bank_account"), std::string::npos) << res.body;
}

TEST(ExportLayouts, ACorrectedLayoutIsReadWithoutARebuildAndABrokenOneStopsTheStart) {
  auto dir = std::filesystem::temp_directory_path() / ("sr-layouts-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ifstream in(std::string(SOCIALROLL_SOURCE_DIR) + "/config/exports/iit-declaration.json");
  std::string layout((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto at = layout.find("\"本期收入\"");
  ASSERT_NE(at, std::string::npos);
  layout.replace(at, std::string("\"本期收入\"").size(), "\"本期收入额\"");
  std::ofstream(dir / "iit-declaration.json") << layout;
  {
    test::TestServer s([&](app::Settings& st) { st.payroll.layoutsDir = dir.string(); });
    test::World w{s};
    auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03"})",
                             w.tokens["payroll_officer"]);
    auto id = str(r.json()->getValue<int64_t>("id"));
    ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + id + "/approve", "", w.tokens["agency_admin"]).status, 200);
    auto res = s.client().get("/api/v1/payroll-runs/" + id + "/exports/iit-declaration.xlsx", w.tokens["payroll_officer"]);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(text(rowOf(sheetNamed(test::readWorkbook(res.body), "正常工资薪金收入"), 0), 4), "本期收入额");
  }
  std::ofstream(dir / "iit-declaration.json") << R"({"sheets":[{"name":"x","rows":"wages","columns":[{"title":"a","source":"salary"}]}]})";
  EXPECT_THROW(test::TestServer([&](app::Settings& st) { st.payroll.layoutsDir = dir.string(); }), std::runtime_error);
  std::filesystem::remove_all(dir);
}

// The roster (花名册) as a workbook; the staff CSV is UTF-8 with a BOM and Chinese headers, so Excel
// on Chinese Windows opens it cleanly, with ID numbers kept whole.
TEST_F(Exports, TheRosterIsAWorkbookAndTheStaffCsvOpensInExcel) {
  auto res = get("/api/v1/agencies/" + str(w.own.agency) + "/exports/roster", w.tokens["agency_admin"]);
  ASSERT_EQ(res.status, 200) << res.body;
  auto sheet = sheetNamed(test::readWorkbook(res.body), "花名册");
  auto header = rowOf(sheet, 0);
  auto row = rowOf(sheet, 1);
  EXPECT_EQ(text(row, column(header, "身份证号")), w.own.idNumber);
  EXPECT_EQ(type(row, column(header, "身份证号")), "s");
  EXPECT_EQ(type(row, column(header, "等级")), "n");
  EXPECT_EQ(text(row, column(header, "状态")), "在岗");
  auto staff = get("/api/v1/agencies/" + str(w.own.agency) + "/staff.csv", w.tokens["agency_admin"]);
  ASSERT_EQ(staff.status, 200);
  EXPECT_EQ(staff.headers["Content-Type"], "text/csv; charset=utf-8");
  EXPECT_EQ(staff.body.rfind("\xEF\xBB\xBF工号,姓名,身份证号,学历", 0), 0u) << staff.body.substr(0, 100);
  EXPECT_NE(staff.body.find("=\"" + w.own.idNumber + "\""), std::string::npos);
}

// The month's changes for social insurance and the housing fund: a joiner with the bases the run
// computed, a leaver with their last day; and the fund's remittance list whose totals are the run's.
TEST_F(Exports, SocialInsuranceChangesAndTheFundRemittanceComeFromTheMonthsRun) {
  auto joiner = s.client().post("/api/v1/employments",
                                test::hireBody(test::idNumber("330481", "19950505", 77), w.own.station, "2026-03-01",
                                               R"(,"end_date":"2028-12-31","first_job":true)", "新人"),
                                w.tokens["agency_admin"]);
  ASSERT_EQ(joiner.status, 201) << joiner.body;
  auto ended = s.client().post("/api/v1/employments/" + str(w.own.employment) + "/end",
                               R"({"last_day":"2026-03-20","reason":"mutual_agreement"})", w.tokens["agency_admin"]);
  ASSERT_EQ(ended.status, 200) << ended.body;
  auto path = "/api/v1/agencies/" + str(w.own.agency) + "/exports/si-changes.xlsx?period=2026-03";
  EXPECT_EQ(get(path, w.tokens["payroll_officer"]).status, 409);  // no run yet: bases are the run's
  auto id = run("2026-03", false);
  auto res = get(path, w.tokens["payroll_officer"]);
  ASSERT_EQ(res.status, 200) << res.body;
  auto book = test::readWorkbook(res.body);
  auto in = sheetNamed(book, "增员");
  ASSERT_EQ(in->getArray("rows")->size(), 2u) << json::stringify(in);
  auto inHeader = rowOf(in, 0);
  auto row = rowOf(in, 1);
  EXPECT_EQ(text(row, column(inHeader, "姓名")), "新人");
  EXPECT_EQ(text(row, column(inHeader, "增员类型")), "新参保");
  EXPECT_EQ(text(row, column(inHeader, "入职日期")), "2026-03-01");
  EXPECT_GT(fen(row, column(inHeader, "社会保险缴费基数")), 0);
  EXPECT_EQ(fen(row, column(inHeader, "住房公积金缴存基数")), 0);  // a first job pays into the fund from its second month
  auto out = sheetNamed(book, "减员");
  ASSERT_EQ(out->getArray("rows")->size(), 2u);
  auto outHeader = rowOf(out, 0);
  EXPECT_EQ(text(rowOf(out, 1), column(outHeader, "证件号码")), w.own.idNumber);
  EXPECT_EQ(text(rowOf(out, 1), column(outHeader, "最后工作日")), "2026-03-20");
  EXPECT_EQ(text(rowOf(out, 1), column(outHeader, "减员原因")), "协商解除");
  // The remittance list: everyone paying into the fund this month, totals equal to the run's.
  auto totals = s.client().get("/api/v1/payroll-runs/" + str(id), w.tokens["agency_admin"]).json()->getObject("totals");
  auto hf = get("/api/v1/agencies/" + str(w.own.agency) + "/exports/hf-remittance.xlsx?period=2026-03",
                w.tokens["payroll_officer"]);
  ASSERT_EQ(hf.status, 200) << hf.body;
  auto list = sheetNamed(test::readWorkbook(hf.body), "住房公积金汇缴清册");
  auto rows = list->getArray("rows");
  auto header = rowOf(list, 0);
  auto last = rowOf(list, rows->size() - 1);
  EXPECT_EQ(text(last, 0), "合计" + std::to_string(rows->size() - 2) + "人");
  int64_t own = 0;
  auto slips = s.client().get("/api/v1/payroll-runs/" + str(id) + "/payslips", w.tokens["agency_admin"]).json()->getArray("items");
  for (std::size_t i = 0; i < slips->size(); ++i) own += slips->getObject(static_cast<unsigned>(i))->getValue<int64_t>("housing_fund_fen");
  EXPECT_EQ(fen(last, column(header, "个人缴存额")), own);
  EXPECT_EQ(fen(last, column(header, "单位缴存额")), totals->getValue<int64_t>("employer_housing_fund_fen"));
  EXPECT_EQ(get("/api/v1/agencies/" + str(w.own.agency) + "/exports/hf-remittance.xlsx?period=2026-13",
                w.tokens["payroll_officer"]).status, 422);
  // The month's new hire for the tax client's person-information import, with sex and birth date.
  auto reg = get("/api/v1/payroll-runs/" + str(id) + "/exports/person-registration.xlsx", w.tokens["payroll_officer"]);
  ASSERT_EQ(reg.status, 200) << reg.body;
  auto people = sheetNamed(test::readWorkbook(reg.body), "人员信息采集");
  ASSERT_EQ(people->getArray("rows")->size(), 2u);
  auto regHeader = rowOf(people, 0);
  EXPECT_EQ(text(rowOf(people, 1), column(regHeader, "*姓名")), "新人");
  EXPECT_EQ(text(rowOf(people, 1), column(regHeader, "*出生日期")), "1995-05-05");
  EXPECT_EQ(text(rowOf(people, 1), column(regHeader, "*性别")), "男");  // serial 077 is odd
  EXPECT_EQ(text(rowOf(people, 1), column(regHeader, "任职受雇从业日期")), "2026-03-01");
}

// Staff import takes the workbook a clerk keeps (made here by openpyxl: dates as date cells, grades
// as numbers, shared strings), with the same dry run and all-or-nothing commit as CSV; a body that
// is no workbook is a clear 422.
TEST_F(Exports, StaffImportReadsAnXlsxWorkbookAsItReadsCsv) {
  auto good = test::idNumber("330481", "19930303", 55);
  auto bad = test::idNumber("330481", "19930303", 57);
  bad.back() = bad.back() == '0' ? '1' : '0';  // a wrong check character
  auto book = test::makeWorkbook({{"姓名", "身份证号", "学历", "社工站", "岗位", "等级", "入职日期"},
                                  {"表一", good, "本科", std::to_string(w.own.station), "S1", "2", "2026-02-01"},
                                  {"表二", bad, "本科", std::to_string(w.own.station), "S1", "2", "2026-02-01"}});
  const std::string type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  auto path = "/api/v1/agencies/" + str(w.own.agency) + "/staff-import";
  auto dry = s.client().call("POST", path + "?dry_run=true", book, w.tokens["agency_admin"], {{"Content-Type", type}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  auto report = dry.json();
  EXPECT_EQ(report->getValue<int>("rows"), 2);
  EXPECT_EQ(report->getValue<int>("valid_rows"), 1);
  auto problems = report->getArray("problems");
  ASSERT_EQ(problems->size(), 1u) << dry.body;
  EXPECT_EQ(problems->getObject(0)->getValue<int>("line"), 3);  // the sheet's row
  EXPECT_EQ(s.client().call("POST", path, book, w.tokens["agency_admin"], {{"Content-Type", type}}).status, 422);  // all or nothing
  auto fixed = test::makeWorkbook({{"姓名", "身份证号", "学历", "社工站", "岗位", "等级", "入职日期"},
                                   {"表一", good, "本科", std::to_string(w.own.station), "S1", "2", "2026-02-01"}});
  auto ok = s.client().call("POST", path, fixed, w.tokens["agency_admin"], {{"Content-Type", type}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto created = s.client().get("/api/v1/employments/" + str(ok.json()->getArray("created")->getElement<int64_t>(0)),
                                w.tokens["agency_admin"]).json();
  EXPECT_EQ(created->getValue<std::string>("start_date"), "2026-02-01");  // from Excel's day number
  EXPECT_EQ(created->getValue<int>("grade"), 2);
  // Not a workbook, though it says it is; a zip without a workbook in it.
  auto notZip = s.client().call("POST", path + "?dry_run=true", "姓名,身份证号\n", w.tokens["agency_admin"], {{"Content-Type", type}});
  EXPECT_EQ(notZip.status, 422);
  EXPECT_NE(notZip.body.find("不是 zip"), std::string::npos) << notZip.body;
  auto truncated = s.client().call("POST", path + "?dry_run=true", fixed.substr(0, fixed.size() / 2), w.tokens["agency_admin"], {{"Content-Type", type}});
  EXPECT_EQ(truncated.status, 422) << truncated.body;
}

// The funding summary as a workbook for the bureau (issue #14): per agency with a totals row that
// equals the JSON summary, and the province/local split and budget on their own sheet.
TEST_F(Exports, TheFundingSummaryWorkbookAddsUpToTheSummary) {
  ASSERT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                           R"({"effective_from":"2020-01-01","funding":{"per_worker_year_fen":5000000,"province_share_pct":60,"local_share_pct":40}})",
                           w.admin).status, 200);
  w.hire(w.own);
  run("2026-03");
  const auto path = "/api/v1/jurisdictions/" + str(w.own.county) + "/funding?period=2026-03";
  auto summary = s.client().get(path, w.tokens["bureau"]).json();
  auto res = get(path + "&format=xlsx", w.tokens["bureau"]);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_NE(res.headers["Content-Disposition"].find("funding-2026-03.xlsx"), std::string::npos);
  auto book = test::readWorkbook(res.body);
  auto agencies = sheetNamed(book, "按机构");
  ASSERT_EQ(agencies->getArray("rows")->size(), 3u);  // header, the one agency, totals
  auto header = rowOf(agencies, 0);
  auto agency = rowOf(agencies, 1);
  EXPECT_EQ(text(agency, 0), str(w.own.agency));
  EXPECT_EQ(type(agency, 0), "s");
  auto name = s.client().get("/api/v1/agencies/" + str(w.own.agency), w.tokens["bureau"]).json()->getValue<std::string>("name");
  EXPECT_EQ(text(agency, 1), name);
  auto totals = rowOf(agencies, 2);
  EXPECT_EQ(text(totals, 0), "合计");
  EXPECT_EQ(totals->getObject(static_cast<unsigned>(column(header, "发薪人数")))->getValue<int64_t>("v"), 2);
  EXPECT_EQ(fen(totals, column(header, "应发工资")), summary->getValue<int64_t>("gross_fen"));
  EXPECT_EQ(fen(totals, column(header, "人工成本")), summary->getValue<int64_t>("labour_cost_fen"));
  EXPECT_EQ(fen(totals, column(header, "预算(按人数)")), 2 * 416667);  // 50,000 a year = 4,166.67 a month
  auto sources = sheetNamed(book, "资金来源");
  ASSERT_EQ(sources->getArray("rows")->size(), 7u);
  EXPECT_EQ(text(rowOf(sources, 2), 0), "省级财政承担(60%)");
  EXPECT_EQ(fen(rowOf(sources, 2), 1), summary->getValue<int64_t>("province_fen"));
  EXPECT_EQ(fen(rowOf(sources, 3), 1), summary->getValue<int64_t>("local_fen"));
  EXPECT_EQ(fen(rowOf(sources, 2), 1) + fen(rowOf(sources, 3), 1), fen(rowOf(sources, 1), 1));
  // Bureaus and the administrator only; a period is required, in Chinese.
  EXPECT_EQ(get(path + "&format=xlsx", w.tokens["agency_admin"]).status, 403);
  auto missing = get("/api/v1/jurisdictions/" + str(w.own.county) + "/funding?format=xlsx", w.tokens["bureau"]);
  EXPECT_EQ(missing.status, 422);
  EXPECT_NE(missing.body.find("请指定期间"), std::string::npos);
}
