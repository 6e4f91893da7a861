#pragma once
#include <string_view>
#include <vector>

namespace sr {
// A text file compiled into the binary (see server/cmake/Embed.cmake).
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
}  // namespace sr
