// What a payroll run produces for people outside the system: the bank's transfer file, a payslip
// a worker can print, and the bureau's funding summary.
#include <map>
#include <set>

#include "common/Csv.h"
#include "common/Sheet.h"
#include "payroll/BankFiles.h"
#include "people/PersonRules.h"
#include "common/Text.h"
#include "payroll/Runs.h"

namespace sr::payroll {

namespace {
// The employer's contributions of a payslip (labour cost = gross + these, issue #11).
constexpr std::string_view kEmployerSum =
    "s.employer_pension_fen + s.employer_medical_fen + s.employer_unemployment_fen + s.employer_injury_fen + "
    "s.employer_housing_fund_fen";
std::string html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}
}  // namespace

http::Response RunService::bankFile(const http::Principal& p, const http::Actor& actor, int64_t runId,
                                    const std::optional<std::string>& templateId) {
  auto run = runFor(p, runId);
  if (!p.confirmed)
    throw Error(Code::unconfirmed_approver,
                "Your account was created by another agency admin: the bureau confirms it before you may download "
                "bank files.");
  if (run.status != "approved" && run.status != "paid")
    throw Error(Code::conflict, "The bank file is made from an approved run (this one is " + run.status + ").");
  // The template asked for, else the agency's, else the generic one.
  auto id = templateId.value_or(org_.findAgency(run.agencyId)->bankTemplate.value_or("generic"));
  auto bank = findBankTemplate(id, settings_.layoutsDir);
  if (!bank) throw Error(Code::validation_failed, "没有名为“" + id + "”的银行文件模板。", {{"template", "no such bank template"}});
  // Everything the file holds is built inside the body and returned: a retried transaction starts
  // from nothing again instead of appending a second copy of each line.
  auto body = db_.transact<std::string>([&](db::Connection& c) {
    std::vector<BankLine> lines;
    std::vector<FieldError> problems;
    // The account each payslip sealed when it was computed: the file of an approved run is the same
    // whatever later happens to the person's or the employment's records.
    // A recovery (an adjustment's negative net) is no transfer: it is collected from the worker, and
    // the run's payslips show it.
    auto rows = c.query("SELECT employment_id, person_id, net_fen, bank_sealed FROM payslips WHERE run_id = ? "
                        "AND net_fen >= 0 ORDER BY employment_id",
                        {runId});
    std::vector<int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.i64("person_id"));
    auto persons = people_.findMany(c, ids);
    for (const auto& r : rows) {
      const auto& person = persons.at(r.i64("person_id"));
      auto sealed = r.optStr("bank_sealed");
      auto account = sealed ? people_.protection().open("bank_account", *sealed) : std::string();
      // Every account is checked before any file is made, and every failure listed (issue #14).
      auto problem = sealed ? people::payrollCardProblem(account) : std::optional<std::string>("没有银行账号");
      if (problem) {
        problems.push_back({"employment[" + std::to_string(r.i64("employment_id")) + "].bank_account",
                            person.name + ":" + *problem});
        continue;
      }
      lines.push_back({person.name, account, run.period, r.i64("net_fen")});
    }
    if (!problems.empty())
      throw Error(Code::validation_failed,
                  std::to_string(problems.size()) + "名人员的银行账号未通过校验,请更正后再生成银行文件。", problems);
    auto out = renderBankFile(*bank, lines);
    auto record = json::object();
    record->set("run_id", runId);
    record->set("rows", static_cast<int64_t>(lines.size()));
    record->set("template", bank->id);
    audit_.append(c, actor, {"payroll_run.bank_file", "payroll_run", runId, run.jurisdictionPath, nullptr, record});
    return out;
  });
  std::string name = "代发工资-" + run.period, ascii = "bank-transfer-" + run.period;
  if (bank->fileType == "txt")
    return sheet::download(std::move(body), bank->encoding == sheet::Encoding::gbk ? "text/plain; charset=GBK"
                                            : bank->encoding == sheet::Encoding::gb18030 ? "text/plain; charset=GB18030"
                                                                                         : "text/plain; charset=utf-8",
                           "txt", name, ascii);
  auto format = bankFileFormat(*bank);
  auto res = sheet::download(std::move(body), format, name, ascii);
  if (format == sheet::Format::csv && bank->encoding != sheet::Encoding::utf8_bom && bank->encoding != sheet::Encoding::utf8)
    res.contentType = bank->encoding == sheet::Encoding::gbk ? "text/csv; charset=GBK" : "text/csv; charset=GB18030";
  return res;
}

