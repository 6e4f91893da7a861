#include "identity/IdentityRules.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>
#include <vector>

#include "common/Crypto.h"
#include "common/Embedded.h"

namespace sr::identity::embedded {
const std::vector<sr::EmbeddedFile>& embeddedFiles();
}

namespace sr::identity {

namespace {
std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto pos = s.find(sep, start);
    parts.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

std::size_t utf8Length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The text repeats a unit of at most `maxPeriod` bytes ("aaaaaaaaaaaa", twelve spaces, "121212121212").
bool repeatsShortUnit(std::string_view s, std::size_t maxPeriod) {
  for (std::size_t period = 1; period <= maxPeriod && period < s.size(); ++period) {
    bool repeats = true;
    for (std::size_t i = period; i < s.size() && repeats; ++i) repeats = s[i] == s[i - period];
    if (repeats) return true;
  }
  return false;
}

// Digits counting up or down by one ("123456789012", "987654321098").
bool digitRun(std::string_view s) {
  if (s.size() < 2 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  bool up = true, down = true;
  for (std::size_t i = 1; i < s.size(); ++i) {
    up = up && (s[i] - '0') == (s[i - 1] - '0' + 1) % 10;
    down = down && (s[i] - '0') == (s[i - 1] - '0' + 9) % 10;
  }
  return up || down;
}

// The letters of the most common weak passwords (English and Chinese pinyin ones), which people
// pad with digits and symbols to reach a length ("password1234", "woaini1314520", "qwerty123456"):
// the padded forms the list below cannot hold.
bool commonBase(std::string_view password) {
  static const char* const kBases[] = {"password", "passw", "passwd", "pass", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl",
                                       "zxcvbnm", "qazwsx", "qazwsxedc", "qweasd", "iloveyou", "woaini", "admin", "administrator",
                                       "welcome", "letmein", "abc", "abcd", "abcdef", "abcdefg", "aaa", "test", "root",
                                       "shehui", "shegong", "socialroll", "changeme", "secret", "monkey", "dragon",
                                       "football", "baseball", "superman", "sunshine", "princess", "master", "hello",
                                       "zhangwei", "wangwei", "liuyang", "lijing"};
  std::string letters;
  for (char c : password)
    if (std::isalpha(static_cast<unsigned char>(c))) letters.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    else if (static_cast<unsigned char>(c) >= 0x80) return false;  // Chinese text is not a padded English word
  if (letters.empty()) return false;
  for (const char* base : kBases)
    if (letters == base) return true;
  return false;
}
// config/common-passwords.txt, compiled in: the 10,000 most common passwords, Chinese ones first.
const std::unordered_set<std::string>& commonPasswords() {
  static const std::unordered_set<std::string> list = [] {
    std::unordered_set<std::string> out;
    for (const auto& file : embedded::embeddedFiles()) {
      std::string_view text = file.content;
      for (std::size_t start = 0; start < text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(start, end - start);
        if (!line.empty() && line.front() != '#') out.emplace(line);
        start = end + 1;
      }
    }
    return out;
  }();
  return list;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::size_t commonPasswordCount() { return commonPasswords().size(); }

std::string hashPassword(std::string_view password, int iterations) {
  auto salt = crypto::randomBytes(16);
  auto key = crypto::pbkdf2Sha256(password, salt, iterations, 32);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + crypto::base64(salt) + "$" + crypto::base64(key);
}

bool verifyPassword(std::string_view password, std::string_view encoded) {
  auto parts = split(encoded, '$');
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
  int iterations = 0;
  try {
    iterations = std::stoi(parts[1]);
    auto salt = crypto::fromBase64(parts[2]);
    auto expected = crypto::fromBase64(parts[3]);
    if (iterations < 1 || expected.empty()) return false;
    return crypto::constantTimeEquals(crypto::pbkdf2Sha256(password, salt, iterations, expected.size()), expected);
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<std::string> passwordProblem(std::string_view password, std::string_view username) {
  if (utf8Length(password) < kMinPasswordLength) return "must be at least 12 characters";
  if (password.size() > 256) return "must be at most 256 bytes";
  if (!username.empty() && password.find(username) != std::string_view::npos) return "must not contain the username";
  // Issue #13, finding 7: "aaaaaaaaaaaa", "password1234" and twelve spaces were accepted.
  if (repeatsShortUnit(password, 4)) return "must not be one short pattern repeated";
  if (digitRun(password)) return "must not be a run of digits";
  if (commonPasswords().count(lowered(password))) return "is one of the most common passwords; choose another";
  if (commonBase(password)) return "is a common password with digits or symbols added; choose another";
  return std::nullopt;
}

std::optional<std::string> usernameProblem(std::string_view u) {
  if (u.size() < 3 || u.size() > 64) return "must be 3 to 64 characters";
  for (char c : u)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return "may hold only letters, digits, '.', '_' and '-'";
  return std::nullopt;
}

SessionState sessionState(int64_t now, int64_t lastSeenAt, int64_t expiresAt, bool revoked, int64_t idleSeconds) {
  if (revoked) return SessionState::revoked;
  if (now >= expiresAt) return SessionState::expired;
  if (now - lastSeenAt >= idleSeconds) return SessionState::idle_expired;
  return SessionState::valid;
}

std::string accountLoginKey(const std::string& username) { return "login|account|" + username; }

std::vector<LoginLimit> loginLimits(const std::string& username, const std::string& address, const AuthSettings& s) {
  return {{"login|account-address|" + username + "|" + address, {s.freeFailedLogins, s.firstLoginWait, s.maxLoginWait, 24 * 3600}},
          {"login|address|" + address, {30, 1, s.maxLoginWait, 3600}},
          {accountLoginKey(username), {20, 1, 60, 3600}}};
}

int roleRank(http::Role role) {
  switch (role) {
    case http::Role::admin: return 4;
    case http::Role::bureau: return 3;
    case http::Role::agency_admin: return 2;
    case http::Role::payroll_officer: return 1;
    case http::Role::worker: return 0;
  }
  return 0;
}

std::optional<std::string> accountStateProblem(http::Role actor, http::Role target, std::optional<int> stateRank) {
  // Administrators manage one another: there is nobody above them.
  if (actor != http::Role::admin && roleRank(actor) <= roleRank(target))
    return "only a role above " + std::string(http::roleName(target)) + " changes this account's state";
  if (stateRank && *stateRank > roleRank(actor)) return "its state was set by a higher role; only that level may change it";
  return std::nullopt;
}

std::string handOverPassword(std::string_view random) {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    // 56 letters: the modulo's bias on a byte is under 1 %, well inside what 93 bits can spare.
    out += kAlphabet[static_cast<unsigned char>(random.at(i)) % kAlphabet.size()];
  }
  return out;
}

}  // namespace sr::identity
