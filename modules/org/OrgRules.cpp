#include "org/OrgRules.h"

#include <algorithm>

namespace sr::org {

namespace {
constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
}  // namespace

char creditCodeCheckChar(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) {
    auto pos = kCreditAlphabet.find(first17[i]);
    if (pos == std::string_view::npos) return '?';
    sum += static_cast<int>(pos) * kCreditWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  return kCreditAlphabet[static_cast<std::size_t>(check)];
}

std::optional<std::string> creditCodeProblem(std::string_view code) {
  if (code.size() != 18) return "must be 18 characters";
  for (char c : code)
    if (kCreditAlphabet.find(c) == std::string_view::npos)
      return "may hold only digits and capital letters other than I, O, S, V, Z";
  if (!std::all_of(code.begin() + 2, code.begin() + 8, [](char c) { return c >= '0' && c <= '9'; }))
    return "characters 3 to 8 must be the region code";
  if (creditCodeCheckChar(code.substr(0, 17)) != code[17]) return "check character does not match";
  return std::nullopt;
}

std::optional<Level> parseLevel(std::string_view s) {
  if (s == "province") return Level::province;
  if (s == "city") return Level::city;
  if (s == "county") return Level::county;
  if (s == "town") return Level::town;
  return std::nullopt;
}

std::string_view levelName(Level l) {
  switch (l) {
    case Level::province: return "province";
    case Level::city: return "city";
    case Level::county: return "county";
    case Level::town: return "town";
  }
  return "";
}

std::optional<std::string> jurisdictionCodeProblem(std::string_view code, Level level) {
  std::size_t want = level == Level::town ? 9 : 6;
  if (code.size() != want || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return level == Level::town ? "must be 9 digits for a town or street" : "must be 6 digits";
  return std::nullopt;
}

std::optional<std::string> parentProblem(Level child, std::optional<Level> parent) {
  if (!parent) return child == Level::province ? std::nullopt : std::optional<std::string>("is required below province level");
  if (static_cast<int>(*parent) >= static_cast<int>(child)) return "must be a level above the new jurisdiction";
  return std::nullopt;
}

}  // namespace sr::org
