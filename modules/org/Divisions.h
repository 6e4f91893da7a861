#pragma once
// China's administrative divisions at county level and above, by their 6-digit code (issue #15):
// the National Bureau of Statistics' 2023 codes in config/divisions.csv, compiled in.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sr::org {

struct Division {
  std::string code, name, level;  // level: province, city or county
};

// The division and those above it, province first ("330481" -> 浙江省, 嘉兴市, 海宁市; "110101" ->
// 北京市, 东城区: the statistical 市辖区 between them is no place). nullopt for a code not in the list.
std::optional<std::vector<Division>> divisionChain(std::string_view code);

}  // namespace sr::org
