#include "discipline/CaseRules.h"

namespace sr::discipline {

std::optional<std::string> decisionRefusal(std::string_view status) {
  if (status == "open") return std::nullopt;
  return "This case was already decided (" + std::string(status) + ").";
}

std::optional<std::string> appealRefusal(std::string_view status, const std::optional<std::string>& appealStatus) {
  if (status != "listed") return std::string("Only a listing can be appealed; this case is ") + std::string(status) + ".";
  if (appealStatus) return "An appeal was already filed (" + *appealStatus + ").";
  return std::nullopt;
}

std::optional<std::string> appealDecisionRefusal(const std::optional<std::string>& appealStatus) {
  if (!appealStatus) return "No appeal was filed.";
  if (*appealStatus != "pending") return "The appeal was already decided (" + *appealStatus + ").";
  return std::nullopt;
}

}  // namespace sr::discipline
