// Files an agency files or keeps after a run (issue #14): the withholding declaration the tax
// bureau's client imports, and the payroll register (工资表). Both are read in chunks of payslips so
// a large run streams into the workbook instead of into memory.
#include <map>

#include "common/Embedded.h"
#include "common/Sheet.h"
#include "common/Text.h"
#include "payroll/Runs.h"

namespace sr::embedded_exports {
const std::vector<sr::EmbeddedFile>& embeddedFiles();
}

namespace sr::payroll {

namespace {

constexpr int kChunk = 2000;

// What a layout column may name (config/exports/iit-declaration.json says what each means).
const std::set<std::string>& knownSources() {
  static const std::set<std::string> s = {
      "employee_no", "name",  "id_type", "id_number", "income",    "exempt_income", "pension",
      "medical",     "unemployment", "housing_fund", "other",  "remark",   "zero",          "annual_bonus",
      "severance",   "severance_exempt", "ytd:children_education", "ytd:continuing_education", "ytd:housing_loan",
      "ytd:housing_rent", "ytd:elderly_support", "ytd:infant_care"};
  return s;
}

struct LayoutSheet {
  std::string name, rows;
  std::vector<std::pair<std::string, std::string>> columns;  // title, source
};

// Throws std::runtime_error naming what is wrong, so a bad correction stops at start, not at a clerk.
std::vector<LayoutSheet> parseLayout(const std::string& text, const std::string& file) {
  std::vector<LayoutSheet> out;
  auto fail = [&](const std::string& why) { throw std::runtime_error(file + ": " + why); };
  json::Obj doc;
  try {
    doc = json::parseObject(text);
  } catch (const std::exception& e) {
    fail(std::string("not a JSON object: ") + e.what());
  }
  auto sheets = doc->getArray("sheets");
  if (!sheets || sheets->size() == 0) fail("no sheets");
  for (std::size_t i = 0; i < sheets->size(); ++i) {
    auto s = sheets->getObject(static_cast<unsigned>(i));
    if (!s) fail("sheets[" + std::to_string(i) + "] is not an object");
    LayoutSheet sheet{s->optValue<std::string>("name", ""), s->optValue<std::string>("rows", ""), {}};
    if (sheet.name.empty()) fail("sheets[" + std::to_string(i) + "] has no name");
    if (sheet.rows != "wages" && sheet.rows != "annual_bonus" && sheet.rows != "severance")
      fail(sheet.name + ": rows must be wages, annual_bonus or severance");
    auto cols = s->getArray("columns");
    if (!cols || cols->size() == 0) fail(sheet.name + ": no columns");
    for (std::size_t k = 0; k < cols->size(); ++k) {
      auto c = cols->getObject(static_cast<unsigned>(k));
      auto title = c ? c->optValue<std::string>("title", "") : "";
      auto source = c ? c->optValue<std::string>("source", "") : "";
      if (title.empty() || !knownSources().count(source))
        fail(sheet.name + ": column " + std::to_string(k + 1) + " needs a title and a known source (got '" + source + "')");
      sheet.columns.emplace_back(title, source);
    }
    out.push_back(std::move(sheet));
  }
  return out;
}

sheet::Kind kindOf(const std::string& source) {
  if (source == "id_number" || source == "employee_no") return sheet::Kind::identifier;
  if (source == "name" || source == "id_type" || source == "remark") return sheet::Kind::text;
  return sheet::Kind::money;
}

// The year's special deductions by category as the payslip kept them; an older payslip (before
// they were kept) has its whole figure unsorted, as has a lump sum declared before categories.
std::map<std::string, int64_t> specialByCategory(const db::Row& r) {
  std::map<std::string, int64_t> out;
  auto detail = r.optStr("ytd_special_detail");
  if (!detail) {
    if (r.i64("ytd_special_fen") != 0) out["unspecified"] = r.i64("ytd_special_fen");
    return out;
  }
  auto o = json::parseObject(*detail);
  for (const auto& [category, value] : *o) out[category] = value.convert<int64_t>();
  out["continuing_education"] = out["continuing_education_degree"] + out["continuing_education_certificate"];
  return out;
}

// Wage income the month declares: the gross without severance, and without a bonus taxed on its own.
int64_t wageIncome(const db::Row& r) {
  return r.i64("gross_fen") - r.i64("severance_fen") - (r.i64("bonus_separate") ? r.i64("annual_bonus_fen") : 0);
}

bool rowBelongs(const std::string& rows, const db::Row& r) {
  if (rows == "annual_bonus") return r.i64("bonus_separate") && r.i64("annual_bonus_fen") != 0;
  if (rows == "severance") return r.i64("severance_fen") != 0;
  return wageIncome(r) != 0 || r.i64("pension_fen") != 0 || r.i64("housing_fund_fen") != 0;
}

}  // namespace

void checkExportLayouts(const std::string& dir) {
  parseLayout(dataFile(embedded_exports::embeddedFiles(), "iit-declaration.json", dir), "iit-declaration.json");
}

void RunService::forEachPayslipChunk(int64_t runId, const std::function<void(db::Connection&, const std::vector<db::Row>&,
                                                                         const std::map<int64_t, people::Person>&)>& each) const {
  int64_t after = 0;
  for (;;) {
    // One read transaction per chunk: a long export never holds a snapshot (or a MariaDB
    // connection) for the whole file.
    bool more = db_.read<bool>([&](db::Connection& c) {
      auto rows = c.query("SELECT * FROM payslips WHERE run_id = ? AND id > ? ORDER BY id LIMIT " + std::to_string(kChunk),
                          {runId, after});
      if (rows.empty()) return false;
      std::vector<int64_t> ids;
      for (const auto& r : rows) ids.push_back(r.i64("person_id"));
      auto persons = people_.findMany(c, ids);
      each(c, rows, persons);
      after = rows.back().i64("id");
      return rows.size() == static_cast<std::size_t>(kChunk);
    });
    if (!more) break;
  }
}

void RunService::auditExport(const http::Actor& actor, const std::string& action, const Run& run, int64_t rows) const {
  db_.transact<int>([&](db::Connection& c) {
    auto record = json::object();
    record->set("run_id", run.id);
    record->set("rows", rows);
    audit_.append(c, actor, {action, "payroll_run", run.id, run.jurisdictionPath, nullptr, record});
    return 0;
  });
}

std::string RunService::iitDeclaration(const http::Principal& p, const http::Actor& actor, int64_t runId) const {
  auto run = runFor(p, runId);
  if (run.status != "approved" && run.status != "paid")
    throw Error(Code::conflict, "个税扣缴申报表由已审批的工资批次生成(本批次状态:" + run.status + ")。");
  auto layout = parseLayout(dataFile(embedded_exports::embeddedFiles(), "iit-declaration.json", settings_.layoutsDir),
                            "iit-declaration.json");
  auto book = sheet::xlsx(true);
  int64_t rows = 0;
  for (const auto& ls : layout) {
    std::vector<sheet::Column> cols;
    for (const auto& [title, source] : ls.columns) cols.push_back({title, "", kindOf(source)});
    book->beginSheet(ls.name, cols);
    forEachPayslipChunk(runId, [&](db::Connection&, const std::vector<db::Row>& slips,
                                   const std::map<int64_t, people::Person>& persons) {
      for (const auto& r : slips) {
        if (!rowBelongs(ls.rows, r)) continue;
        const auto& person = persons.at(r.i64("person_id"));
        auto special = specialByCategory(r);
        std::string remark;
        if (auto it = special.find("unspecified"); it != special.end() && it->second != 0)
          remark = "另有未分类的专项附加扣除累计" + hundredthsText(it->second) + "元,请在扣缴端按类别填报";
        std::vector<sheet::Cell> cells;
        for (const auto& [title, source] : ls.columns) {
          if (source == "employee_no") cells.emplace_back(std::to_string(r.i64("employment_id")));
          else if (source == "name") cells.emplace_back(person.name);
          else if (source == "id_type") cells.emplace_back(std::string("居民身份证"));
          else if (source == "id_number") cells.emplace_back(people_.protection().open("id_number", person.idSealed));
          else if (source == "income") cells.emplace_back(wageIncome(r));
          else if (source == "pension") cells.emplace_back(r.i64("pension_fen"));
          else if (source == "medical") cells.emplace_back(r.i64("medical_fen"));
          else if (source == "unemployment") cells.emplace_back(r.i64("unemployment_fen"));
          else if (source == "housing_fund") cells.emplace_back(r.i64("housing_fund_fen"));
          else if (source == "other") cells.emplace_back(r.i64("other_deductions_fen"));
          else if (source == "annual_bonus") cells.emplace_back(r.i64("annual_bonus_fen"));
          else if (source == "severance") cells.emplace_back(r.i64("severance_fen"));
          else if (source == "severance_exempt") cells.emplace_back(r.i64("severance_exempt_fen"));
          else if (source.rfind("ytd:", 0) == 0) {
            auto it = special.find(source.substr(4));
            cells.emplace_back(it == special.end() ? int64_t{0} : it->second);
          } else if (source == "remark") cells.emplace_back(ls.rows == "wages" ? remark : std::string());
          else cells.emplace_back(int64_t{0});  // zero, exempt_income: nothing this system pays is exempt wage income
        }
        book->row(cells);
        ++rows;
      }
    });
  }
  auto out = book->finish();
  auditExport(actor, "payroll_run.iit_declaration", run, rows);
  return out;
}

std::string RunService::payrollRegister(const http::Principal& p, const http::Actor& actor, int64_t runId,
                                        const sheet::Choice& choice) const {
  auto run = runFor(p, runId);
  if (run.status == "computing" || run.status == "failed")
    throw Error(Code::conflict, "工资批次尚未计算完成(状态:" + run.status + "),不能导出工资表。");
  using sheet::Kind;
  const bool whole = people::revealsIdNumber(p.role);
  std::map<int64_t, std::string> stations;
  for (const auto& s : org_.stationsOfAgency(run.agencyId)) stations[s.id] = s.name;
  struct Money {
    const char* zh;
    const char* en;
    const char* column;
  };
  static const Money money[] = {
      {"基本工资", "base", "base_fen"},
      {"津贴补贴", "allowances", "allowances_fen"},
      {"全年一次性奖金", "annual bonus", "annual_bonus_fen"},
      {"经济补偿金", "severance", "severance_fen"},
      {"应发合计", "gross", "gross_fen"},
      {"养老保险(个人)", "pension", "pension_fen"},
      {"医疗保险(个人)", "medical", "medical_fen"},
      {"失业保险(个人)", "unemployment", "unemployment_fen"},
      {"住房公积金(个人)", "housing fund", "housing_fund_fen"},
      {"专项附加扣除(本月)", "special deductions", "special_deductions_fen"},
      {"其他扣款", "other deductions", "other_deductions_fen"},
      {"个人所得税", "income tax", "iit_fen"},
      {"奖金个税", "bonus tax", "annual_bonus_iit_fen"},
      {"补偿金个税", "severance tax", "severance_iit_fen"},
      {"实发合计", "net", "net_fen"},
      {"养老保险(单位)", "employer pension", "employer_pension_fen"},
      {"医疗保险(单位)", "employer medical", "employer_medical_fen"},
      {"失业保险(单位)", "employer unemployment", "employer_unemployment_fen"},
      {"工伤保险(单位)", "employer injury", "employer_injury_fen"},
      {"住房公积金(单位)", "employer housing fund", "employer_housing_fund_fen"},
  };
  std::vector<sheet::Column> cols = {{"序号", "no.", Kind::integer},          {"工号", "employee no.", Kind::identifier},
                                     {"姓名", "name", Kind::text},          {"证件号码", "ID number", Kind::identifier},
                                     {"站点", "station", Kind::text},       {"期间", "period", Kind::text},
                                     {"计薪天数", "paid days", Kind::integer}, {"社保缴费基数", "SI base", Kind::money},
                                     {"公积金缴费基数", "HF base", Kind::money}};
  for (const auto& m : money) cols.push_back({m.zh, m.en, Kind::money});
  cols.push_back({"单位缴费合计", "employer total", Kind::money});
  cols.push_back({"人工成本", "labour cost", Kind::money});
  auto book = sheet::writer(choice);
  book->beginSheet("工资表", cols);
  int64_t n = 0;
  forEachPayslipChunk(runId, [&](db::Connection&, const std::vector<db::Row>& slips,
                                 const std::map<int64_t, people::Person>& persons) {
    for (const auto& r : slips) {
      const auto& person = persons.at(r.i64("person_id"));
      auto st = stations.find(r.i64("station_id"));
      std::vector<sheet::Cell> cells = {
          ++n,
          std::to_string(r.i64("employment_id")),
          person.name,
          whole ? people_.protection().open("id_number", person.idSealed) : person.idMasked,
          st == stations.end() ? std::to_string(r.i64("station_id")) : st->second,
          r.str("period"),
          r.i64("paid_days"),
          r.i64("si_base_fen"),
          r.i64("hf_base_fen")};
      int64_t employer = 0;
      for (const auto& m : money) {
        cells.emplace_back(r.i64(m.column));
        if (std::string_view(m.column).rfind("employer_", 0) == 0) employer += r.i64(m.column);
      }
      cells.emplace_back(employer);
      cells.emplace_back(r.i64("gross_fen") + employer);
      book->row(cells);
    }
  });
  auto rows = book->rows();
  book->totals(choice.chinese ? "合计" : "Total");
  auto out = book->finish();
  if (whole) auditExport(actor, "payroll_run.register", run, rows);  // whole ID numbers left: on record
  return out;
}

}  // namespace sr::payroll
