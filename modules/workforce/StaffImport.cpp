// Staff import and export: the spreadsheet every agency starts from. A row becomes the same hire
// request the API takes, so it meets exactly the same rules; the whole file is screened in a few
// queries and committed in one transaction, or not at all.
#include <algorithm>
#include <map>

#include "common/Csv.h"
#include "common/XlsxReader.h"
#include "workforce/Workforce.h"

namespace sr::workforce {

namespace {
// Columns by their English name, with the Chinese headings agencies' spreadsheets use.
struct Column {
  const char* name;
  std::vector<std::string> aliases;
  bool required;
};
const std::vector<Column>& columns() {
  static const std::vector<Column> c = {
      {"name", {"姓名"}, true},
      {"id_number", {"身份证号", "身份证号码"}, true},
      {"education", {"学历"}, true},
      {"social_work_major", {"社工专业", "社会工作专业"}, false},
      {"phone", {"手机", "手机号", "联系电话"}, false},
      {"bank_account", {"银行账号", "银行卡号"}, false},
      {"station", {"社工站", "站点"}, true},
      {"post", {"岗位"}, true},
      {"grade", {"等级", "档次"}, true},
      {"grade_reason", {"定级理由"}, false},
      {"start_date", {"入职日期", "合同开始日期"}, true},
      {"end_date", {"合同到期日", "合同结束日期"}, false},
      {"probation_months", {"试用期月数", "试用期"}, false},
  };
  return c;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

const std::map<std::string, std::string>& educationWords() {
  static const std::map<std::string, std::string> m = {{"中专", "secondary"}, {"高中", "secondary"}, {"大专", "college"},
                                                       {"专科", "college"},   {"本科", "bachelor"},  {"硕士", "master"},
                                                       {"研究生", "master"},  {"博士", "doctorate"}};
  return m;
}

// A CSV row as the JSON body of POST /employments; values keep their text when they do not
// convert, so readHire names the field.
json::Obj hireRequestOf(const std::map<std::string, std::string>& v, const std::vector<org::Station>& stations) {
  auto person = json::object();
  for (const char* key : {"name", "id_number", "phone", "bank_account"})
    if (auto it = v.find(key); it != v.end() && !it->second.empty()) person->set(key, it->second);
  if (auto it = v.find("education"); it != v.end() && !it->second.empty()) {
    auto word = educationWords().find(it->second);
    person->set("education", word == educationWords().end() ? it->second : word->second);
  }
  if (auto it = v.find("social_work_major"); it != v.end() && !it->second.empty()) {
    const auto& t = it->second;
    if (t == "yes" || t == "true" || t == "1" || t == "是")
      person->set("social_work_major", true);
    else if (t == "no" || t == "false" || t == "0" || t == "否")
      person->set("social_work_major", false);
    else
      person->set("social_work_major", t);
  }
  auto body = json::object();
  body->set("person", person);
  if (auto it = v.find("station"); it != v.end() && !it->second.empty()) {
    // A station of this agency, by name or by id.
    Poco::Dynamic::Var station = it->second;
    for (const auto& s : stations)
      if (s.name == it->second || std::to_string(s.id) == it->second) station = s.id;
    body->set("station_id", station);
  }
  for (const char* key : {"post", "start_date", "end_date", "grade_reason"})
    if (auto it = v.find(key); it != v.end() && !it->second.empty()) body->set(key, it->second);
  for (const char* key : {"grade", "probation_months"})
    if (auto it = v.find(key); it != v.end() && !it->second.empty()) {
      try {
        std::size_t used = 0;
        long long n = std::stoll(it->second, &used);
        body->set(key, used == it->second.size() ? Poco::Dynamic::Var(static_cast<int64_t>(n)) : Poco::Dynamic::Var(it->second));
      } catch (const std::exception&) {
        body->set(key, it->second);
      }
    }
  return body;
}

// "person.id_number" -> "id_number"; "station_id" -> "station": the spreadsheet's column.
std::string columnOf(const std::string& field) {
  std::string f = field.rfind("person.", 0) == 0 ? field.substr(7) : field;
  return f == "station_id" ? "station" : f;
}
}  // namespace

std::string importColumnHeader(const std::string& field) {
  for (const auto& c : columns())
    if (field == c.name) return c.aliases.front();
  return field;
}

ImportReport EmploymentService::importStaff(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                                            std::string_view csvText, bool dryRun, bool workbookDeclared) {
  auto agency = org_.agencyFor(p, agencyId);
  ImportReport report;
  report.dryRun = dryRun;
  std::vector<csv::Record> records;
  // An .xlsx body (its content type, or a zip's first bytes) is read as its first sheet; from
  // there on, rows are rows (issue #14).
  const bool workbook = workbookDeclared || xlsx::looksLikeXlsx(csvText);
  try {
    records = workbook ? xlsx::readFirstSheet(csvText) : csv::parse(csv::toUtf8(csvText));
  } catch (const std::invalid_argument& e) {
    throw Error(Code::validation_failed, "The file cannot be read as CSV.", {{"file", e.what()}});
  }
  if (records.empty()) throw Error(Code::validation_failed, "The file is empty.", {{"file", "needs a header row and staff rows"}});

  // The header decides which column is which; unknown and missing columns are named.
  std::map<std::size_t, std::string> byIndex;
  Validator header;
  const auto& head = records.front().fields;
  for (std::size_t i = 0; i < head.size(); ++i) {
    auto h = trim(head[i]);
    std::string found;
    for (const auto& c : columns()) {
      if (h == c.name) found = c.name;
      for (const auto& alias : c.aliases)
        if (h == alias) found = c.name;
    }
    if (found.empty())
      header.add("header", "unknown column '" + h + "'");
    else
      byIndex[i] = found;
  }
  for (const auto& c : columns()) {
    bool present = false;
    for (const auto& [i, name] : byIndex) present = present || name == c.name;
    if (c.required && !present) header.add("header", std::string("missing column '") + c.name + "'");
  }
  header.throwIfAny(Code::validation_failed, "The header row does not match the staff import columns.");

  auto stations = org_.stationsOfAgency(agency.id);
  std::vector<PreparedHire> prepared;
  std::vector<int> lineOf;
  std::map<std::string, int> firstLineOf;  // ID number hash -> line, to catch a person listed twice
  std::map<std::pair<int64_t, std::string>, PlaceRules> placeCache;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    ++report.rows;
    std::map<std::string, std::string> values;
    for (const auto& [i, name] : byIndex) values[name] = i < rec.fields.size() ? trim(rec.fields[i]) : "";
    // A date typed into Excel is stored as a day number (45658 = 2025-01-01).
    if (workbook)
      for (const char* key : {"start_date", "end_date"})
        if (auto date = xlsx::serialToDate(values[key]); !date.empty()) values[key] = date;
    Validator v;
    auto in = readHire(hireRequestOf(values, stations), v);
    auto station = std::find_if(stations.begin(), stations.end(), [&](const auto& s) { return s.id == in.stationId; });
    if (!v.has("station_id") && station == stations.end()) v.add("station_id", "is not a station of this agency");
    checkContract(in, v);
    PlaceRules rules;
    if (!v.has("station_id") && !v.has("start_date")) {
      auto key = std::make_pair(station->jurisdictionId, formatDate(in.startDate));
      if (!placeCache.count(key)) placeCache[key] = placeRules(*station, in.startDate);  // once per place and day
      rules = placeCache[key];
      checkPost(in, rules, v);
      checkTerm(in, rules, v);
    }
    for (const auto& e : v.errors())
      report.problems.push_back({rec.line, columnOf(e.field), std::string(codeName(Code::validation_failed)), e.message});
    if (!v.ok()) continue;
    auto keys = people_.idKeys(in.person.idNumber);
    if (auto [it, fresh] = firstLineOf.emplace(keys.front(), rec.line); !fresh) {
      report.problems.push_back({rec.line, "id_number", "conflict", "the same person is on line " + std::to_string(it->second)});
      continue;
    }
    prepared.push_back({std::move(in), *station, rules, std::move(keys)});
    lineOf.push_back(rec.line);
  }

