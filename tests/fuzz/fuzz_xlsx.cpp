// libFuzzer target: reading an uploaded .xlsx (issue #14). Whatever the bytes, the reader returns
// rows or refuses with sr::Error; it never crashes, hangs or grows past its limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/Error.h"
#include "common/XlsxReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sr::xlsx::Limits limits;
  limits.maxInflatedBytes = 4u << 20;
  limits.maxRows = 2000;
  limits.maxColumns = 50;
  limits.maxEntries = 100;
  try {
    auto rows = sr::xlsx::readFirstSheet(std::string_view(reinterpret_cast<const char*>(data), size), limits);
    if (rows.size() > limits.maxRows) __builtin_trap();
    for (const auto& r : rows)
      if (r.fields.size() > limits.maxColumns) __builtin_trap();
  } catch (const sr::Error&) {
  }
  return 0;
}
