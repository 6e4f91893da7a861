#pragma once
// Setting up a county from the browser (issue #15): on a database with no jurisdiction, the
// administrator names the county by its division code, chooses the policy preset and gets the
// first bureau account. It only asks org, policy and identity through their services.
#include <optional>
#include <string>

#include "identity/Identity.h"
#include "org/Org.h"
#include "policy/Policy.h"

namespace sr::setup {

struct SetupInput {
  std::string countyCode, preset, bureauUsername;
  std::optional<std::string> effectiveFrom;  // the preset's own date when not given
};

class SetupService {
 public:
  SetupService(org::OrgService& org, policy::PolicyService& policy, identity::IdentityService& identity)
      : org_(org), policy_(policy), identity_(identity) {}

  // {"needed": true} while the database holds no jurisdiction.
  json::Obj status() const;
  // The province, city and county a 6-digit code names (422 naming `code` when it names none).
  json::Obj division(const std::string& code) const;
  // Creates the chain, loads the preset onto the county
  // and creates its bureau account; answers them with the account's one-time password.
  json::Obj run(const http::Principal& p, const http::Actor& actor, const SetupInput& in);

 private:
  org::OrgService& org_;
  policy::PolicyService& policy_;
  identity::IdentityService& identity_;
};

void registerRoutes(http::RouteTable& routes, SetupService& setup);

}  // namespace sr::setup
