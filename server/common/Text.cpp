#include "common/Text.h"

namespace sr {

std::string hundredthsText(int64_t h) {
  std::string sign = h < 0 ? "-" : "";
  uint64_t v = h < 0 ? 0 - static_cast<uint64_t>(h) : static_cast<uint64_t>(h);
  auto cents = std::to_string(v % 100);
  return sign + std::to_string(v / 100) + "." + (cents.size() < 2 ? "0" + cents : cents);
}

std::optional<std::string> textProblem(std::string_view s, bool oneLine) {
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = u(i);
    if (c < 0x20 || c == 0x7f) {
      if (!oneLine && (c == '\t' || c == '\n' || c == '\r')) continue;
      return oneLine && (c == '\t' || c == '\n' || c == '\r') ? "must be one line" : "must not contain control characters";
    }
    if (c == 0xc2 && i + 1 < s.size() && u(i + 1) >= 0x80 && u(i + 1) <= 0x9f)
      return "must not contain control characters";
    if (c == 0xd8 && i + 1 < s.size() && u(i + 1) == 0x9c) return "must not contain bidirectional formatting characters";
    if (c == 0xe2 && i + 2 < s.size() && u(i + 1) == 0x80) {
      unsigned char d = u(i + 2);
      if (d == 0x8e || d == 0x8f || (d >= 0xaa && d <= 0xae)) return "must not contain bidirectional formatting characters";
      if (oneLine && d >= 0x8b && d <= 0x8d) return "must not contain invisible characters";
    }
    if (c == 0xe2 && i + 2 < s.size() && u(i + 1) == 0x81 && u(i + 2) >= 0xa6 && u(i + 2) <= 0xa9)
      return "must not contain bidirectional formatting characters";
    if (oneLine && c == 0xef && i + 2 < s.size() && u(i + 1) == 0xbb && u(i + 2) == 0xbf)
      return "must not contain invisible characters";
  }
  return std::nullopt;
}

}  // namespace sr
