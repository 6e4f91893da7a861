#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sr {

// An exact integer of hundredths as text with two decimals: 483300 fen -> "4833.00",
// 6667 hundredths of a percent -> "66.67", -705 -> "-7.05".
std::string hundredthsText(int64_t hundredths);

// Why a client's text is refused, or nullopt when it is fine. Control characters (C0 other than
// tab and line breaks, DEL, C1) and bidirectional formatting characters (U+061C, U+200E/F,
// U+202A–E, U+2066–9) are refused everywhere: they hide or reorder what a reviewer reads on a
// payslip, a bank file or the audit log ("Trojan Source"). A one-line value such as a name also
// refuses tab, line breaks and zero-width characters (U+200B–D, U+FEFF).
std::optional<std::string> textProblem(std::string_view text, bool oneLine);

}  // namespace sr
