// Files an agency files or keeps after a run (issue #14): the withholding declaration the tax
// bureau's client imports, and the payroll register (工资表). Both are read in chunks of payslips so
// a large run streams into the workbook instead of into memory.
#include <map>
#include <set>

#include "common/Embedded.h"
#include "common/Sheet.h"
#include "common/Text.h"
#include "common/Time.h"
#include "payroll/Runs.h"

namespace sr::embedded_exports {
const std::vector<sr::EmbeddedFile>& embeddedFiles();
}

namespace sr::payroll {

namespace {

constexpr int kChunk = 2000;
// What each export reads of a payslip (besides id and person_id): no more than it writes.
constexpr std::string_view kDeclarationColumns =
    "employment_id, gross_fen, severance_fen, severance_exempt_fen, bonus_separate, annual_bonus_fen, pension_fen, "
    "medical_fen, unemployment_fen, housing_fund_fen, other_deductions_fen, ytd_special_fen, ytd_special_detail";
constexpr std::string_view kRegisterColumns =
    "employment_id, station_id, period, paid_days, si_base_fen, hf_base_fen, base_fen, allowances_fen, annual_bonus_fen, "
    "severance_fen, gross_fen, pension_fen, medical_fen, unemployment_fen, housing_fund_fen, special_deductions_fen, "
    "other_deductions_fen, iit_fen, annual_bonus_iit_fen, severance_iit_fen, net_fen, employer_pension_fen, "
    "employer_medical_fen, employer_unemployment_fen, employer_injury_fen, employer_housing_fund_fen";

// What a layout column may name (config/exports/*.json say what each means).
const std::set<std::string>& declarationSources() {
  static const std::set<std::string> s = {
      "employee_no", "name",  "id_type", "id_number", "income",    "exempt_income", "pension",
      "medical",     "unemployment", "housing_fund", "other",  "remark",   "zero",          "annual_bonus",
      "severance",   "severance_exempt", "ytd:children_education", "ytd:continuing_education", "ytd:housing_loan",
      "ytd:housing_rent", "ytd:elderly_support", "ytd:infant_care"};
  return s;
}
const std::set<std::string>& registrationSources() {
  static const std::set<std::string> s = {"employee_no", "name",      "id_type",   "id_number", "nationality",
                                          "sex",         "birth_date", "person_status", "employment_type", "phone",
                                          "hire_date",   "leave_date", "no",        "yes",       "blank"};
  return s;
}

struct LayoutSheet {
  std::string name, rows;
  std::vector<std::pair<std::string, std::string>> columns;  // title, source
};

// Throws std::runtime_error naming what is wrong, so a bad correction stops at start, not at a clerk.
std::vector<LayoutSheet> parseLayout(const std::string& text, const std::string& file, const std::set<std::string>& sources,
                                     const std::set<std::string>& rowKinds) {
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
    if (!rowKinds.count(sheet.rows)) fail(sheet.name + ": rows '" + sheet.rows + "' is not a kind this export has");
    auto cols = s->getArray("columns");
    if (!cols || cols->size() == 0) fail(sheet.name + ": no columns");
    for (std::size_t k = 0; k < cols->size(); ++k) {
      auto c = cols->getObject(static_cast<unsigned>(k));
      auto title = c ? c->optValue<std::string>("title", "") : "";
      auto source = c ? c->optValue<std::string>("source", "") : "";
      if (title.empty() || !sources.count(source))
        fail(sheet.name + ": column " + std::to_string(k + 1) + " needs a title and a known source (got '" + source + "')");
      sheet.columns.emplace_back(title, source);
    }
    out.push_back(std::move(sheet));
  }
  return out;
}

sheet::Kind kindOf(const std::string& source) {
  if (source == "id_number" || source == "employee_no" || source == "phone") return sheet::Kind::identifier;
  if (declarationSources().count(source) && source != "name" && source != "id_type" && source != "remark")
    return sheet::Kind::money;
  return sheet::Kind::text;
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

const std::set<std::string> kDeclarationRows = {"wages", "annual_bonus", "severance"};

void checkExportLayouts(const std::string& dir) {
  parseLayout(dataFile(embedded_exports::embeddedFiles(), "iit-declaration.json", dir), "iit-declaration.json",
              declarationSources(), kDeclarationRows);
  parseLayout(dataFile(embedded_exports::embeddedFiles(), "person-registration.json", dir), "person-registration.json",
              registrationSources(), {"new_hires"});
}

void RunService::forEachPayslipChunk(
    int64_t runId, std::string_view columns,
    const std::function<void(const std::vector<db::Row>&, const std::map<int64_t, people::Person>&)>& each) const {
  struct Chunk {
    std::vector<db::Row> rows;
    std::map<int64_t, people::Person> persons;
  };
  int64_t after = 0;
  for (;;) {
    // One read transaction per chunk: a long export never holds a snapshot (or a MariaDB
    // connection) for the whole file. The body only reads and returns: a retried read must not
    // write a chunk's rows into the file twice.
    auto chunk = db_.read<Chunk>([&](db::Connection& c) {
      Chunk out;
      out.rows = c.query("SELECT id, person_id, " + std::string(columns) +
                             " FROM payslips WHERE run_id = ? AND id > ? ORDER BY id LIMIT " + std::to_string(kChunk),
                         {runId, after});
      std::vector<int64_t> ids;
      for (const auto& r : out.rows) ids.push_back(r.i64("person_id"));
      out.persons = people_.findMany(c, ids);
      return out;
    });
    if (chunk.rows.empty()) break;
    each(chunk.rows, chunk.persons);
    after = chunk.rows.back().i64("id");
    if (chunk.rows.size() < static_cast<std::size_t>(kChunk)) break;
  }
}

std::optional<sheet::Cell> RunService::identityCell(const std::string& source, const db::Row& slip,
                                                    const people::Person& person) const {
  if (source == "employee_no") return std::to_string(slip.i64("employment_id"));
  if (source == "name") return person.name;
  if (source == "id_type") return std::string("居民身份证");  // the only kind a hire here may have
  if (source == "id_number") return people_.protection().open("id_number", person.idSealed);
  return std::nullopt;
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
                            "iit-declaration.json", declarationSources(), kDeclarationRows);
  auto book = sheet::xlsx(true);
  int64_t rows = 0;
  for (const auto& ls : layout) {
    std::vector<sheet::Column> cols;
    for (const auto& [title, source] : ls.columns) cols.push_back({title, "", kindOf(source)});
    book->beginSheet(ls.name, cols);
    forEachPayslipChunk(runId, kDeclarationColumns, [&](const std::vector<db::Row>& slips,
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
          if (auto cell = identityCell(source, r, person)) cells.push_back(std::move(*cell));
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
  for (const auto& s : org_.stationsOfAgency(run.agencyId, true)) stations[s.id] = s.name;
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
  forEachPayslipChunk(runId, kRegisterColumns, [&](const std::vector<db::Row>& slips,
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


std::string RunService::personRegistration(const http::Principal& p, const http::Actor& actor, int64_t runId) const {
  auto run = runFor(p, runId);
  if (run.status == "computing" || run.status == "failed")
    throw Error(Code::conflict, "工资批次尚未计算完成(状态:" + run.status + "),不能导出人员信息采集表。");
  auto layout = parseLayout(dataFile(embedded_exports::embeddedFiles(), "person-registration.json", settings_.layoutsDir),
                            "person-registration.json", registrationSources(), {"new_hires"});
  const auto ym = *parsePeriod(run.period);
  const auto from = run.period + "-01", to = formatDate(pay::lastDay(ym));
  auto book = sheet::xlsx(true);
  int64_t rows = 0;
  for (const auto& ls : layout) {
    std::vector<sheet::Column> cols;
    for (const auto& [title, source] : ls.columns) cols.push_back({title, "", kindOf(source)});
    book->beginSheet(ls.name, cols);
    // The month's new hires: employments of this run that started in its month. Read, then written:
    // a retried read must not write rows twice.
    auto read = db_.read<std::pair<std::vector<db::Row>, std::map<int64_t, people::Person>>>([&](db::Connection& c) {
      auto found = c.query("SELECT s.employment_id, s.person_id, e.start_date, e.ended_on, e.phone FROM payslips s "
                           "JOIN employments e ON e.id = s.employment_id WHERE s.run_id = ? AND e.start_date >= ? "
                           "AND e.start_date <= ? ORDER BY s.employment_id",
                           {runId, from, to});
      std::vector<int64_t> ids;
      for (const auto& r : found) ids.push_back(r.i64("person_id"));
      return std::make_pair(found, people_.findMany(c, ids));
    });
    // Named, not bound: clang 14 cannot capture structured bindings in lambdas.
    const auto& slips = read.first;
    const auto& persons = read.second;
    {
      for (const auto& r : slips) {
        const auto& person = persons.at(r.i64("person_id"));
        auto facts = people_.idFactsOf(person.idSealed);
        std::vector<sheet::Cell> cells;
        for (const auto& [title, source] : ls.columns) {
          if (auto cell = identityCell(source, r, person)) cells.push_back(std::move(*cell));
          else if (source == "nationality") cells.emplace_back(std::string("中国"));
          else if (source == "sex") cells.emplace_back(std::string(facts.sex == 'F' ? "女" : "男"));
          else if (source == "birth_date") cells.emplace_back(formatDate(facts.birthDate));
          else if (source == "person_status") cells.emplace_back(std::string("正常"));
          else if (source == "employment_type") cells.emplace_back(std::string("雇员"));
          else if (source == "phone") cells.emplace_back(r.optStr("phone").value_or(person.phone.value_or("")));
          else if (source == "hire_date") cells.emplace_back(r.str("start_date"));
          else if (source == "leave_date") cells.emplace_back(r.optStr("ended_on").value_or(""));
          else if (source == "no") cells.emplace_back(std::string("否"));
          else if (source == "yes") cells.emplace_back(std::string("是"));
          else cells.emplace_back(std::string());
        }
        book->row(cells);
        ++rows;
      }
    }
  }
  auto out = book->finish();
  auditExport(actor, "payroll_run.person_registration", run, rows);
  return out;
}

namespace {
const std::map<std::string, std::string>& endReasons() {
  static const std::map<std::string, std::string> m = {{"contract_expired", "合同到期"},
                                                       {"mutual_agreement", "协商解除"},
                                                       {"probation_failed", "试用期不符合录用条件"},
                                                       {"resignation", "个人辞职"},
                                                       {"transferred", "站点移交转入新机构"},
                                                       {"other", "其他"}};
  return m;
}
}  // namespace

// The agency's regular run of the month that was computed (draft, approved or paid): the bases and
// contributions the change lists report are the ones it computed.
RunService::Run RunService::monthRun(const http::Principal& p, int64_t agencyId, const std::string& period) const {
  auto agency = org_.agencyFor(p, agencyId);
  if (!parsePeriod(period))
    throw Error(Code::validation_failed, "期间格式应为 YYYY-MM。", {{"period", "must be YYYY-MM"}});
  auto row = db_.read<std::optional<db::Row>>([&](db::Connection& c) {
    return c.queryOne("SELECT * FROM payroll_runs WHERE agency_id = ? AND period = ? AND kind = 'regular' AND status IN "
                      "('draft', 'approved', 'paid') ORDER BY id DESC LIMIT 1",
                      {agency.id, period});
  });
  if (!row)
    throw Error(Code::conflict, period + " 尚无计算完成的工资批次:缴费基数由工资计算确定,请先计算该月工资。");
  return runFrom(*row);
}

std::string RunService::siChanges(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                                  const std::string& period) const {
  auto run = monthRun(p, agencyId, period);
  const auto ym = *parsePeriod(period);
  const auto from = period + "-01", to = formatDate(pay::lastDay(ym));
  using sheet::Kind;
  auto book = sheet::xlsx(true);
  int64_t rows = 0;
  // Read, then written: a retried read must not write rows twice.
  auto read = db_.read<std::pair<std::vector<db::Row>, std::map<int64_t, people::Person>>>([&](db::Connection& c) {
    auto found = c.query("SELECT s.employment_id, s.person_id, s.si_base_fen, s.hf_base_fen, e.start_date, e.ended_on, "
                         "e.end_reason, e.first_job FROM payslips s JOIN employments e ON e.id = s.employment_id "
                         "WHERE s.run_id = ? AND ((e.start_date >= ? AND e.start_date <= ?) OR (e.ended_on >= ? AND "
                         "e.ended_on <= ?)) ORDER BY s.employment_id",
                         {run.id, from, to, from, to});
    std::vector<int64_t> ids;
    for (const auto& r : found) ids.push_back(r.i64("person_id"));
    return std::make_pair(found, people_.findMany(c, ids));
  });
  const auto& slips = read.first;
  const auto& persons = read.second;
  {
    auto idOf = [&](const db::Row& r) {
      return people_.protection().open("id_number", persons.at(r.i64("person_id")).idSealed);
    };
    book->beginSheet("增员", {{"序号", "", Kind::integer},
                              {"姓名", "", Kind::text},
                              {"证件类型", "", Kind::text},
                              {"证件号码", "", Kind::identifier},
                              {"增员类型", "", Kind::text},
                              {"入职日期", "", Kind::text},
                              {"社会保险缴费基数", "", Kind::money},
                              {"住房公积金缴存基数", "", Kind::money},
                              {"备注", "", Kind::text}});
    int64_t n = 0;
    for (const auto& r : slips) {
      auto start = r.str("start_date");
      if (start < from || start > to) continue;
      bool first = r.i64("first_job") != 0;
      // 住房公积金管理条例 Art. 15: a first job pays into the fund from its second month.
      std::string note = first && r.i64("hf_base_fen") == 0 ? "首次就业,住房公积金自次月起缴存" : "";
      book->row({++n, persons.at(r.i64("person_id")).name, std::string("居民身份证"), idOf(r),
                 std::string(first ? "新参保" : "转入"), start, r.i64("si_base_fen"), r.i64("hf_base_fen"), note});
    }
    rows += n;
    book->beginSheet("减员", {{"序号", "", Kind::integer},
                              {"姓名", "", Kind::text},
                              {"证件类型", "", Kind::text},
                              {"证件号码", "", Kind::identifier},
                              {"最后工作日", "", Kind::text},
                              {"减员原因", "", Kind::text}});
    n = 0;
    for (const auto& r : slips) {
      auto ended = r.optStr("ended_on");
      if (!ended || *ended < from || *ended > to) continue;
      auto reason = r.optStr("end_reason").value_or("other");
      auto it = endReasons().find(reason);
      book->row({++n, persons.at(r.i64("person_id")).name, std::string("居民身份证"), idOf(r), *ended,
                 it == endReasons().end() ? reason : it->second});
    }
    rows += n;
  }
  auto out = book->finish();
  auditExport(actor, "agency.si_changes", run, rows);
  return out;
}

std::string RunService::hfRemittance(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                                     const std::string& period) const {
  auto run = monthRun(p, agencyId, period);
  using sheet::Kind;
  auto book = sheet::xlsx(true);
  book->beginSheet("住房公积金汇缴清册", {{"序号", "", Kind::integer},
                                          {"姓名", "", Kind::text},
                                          {"证件号码", "", Kind::identifier},
                                          {"缴存基数", "", Kind::money},
                                          {"个人缴存额", "", Kind::money},
                                          {"单位缴存额", "", Kind::money},
                                          {"月缴存额合计", "", Kind::money}});
  int64_t n = 0;
  forEachPayslipChunk(run.id, "hf_base_fen, housing_fund_fen, employer_housing_fund_fen",
                      [&](const std::vector<db::Row>& slips, const std::map<int64_t, people::Person>& persons) {
    for (const auto& r : slips) {
      if (r.i64("hf_base_fen") == 0) continue;  // not paying into the fund this month
      const auto& person = persons.at(r.i64("person_id"));
      book->row({++n, person.name, people_.protection().open("id_number", person.idSealed), r.i64("hf_base_fen"),
                 r.i64("housing_fund_fen"), r.i64("employer_housing_fund_fen"),
                 r.i64("housing_fund_fen") + r.i64("employer_housing_fund_fen")});
    }
  });
  book->totals("合计" + std::to_string(n) + "人");
  auto out = book->finish();
  auditExport(actor, "agency.hf_remittance", run, n);
  return out;
}

}  // namespace sr::payroll
