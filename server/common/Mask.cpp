#include "common/Mask.h"

namespace sr::mask {
namespace {
std::string keep(std::string_view s, std::size_t head, std::size_t tail) {
  if (s.size() <= head + tail) return std::string(s.size(), '*');
  return std::string(s.substr(0, head)) + std::string(s.size() - head - tail, '*') + std::string(s.substr(s.size() - tail));
}
}  // namespace

std::string idNumber(std::string_view id) { return keep(id, 6, 2); }
std::string bankAccount(std::string_view account) { return keep(account, 0, 4); }
std::string phone(std::string_view p) { return keep(p, 3, 4); }

}  // namespace sr::mask
