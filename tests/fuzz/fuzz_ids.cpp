// libFuzzer target: the validators of what people type — national ID numbers (GB 11643), unified
// social credit codes (GB 32100), bank accounts, phone numbers, names.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "org/OrgRules.h"
#include "common/Text.h"
#include "people/PersonRules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const sr::Date today{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{30}};
  if (!sr::people::idNumberProblem(text, today)) {
    auto id = sr::people::normalizeIdNumber(text);
    auto facts = sr::people::idFacts(id);
    if (sr::people::idNumberProblem(id, today)) __builtin_trap();  // normalising keeps it valid
    if (facts.sex != 'M' && facts.sex != 'F') __builtin_trap();
  }
  sr::org::creditCodeProblem(text);
  if (!sr::people::bankAccountProblem(text)) sr::people::normalizeBankAccount(text);
  sr::people::phoneProblem(text);
  sr::textProblem(text, true);
  return 0;
}
