#pragma once
// The policy document: every rule that differs between places. Pure functions only — schema
// validation, key-by-key inheritance down the jurisdiction tree — unit-tested without a database.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/Error.h"
#include "common/Json.h"

namespace sr::policy {

// Checks a (possibly partial) document against the schema: unknown keys, wrong types, values out
// of range; every problem is reported under its dotted key. `effective_from` is checked too.
std::vector<FieldError> validate(const json::Obj& doc);
// Where a key's rule comes from, as the policy's `sources` states it ("" when it does not): a
// refusal names the rule and its document.
std::string citation(const json::Obj& policy, const std::string& key);
// Rewrites keys of an older shape in place — notice.policy_days / max_days as calendar months,
// staffing.min_qualified_ratio_pct as a fraction — and says what it did, one note per key.
std::vector<std::string> upgradeLegacyKeys(const json::Obj& doc);
// Rules that tie keys together, checked on the merged (effective) policy.
std::vector<FieldError> validateEffective(const json::Obj& merged);

// The keys a payroll run needs that the merged policy lacks (dotted), in schema order.
std::vector<std::string> missingForPayroll(const json::Obj& merged);

// One layer of the inheritance chain: a stored version (or the national default).
struct Layer {
  std::string source;  // "national_default" or the jurisdiction code
  std::optional<int64_t> jurisdictionId;
  std::string effectiveFrom;
  json::Obj doc;
};

struct Effective {
  json::Obj policy;  // every key, resolved
  // dotted leaf key -> index into the layers that set it
  std::map<std::string, std::size_t> sourceOf;
};

// Layers from the national default (first) down to the jurisdiction itself (last); later layers
// override earlier ones leaf by leaf. `effective_from` is not inherited.
Effective merge(const std::vector<Layer>& layers);

// A percentage with at most two decimals as an exact integer of hundredths (0.5 -> 50).
std::optional<int64_t> hundredths(const Poco::Dynamic::Var& v);

}  // namespace sr::policy
