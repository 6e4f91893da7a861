#pragma once
#include <cstdint>
#include <string>

namespace sr {

// An exact integer of hundredths as text with two decimals: 483300 fen -> "4833.00",
// 6667 hundredths of a percent -> "66.67", -705 -> "-7.05".
std::string hundredthsText(int64_t hundredths);

}  // namespace sr