  // Field problems plus the screening's refusals, in line order.
  const auto fieldProblems = report.problems;
  auto screened = [&](db::Connection& c) {
    auto problems = fieldProblems;
    auto refusals = screen(c, prepared);
    for (std::size_t i = 0; i < refusals.size(); ++i) {
      if (!refusals[i]) continue;
      const auto& e = *refusals[i];
      if (e.fields().empty()) problems.push_back({lineOf[i], "id_number", std::string(codeName(e.code())), e.detail()});
      for (const auto& f : e.fields())
        problems.push_back({lineOf[i], columnOf(f.field), std::string(codeName(e.code())), f.message});
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    return problems;
  };
  if (dryRun) {
    report.problems = db_.read<std::vector<ImportProblem>>(screened);
    return report;
  }
  try {
    db_.transaction([&](db::Connection& c) {
      // Screened again inside the transaction: what was true in a dry run may not be now.
      report.problems = screened(c);
      report.created.clear();
      if (!report.problems.empty()) {
        std::vector<FieldError> fields;
        for (const auto& x : report.problems)
          fields.push_back({"line " + std::to_string(x.line) + ": " + x.field, x.message});
        throw Error(Code::validation_failed,
                    std::to_string(report.problems.size()) + " problem(s) in the file; nothing was imported.", fields);
      }
      for (const auto& h : prepared) report.created.push_back(record(c, actor, h).id);
    });
  } catch (const db::UniqueViolation&) {
    throw Error(Code::already_employed, "A person in the file was hired elsewhere meanwhile; nothing was imported.");
  }
  return report;
}

std::string EmploymentService::exportStaff(const http::Principal& p, int64_t agencyId, const sheet::Choice& choice) const {
  auto agency = org_.agencyFor(p, agencyId);
  std::map<int64_t, std::string> stationNames;
  for (const auto& s : org_.stationsOfAgency(agency.id)) stationNames[s.id] = s.name;
  std::string where = " WHERE e.agency_id = ?";
  db::Params params{agency.id};
  access::appendScopeFilter(p, {"e.jurisdiction_path", "e.agency_id", "e.person_id"}, where, params);
  auto today = todayInChina();
  using sheet::Kind;
  // English headers are the import's column names; Chinese ones the roster's (花名册), most of them
  // names the import also reads.
  auto book = sheet::writer(choice);
  book->beginSheet("花名册", {{"工号", "employment_id", Kind::identifier},
                              {"姓名", "name", Kind::text},
                              {"身份证号", "id_number", Kind::identifier},
                              {"学历", "education", Kind::text},
                              {"社工专业", "social_work_major", Kind::text},
                              {"手机", "phone", Kind::identifier},
                              {"银行账号", "bank_account", Kind::identifier},
                              {"社工站", "station", Kind::text},
                              {"岗位", "post", Kind::text},
                              {"等级", "grade", Kind::integer},
                              {"入职日期", "start_date", Kind::text},
                              {"合同到期日", "end_date", Kind::text},
                              {"试用期月数", "probation_months", Kind::integer},
                              {"状态", "status", Kind::text}});
  static const std::map<std::string, std::string> education = {
      {"secondary", "中专"}, {"college", "大专"}, {"bachelor", "本科"}, {"master", "硕士"}, {"doctorate", "博士"}};
  static const std::map<std::string, std::string> status = {{"active", "在岗"},   {"probation", "试用期"},
                                                            {"notice", "离职交接中"}, {"ended", "已离职"},
                                                            {"expired", "合同已到期"}};
  auto say = [&](const std::map<std::string, std::string>& words, const std::string& code) {
    auto it = words.find(code);
    return choice.chinese && it != words.end() ? it->second : code;
  };
  // Read, then written: a retried read must not write rows twice.
  auto read = db_.read<std::pair<std::vector<db::Row>, std::map<int64_t, people::Person>>>([&](db::Connection& c) {
    auto rows = c.query("SELECT e.id, e.person_id, e.station_id, e.post, e.grade, e.state, e.start_date, e.end_date, "
                           "e.probation_end, e.ended_on, e.phone, e.bank_sealed, e.bank_masked, e.education, e.social_work_major, "
                           "(SELECT probation_months FROM contracts k WHERE k.employment_id = e.id AND k.seq = 1) AS pm "
                           "FROM employments e" +
                            where + " ORDER BY e.id",
                        params);
    std::vector<int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.i64("person_id"));
    return std::make_pair(rows, people_.findMany(c, ids));
  });
  {
    const auto& persons = read.second;
    for (const auto& r : read.first) {
      auto person = people_.toJson(persons.at(r.i64("person_id")), p.role);
      auto text = [&](const char* key) { return person->isNull(key) ? std::string() : person->getValue<std::string>(key); };
      std::optional<Date> probationEnd, endedOn;
      if (auto d = r.optStr("probation_end")) probationEnd = parseDate(*d);
      if (auto d = r.optStr("ended_on")) endedOn = parseDate(*d);
      bool major = r.optI64("social_work_major").value_or(person->getValue<bool>("social_work_major"));
      // The education and major this employment was hired on (issue #10), as its phone and account.
      book->row({std::to_string(r.i64("id")), text("name"), text("id_number"),
                 say(education, r.optStr("education").value_or(text("education"))),
                 choice.chinese ? (major ? "是" : "否") : (major ? "yes" : "no"), r.optStr("phone").value_or(""),
                 people_.bankAccountFor(p.role, r.optStr("bank_sealed"), r.optStr("bank_masked")),
                 stationNames[r.i64("station_id")], r.str("post"), r.i64("grade"), r.str("start_date"),
                 r.optStr("end_date").value_or(""), r.i64("pm"),
                 say(status, employmentStatus(r.str("state"), probationEnd, endedOn, today,
                                              r.optStr("end_date") ? parseDate(*r.optStr("end_date")) : std::nullopt))});
    }
  }
  return book->finish();
}

}  // namespace sr::workforce
