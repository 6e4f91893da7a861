#include "people/PersonRules.h"

#include <array>

namespace sr::people {

namespace {
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";
// Provinces of GB/T 2260 (mainland, plus Taiwan, Hong Kong, Macao residence permits).
constexpr std::array<int, 34> kProvinces = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                            43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};

bool allDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

char idCheckCharacter(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckChars[static_cast<std::size_t>(sum % 11)];
}

std::optional<std::string> idNumberProblem(std::string_view id, const Date& today) {
  if (id.size() != 18) return "must be 18 characters";
  if (!allDigits(id.substr(0, 17))) return "the first 17 characters must be digits";
  char last = id[17] == 'x' ? 'X' : id[17];
  if (!(allDigits(id.substr(17)) || last == 'X')) return "must end in a digit or X";
  int province = (id[0] - '0') * 10 + (id[1] - '0');
  bool known = false;
  for (int p : kProvinces) known = known || p == province;
  if (!known) return "does not start with a province code";
  auto birth = parseDate(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                         std::string(id.substr(12, 2)));
  if (!birth) return "does not contain a real birth date";
  if (*birth > today) return "contains a birth date in the future";
  if (idCheckCharacter(id) != last) return "has a wrong check character";
  return std::nullopt;
}

std::string normalizeIdNumber(std::string_view id) {
  std::string out(id);
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

IdFacts idFacts(std::string_view id) {
  auto birth = parseDate(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                         std::string(id.substr(12, 2)));
  return {*birth, (id[16] - '0') % 2 == 1 ? 'M' : 'F'};
}

int ageOn(const Date& birth, const Date& on) {
  using namespace std::chrono;
  int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  // The birthday this year; 29 February falls on 1 March in a common year.
  month_day birthday{birth.month(), birth.day()};
  if (birthday == month_day{February, day{29}} && !on.year().is_leap()) birthday = month_day{March, day{1}};
  if (month_day{on.month(), on.day()} < birthday) --age;
  return age;
}

std::optional<Education> parseEducation(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kEducationChoices); ++i)
    if (name == kEducationChoices[i]) return static_cast<Education>(i);
  return std::nullopt;
}

std::string_view educationName(Education e) { return kEducationChoices[static_cast<std::size_t>(e)]; }

std::string normalizeBankAccount(std::string_view account) {
  std::string out;
  for (char c : account)
    if (c != ' ' && c != '-') out.push_back(c);
  return out;
}

std::optional<std::string> bankAccountProblem(std::string_view account) {
  auto n = normalizeBankAccount(account);
  if (!allDigits(n) || n.size() < 8 || n.size() > 30) return "must be 8 to 30 digits";
  if (n.size() >= 16 && n.size() <= 19 && n.rfind("62", 0) == 0 && !luhnValid(n))
    return "fails the check digit of a UnionPay card number (a digit is mistyped)";
  return std::nullopt;
}

bool luhnValid(std::string_view digits) {
  if (digits.empty() || !allDigits(digits)) return false;
  int sum = 0;
  bool twice = false;  // every second digit from the right, the check digit not included
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::optional<std::string> payrollCardProblem(std::string_view account) {
  if (!allDigits(account)) return "银行账号只能是数字";
  if (account.size() < 16 || account.size() > 19) return "银行卡号应为16至19位数字(现为" + std::to_string(account.size()) + "位)";
  if (account.rfind("62", 0) == 0 && !luhnValid(account)) return "银联卡号校验位不正确,可能有数字录错";
  return std::nullopt;
}

std::optional<std::string> phoneProblem(std::string_view phone) {
  if (phone.size() == 11 && phone[0] == '1' && allDigits(phone)) return std::nullopt;
  auto dash = phone.find('-');
  std::string digits(phone);
  if (dash != std::string_view::npos) digits.erase(dash, 1);
  if (phone.size() >= 7 && phone.size() <= 20 && allDigits(digits) && phone.find('-', dash + 1) == std::string_view::npos)
    return std::nullopt;
  return "must be a mobile number (11 digits) or a landline such as 0573-87012345";
}

}  // namespace sr::people
