#include "policy/PolicyRules.h"

#include <cmath>
#include <numeric>

#include "common/Text.h"

namespace sr::policy {

namespace {
enum class Type { integer, percent, boolean, choice, object, date, ratio };

struct Field {
  std::string key;
  Type type;
  int64_t min = 0, max = 0;
  std::vector<std::string> choices = {};
  std::vector<Field> children = {};
};

Field integer(std::string key, int64_t min, int64_t max) { return {std::move(key), Type::integer, min, max}; }
Field percent(std::string key) { return {std::move(key), Type::percent, 0, 100}; }
Field boolean(std::string key) { return {std::move(key), Type::boolean}; }
Field choice(std::string key, std::vector<std::string> choices) { return {std::move(key), Type::choice, 0, 0, std::move(choices)}; }
Field date(std::string key) { return {std::move(key), Type::date}; }
// An exact fraction {"num", "den"} (济南: 不少于总人数的三分之二 is 2/3, never 66.67 %).
Field ratio(std::string key) { return {std::move(key), Type::ratio}; }
Field object(std::string key, std::vector<Field> children) { return {std::move(key), Type::object, 0, 0, {}, std::move(children)}; }

constexpr int64_t kMaxFen = 100'000'000'00;  // 100 million yuan: beyond any monthly figure

// The schema. Keys fixed by the API contract plus the extra rules of the places in domain.md.
const std::vector<Field>& schema() {
  static const std::vector<Field> s = {
      object("staffing", {integer("min_staff", 0, 1000), integer("max_staff", 0, 1000),
                          integer("min_certified", 0, 1000), ratio("min_qualified_ratio"),
                          percent("min_qualified_ratio_pct"),  // legacy: converted to min_qualified_ratio
                          integer("max_age", 0, 100),
                          choice("min_education", {"secondary", "college", "bachelor", "master", "doctorate"}),
                          integer("out_of_area_min_rating", 0, 5), boolean("county_and_town_same_agency"),
                          boolean("qualification_required"),
                          // A purchase contract's funded posts filled within this of its start
                          // (issue #17; the months key wins when both are set).
                          integer("on_post_within_days", 1, 366), integer("on_post_within_months", 1, 24)}),
      integer("filing_deadline_days", 1, 365),
      // Statutory notice is in days (Labor Contract Law Art. 37); a place's commitment in calendar
      // months (Civil Code Art. 202). policy_days / max_days are legacy keys, converted to months.
      object("notice", {integer("statutory_days", 0, 365), integer("probation_days", 0, 365),
                        integer("policy_months", 0, 24), boolean("replacement_required"), integer("max_months", 0, 24),
                        integer("policy_days", 0, 730), integer("max_days", 0, 730)}),
      integer("blacklist_years", 0, 50),
      integer("contract_years", 1, 20),
      object("increment", {choice("kind", {"grade_step", "percent"}), integer("steps", 0, 11),
                           choice("min_rating", {"excellent", "competent", "basic", "incompetent"}),
                           percent("percent")}),
      object("certificate_allowance_fen", {integer("assistant", 0, kMaxFen), integer("intermediate", 0, kMaxFen),
                                           integer("senior", 0, kMaxFen)}),
      object("continuing_education_hours",
             {integer("assistant", 0, 1000), integer("intermediate", 0, 1000), integer("senior", 0, 1000)}),
      object("social_insurance", {percent("pension_pct"), percent("medical_pct"), percent("unemployment_pct"),
                                  percent("housing_fund_pct"), integer("base_floor_fen", 0, kMaxFen),
                                  integer("base_ceiling_fen", 0, kMaxFen),
                                  // The office's enrolment cut-off (增员截止日; the fund has its own): a
                                  // hire starting after this day of a month contributes from the next.
                                  integer("enrol_cutoff_day", 1, 31)}),
      // The housing fund's own base limits (住房公积金管理条例; set by each city's fund centre).
      object("housing_fund", {integer("base_floor_fen", 0, kMaxFen), integer("base_ceiling_fen", 0, kMaxFen),
                              integer("enrol_cutoff_day", 1, 31)}),
      // What the agency pays on top of gross (单位缴纳); medical includes maternity.
      object("employer_rates", {percent("pension_pct"), percent("medical_pct"), percent("unemployment_pct"),
                                percent("injury_pct"), percent("housing_fund_pct")}),
      integer("minimum_wage_fen", 0, kMaxFen),
      // Income tax: separate taxation of an annual one-off bonus is allowed until this day
      // (财政部 税务总局公告2023年第30号); severance up to 3 × the local average annual wage is exempt
      // (财税〔2018〕164号), a figure of each place.
      // How a part month is paid: by calendar days, or by the 21.75 paid days of 劳社部发〔2008〕3号.
      object("payroll", {choice("proration", {"calendar_days", "working_days"})}),
      object("iit", {date("annual_bonus_separate_until"), integer("severance_exempt_fen", 0, kMaxFen * 100)}),
      object("placement",
             {object("education_grades", {integer("secondary", 0, 10), integer("college", 0, 10), integer("bachelor", 0, 10),
                                          integer("master", 0, 10), integer("doctorate", 0, 10)}),
              object("certificate_grades", {integer("assistant", 0, 10), integer("intermediate", 0, 10),
                                            integer("senior", 0, 10)})}),
      object("funding", {integer("per_worker_year_fen", 0, kMaxFen), percent("province_share_pct"),
                         percent("local_share_pct")}),
      // What the bureau's automatic flags watch (0 turns a flag off).
      object("oversight", {percent("max_turnover_pct"), integer("max_days_below_min_staff", 0, 366)}),
  };
  return s;
}

std::string join(const std::string& prefix, const std::string& key) { return prefix.empty() ? key : prefix + "." + key; }

// Whether a dotted key names a leaf (or object) of the schema.
bool knownKey(const std::vector<Field>& fields, const std::string& dotted) {
  auto dot = dotted.find('.');
  auto head = dotted.substr(0, dot);
  for (const auto& f : fields)
    if (f.key == head) return dot == std::string::npos || (f.type == Type::object && knownKey(f.children, dotted.substr(dot + 1)));
  return false;
}

// `sources`: where each key's rule comes from, {"staffing.min_staff": "document, section"}.
void checkSources(const Poco::Dynamic::Var& v, std::vector<FieldError>& errors) {
  if (v.type() != typeid(json::Obj)) {
    errors.push_back({"sources", "must be an object of {\"dotted.key\": \"document, section\"}"});
    return;
  }
  auto o = v.extract<json::Obj>();
  for (const auto& name : o->getNames()) {
    if (!knownKey(schema(), name)) errors.push_back({"sources." + name, "is not a known policy key"});
    auto text = o->get(name);
    if (!text.isString() || text.extract<std::string>().empty() || text.extract<std::string>().size() > 600)
      errors.push_back({"sources." + name, "must be the text of a source, at most 600 bytes"});
  }
}

void check(const json::Obj& doc, const std::vector<Field>& fields, const std::string& prefix,
           std::vector<FieldError>& errors) {
  for (const auto& name : doc->getNames()) {
    const Field* f = nullptr;
    for (const auto& candidate : fields)
      if (candidate.key == name) f = &candidate;
    std::string path = join(prefix, name);
    if (!f && prefix.empty() && name == "sources") {
      checkSources(doc->get(name), errors);
      continue;
    }
    if (!f) {
      if (!(prefix.empty() && name == "effective_from")) errors.push_back({path, "is not a known policy key"});
      continue;
    }
    auto v = doc->get(name);
    switch (f->type) {
      case Type::object:
        if (v.type() != typeid(json::Obj))
          errors.push_back({path, "must be an object"});
        else
          check(v.extract<json::Obj>(), f->children, path, errors);
        break;
      case Type::integer: {
        if (!v.isInteger()) {
          errors.push_back({path, "must be an integer"});
          break;
        }
        auto n = v.convert<int64_t>();
        if (n < f->min || n > f->max)
          errors.push_back({path, "must be between " + std::to_string(f->min) + " and " + std::to_string(f->max)});
        break;
      }
      case Type::percent: {
        auto h = hundredths(v);
        if (!h)
          errors.push_back({path, "must be a number with at most two decimals"});
        else if (*h < 0 || *h > 10000)
          errors.push_back({path, "must be between 0 and 100"});
        break;
      }
      case Type::ratio: {
        auto o = v.type() == typeid(json::Obj) ? v.extract<json::Obj>() : json::Obj();
        bool ok = o && o->size() == 2 && o->has("num") && o->has("den") && o->get("num").isInteger() &&
                  o->get("den").isInteger();
        if (!ok) {
          errors.push_back({path, "must be a fraction {\"num\": n, \"den\": d} of integers"});
          break;
        }
        auto num = o->getValue<int64_t>("num"), den = o->getValue<int64_t>("den");
        if (den < 1 || den > 1000) errors.push_back({path + ".den", "must be between 1 and 1000"});
        else if (num < 0 || num > den) errors.push_back({path + ".num", "must be between 0 and den"});
        break;
      }
      case Type::date:
        if (!v.isString() || !parseDate(v.extract<std::string>())) errors.push_back({path, "must be a date YYYY-MM-DD"});
        break;
      case Type::boolean:
        if (v.type() != typeid(bool)) errors.push_back({path, "must be true or false"});
        break;
      case Type::choice: {
        bool ok = v.isString();
        if (ok) {
          auto s = v.extract<std::string>();
          ok = false;
          for (const auto& c : f->choices) ok = ok || c == s;
        }
        if (!ok) {
          std::string list;
          for (const auto& c : f->choices) list += (list.empty() ? "" : ", ") + c;
          errors.push_back({path, "must be one of: " + list});
        }
        break;
      }
    }
  }
}

void mergeInto(json::Obj target, const json::Obj& layer, const std::string& prefix, std::size_t index,
               std::map<std::string, std::size_t>& sourceOf) {
  for (const auto& name : layer->getNames()) {
    if (prefix.empty() && name == "effective_from") continue;
    auto v = layer->get(name);
    std::string path = join(prefix, name);
    if (v.type() == typeid(json::Obj)) {
      // The merged tree's objects are always its own (made here), so it never aliases a layer's
      // and a layer needs no copy first.
      json::Obj child;
      if (target->has(name) && target->get(name).type() == typeid(json::Obj)) {
        child = target->getObject(name);
      } else {
        child = json::object();
        target->set(name, child);
      }
      mergeInto(child, v.extract<json::Obj>(), path, index, sourceOf);
    } else {
      target->set(name, v);  // a scalar (the schema has no arrays): copied by value
      sourceOf[path] = index;
    }
  }
}

}  // namespace

std::optional<int64_t> hundredths(const Poco::Dynamic::Var& v) {
  if (v.isInteger()) return v.convert<int64_t>() * 100;
  if (v.type() != typeid(double)) return std::nullopt;
  double d = v.extract<double>() * 100.0;
  double r = std::round(d);
  if (!std::isfinite(d) || std::fabs(d - r) > 1e-6) return std::nullopt;
  return static_cast<int64_t>(r);
}

std::vector<std::string> upgradeLegacyKeys(const json::Obj& doc) {
  std::vector<std::string> notes;
  if (auto notice = doc->getObject("notice")) {
    for (auto [days, months] : {std::pair{"policy_days", "policy_months"}, std::pair{"max_days", "max_months"}}) {
      if (!notice->has(days) || !notice->get(days).isInteger()) continue;
      auto n = notice->getValue<int64_t>(days);
      // Rounded up: a commitment of 45 days is not met before its second month ends.
      auto m = (n + 29) / 30;
      notice->remove(days);
      if (notice->has(months)) continue;  // the months key, if both were given, wins
      notice->set(months, m);
      notes.push_back(std::string("notice.") + days + " " + std::to_string(n) + " is read as notice." + months + " " +
                      std::to_string(m) + " (a local period is counted in calendar months)");
    }
  }
  // Keys that nothing enforced (issue #12): a target with no data to check it against, or a
  // reported outcome rather than a rule. Dropped from older documents with a note.
  if (auto staffing = doc->getObject("staffing"))
    for (const char* gone : {"local_hire_pct", "village_hours_per_week", "volunteers_per_worker",
                             "out_of_area_local_trainees"})
      if (staffing->has(gone)) {
        staffing->remove(gone);
        notes.push_back(std::string("staffing.") + gone + " is not a policy key any more (no rule read it); dropped");
      }
  if (auto staffing = doc->getObject("staffing"); staffing && staffing->has("min_qualified_ratio_pct")) {
    auto h = hundredths(staffing->get("min_qualified_ratio_pct"));
    if (h) staffing->remove("min_qualified_ratio_pct");  // a malformed one is left for validate() to name
    if (h && !staffing->has("min_qualified_ratio")) {
      // The thirds a percentage stood for (66.67 → 2/3, 33.33 → 1/3); any other as hundredths.
      auto r = json::object();
      if (*h == 6667 || *h == 3333) {
        r->set("num", *h == 6667 ? 2 : 1);
        r->set("den", 3);
      } else {
        auto g = std::gcd(*h, int64_t{10000});
        r->set("num", *h / g);
        r->set("den", 10000 / g);
      }
      staffing->set("min_qualified_ratio", r);
      notes.push_back("staffing.min_qualified_ratio_pct " + hundredthsText(*h) + " is read as staffing.min_qualified_ratio " +
                      std::to_string(r->getValue<int64_t>("num")) + "/" + std::to_string(r->getValue<int64_t>("den")));
    }
  }
  return notes;
}

std::string citation(const json::Obj& policy, const std::string& key) {
  auto sources = policy ? policy->getObject("sources") : nullptr;
  if (!sources || !sources->has(key) || !sources->get(key).isString()) return "";
  return sources->getValue<std::string>(key);
}

std::vector<FieldError> validate(const json::Obj& doc) {
  std::vector<FieldError> errors;
  check(doc, schema(), "", errors);
  if (doc->has("effective_from")) {
    auto v = doc->get("effective_from");
    if (!v.isString() || !parseDate(v.extract<std::string>()))
      errors.push_back({"effective_from", "must be a date YYYY-MM-DD"});
  }
  return errors;
}

std::vector<std::string> missingForPayroll(const json::Obj& p) {
  // Figures each place sets and the law gives no national value for: the contribution base limits
  // and the employer's rates (社会保险法 Art. 12, 住房公积金管理条例 Art. 18). Never defaulted.
  static const std::vector<std::pair<std::string, std::vector<std::string>>> required = {
      {"social_insurance", {"base_floor_fen", "base_ceiling_fen"}},
      {"housing_fund", {"base_floor_fen", "base_ceiling_fen"}},
      {"employer_rates", {"pension_pct", "medical_pct", "unemployment_pct", "injury_pct", "housing_fund_pct"}},
  };
  std::vector<std::string> missing;
  for (const auto& [object, keys] : required) {
    auto o = p->getObject(object);
    for (const auto& key : keys)
      if (!o || !o->has(key)) missing.push_back(object + "." + key);
  }
  if (!p->has("minimum_wage_fen")) missing.push_back("minimum_wage_fen");
  return missing;
}

std::vector<FieldError> validateEffective(const json::Obj& p) {
  std::vector<FieldError> errors;
  auto get = [&](const std::string& obj, const std::string& key) -> Poco::Dynamic::Var {
    auto o = p->getObject(obj);
    return o && o->has(key) ? o->get(key) : Poco::Dynamic::Var();
  };
  for (const char* limits : {"social_insurance", "housing_fund"}) {
    auto floor = get(limits, "base_floor_fen"), ceiling = get(limits, "base_ceiling_fen");
    if (!floor.isEmpty() && !ceiling.isEmpty() && floor.convert<int64_t>() > 0 && ceiling.convert<int64_t>() > 0 &&
        floor.convert<int64_t>() > ceiling.convert<int64_t>())
      errors.push_back({std::string(limits) + ".base_floor_fen", "must not exceed base_ceiling_fen"});
  }
  auto minStaff = get("staffing", "min_staff"), maxStaff = get("staffing", "max_staff");
  if (!minStaff.isEmpty() && !maxStaff.isEmpty() && maxStaff.convert<int64_t>() > 0 &&
      minStaff.convert<int64_t>() > maxStaff.convert<int64_t>())
    errors.push_back({"staffing.max_staff", "must not be below min_staff (0 means no limit)"});
  auto policyMonths = get("notice", "policy_months"), maxMonths = get("notice", "max_months");
  if (!maxMonths.isEmpty() && !policyMonths.isEmpty() && maxMonths.convert<int64_t>() < policyMonths.convert<int64_t>())
    errors.push_back({"notice.max_months", "must not be below notice.policy_months"});
  auto province = get("funding", "province_share_pct"), local = get("funding", "local_share_pct");
  if (!province.isEmpty() && !local.isEmpty()) {
    auto a = hundredths(province), b = hundredths(local);
    if (a && b && *a + *b != 10000) errors.push_back({"funding.local_share_pct", "shares must add up to 100"});
  }
  return errors;
}

Effective merge(const std::vector<Layer>& layers) {
  Effective e;
  e.policy = json::object();
  for (std::size_t i = 0; i < layers.size(); ++i) mergeInto(e.policy, layers[i].doc, "", i, e.sourceOf);
  return e;
}

}  // namespace sr::policy
