// libFuzzer target: reading a JSON request body, and writing what was read back out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/Error.h"
#include "common/Json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto obj = sr::json::parseObject(std::string_view(reinterpret_cast<const char*>(data), size));
    auto again = sr::json::parseObject(sr::json::stringify(obj));  // what we write, we read
    (void)again;
  } catch (const sr::Error&) {
  }
  return 0;
}
