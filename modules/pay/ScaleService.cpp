#include <Poco/JSON/Parser.h>

#include "pay/Scales.h"

#include "common/Text.h"

namespace sr::pay::embedded {
const std::vector<sr::EmbeddedFile>& embeddedFiles();
}

namespace sr::pay {

const std::vector<EmbeddedFile>& scalePresets() { return embedded::embeddedFiles(); }

namespace sql {
constexpr std::string_view kScaleCols =
    "SELECT s.id, s.jurisdiction_id, j.path, s.name, s.effective_from, s.grades, s.illustrative, s.document "
    "FROM salary_scales s JOIN jurisdictions j ON j.id = s.jurisdiction_id";
}

namespace {
json::Obj documentOf(const ScaleVersion& s) {
  auto posts = json::array();
  for (std::size_t i = 0; i < s.scale.posts.size(); ++i) {
    auto p = json::object();
    p->set("code", s.scale.posts[i]);
    p->set("name", i < s.postNames.size() ? s.postNames[i] : "");
    if (i < s.scale.postAllowances.size() && s.scale.postAllowances[i] != 0)
      p->set("fixed_allowance_fen", s.scale.postAllowances[i]);
    posts->add(p);
  }
  auto amounts = json::array();
  for (const auto& row : s.scale.amounts) {
    auto r = json::array();
    for (auto a : row) r->add(a);
    amounts->add(r);
  }
  auto o = json::object();
  o->set("posts", posts);
  o->set("amounts_fen", amounts);
  return o;
}

// Posts and amounts out of a document (a stored one or a request), field errors into `v`.
void readBody(const json::Obj& body, ScaleVersion& s, Validator& v) {
  auto posts = body->has("posts") ? body->getArray("posts") : nullptr;
  if (!posts) v.add("posts", "must be an array of {\"code\",\"name\"}");
  for (std::size_t i = 0; posts && i < posts->size(); ++i) {
    auto p = posts->getObject(static_cast<unsigned>(i));
    json::Reader in(p, v, "posts[" + std::to_string(i) + "]");
    if (!p) {
      v.add("posts[" + std::to_string(i) + "]", "must be an object");
      continue;
    }
    s.scale.posts.push_back(in.string("code", true, 20).value_or(""));
    s.postNames.push_back(in.name("name", true, 100).value_or(""));
    s.scale.postAllowances.push_back(in.integer("fixed_allowance_fen", false, 0, 100'000'000'00).value_or(0));
  }
  auto amounts = body->has("amounts_fen") ? body->getArray("amounts_fen") : nullptr;
  if (!amounts) v.add("amounts_fen", "must be an array of rows, one per post");
  for (std::size_t i = 0; amounts && i < amounts->size(); ++i) {
    auto row = amounts->getArray(static_cast<unsigned>(i));
    std::vector<int64_t> cells;
    for (std::size_t g = 0; row && g < row->size(); ++g) {
      auto cell = row->get(static_cast<unsigned>(g));
      if (!cell.isInteger())
        v.add("amounts_fen[" + std::to_string(i) + "][" + std::to_string(g) + "]", "must be an integer number of fen");
      cells.push_back(cell.isInteger() ? cell.convert<int64_t>() : 0);
    }
    if (!row) v.add("amounts_fen[" + std::to_string(i) + "]", "must be an array");
    s.scale.amounts.push_back(cells);
  }
}

ScaleVersion scaleFrom(const db::Row& r) {
  ScaleVersion s;
  s.id = r.i64("id");
  s.jurisdictionId = r.i64("jurisdiction_id");
  s.jurisdictionPath = r.str("path");
  s.name = r.str("name");
  s.effectiveFrom = *parseDate(r.str("effective_from"));
  s.illustrative = r.i64("illustrative") != 0;
  s.scale.grades = static_cast<int>(r.i64("grades"));
  Validator ignored;  // stored documents were validated when written
  readBody(json::parseObject(r.str("document")), s, ignored);
  return s;
}
}  // namespace

ScaleVersion readScale(const json::Obj& body, Validator& v) {
  json::Reader in(body, v);
  in.rejectUnknown({"jurisdiction_id", "name", "effective_from", "posts", "grades", "amounts_fen"});
  ScaleVersion s;
  s.jurisdictionId = in.id("jurisdiction_id", true).value_or(0);
  s.name = in.name("name", true, 200).value_or("");
  s.effectiveFrom = in.date("effective_from", true).value_or(todayInChina());
  s.scale.grades = static_cast<int>(in.integer("grades", true, 1, 30).value_or(11));
  readBody(body, s, v);
  return s;
}

json::Obj ScaleService::toJson(const ScaleVersion& s) {
  auto o = json::object();
  o->set("id", s.id);
  o->set("jurisdiction_id", s.jurisdictionId);
  o->set("name", s.name);
  o->set("effective_from", formatDate(s.effectiveFrom));
  o->set("illustrative", s.illustrative);
  o->set("grades", s.scale.grades);
  auto doc = documentOf(s);
  o->set("posts", doc->get("posts"));
  o->set("amounts_fen", doc->get("amounts_fen"));
  return o;
}

ScaleVersion ScaleService::create(const http::Principal& p, const http::Actor& actor, ScaleVersion in, Validator v) {
  auto j = org_.findJurisdiction(in.jurisdictionId);
  if (!v.has("jurisdiction_id") && (!j || !access::inScope(p, {j->path, std::nullopt, std::nullopt})))
    v.add("jurisdiction_id", "no such jurisdiction");
  std::vector<FieldError> shape;
  if (!v.has("posts") && !v.has("amounts_fen")) shape = scaleProblems(in.scale);
  for (auto& e : shape) v.add(e.field, e.message);
  // A full month on the scale pays at least the minimum wage of every place it pays in (Minimum
  // Wage Provisions Art. 12; measured on main: 1,800 a month was accepted where the minimum is 2,490).
  if (j && shape.empty() && !v.has("posts") && !v.has("amounts_fen"))
    if (auto low = lowestCell(in.scale))
      for (const auto& [place, minimum] : policy_.minimumWagesUnder(*j, in.effectiveFrom))
        if (low->amount < minimum)
          v.add("amounts_fen", low->post + " grade " + std::to_string(low->grade) + " pays " + hundredthsText(low->amount) +
                                   ", below the minimum wage " + hundredthsText(minimum) + " of " + place.name + " (" +
                                   place.code + ")");
  v.throwIfAny();
  in.jurisdictionPath = j->path;
  db_.transaction([&](db::Connection& c) {
    try {  // the unique key decides: two sent at once record one
      in.id = c.insert(
          "INSERT INTO salary_scales (jurisdiction_id, name, effective_from, grades, illustrative, document, created_at, "
          "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {in.jurisdictionId, in.name, formatDate(in.effectiveFrom), int64_t{in.scale.grades}, int64_t{in.illustrative},
           json::stringify(documentOf(in)), nowSeconds(), db::nullable(actor.userId)});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "A version of this jurisdiction's scale already starts on that date.",
                  {{"effective_from", "already has a version"}});
    }
    audit_.append(c, actor, {"salary_scale.create", "salary_scale", in.id, in.jurisdictionPath, nullptr, toJson(in)});
  });
  return in;
}

ScaleVersion ScaleService::loadPreset(const http::Principal& p, const http::Actor& actor, const std::string& name,
                                      int64_t jurisdictionId, const Date& effectiveFrom) {
  for (const auto& f : scalePresets()) {
    if (f.name != name + ".json") continue;
    auto doc = json::parseObject(f.content);
    ScaleVersion s;
    Validator v;
    readBody(doc, s, v);
    s.jurisdictionId = jurisdictionId;
    s.name = doc->getValue<std::string>("name");
    s.illustrative = doc->optValue<bool>("illustrative", false);
    s.scale.grades = doc->getValue<int>("grades");
    s.effectiveFrom = effectiveFrom;
    return create(p, actor, s, v);
  }
  throwNotFound("Salary scale preset");
}

ScaleVersion ScaleService::scaleFor(int64_t id) const {
  auto row = db_.read<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.queryOne(std::string(sql::kScaleCols) + " WHERE s.id = ?", {id}); });
  if (!row) throwNotFound("Salary scale");
  return scaleFrom(*row);
}

