#pragma once
#include <map>
#include <set>
// Salary scales as versioned data: posts × grades of monthly base pay, one series of versions per
// jurisdiction, inherited down the tree like the policy (a station uses its town's scale, else the
// county's, and so on). An illustrative four-post eleven-grade preset ships, labelled as example.
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "common/Embedded.h"
#include "org/Org.h"
#include "pay/PayRules.h"
#include "policy/Policy.h"

namespace sr::pay {

const std::vector<EmbeddedFile>& scalePresets();

struct ScaleVersion {
  int64_t id = 0, jurisdictionId = 0;
  std::string jurisdictionPath, name;
  Date effectiveFrom;
  bool illustrative = false;
  Scale scale;
  std::vector<std::string> postNames;
};

// Reads {"jurisdiction_id","name","effective_from","posts":[{"code","name"}],"grades","amounts_fen"}.
ScaleVersion readScale(const json::Obj& body, Validator& v);

class ScaleService {
 public:
  ScaleService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
               const policy::PolicyService& policy)
      : db_(db), audit_(audit), org_(org), policy_(policy) {}

  ScaleVersion create(const http::Principal& p, const http::Actor& actor, ScaleVersion in, Validator v = {});
  // Loads a shipped preset onto a jurisdiction from a date.
  ScaleVersion loadPreset(const http::Principal& p, const http::Actor& actor, const std::string& name,
                          int64_t jurisdictionId, const Date& effectiveFrom);
  ScaleVersion scaleFor(int64_t id) const;
  std::vector<ScaleVersion> list(const std::optional<int64_t>& jurisdictionId, int64_t after, int limit) const;
  // The version in force for a jurisdiction on a date, from it or its nearest ancestor with one.
  std::optional<ScaleVersion> inForce(const org::Jurisdiction& j, const Date& on) const;
  // The same for several days at once: one query, each version read once (a payroll run needs a
  // few days of one place).
  std::map<Date, std::optional<ScaleVersion>> inForce(const org::Jurisdiction& j, const std::set<Date>& days) const;

  // The version in force for a place in the caller's scope, with the name of the place it comes
  // from (issue #15: a county's officer sees the province's scale without reading the province).
  json::Obj inForceFor(const http::Principal& p, int64_t jurisdictionId, const Date& on) const;

  static json::Obj toJson(const ScaleVersion& s);

 private:
  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
};

void registerScaleRoutes(http::RouteTable& routes, ScaleService& scales);

}  // namespace sr::pay