json::Obj RunService::bankTemplates() const {
  auto items = json::array();
  for (const auto& id : bankTemplateIds(settings_.layoutsDir)) {
    auto t = findBankTemplate(id, settings_.layoutsDir);
    auto o = json::object();
    o->set("id", t->id);
    o->set("name", t->name);
    o->set("file_type", t->fileType);
    items->add(o);
  }
  auto out = json::object();
  out->set("items", items);
  return out;
}

void RunService::setBankTemplate(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                                 const std::string& templateId) const {
  if (!findBankTemplate(templateId, settings_.layoutsDir))
    throw Error(Code::validation_failed, "没有名为“" + templateId + "”的银行文件模板。",
                {{"bank_template", "must be one of GET /api/v1/bank-templates"}});
  org_.setBankTemplate(p, actor, agencyId, templateId);
}

std::string RunService::printablePayslip(const http::Principal& p, int64_t payslipId) const {
  auto row = db_.read<std::optional<db::Row>>([&](db::Connection& c) {
    return c.queryOne("SELECT s.*, r.agency_id AS run_agency, r.status AS run_status FROM payslips s JOIN payroll_runs r "
                      "ON r.id = s.run_id WHERE s.id = ?",
                      {payslipId});
  });
  // A computing run's payslips are not yet a run's (issue #10: half a run was readable after a crash).
  if (!row || row->str("run_status") == "computing" || row->str("run_status") == "failed") throwNotFound("Payslip");
  // The worker themself, their agency, or the bureau over the station; a worker sees approved slips only.
  access::require(p, {row->str("jurisdiction_path"), row->i64("run_agency"), row->i64("person_id")});
  if (p.role == http::Role::worker && row->str("run_status") != "approved" && row->str("run_status") != "paid")
    throwNotFound("Payslip");
  auto person = db_.read<people::Person>([&](db::Connection& c) { return *people_.find(c, row->i64("person_id")); });
  auto agency = org_.findAgency(row->i64("run_agency"));
  auto line = [&](const char* label, const char* column) {
    return "<tr><th>" + std::string(label) + "</th><td>" + hundredthsText(row->i64(column)) + "</td></tr>\n";
  };
  std::string out = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>工资条 " +
                    html(row->str("period")) +
                    "</title>\n<style>body{font-family:sans-serif;max-width:32em;margin:2em auto}table{width:100%;"
                    "border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:.3em;text-align:left}"
                    "td{text-align:right}@media print{body{margin:0}}</style></head><body>\n";
  out += "<h1>工资条 " + html(row->str("period")) + "</h1>\n<p>" + html(agency ? agency->name : "") + "</p>\n";
  out += "<p>姓名：" + html(person.name) + "　身份证号：" + html(person.idMasked) + "　出勤天数：" +
         std::to_string(row->i64("paid_days")) + "</p>\n<table>\n";
  // A bonus or severance month shows each with its own tax.
  std::string extra;
  if (row->i64("annual_bonus_fen") != 0)
    extra += line("全年一次性奖金", "annual_bonus_fen") + line("奖金个人所得税", "annual_bonus_iit_fen");
  if (row->i64("severance_fen") != 0) extra += line("经济补偿", "severance_fen") + line("经济补偿个人所得税", "severance_iit_fen");
  out += line("基本工资", "base_fen") + line("津贴补贴", "allowances_fen") + extra + line("应发工资", "gross_fen") +
         line("养老保险", "pension_fen") + line("医疗保险", "medical_fen") + line("失业保险", "unemployment_fen") +
         line("住房公积金", "housing_fund_fen") + line("专项附加扣除", "special_deductions_fen") +
         line("其他扣除", "other_deductions_fen") + line("累计应纳税所得额", "taxable_ytd_fen") +
         line("个人所得税", "iit_fen") + line("实发工资", "net_fen") + line("社会保险缴费基数", "si_base_fen") +
         line("住房公积金缴存基数", "hf_base_fen");
  // What the agency paid on top, so a worker sees their whole contribution record.
  int64_t employer = 0;
  for (const char* k : {"employer_pension_fen", "employer_medical_fen", "employer_unemployment_fen",
                        "employer_injury_fen", "employer_housing_fund_fen"})
    employer += row->i64(k);
  out += "<tr><th>单位缴纳合计</th><td>" + hundredthsText(employer) + "</td></tr>\n";
  out += "</table>\n<p>金额单位：元</p>\n</body></html>\n";
  return out;
}

