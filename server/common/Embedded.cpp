#include "common/Embedded.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sr {

std::string dataFile(const std::vector<EmbeddedFile>& embedded, std::string_view name, const std::string& dir) {
  if (!dir.empty()) {
    auto path = std::filesystem::path(dir) / std::string(name);
    if (std::filesystem::exists(path)) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      if (!in && !in.eof()) throw std::runtime_error("cannot read " + path.string());
      return s.str();
    }
  }
  for (const auto& f : embedded)
    if (f.name == name) return std::string(f.content);
  throw std::runtime_error("no data file " + std::string(name));
}

}  // namespace sr
