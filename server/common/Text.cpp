#include "common/Text.h"

namespace sr {

std::string hundredthsText(int64_t h) {
  std::string sign = h < 0 ? "-" : "";
  uint64_t v = h < 0 ? 0 - static_cast<uint64_t>(h) : static_cast<uint64_t>(h);
  auto cents = std::to_string(v % 100);
  return sign + std::to_string(v / 100) + "." + (cents.size() < 2 ? "0" + cents : cents);
}

}  // namespace sr
