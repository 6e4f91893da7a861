#include "org/Divisions.h"

#include <map>
#include <sstream>

#include "common/Embedded.h"

namespace sr::org {
const std::vector<EmbeddedFile>& embeddedFiles();

namespace {
const std::map<std::string, Division, std::less<>>& table() {
  static const auto divisions = [] {
    std::map<std::string, Division, std::less<>> out;
    std::istringstream in(std::string(embeddedFiles().at(0).content));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#' || line.rfind("code,", 0) == 0) continue;
      auto a = line.find(','), b = line.rfind(',');
      if (a == std::string::npos || a == b) continue;
      Division d{line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)};
      out.emplace(d.code, d);
    }
    return out;
  }();
  return divisions;
}
}  // namespace

std::optional<std::vector<Division>> divisionChain(std::string_view code) {
  const auto& all = table();
  auto self = all.find(code);
  if (code.size() != 6 || self == all.end()) return std::nullopt;
  std::vector<Division> chain;
  for (auto above : {std::string(code.substr(0, 2)) + "0000", std::string(code.substr(0, 4)) + "00"}) {
    if (above == code) break;
    auto it = all.find(above);
    if (it != all.end() && (chain.empty() || chain.back().code != above)) chain.push_back(it->second);
  }
  chain.push_back(self->second);
  return chain;
}

}  // namespace sr::org