std::vector<ScaleVersion> ScaleService::list(const std::optional<int64_t>& jurisdictionId, int64_t after, int limit) const {
  std::string where = " WHERE s.id > ?";
  db::Params params{after};
  if (jurisdictionId) {
    where += " AND s.jurisdiction_id = ?";
    params.emplace_back(*jurisdictionId);
  }
  params.emplace_back(int64_t{limit});
  return db_.read<std::vector<ScaleVersion>>([&](db::Connection& c) {
    std::vector<ScaleVersion> out;
    for (auto& r : c.query(std::string(sql::kScaleCols) + where + " ORDER BY s.id LIMIT ?", params)) out.push_back(scaleFrom(r));
    return out;
  });
}

std::optional<ScaleVersion> ScaleService::inForce(const org::Jurisdiction& j, const Date& on) const {
  return inForce(j, std::set<Date>{on}).at(on);
}

std::map<Date, std::optional<ScaleVersion>> ScaleService::inForce(const org::Jurisdiction& j,
                                                                   const std::set<Date>& days) const {
  std::map<Date, std::optional<ScaleVersion>> out;
  if (days.empty()) return out;
  auto lineage = org_.lineage(j);  // root first
  db::Params params{formatDate(*days.rbegin())};
  for (const auto& a : lineage) params.emplace_back(a.id);
  auto rows = db_.read<std::vector<db::Row>>([&](db::Connection& c) {
    return c.query(std::string(sql::kScaleCols) + " WHERE s.effective_from <= ? AND s.jurisdiction_id IN (" +
                       db::placeholders(lineage.size()) + ") ORDER BY s.effective_from DESC",
                   params);
  });
  std::map<std::size_t, ScaleVersion> read;  // each row parsed once, whatever the days sharing it
  for (const auto& day : days) {
    const auto dayText = formatDate(day);
    std::optional<std::size_t> found;
    // The nearest jurisdiction wins; within it, the newest version on or before the day (rows come
    // newest first).
    for (auto it = lineage.rbegin(); it != lineage.rend() && !found; ++it)
      for (std::size_t i = 0; i < rows.size() && !found; ++i)
        if (rows[i].i64("jurisdiction_id") == it->id && rows[i].str("effective_from") <= dayText) found = i;
    if (found && !read.count(*found)) read.emplace(*found, scaleFrom(rows[*found]));
    out[day] = found ? std::optional(read.at(*found)) : std::nullopt;
  }
  return out;
}

json::Obj ScaleService::inForceFor(const http::Principal& p, int64_t jurisdictionId, const Date& on) const {
  auto j = org_.jurisdictionFor(p, jurisdictionId);
  auto s = inForce(j, on);
  if (!s) throw Error(Code::not_found, "No salary scale is in force here on that day.");
  auto o = toJson(*s);
  if (auto from = org_.findJurisdiction(s->jurisdictionId)) o->set("jurisdiction_name", from->name);
  return o;
}

}  // namespace sr::pay
