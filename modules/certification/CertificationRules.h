#pragma once
// The national social-worker certificate, as pure rules. Three levels; a registration runs three
// years and is renewed in its last three months with enough continuing-education hours earned
// within the period (hours per level come from the policy).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/Error.h"
#include "common/Time.h"

namespace sr::certification {

enum class Level { assistant, intermediate, senior };
std::optional<Level> parseLevel(std::string_view name);
std::string_view levelName(Level l);

inline constexpr int kRegistrationYears = 3;
inline constexpr int kRenewalWindowMonths = 3;

// The first day of the registration period that ends on `registeredUntil`.
Date registeredFrom(const Date& registeredUntil);
// The renewal window: the last three months of the period, through its last day.
Date renewalOpensOn(const Date& registeredUntil);
bool inRenewalWindow(const Date& registeredUntil, const Date& on);
bool validOn(const Date& passedOn, const Date& registeredUntil, const Date& on);

// A certificate a person holds, as the rules need it.
struct Held {
  Level level = Level::assistant;
  Date passedOn, registeredUntil;
};
// The highest level among those valid on the day: the one allowances and placement count (the
// rule once, for pay, the pay view and placement on hire).
std::optional<Level> highestValid(const std::vector<Held>& held, const Date& on);

struct CertificateInput {
  Level level = Level::assistant;
  std::string number;
  Date passedOn, registeredUntil;
};
// Problems of a new certificate record, under `prefix` + field name.
std::vector<FieldError> certificateProblems(const CertificateInput& c, const Date& today, const std::string& prefix);

struct RenewalCheck {
  int hoursEarned = 0, hoursRequired = 0;
  bool windowOpen = false;
};
// Why a renewal is refused (empty = allowed).
std::vector<FieldError> renewalProblems(const RenewalCheck& r, const Date& registeredUntil);

}  // namespace sr::certification
