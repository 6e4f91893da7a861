#include <map>

#include <Poco/JSON/Parser.h>

#include "common/Time.h"
#include "policy/Policy.h"

namespace sr::policy::embedded {
const std::vector<sr::EmbeddedFile>& embeddedFiles();
}

namespace sr::policy {

namespace {
json::Obj parse(std::string_view text) { return json::parseObject(text); }
// A stored document, in today's shape (versions written before issue #12 may hold legacy keys).
json::Obj parseStored(std::string_view text) {
  auto doc = parse(text);
  upgradeLegacyKeys(doc);
  return doc;
}
}  // namespace

const std::vector<EmbeddedFile>& presets() { return embedded::embeddedFiles(); }

std::optional<std::string_view> preset(std::string_view name) {
  for (const auto& f : presets())
    if (f.name == std::string(name) + ".json") return f.content;
  return std::nullopt;
}

json::Obj EffectiveView::toJson() const {
  auto o = json::object();
  o->set("jurisdiction_id", jurisdiction.id);
  o->set("on", formatDate(on));
  o->set("policy", effective.policy);
  auto sources = json::object();
  for (const auto& [key, index] : effective.sourceOf) {
    const auto& layer = layers[index];
    auto s = json::object();
    s->set("source", layer.source);
    s->set("jurisdiction_id", json::orNull(layer.jurisdictionId));
    s->set("effective_from", layer.effectiveFrom);
    // The document the layer cites for this key, when it names one (issue #15: shown beside the value).
    if (auto cited = layer.doc ? layer.doc->getObject("sources") : nullptr; cited && cited->has(key))
      s->set("citation", cited->get(key));
    sources->set(key, s);
  }
  o->set("sources", sources);
  return o;
}

EffectiveView PolicyService::effective(const org::Jurisdiction& j, Date on) const {
  EffectiveView view{j, on, {}, {}};
  // Parsed once: layers are only read (a merge never aliases them), and the document ships with the server.
  static const json::Obj national = parse(*preset("national"));
  view.layers.push_back({"national_default", std::nullopt, national->getValue<std::string>("effective_from"), national});
  auto lineage = org_.lineage(j);
  db::Params params{formatDate(on)};
  std::string marks;
  for (const auto& a : lineage) {
    params.emplace_back(a.id);
    marks += marks.empty() ? "?" : ", ?";
  }
  auto lease = db_.acquire();
  // Newest version on or before the date, per jurisdiction of the lineage.
  auto rows = lease->query("SELECT jurisdiction_id, effective_from, document FROM policy_versions "
                           "WHERE effective_from <= ? AND jurisdiction_id IN (" + marks +
                               ") ORDER BY jurisdiction_id, effective_from DESC",
                           params);
  std::vector<const db::Row*> chosen;
  std::string key;
  for (const auto& a : lineage) {
    for (const auto& r : rows) {
      if (r.i64("jurisdiction_id") != a.id) continue;
      chosen.push_back(&r);
      key += std::to_string(a.id) + '\x1f' + r.str("effective_from") + '\x1f' + r.str("document") + '\x1e';
      break;
    }
  }
  // Parsing and merging the documents is most of a lookup's cost, and a payroll run asks for the
  // same places more than once. A merge is kept per exact set of documents read: a new or changed
  // version reads differently and misses, so servers sharing a database never see a stale policy.
  // Kept results are shared; every caller only reads them.
  {
    std::lock_guard lock(cacheMutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      view.layers = it->second->layers;
      view.effective = it->second->effective;
      return view;
    }
  }
  std::size_t i = 0;
  for (const auto& a : lineage)
    if (i < chosen.size() && chosen[i]->i64("jurisdiction_id") == a.id) {
      view.layers.push_back({a.code, a.id, chosen[i]->str("effective_from"), parseStored(chosen[i]->str("document"))});
      ++i;
    }
  view.effective = merge(view.layers);
  std::lock_guard lock(cacheMutex_);
  if (cache_.size() >= kCachedMerges) cache_.clear();  // a crude bound: far more places than a province has
  cache_.emplace(std::move(key), std::make_shared<const Merged>(Merged{view.layers, view.effective}));
  return view;
}

std::vector<std::pair<org::Jurisdiction, int64_t>> PolicyService::minimumWagesUnder(const org::Jurisdiction& j, Date on) const {
  std::vector<std::pair<org::Jurisdiction, int64_t>> out;
  auto add = [&](const org::Jurisdiction& place) {
    auto policy = effective(place, on).effective.policy;
    if (policy->has("minimum_wage_fen")) out.emplace_back(place, policy->getValue<int64_t>("minimum_wage_fen"));
  };
  add(j);
  std::map<int64_t, org::Jurisdiction> below;
  for (auto& x : org_.listJurisdictions(j.path, 0, 1000000))
    if (x.id != j.id) below.emplace(x.id, x);
  std::vector<int64_t> ids;
  for (const auto& [id, x] : below) ids.push_back(id);
  std::vector<int64_t> own;
  db_.read<int>([&](db::Connection& c) {
    db::forChunks(ids.size(), [&](std::size_t a, std::size_t b) {
      db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(a), ids.begin() + static_cast<std::ptrdiff_t>(b));
      for (auto& r : c.query("SELECT DISTINCT jurisdiction_id FROM policy_versions WHERE jurisdiction_id IN (" +
                                 db::placeholders(b - a) + ")",
                             params))
        own.push_back(r.i64("jurisdiction_id"));
    });
    return 0;
  });
  for (auto id : own) add(below.at(id));
  return out;
}

