#pragma once
// Rules about a person, as pure functions: the national ID number (GB 11643: 6-digit region,
// 8-digit birth date, 3-digit serial whose parity is the sex, ISO 7064 MOD 11-2 check character),
// age in full years, and the order of education levels.
#include <optional>
#include <string>
#include <string_view>

#include "common/Time.h"

namespace sr::people {

// The check character for the first 17 digits ('0'..'9' or 'X').
char idCheckCharacter(std::string_view first17);
// Why `id` is not a valid ID number on `today` (nullopt when it is). A lower-case 'x' is accepted.
std::optional<std::string> idNumberProblem(std::string_view id, const Date& today);
// Upper-cases the check character; call only after idNumberProblem found nothing.
std::string normalizeIdNumber(std::string_view id);

struct IdFacts {
  Date birthDate;
  char sex;  // 'M' or 'F'
};
IdFacts idFacts(std::string_view validId);

// Full years of age on `on`. Someone born on 29 February completes a year on 1 March in years
// without that day: they turn 18 on the day after 28 February, not before it.
int ageOn(const Date& birth, const Date& on);

enum class Education { secondary, college, bachelor, master, doctorate };
std::optional<Education> parseEducation(std::string_view name);
std::string_view educationName(Education e);
inline constexpr const char* kEducationChoices[] = {"secondary", "college", "bachelor", "master", "doctorate"};

// A bank card or account number: 8–30 digits (spaces and dashes are stripped first); a UnionPay
// card number (16–19 digits from BIN 62) must also pass its check digit.
std::optional<std::string> bankAccountProblem(std::string_view account);
// The Luhn check digit (ISO/IEC 7812-1) that UnionPay card numbers carry: a mistyped digit fails it.
bool luhnValid(std::string_view digits);
// What a salary transfer pays into (issue #14): a card of 16–19 digits, a UnionPay one with a
// correct check digit. Chinese, for the clerk who corrects it.
std::optional<std::string> payrollCardProblem(std::string_view account);
std::string normalizeBankAccount(std::string_view account);
// A mainland mobile (1 + 10 digits) or a landline with area code (digits and one dash, 7–20).
std::optional<std::string> phoneProblem(std::string_view phone);

}  // namespace sr::people
