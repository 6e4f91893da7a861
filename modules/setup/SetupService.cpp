#include "org/Divisions.h"
#include "setup/Setup.h"

namespace sr::setup {

namespace {
json::Obj divisionJson(const org::Division& d) {
  auto o = json::object();
  o->set("code", d.code);
  o->set("name", d.name);
  o->set("level", d.level);
  return o;
}
}  // namespace

json::Obj SetupService::status() const {
  auto o = json::object();
  o->set("needed", org_.listJurisdictions("", 0, 1).empty());
  return o;
}

json::Obj SetupService::division(const std::string& code) const {
  auto chain = org::divisionChain(code);
  if (!chain)
    throw Error(Code::validation_failed, "Unknown division code.",
                {{"code", "is not a division code of county level or above (National Bureau of Statistics, 2023)"}});
  auto items = json::array();
  for (const auto& d : *chain) items->add(divisionJson(d));
  auto o = json::object();
  o->set("code", code);
  o->set("chain", items);
  return o;
}

json::Obj SetupService::run(const http::Principal& p, const http::Actor& actor, const SetupInput& in) {
  Validator v;
  auto chain = org::divisionChain(in.countyCode);
  if (in.countyCode.empty()) v.add("county_code", "is required");
  else if (!chain) v.add("county_code", "is not a division code of county level or above (National Bureau of Statistics, 2023)");
  else if (chain->back().level != "county") v.add("county_code", "names a province or city; give the county's code");
  if (in.preset.empty()) v.add("preset", "is required");
  else if (!policy::preset(in.preset)) v.add("preset", "is not a shipped policy preset");
  if (auto problem = identity::usernameProblem(in.bureauUsername)) v.add("bureau_username", *problem);
  v.throwIfAny();
  // Only a database without any place is set up this way; afterwards places are added one by one.
  // Setups at once all pass this check, then meet at the province's unique code: one creates it,
  // the others get 409 before anything else is written.
  if (!org_.listJurisdictions("", 0, 1).empty())
    throw Error(Code::conflict, "This database is already set up.");
  auto places = json::array();
  std::optional<int64_t> parent;
  org::Jurisdiction county;
  for (const auto& d : *chain) {
    county = org_.createJurisdiction(p, actor, {d.code, d.name, d.level, parent});
    places->add(org::toJson(county));
    parent = county.id;
  }
  auto policy = policy_.loadPreset(p, actor, county.id, in.preset, in.effectiveFrom);
  std::string password;
  auto user = identity_.createUser(p, actor, {in.bureauUsername, "", "bureau", county.id, std::nullopt, std::nullopt}, {},
                                   &password);
  auto o = json::object();
  o->set("jurisdictions", places);
  o->set("county_id", county.id);
  o->set("policy", policy);
  o->set("user", identity::toJson(user));
  // Shown once: only its hash is kept, and the officer replaces it at first sign-in.
  o->set("password", password);
  return o;
}

}  // namespace sr::setup
