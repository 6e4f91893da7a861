#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/AuditLog.h"
#include "common/Embedded.h"
#include "org/Org.h"
#include "policy/PolicyRules.h"

namespace sr::policy {

const std::vector<EmbeddedFile>& presets();
std::optional<std::string_view> preset(std::string_view name);  // by name without ".json"

struct EffectiveView {
  org::Jurisdiction jurisdiction;
  Date on;
  std::vector<Layer> layers;
  Effective effective;
  json::Obj toJson() const;
};

// One stored version of a jurisdiction's own policy: whole, with the change that made it.
struct Version {
  std::string effectiveFrom;
  json::Obj document;
  json::Obj change;  // null for versions stored before issue #12
  int64_t createdAt = 0;
  std::optional<int64_t> createdBy;
  std::string createdByUsername;  // "" for versions stored before issue #15
};

class PolicyService {
 public:
  PolicyService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org)
      : db_(db), audit_(audit), org_(org) {}

  // The policy in force for a jurisdiction on a date, for other modules (no scope check).
  EffectiveView effective(const org::Jurisdiction& j, Date on) const;
  // The minimum wage in force on `on` in `j` and in each place under it whose own policy versions
  // set one: the places a salary scale made for `j` may pay in (issue #11).
  std::vector<std::pair<org::Jurisdiction, int64_t>> minimumWagesUnder(const org::Jurisdiction& j, Date on) const;
  // Scope-checked reads and writes for the API.
  EffectiveView effectiveFor(const http::Principal& p, int64_t jurisdictionId, Date on) const;
  json::Obj put(const http::Principal& p, const http::Actor& actor, int64_t jurisdictionId, const json::Obj& doc);
  json::Obj loadPreset(const http::Principal& p, const http::Actor& actor, int64_t jurisdictionId,
                       const std::string& name, const std::optional<std::string>& effectiveFrom);
  std::vector<Version> versions(const http::Principal& p, int64_t jurisdictionId) const;

 private:
  // Policies are regulation of a place: readable along the caller's line of the tree (their own
  // area, what lies below it, and the levels above it that it inherits from).
  org::Jurisdiction readable(const http::Principal& p, int64_t jurisdictionId) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;

  // Merged lineages by the exact documents they were made from (see effective()).
  struct Merged {
    std::vector<Layer> layers;
    Effective effective;
  };
  static constexpr std::size_t kCachedMerges = 4096;
  mutable std::mutex cacheMutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const Merged>> cache_;
};

void registerRoutes(http::RouteTable& routes, PolicyService& policies);

}  // namespace sr::policy
