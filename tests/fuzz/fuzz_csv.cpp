// libFuzzer target: reading an uploaded CSV (UTF-8 or GBK, with or without BOM) and writing cells
// back out defused.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/Csv.h"
#include "common/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto utf8 = sr::csv::toUtf8(text);
    if (!sr::csv::isValidUtf8(utf8)) __builtin_trap();  // what it hands on is UTF-8
    for (const auto& record : sr::csv::parse(utf8))
      for (const auto& value : record.fields) sr::csv::field(value);
  } catch (const sr::Error&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
