#pragma once
// Misconduct cases, as pure rules: which decisions a case in a given state takes. A case is open
// until the bureau dismisses it or lists the person; only a listing can be appealed, once; the
// bureau decides a pending appeal, and upholding it lifts the listing.
#include <optional>
#include <string>
#include <string_view>

namespace sr::discipline {

// Why the bureau may not decide (dismiss or list) a case in `status`, or nullopt when it may.
std::optional<std::string> decisionRefusal(std::string_view status);
// Why the worker may not appeal, or nullopt when they may.
std::optional<std::string> appealRefusal(std::string_view status, const std::optional<std::string>& appealStatus);
// Why the bureau may not decide the appeal, or nullopt when it may.
std::optional<std::string> appealDecisionRefusal(const std::optional<std::string>& appealStatus);

}  // namespace sr::discipline
