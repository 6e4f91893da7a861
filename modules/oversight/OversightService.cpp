#include <map>
#include <set>

#include "common/Csv.h"
#include "common/Text.h"
#include "oversight/Oversight.h"
#include "policy/PolicyRules.h"

namespace sr::oversight {

namespace {
const char* kReasons[] = {"resignation", "contract_expired", "mutual_agreement", "probation_failed", "other"};
const char* kCaseStatuses[] = {"open", "dismissed", "listed"};

struct Emp {
  int64_t id = 0, agencyId = 0, stationId = 0, agencyJurisdictionId = 0, personId = 0;
  std::string path, agencyName, stationName;
  Date first;
  std::optional<Date> last;
  std::string reason;
  // A station handed to another agency (issue #17): the worker who went with it neither left the
  // old agency's station nor was hired into a vacancy at the new one's; the work went on.
  bool transferredIn = false;
  bool transferredOut() const { return reason == "transferred"; }
};
struct CaseRow {
  int64_t agencyId = 0, stationId = 0;
  std::string path, status;
};
struct StationRow {
  int64_t id = 0, agencyId = 0, jurisdictionId = 0;
  std::string name, path;
  Date createdOn;
};

// Everything a report or the flags need, read in four scoped queries.
struct Data {
  Window window;
  std::vector<Emp> emps;
  std::map<int64_t, int64_t> replacementOf;  // leaving employment -> its linked replacement
  std::vector<CaseRow> cases;
  std::vector<StationRow> stations;
};

std::optional<Date> optDate(const db::Row& r, const char* column) {
  if (auto s = r.optStr(column)) return parseDate(*s);
  return std::nullopt;
}

// `where` narrowed to the caller's scope and to the subtree at `under` (a path prefix).
std::pair<std::string, db::Params> scopedUnder(const http::Principal& p, const std::string& under, const char* pathCol,
                                               const char* agencyCol, std::string where, db::Params params) {
  access::appendScopeFilter(p, {pathCol, agencyCol, ""}, where, params);
  where += std::string(" AND ") + pathCol + " LIKE ?";
  params.emplace_back(under + "%");  // paths are codes and slashes: no LIKE metacharacters
  return {where, params};
}

Data load(db::Database& db, const http::Principal& p, const Window& window, const std::string& under) {
  Data d{window, {}, {}, {}, {}};
  auto scoped = [&](const char* pathCol, const char* agencyCol, std::string where, db::Params params) {
    return scopedUnder(p, under, pathCol, agencyCol, std::move(where), std::move(params));
  };
  db.read<int>([&](db::Connection& c) {
    auto [ew, ep] = scoped("e.jurisdiction_path", "e.agency_id", " WHERE 1 = 1", {});
    for (auto& r : c.query("SELECT e.id, e.agency_id, e.station_id, e.person_id, e.jurisdiction_path, e.start_date, e.ended_on, e.end_reason, "
                           "e.transferred_from, a.name AS agency_name, a.jurisdiction_id AS agency_jurisdiction_id, s.name AS station_name "
                           "FROM employments e JOIN agencies a ON a.id = e.agency_id JOIN stations s ON s.id = e.station_id" + ew,
                           ep))
      d.emps.push_back({r.i64("id"), r.i64("agency_id"), r.i64("station_id"), r.i64("agency_jurisdiction_id"),
                        r.i64("person_id"), r.str("jurisdiction_path"), r.str("agency_name"), r.str("station_name"), *parseDate(r.str("start_date")),
                        optDate(r, "ended_on"), r.optStr("end_reason").value_or(""), !r.isNull("transferred_from")});
    auto [rw, rp] = scoped("r.jurisdiction_path", "r.agency_id",
                           " WHERE r.status = 'completed' AND r.replacement_employment_id IS NOT NULL", {});
    for (auto& r : c.query("SELECT r.employment_id, r.replacement_employment_id FROM resignations r" + rw, rp))
      d.replacementOf[r.i64("employment_id")] = r.i64("replacement_employment_id");
    auto [cw, cp] = scoped("m.jurisdiction_path", "m.agency_id", " WHERE m.occurred_on >= ? AND m.occurred_on <= ?",
                           {formatDate(window.from), formatDate(window.to)});
    for (auto& r : c.query("SELECT m.agency_id, m.station_id, m.jurisdiction_path, m.status FROM misconduct_cases m" + cw, cp))
      d.cases.push_back({r.i64("agency_id"), r.i64("station_id"), r.str("jurisdiction_path"), r.str("status")});
    auto [sw, sp] = scoped("j.path", "s.agency_id", " WHERE 1 = 1", {});
    for (auto& r : c.query("SELECT s.id, s.name, s.agency_id, s.jurisdiction_id, s.created_at, j.path FROM stations s "
                           "JOIN jurisdictions j ON j.id = s.jurisdiction_id" + sw,
                           sp))
      d.stations.push_back({r.i64("id"), r.i64("agency_id"), r.i64("jurisdiction_id"), r.str("name"), r.str("path"),
                            dateInChina(r.i64("created_at"))});
    return 0;
  });
  return d;
}

bool within(const std::optional<Date>& day, const Window& w) { return day && w.from <= *day && *day <= w.to; }

struct Tally {
  std::vector<Stint> stints;
  int64_t hires = 0, leavers = 0, vacancies = 0, filled = 0, fillDays = 0, cases = 0;
  std::map<std::string, int64_t> byReason, byStatus;
};

// Fills vacancies over the whole history in scope, so earlier departures take hires first.
std::map<int64_t, Fill> fills(const Data& d) {
  std::vector<Departure> departures;
  std::vector<int64_t> leaverIds;
  std::vector<Hire> hires;
  for (const auto& e : d.emps) {
    if (!e.transferredIn) hires.push_back({e.id, e.stationId, e.first});
    if (!e.last || e.transferredOut()) continue;
    std::optional<int64_t> replacement;
    if (auto r = d.replacementOf.find(e.id); r != d.replacementOf.end()) replacement = r->second;
    departures.push_back({e.stationId, *e.last, replacement});
    leaverIds.push_back(e.id);
  }
  auto out = fillVacancies(departures, hires);
  std::map<int64_t, Fill> byLeaver;
  for (std::size_t i = 0; i < out.size(); ++i) byLeaver[leaverIds[i]] = out[i];
  return byLeaver;
}

void count(Tally& t, const Emp& e, const Window& w, const std::map<int64_t, Fill>& fill) {
  t.stints.push_back({e.first, e.last});
  if (within(e.first, w) && !e.transferredIn) ++t.hires;
  if (within(e.last, w) && !e.transferredOut()) {
    ++t.leavers;
    ++t.byReason[e.reason];
    ++t.vacancies;
    if (auto f = fill.find(e.id); f != fill.end() && f->second.days) {
      ++t.filled;
      t.fillDays += *f->second.days;
    }
  }
}

json::Obj tallyJson(const Tally& t, const Window& w) {
  auto o = json::object();
  auto pd = personDays(t.stints, w);
  o->set("hires", t.hires);
  o->set("leavers", t.leavers);
  auto reasons = json::object();
  for (const char* r : kReasons) reasons->set(r, t.byReason.contains(r) ? t.byReason.at(r) : 0);
  o->set("leavers_by_reason", reasons);
  o->set("average_headcount", hundredthsText(averageHeadcountHundredths(pd, w.days())));
  auto turnover = turnoverHundredths(t.leavers, pd, w.days());
  o->set("turnover_pct", turnover ? Poco::Dynamic::Var(hundredthsText(*turnover)) : Poco::Dynamic::Var());
  o->set("vacancies", t.vacancies);
  o->set("vacancies_filled", t.filled);
  o->set("vacancies_open", t.vacancies - t.filled);
  o->set("average_days_to_fill", t.filled ? Poco::Dynamic::Var(hundredthsText((t.fillDays * 200 + t.filled) / (2 * t.filled)))
                                          : Poco::Dynamic::Var());
  o->set("cases", t.cases);
  auto statuses = json::object();
  for (const char* s : kCaseStatuses) statuses->set(s, t.byStatus.contains(s) ? t.byStatus.at(s) : 0);
  o->set("cases_by_status", statuses);
  return o;
}

// The report's root path and its window, checked against the caller's scope.
std::pair<std::string, Window> rootAndWindow(const org::OrgService& org, const http::Principal& p, const ReportQuery& q) {
  auto window = yearWindow(q.year, todayInChina());
  if (!window)
    throw Error(Code::validation_failed, "That year has not begun.", {{"year", "must not be after " + formatDate(todayInChina()).substr(0, 4)}});
  std::string root = p.role == http::Role::bureau ? p.jurisdictionPath : "";
  if (q.jurisdictionId) {
    auto j = org.findJurisdiction(*q.jurisdictionId);
    if (!j || (p.role == http::Role::bureau && !access::inScope(p, {j->path, std::nullopt, std::nullopt})))
      throwNotFound("Jurisdiction");
    root = j->path;
  }
  return {root, *window};
}

// The child of `root` that `path` lies in ("/a/b/" under "/a/" is "/a/b/"); root itself when equal.
std::string childOf(const std::string& path, const std::string& root) {
  auto slash = path.find('/', root.size() + (root.empty() ? 1 : 0));
  return slash == std::string::npos ? path : path.substr(0, slash + 1);
}
std::string lastCode(const std::string& path) {
  auto end = path.size() - 1, start = path.rfind('/', end - 1);
  return path.substr(start + 1, end - start - 1);
}

struct Group {
  std::string key;  // sorting and identity
  int64_t id = 0;
  std::string name;
  Tally tally;
};

std::vector<Group> groupRows(const org::OrgService& org, const Data& d, const ReportQuery& q, const std::string& root, Tally& total) {
  auto fill = fills(d);
  std::map<std::string, Group> groups;
  auto groupOf = [&](int64_t agencyId, const std::string& agencyName, int64_t stationId, const std::string& stationName,
                     const std::string& path) -> Group& {
    std::string key;
    if (q.by == GroupBy::station) key = std::to_string(stationId);
    if (q.by == GroupBy::agency) key = std::to_string(agencyId);
    if (q.by == GroupBy::jurisdiction) key = childOf(path, root);
    auto [it, fresh] = groups.try_emplace(key, Group{key, 0, "", {}});
    if (fresh) {
      if (q.by == GroupBy::station) it->second = {key, stationId, stationName, {}};
      if (q.by == GroupBy::agency) it->second = {key, agencyId, agencyName, {}};
      if (q.by == GroupBy::jurisdiction)  // a jurisdiction no longer on file keeps only its path
        if (auto j = org.findJurisdictionByCode(lastCode(key))) it->second = {key, j->id, j->name, {}};
    }
    return it->second;
  };
  std::map<int64_t, std::pair<std::string, std::string>> names;  // station -> (agency name, station name)
  for (const auto& e : d.emps) {
    names[e.stationId] = {e.agencyName, e.stationName};
    count(groupOf(e.agencyId, e.agencyName, e.stationId, e.stationName, e.path).tally, e, d.window, fill);
    count(total, e, d.window, fill);
  }
  for (const auto& c : d.cases) {
    auto& g = groupOf(c.agencyId, names[c.stationId].first, c.stationId, names[c.stationId].second, c.path);
    for (auto* t : {&g.tally, &total}) {
      ++t->cases;
      ++t->byStatus[c.status];
    }
  }
  std::vector<Group> out;
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

const char* byName(GroupBy by) { return by == GroupBy::station ? "station" : by == GroupBy::agency ? "agency" : "jurisdiction"; }
}  // namespace

json::Obj OversightService::report(const http::Principal& p, const ReportQuery& q) const {
  auto [root, window] = rootAndWindow(org_, p, q);
  auto data = load(db_, p, window, root);
  Tally total;
  auto groups = groupRows(org_, data, q, root, total);
  auto rows = json::array();
  for (const auto& g : groups) {
    auto o = tallyJson(g.tally, window);
    o->set(std::string(byName(q.by)) + "_id", g.id);
    o->set("name", g.name);
    rows->add(o);
  }
  auto out = json::object();
  out->set("year", q.year);
  out->set("from", formatDate(window.from));
  out->set("to", formatDate(window.to));
  out->set("by", byName(q.by));
  out->set("rows", rows);
  out->set("total", tallyJson(total, window));
  return out;
}

std::string OversightService::reportFile(const http::Principal& p, const ReportQuery& q, const sheet::Choice& choice) const {
  auto r = report(p, q);
  using sheet::Kind;
  static const std::map<std::string, std::string> zh = {
      {"station_id", "站点编号"}, {"agency_id", "机构编号"}, {"jurisdiction_id", "区划编号"}, {"name", "名称"},
      {"hires", "入职人数"}, {"leavers", "离职人数"}, {"leavers_resignation", "辞职"},
      {"leavers_contract_expired", "合同到期"}, {"leavers_mutual_agreement", "协商解除"},
      {"leavers_probation_failed", "试用期不合格"}, {"leavers_other", "其他原因离职"},
      {"average_headcount", "平均在岗人数"}, {"turnover_pct", "流失率(%)"}, {"vacancies", "空缺"},
      {"vacancies_filled", "空缺已补充"}, {"vacancies_open", "空缺未补充"}, {"average_days_to_fill", "平均补充天数"},
      {"cases", "违规案件"}, {"cases_open", "案件处理中"}, {"cases_dismissed", "案件不予处理"}, {"cases_listed", "列入黑名单"}};
  std::vector<sheet::Column> cols;
  auto add = [&](const std::string& en, Kind kind) { cols.push_back({zh.at(en), en, kind}); };
  add(std::string(byName(q.by)) + "_id", Kind::text);
  add("name", Kind::text);
  add("hires", Kind::integer);
  add("leavers", Kind::integer);
  for (const char* reason : kReasons) add(std::string("leavers_") + reason, Kind::integer);
  for (const char* h : {"average_headcount", "turnover_pct", "vacancies", "vacancies_filled", "vacancies_open",
                        "average_days_to_fill", "cases"})
    add(h, std::string_view(h).find("average") == 0 || std::string_view(h) == "turnover_pct" ? Kind::decimal : Kind::integer);
  for (const char* st : kCaseStatuses) add(std::string("cases_") + st, Kind::integer);
  auto book = sheet::writer(choice);
  book->beginSheet(choice.chinese ? "人员统计" : "staffing", cols);
  auto line = [&](const json::Obj& o, const std::string& id, const std::string& name) {
    std::vector<sheet::Cell> f{id, name, o->getValue<int64_t>("hires"), o->getValue<int64_t>("leavers")};
    auto reasons = o->getObject("leavers_by_reason");
    for (const char* reason : kReasons) f.emplace_back(reasons->getValue<int64_t>(reason));
    for (const char* h : {"average_headcount", "turnover_pct", "vacancies", "vacancies_filled", "vacancies_open",
                          "average_days_to_fill", "cases"}) {
      if (o->isNull(h)) f.emplace_back(std::monostate{});
      else if (cols[f.size()].kind == Kind::decimal) f.emplace_back(o->get(h).convert<std::string>());
      else f.emplace_back(o->getValue<int64_t>(h));
    }
    auto statuses = o->getObject("cases_by_status");
    for (const char* st : kCaseStatuses) f.emplace_back(statuses->getValue<int64_t>(st));
    book->row(f);
  };
  auto rows = r->getArray("rows");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto o = rows->getObject(static_cast<unsigned>(i));
    line(o, std::to_string(o->getValue<int64_t>(std::string(byName(q.by)) + "_id")), o->getValue<std::string>("name"));
  }
  line(r->getObject("total"), choice.chinese ? "合计" : "total", "");
  return book->finish();
}

json::Obj OversightService::flags(const http::Principal& p, int year) const {
  const auto rooted = rootAndWindow(org_, p, {year, GroupBy::agency, std::nullopt});
  const auto& root = rooted.first;
  const auto& window = rooted.second;
  auto data = load(db_, p, window, root);
  // The place's rules as of the window's end, read once per jurisdiction.
  std::map<int64_t, json::Obj> policies;
  auto policyOf = [&](int64_t jurisdictionId) {
    auto [it, fresh] = policies.try_emplace(jurisdictionId);
    if (fresh) it->second = policy_.effective(org_.findJurisdiction(jurisdictionId).value(), window.to).effective.policy;
    return it->second;
  };
  auto items = json::array();
  auto flag = [&](const std::string& key, const std::string& kind, const char* subject, int64_t subjectId,
                  const std::string& name, const json::Obj& details) {
    auto o = json::object();
    o->set("key", key);
    o->set("kind", kind);
    o->set(std::string(subject) + "_id", subjectId);
    o->set("name", name);
    o->set("details", details);
    items->add(o);
  };

  // Late filings: changes the agency recorded after the filing deadline, by event date in the year.
  std::map<int64_t, std::string> agencyNames;
  std::map<int64_t, int64_t> agencyJurisdiction;
  std::map<int64_t, Tally> byAgency;
  std::map<int64_t, std::vector<Stint>> byStation;
  for (const auto& e : data.emps) {
    agencyNames[e.agencyId] = e.agencyName;
    agencyJurisdiction[e.agencyId] = e.agencyJurisdictionId;
    byAgency[e.agencyId].stints.push_back({e.first, e.last});
    if (within(e.last, window) && !e.transferredOut()) ++byAgency[e.agencyId].leavers;
    byStation[e.stationId].push_back({e.first, e.last});
  }
  auto late = db_.read<std::vector<db::Row>>([&](db::Connection& c) {
    auto [where, params] = scopedUnder(p, root, "f.jurisdiction_path", "f.agency_id",
                                       " WHERE f.event_on >= ? AND f.event_on <= ? AND f.submitted_on > f.due_on",  // filing::isLate
                                       {formatDate(window.from), formatDate(window.to)});
    return c.query("SELECT f.agency_id, a.name, COUNT(*) AS n, MAX(f.submitted_on) AS latest FROM filings f "
                   "JOIN agencies a ON a.id = f.agency_id" + where + " GROUP BY f.agency_id, a.name ORDER BY f.agency_id",
                   params);
  });
  for (const auto& r : late) {
    auto d = json::object();
    d->set("late_filings", r.i64("n"));
    d->set("latest_submitted_on", r.str("latest"));
    // The count is part of the key: another late filing raises the flag again after a review.
    flag("late_filings:agency:" + std::to_string(r.i64("agency_id")) + ":" + std::to_string(year) + ":" +
             std::to_string(r.i64("n")),
         "late_filings", "agency", r.i64("agency_id"), r.str("name"), d);
  }

  // Turnover above the agency's place's maximum.
  for (const auto& [agencyId, t] : byAgency) {
    auto max = policy::hundredths(policyOf(agencyJurisdiction[agencyId])->getObject("oversight")->get("max_turnover_pct"));
    auto pd = personDays(t.stints, window);
    auto rate = turnoverHundredths(t.leavers, pd, window.days());
    if (!rate || !max || *max == 0 || *rate <= *max) continue;
    auto d = json::object();
    d->set("leavers", t.leavers);
    d->set("average_headcount", hundredthsText(averageHeadcountHundredths(pd, window.days())));
    d->set("turnover_pct", hundredthsText(*rate));
    d->set("max_turnover_pct", hundredthsText(*max));
    flag("turnover:agency:" + std::to_string(agencyId) + ":" + std::to_string(year), "turnover", "agency", agencyId,
         agencyNames[agencyId], d);
  }

  // Stations below their staffing minimum for longer than the place allows, counted from the day
  // the station opened (its first hire, or when it was registered if earlier).
  for (const auto& st : data.stations) {
    auto policy = policyOf(st.jurisdictionId);
    auto minimum = policy->getObject("staffing")->getValue<int64_t>("min_staff");
    auto maxDays = policy->getObject("oversight")->getValue<int64_t>("max_days_below_min_staff");
    const auto& stints = byStation[st.id];
    auto opened = st.createdOn;
    for (const auto& s : stints) opened = std::min(opened, s.first);
    auto run = longestShortfall(stints, minimum, window, opened);
    if (!run || run->days() <= maxDays) continue;
    auto d = json::object();
    d->set("min_staff", minimum);
    d->set("from", formatDate(run->from));
    d->set("to", formatDate(run->to));
    d->set("days", run->days());
    d->set("max_days_below_min_staff", maxDays);
    flag("understaffed:station:" + std::to_string(st.id) + ":" + std::to_string(year), "understaffed", "station", st.id,
         st.name, d);
  }

  // A purchase contract's funded posts still empty after the place's on-post deadline, counted
  // from the first day the contract covers the station (Jinan: 签订1个月内…到岗). Posts are
  // counted as people in post at the station on the window's last day.
  {
    std::vector<int64_t> stationIds;
    std::map<int64_t, const StationRow*> stationOf;
    for (const auto& st : data.stations) {
      stationIds.push_back(st.id);
      stationOf[st.id] = &st;
    }
    for (const auto& cover : contracts_.coversOn(stationIds, window.to)) {
      auto staffing = policyOf(stationOf[cover.stationId]->jurisdictionId)->getObject("staffing");
      auto optional = [&](const char* key) {
        return staffing->has(key) && !staffing->get(key).isEmpty() ? std::optional(staffing->getValue<int64_t>(key)) : std::nullopt;
      };
      auto deadline = procurement::onPostDeadline(cover.from, optional("on_post_within_days"), optional("on_post_within_months"));
      if (!deadline || !(*deadline < window.to)) continue;
      int64_t inPost = 0;
      for (const auto& s : byStation[cover.stationId])
        if (s.first <= window.to && (!s.last || *s.last >= window.to)) ++inPost;
      if (inPost >= cover.fundedPosts) continue;
      auto d = json::object();
      d->set("contract_id", cover.contractId);
      d->set("station_id", cover.stationId);
      d->set("from", formatDate(cover.from));
      d->set("deadline", formatDate(*deadline));
      d->set("funded_posts", cover.fundedPosts);
      d->set("in_post", inPost);
      d->set("empty_posts", cover.fundedPosts - inPost);
      // The count is part of the key: a post emptied again raises the flag again after a review.
      flag("unfilled_posts:contract:" + std::to_string(cover.contractId) + ":station:" + std::to_string(cover.stationId) + ":" +
               std::to_string(cover.fundedPosts - inPost),
           "unfilled_posts", "station", cover.stationId, stationOf[cover.stationId]->name, d);
    }
  }

  // A worker who gave notice under a replacement rule and is still waiting after the latest date:
  // the agency has not found a replacement. Not the worker's misconduct (issue #12: such waits
  // used to open late_leaving cases against the worker).
  for (const auto& o : resignations_.overdueReplacements(root, window.to)) {
    // The agency's name from the employments already read; looked up only if none was.
    auto known = agencyNames.find(o.agencyId);
    auto name = known != agencyNames.end() ? known->second : org_.findAgency(o.agencyId).value_or(org::Agency{}).name;
    auto d = json::object();
    d->set("resignation_id", o.resignationId);
    d->set("employment_id", o.employmentId);
    d->set("station_id", o.stationId);
    d->set("notice_date", formatDate(o.noticeDate));
    d->set("latest_date", formatDate(o.latestDate));
    d->set("days_overdue", daysBetween(o.latestDate, window.to));
    flag("replacement_overdue:resignation:" + std::to_string(o.resignationId), "replacement_overdue", "agency", o.agencyId,
         name, d);
  }

  // Someone in post who is on the blacklist now (listed after being hired, perhaps for misconduct
  // elsewhere): the employer and the bureau over the station review it. The listing does not end
  // the contract by itself; that is the employer's decision under the law (issue #12, finding 6).
  std::vector<const Emp*> inPost;
  for (const auto& e : data.emps)
    if (e.first <= window.to && (!e.last || *e.last >= window.to)) inPost.push_back(&e);
  db_.read<int>([&](db::Connection& c) {
    std::vector<int64_t> people;
    for (const auto* e : inPost) people.push_back(e->personId);
    auto keys = people_.idKeysOf(c, people);
    std::vector<std::pair<std::vector<std::string>, Date>> asked;
    std::vector<int64_t> askedFor;
    for (const auto& [person, k] : keys) {
      asked.emplace_back(k, window.to);
      askedFor.push_back(person);
    }
    auto listed = blacklist_.listedAmong(c, asked);
    std::set<int64_t> listedPeople;
    for (std::size_t i = 0; i < listed.size(); ++i)
      if (listed[i]) listedPeople.insert(askedFor[i]);
    for (const auto* e : inPost) {
      if (!listedPeople.count(e->personId)) continue;
      auto d = json::object();
      d->set("employment_id", e->id);
      d->set("person_id", e->personId);
      d->set("station_id", e->stationId);
      d->set("station_name", e->stationName);
      d->set("note", std::string(blacklist::kListedWhileEmployedNote));
      flag("listed_employee:employment:" + std::to_string(e->id), "listed_employee", "agency", e->agencyId, e->agencyName, d);
    }
    return 0;
  });

  // Attach reviews, one query for all keys.
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < items->size(); ++i) keys.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("key"));
  std::map<std::string, json::Obj> reviews;
  db_.read<int>([&](db::Connection& c) {
    db::forChunks(keys.size(), [&](std::size_t from, std::size_t to) {
      db::Params params(keys.begin() + static_cast<std::ptrdiff_t>(from), keys.begin() + static_cast<std::ptrdiff_t>(to));
      for (auto& r : c.query("SELECT flag_key, note, reviewed_on FROM flag_reviews WHERE flag_key IN (" +
                                 db::placeholders(to - from) + ") ORDER BY id",
                             params)) {
        auto o = json::object();
        o->set("note", r.str("note"));
        o->set("reviewed_on", r.str("reviewed_on"));
        reviews[r.str("flag_key")] = o;  // the latest review wins
      }
    });
    return 0;
  });
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto o = items->getObject(static_cast<unsigned>(i));
    auto it = reviews.find(o->getValue<std::string>("key"));
    o->set("review", it == reviews.end() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(it->second));
  }
  auto out = json::object();
  out->set("year", year);
  out->set("from", formatDate(window.from));
  out->set("to", formatDate(window.to));
  out->set("items", items);
  return out;
}

json::Obj OversightService::review(const http::Principal& p, const http::Actor& actor, int year, const std::string& key,
                                   const std::string& note) {
  // Only a flag the caller sees now can be reviewed: that is its scope check.
  auto current = flags(p, year)->getArray("items");
  json::Obj found;
  for (std::size_t i = 0; i < current->size(); ++i)
    if (current->getObject(static_cast<unsigned>(i))->getValue<std::string>("key") == key)
      found = current->getObject(static_cast<unsigned>(i));
  if (!found) throwNotFound("Flag");
  auto path = p.role == http::Role::bureau ? p.jurisdictionPath : "/";
  auto today = formatDate(todayInChina());
  db_.transaction([&](db::Connection& c) {
    auto id = c.insert("INSERT INTO flag_reviews (flag_key, jurisdiction_path, note, reviewed_on, reviewed_by, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       {key, path, note, today, db::nullable(actor.userId), nowSeconds()});
    auto after = json::object();
    after->set("key", key);
    after->set("note", note);
    audit_.append(c, actor, {"flag.review", "flag_review", id, path, nullptr, after});
  });
  auto review = json::object();
  review->set("note", note);
  review->set("reviewed_on", today);
  found->set("review", review);
  return found;
}

}  // namespace sr::oversight
