#pragma once
#include <string>
#include <string_view>

namespace sr::mask {

// 330481199001011234 -> 330481**********34: region kept, birth date and serial hidden.
std::string idNumber(std::string_view id);
// Only the last four digits of a bank account.
std::string bankAccount(std::string_view account);
// 138****5678
std::string phone(std::string_view phone);

}  // namespace sr::mask