std::vector<RunService::LabourCost> RunService::labourCost(const std::vector<LabourWindow>& windows) const {
  std::vector<LabourCost> out(windows.size());
  if (windows.empty()) return out;
  std::set<int64_t> agencies, stations;
  std::string from = windows.front().from, to = windows.front().to;
  for (const auto& w : windows) {
    agencies.insert(w.agencyId);
    stations.insert(w.stationId);
    from = std::min(from, w.from);
    to = std::max(to, w.to);
  }
  db::Params params(agencies.begin(), agencies.end());
  params.insert(params.end(), stations.begin(), stations.end());
  params.emplace_back(from);
  params.emplace_back(to);
  // Summed per agency, station and month in the database, each month then counted by the windows
  // of that agency and station holding it.
  auto rows = db_.read<std::vector<db::Row>>([&](db::Connection& c) {
    return c.query("SELECT r.agency_id, s.station_id, s.period, SUM(s.gross_fen) AS gross, SUM(" + std::string(kEmployerSum) +
                       ") AS employer FROM payslips s JOIN payroll_runs r ON r.id = s.run_id WHERE r.agency_id IN (" +
                       db::placeholders(agencies.size()) + ") AND s.station_id IN (" + db::placeholders(stations.size()) +
                       ") AND s.period BETWEEN ? AND ? AND r.status IN ('approved', 'paid') "
                       "GROUP BY r.agency_id, s.station_id, s.period",
                   params);
  });
  std::map<std::pair<int64_t, int64_t>, std::vector<std::size_t>> windowsAt;
  for (std::size_t i = 0; i < windows.size(); ++i) windowsAt[{windows[i].agencyId, windows[i].stationId}].push_back(i);
  for (const auto& r : rows)
    for (auto i : windowsAt[{r.i64("agency_id"), r.i64("station_id")}])
      if (r.str("period") >= windows[i].from && r.str("period") <= windows[i].to) {
        out[i].grossFen += r.i64("gross");
        out[i].employerFen += r.i64("employer");
      }
  return out;
}

json::Obj RunService::fundingSummary(const http::Principal& p, int64_t jurisdictionId, const std::string& period) const {
  auto j = org_.jurisdictionFor(p, jurisdictionId);
  if (auto problem = periodProblem(period, todayInChina()))
    throw Error(Code::validation_failed, "Invalid period.", {{"period", *problem}});
  auto ym = parsePeriod(period);
  auto funding = policy_.effective(j, pay::lastDay(*ym)).effective.policy->getObject("funding");
  auto provinceH = policy::hundredths(funding->get("province_share_pct")).value_or(0);
  auto budgetMonthly = pay::mulDivRound(funding->getValue<int64_t>("per_worker_year_fen"), 1, 12);
  auto o = json::object();
  o->set("jurisdiction_id", j.id);
  o->set("period", period);
  o->set("province_share_pct", funding->get("province_share_pct"));
  o->set("local_share_pct", funding->get("local_share_pct"));
  auto items = json::array();
  int64_t workers = 0, gross = 0, labour = 0;
  db_.read<int>([&](db::Connection& c) {
    for (auto& r : c.query("SELECT r.agency_id, COUNT(DISTINCT s.employment_id) AS workers, SUM(s.gross_fen) AS gross, SUM(s.gross_fen + " +
                           std::string(kEmployerSum) + ") AS labour FROM payslips s JOIN "
                           "payroll_runs r ON r.id = s.run_id WHERE s.period = ? AND s.jurisdiction_path LIKE ? AND "
                           "r.status IN ('approved', 'paid') GROUP BY r.agency_id ORDER BY r.agency_id",
                           {period, j.path + "%"})) {
      auto x = json::object();
      x->set("agency_id", r.i64("agency_id"));
      x->set("workers", r.i64("workers"));
      x->set("gross_fen", r.i64("gross"));
      x->set("labour_cost_fen", r.i64("labour"));
      x->set("budget_fen", budgetMonthly * r.i64("workers"));
      items->add(x);
      workers += r.i64("workers");
      gross += r.i64("gross");
      labour += r.i64("labour");
    }
    return 0;
  });
  // The province's share rounded half up; the local share is the rest, so the two always add up.
  auto province = pay::mulDivRound(gross, provinceH, 10000);
  o->set("workers", workers);
  o->set("gross_fen", gross);
  o->set("province_fen", province);
  o->set("local_fen", gross - province);
  o->set("budget_fen", budgetMonthly * workers);
  // The standard funds what a worker costs, not only their gross (issue #11): gross plus the
  // agency's contributions, and how far that is over the budget (0 when within it).
  o->set("labour_cost_fen", labour);
  o->set("over_budget_fen", std::max<int64_t>(0, labour - budgetMonthly * workers));
  o->set("agencies", items);
  return o;
}

