#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sr {
// A text file compiled into the binary (see server/cmake/Embed.cmake).
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
}  // namespace sr

namespace sr {
// A data file an operator may correct without a rebuild (issue #14: export layouts): `name` from
// `dir` when a copy is there, else the embedded one. Throws std::runtime_error when neither has it.
std::string dataFile(const std::vector<EmbeddedFile>& embedded, std::string_view name, const std::string& dir);
}  // namespace sr
