#include "certification/CertificationRules.h"

namespace sr::certification {

namespace {
constexpr const char* kLevels[] = {"assistant", "intermediate", "senior"};
}

std::optional<Level> parseLevel(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kLevels); ++i)
    if (name == kLevels[i]) return static_cast<Level>(i);
  return std::nullopt;
}

std::string_view levelName(Level l) { return kLevels[static_cast<std::size_t>(l)]; }

Date registeredFrom(const Date& until) { return addDays(addYears(until, -kRegistrationYears), 1); }
Date renewalOpensOn(const Date& until) { return addDays(addMonths(until, -kRenewalWindowMonths), 1); }
bool inRenewalWindow(const Date& until, const Date& on) { return renewalOpensOn(until) <= on && on <= until; }
bool validOn(const Date& passedOn, const Date& until, const Date& on) { return passedOn <= on && on <= until; }

std::optional<Level> highestValid(const std::vector<Held>& held, const Date& on) {
  std::optional<Level> best;
  for (const auto& h : held)
    if (validOn(h.passedOn, h.registeredUntil, on) && (!best || h.level > *best)) best = h.level;
  return best;
}

std::vector<FieldError> certificateProblems(const CertificateInput& c, const Date& today, const std::string& prefix) {
  std::vector<FieldError> out;
  if (c.passedOn > today) out.push_back({prefix + "passed_on", "is in the future"});
  if (c.registeredUntil < c.passedOn) out.push_back({prefix + "registered_until", "is before the exam was passed"});
  if (c.registeredUntil > addYears(today, kRegistrationYears))
    out.push_back({prefix + "registered_until", "is more than 3 years ahead; a registration runs 3 years"});
  return out;
}

std::vector<FieldError> renewalProblems(const RenewalCheck& r, const Date& until) {
  std::vector<FieldError> out;
  if (!r.windowOpen)
    out.push_back({"registered_until", "renewal is filed in the last 3 months of the registration, from " +
                                           formatDate(renewalOpensOn(until)) + " to " + formatDate(until)});
  if (r.hoursEarned < r.hoursRequired)
    out.push_back({"hours", std::to_string(r.hoursEarned) + " continuing-education hours in this period; " +
                                std::to_string(r.hoursRequired) + " are required"});
  return out;
}

}  // namespace sr::certification