// The funding summary as a workbook for the bureau's finance office (issue #14): per agency the
// additive figures with an exact totals row (it equals the JSON's totals), and on a second sheet
// the split between province and local funds and the comparison with the budget.
std::string RunService::fundingWorkbook(const http::Principal& p, int64_t jurisdictionId, const std::string& period) const {
  auto f = fundingSummary(p, jurisdictionId, period);
  using sheet::Kind;
  auto book = sheet::xlsx(true);
  book->beginSheet("按机构", {{"机构编号", "", Kind::text},
                              {"机构名称", "", Kind::text},
                              {"发薪人数", "", Kind::count},
                              {"应发工资", "", Kind::money},
                              {"单位缴纳社保公积金", "", Kind::money},
                              {"人工成本", "", Kind::money},
                              {"预算(按人数)", "", Kind::money}});
  auto agencies = f->getArray("agencies");
  std::vector<int64_t> ids;
  for (std::size_t i = 0; i < agencies->size(); ++i)
    ids.push_back(agencies->getObject(static_cast<unsigned>(i))->getValue<int64_t>("agency_id"));
  auto names = org_.agencyNames(ids);  // one query, not one per agency
  for (std::size_t i = 0; i < agencies->size(); ++i) {
    auto a = agencies->getObject(static_cast<unsigned>(i));
    auto id = a->getValue<int64_t>("agency_id");
    auto workers = a->getValue<int64_t>("workers");
    book->row({std::to_string(id), names.count(id) ? names[id] : std::string(), workers, a->getValue<int64_t>("gross_fen"),
               a->getValue<int64_t>("labour_cost_fen") - a->getValue<int64_t>("gross_fen"),
               a->getValue<int64_t>("labour_cost_fen"), a->getValue<int64_t>("budget_fen")});
  }
  book->totals("合计");
  auto pct = [&](const char* key) { return f->isNull(key) ? std::string("?") : f->get(key).convert<std::string>(); };
  book->beginSheet("资金来源", {{"项目", "", Kind::text}, {"金额", "", Kind::money}});
  book->row({std::string("应发工资合计"), f->getValue<int64_t>("gross_fen")});
  book->row({"省级财政承担(" + pct("province_share_pct") + "%)", f->getValue<int64_t>("province_fen")});
  book->row({"本级财政承担(" + pct("local_share_pct") + "%)", f->getValue<int64_t>("local_fen")});
  book->row({std::string("预算"), f->getValue<int64_t>("budget_fen")});
  book->row({std::string("人工成本(含单位缴纳)"), f->getValue<int64_t>("labour_cost_fen")});
  book->row({std::string("超出预算"), f->getValue<int64_t>("over_budget_fen")});
  return book->finish();
}

