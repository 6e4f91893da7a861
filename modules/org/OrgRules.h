#pragma once
// Pure rules for organisations: no database, unit-tested in tests/unit/org_rules_test.cpp.
#include <optional>
#include <string>
#include <string_view>

namespace sr::org {

// GB 32100-2015 unified social credit code: 18 characters from "0-9A-Z minus I O S V Z", the
// last being a check character over the first 17 (weights 3^i mod 31). Returns an error message
// or nullopt when valid.
std::optional<std::string> creditCodeProblem(std::string_view code);
// The check character the first 17 characters call for ('?' if one of them is not allowed).
char creditCodeCheckChar(std::string_view first17);

enum class Level { province = 0, city = 1, county = 2, town = 3 };
std::optional<Level> parseLevel(std::string_view s);
std::string_view levelName(Level l);
// Province, city and county codes are 6 digits (GB/T 2260); towns and streets 9 (GB/T 10114).
std::optional<std::string> jurisdictionCodeProblem(std::string_view code, Level level);
// A child sits strictly below its parent; only provinces stand without one.
std::optional<std::string> parentProblem(Level child, std::optional<Level> parent);

}  // namespace sr::org