org::Jurisdiction PolicyService::readable(const http::Principal& p, int64_t jurisdictionId) const {
  auto j = org_.findJurisdiction(jurisdictionId);
  if (!j) throwNotFound("Jurisdiction");
  std::string home;
  if (p.role == http::Role::admin) return *j;
  if (p.role == http::Role::bureau) home = p.jurisdictionPath;
  if (p.agencyId)
    if (auto a = org_.findAgency(*p.agencyId)) home = a->jurisdictionPath;
  if (home.empty() || !(access::isWithin(j->path, home) || access::isWithin(home, j->path))) throwNotFound("Jurisdiction");
  return *j;
}

EffectiveView PolicyService::effectiveFor(const http::Principal& p, int64_t jurisdictionId, Date on) const {
  return effective(readable(p, jurisdictionId), on);
}

std::vector<Version> PolicyService::versions(const http::Principal& p, int64_t jurisdictionId) const {
  auto j = readable(p, jurisdictionId);
  auto lease = db_.acquire();
  std::vector<Version> out;
  for (const auto& r : lease->query("SELECT effective_from, document, change_doc, created_at, created_by, created_by_username FROM "
                                    "policy_versions WHERE jurisdiction_id = ? ORDER BY effective_from",
                                    {j.id}))
    out.push_back({r.str("effective_from"), parseStored(r.str("document")),
                   r.isNull("change_doc") ? json::Obj() : parse(r.str("change_doc")), r.i64("created_at"),
                   r.optI64("created_by"), r.isNull("created_by_username") ? "" : r.str("created_by_username")});
  return out;
}

json::Obj PolicyService::put(const http::Principal& p, const http::Actor& actor, int64_t jurisdictionId,
                             const json::Obj& doc) {
  auto j = org_.jurisdictionFor(p, jurisdictionId);  // writers: admin, or a bureau over this area
  auto notes = upgradeLegacyKeys(doc);
  auto errors = validate(doc);
  if (!doc->has("effective_from")) errors.push_back({"effective_from", "is required"});
  if (!errors.empty()) throw Error(Code::validation_failed, "The policy document has invalid keys.", errors);
  std::string from = doc->getValue<std::string>("effective_from");
  // Check the rules that tie keys together on what would be in force from that date.
  auto merged = effective(j, *parseDate(from));
  merged.layers.push_back({j.code, j.id, from, doc});
  if (auto cross = validateEffective(merge(merged.layers).policy); !cross.empty())
    throw Error(Code::validation_failed, "The policy would contradict itself.", cross);

  // A version is whole: the jurisdiction's own version in force on that date (or the one it
  // replaces) with the change applied. Measured on main before issue #12: a partial PUT raising
  // Haining's minimum wage stored only that key, and min_staff 6, min_certified 4 and the
  // replacement rule fell back to the province's.
  //
  // Two PUTs of one place and day at once both take effect, the later merged onto the earlier:
  // the day's version is replaced only if it is still the document this change was merged onto (a
  // conditional update), and when there is none yet the unique key (jurisdiction, effective_from)
  // lets one INSERT win; the other runs again and merges onto what won (measured on main: six at
  // once on MariaDB lost changes). No FOR UPDATE: it would hold on one Galera node only.
  auto whole = db_.transact<json::Obj>([&](db::Connection& c) {
    auto old = c.queryOne("SELECT id, document FROM policy_versions WHERE jurisdiction_id = ? AND effective_from = ?",
                          {j.id, from});
    auto base = old ? old
                    : c.queryOne("SELECT document FROM policy_versions WHERE jurisdiction_id = ? AND effective_from < ? "
                                 "ORDER BY effective_from DESC LIMIT 1",
                                 {j.id, from});
    std::vector<Layer> own;
    if (base) own.push_back({j.code, j.id, from, parseStored(base->str("document"))});
    own.push_back({j.code, j.id, from, doc});
    auto version = merge(own).policy;
    version->set("effective_from", from);
    const auto text = json::stringify(version), change = json::stringify(doc);
    if (old) {
      if (c.execute("UPDATE policy_versions SET document = ?, change_doc = ?, created_at = ?, created_by = ?, "
                    "created_by_username = ? WHERE id = ? AND document = ?",
                    {text, change, nowSeconds(), db::nullable(actor.userId), actor.username, old->i64("id"),
                     old->str("document")}) == 0)
        throw db::RetryableConflict("the version of that day changed meanwhile; merge onto it");
    } else {
      try {
        c.execute("INSERT INTO policy_versions (jurisdiction_id, effective_from, document, change_doc, created_at, created_by, "
                  "created_by_username) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {j.id, from, text, change, nowSeconds(), db::nullable(actor.userId), actor.username});
      } catch (const db::UniqueViolation&) {
        throw db::RetryableConflict("a version of that day was written meanwhile; merge onto it");
      }
    }
    auto after = json::object();
    after->set("change", doc);
    after->set("document", version);
    audit_.append(c, actor, {"policy.put", "jurisdiction", j.id, j.path,
                             old ? parse(old->str("document")) : json::Obj(), after});
    return version;
  });
  auto out = json::object();
  out->set("jurisdiction_id", j.id);
  out->set("effective_from", from);
  out->set("document", whole);
  out->set("change", doc);
  auto noteList = json::array();
  for (const auto& n : notes) noteList->add(n);
  out->set("notes", noteList);
  return out;
}

json::Obj PolicyService::loadPreset(const http::Principal& p, const http::Actor& actor, int64_t jurisdictionId,
                                    const std::string& name, const std::optional<std::string>& effectiveFrom) {
  auto text = preset(name);
  if (!text) throwNotFound("Preset");
  auto doc = parse(*text);
  if (effectiveFrom) doc->set("effective_from", *effectiveFrom);
  return put(p, actor, jurisdictionId, doc);
}

}  // namespace sr::policy