void registerOutputRoutes(http::RouteTable& routes, RunService& runs) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  routes.add("GET", "/api/v1/payroll-runs/{id}/bank-file", Permission::only({Role::agency_admin}),
             "The bank transfer file of an approved run in the agency's bank template, or ?template= (whole account "
             "numbers, each checked first; audited)",
             [&runs](const Request& r) { return runs.bankFile(r.who(), r.actor(), r.pathId("id"), r.queryParam("template")); });
  routes.add("PUT", "/api/v1/agencies/{id}/bank-template", Permission::only({Role::admin, Role::bureau, Role::agency_admin}),
             "Chooses the bank-file template the agency pays with {\"bank_template\"}", [&runs](const Request& r) {
               auto body = r.json();
               Validator v;
               auto id = body->optValue<std::string>("bank_template", "");
               if (id.empty()) v.add("bank_template", "is required");
               v.throwIfAny();
               runs.setBankTemplate(r.who(), r.actor(), r.pathId("id"), id);
               return Response::noContent();
             });
  routes.add("GET", "/api/v1/bank-templates", Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "The bank-file templates an agency may choose (id, name, file type)",
             [&runs](const Request&) { return Response::json(runs.bankTemplates()); });
  routes.add("GET", "/api/v1/payroll-runs/{id}/exports/iit-declaration.xlsx",
             Permission::only({Role::agency_admin, Role::payroll_officer}),
             "The IIT withholding declaration of an approved run, in the tax client's import layout (.xlsx; audited)",
             [&runs](const Request& r) {
               auto id = r.pathId("id");
               return sheet::download(runs.iitDeclaration(r.who(), r.actor(), id), sheet::Format::xlsx,
                                      "个税扣缴申报-" + std::to_string(id), "iit-declaration-" + std::to_string(id));
             });
  routes.add("GET", "/api/v1/payroll-runs/{id}/exports/person-registration.xlsx",
             Permission::only({Role::agency_admin, Role::payroll_officer}),
             "The month's new hires in the tax client's person-information import layout (.xlsx; audited)",
             [&runs](const Request& r) {
               auto id = r.pathId("id");
               return sheet::download(runs.personRegistration(r.who(), r.actor(), id), sheet::Format::xlsx,
                                      "人员信息采集-" + std::to_string(id), "person-registration-" + std::to_string(id));
             });
  const auto monthParam = [](const Request& r) {
    auto period = r.queryParam("period");
    if (!period) throw Error(Code::validation_failed, "请指定期间(period=YYYY-MM)。", {{"period", "is required (YYYY-MM)"}});
    return *period;
  };
  routes.add("GET", "/api/v1/agencies/{id}/exports/si-changes.xlsx", Permission::only({Role::agency_admin, Role::payroll_officer}),
             "Social insurance and housing fund joiners (with bases) and leavers (with last day) of ?period=YYYY-MM (.xlsx)",
             [&runs, monthParam](const Request& r) {
               auto period = monthParam(r);
               return sheet::download(runs.siChanges(r.who(), r.actor(), r.pathId("id"), period), sheet::Format::xlsx,
                                      "社保公积金增减员-" + period, "si-changes-" + period);
             });
  routes.add("GET", "/api/v1/agencies/{id}/exports/hf-remittance.xlsx", Permission::only({Role::agency_admin, Role::payroll_officer}),
             "The housing fund's remittance list of ?period=YYYY-MM (.xlsx, with a totals row)",
             [&runs, monthParam](const Request& r) {
               auto period = monthParam(r);
               return sheet::download(runs.hfRemittance(r.who(), r.actor(), r.pathId("id"), period), sheet::Format::xlsx,
                                      "住房公积金汇缴清册-" + period, "hf-remittance-" + period);
             });
  routes.add("GET", "/api/v1/payroll-runs/{id}/exports/register", Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "The payroll register (工资表) of a run: every payslip column and a totals row; ?format=xlsx (default) or csv",
             [&runs](const Request& r) {
               auto id = r.pathId("id");
               auto choice = sheet::choose(r, sheet::Format::xlsx);
               return sheet::download(runs.payrollRegister(r.who(), r.actor(), id, choice), choice.format,
                                      "工资表-" + std::to_string(id), "payroll-register-" + std::to_string(id));
             });
  routes.add("GET", "/api/v1/payslips/{id}/print", Permission::anyUser(), "A printable payslip (HTML, Chinese)",
             [&runs](const Request& r) {
               auto res = Response::text(runs.printablePayslip(r.who(), r.pathId("id")), "text/html; charset=utf-8");
               // Its own inline style and nothing else: no script, no fetch, no framing (issue #13).
               res.headers.emplace_back("Content-Security-Policy",
                                        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                                        "form-action 'none'; frame-ancestors 'none'");
               res.headers.emplace_back("Referrer-Policy", "no-referrer");
               return res;
             });
  routes.add("GET", "/api/v1/jurisdictions/{id}/funding", Permission::only({Role::admin, Role::bureau}),
             "Approved pay in the area for ?period=YYYY-MM, per agency, split by funding source per the policy; "
             "?format=xlsx for the workbook",
             [&runs, monthParam](const Request& r) {
               auto period = monthParam(r);
               if (r.choiceQuery("format", {"json", "xlsx"}).value_or("json") == "xlsx")
                 return sheet::download(runs.fundingWorkbook(r.who(), r.pathId("id"), period), sheet::Format::xlsx,
                                        "经费汇总-" + period, "funding-" + period);
               return Response::json(runs.fundingSummary(r.who(), r.pathId("id"), period));
             });
}

}  // namespace sr::payroll
