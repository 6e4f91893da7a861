#pragma once
// Pure rules of identity: password hashing and strength, session expiry, login throttling.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/Http.h"
#include "common/RateLimit.h"

namespace sr::identity {

struct AuthSettings {
  int64_t idleSeconds = 30 * 60;
  int64_t absoluteSeconds = 12 * 3600;
  // Throttling, not lockout (issue #13, finding 3): failures from one address on one account are
  // free up to `freeFailedLogins`, then each waits twice as long as the last, up to `maxLoginWait`.
  int freeFailedLogins = 5;
  int64_t firstLoginWait = 1;
  int64_t maxLoginWait = 15 * 60;
  // An account made by someone else sets its own password at first sign-in (issue #13, finding 7).
  bool firstSignInSetsPassword = true;
  int pbkdf2Iterations = 310'000;  // OWASP 2023 floor for PBKDF2-HMAC-SHA256
};

inline constexpr int kMinPbkdf2Iterations = 310'000;
inline constexpr std::size_t kMinPasswordLength = 12;

// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>", 16-byte random salt, 32-byte key.
std::string hashPassword(std::string_view password, int iterations);
bool verifyPassword(std::string_view password, std::string_view encoded);
// Why a new password is refused, or nullopt. Length counts characters, not bytes.
std::optional<std::string> passwordProblem(std::string_view password, std::string_view username);
// How many passwords the compiled-in list of common ones holds (config/common-passwords.txt).
std::size_t commonPasswordCount();
std::optional<std::string> usernameProblem(std::string_view username);
// A first password someone hands over on paper or by phone (issue #15): four groups of four from
// letters and digits no one misreads (no 0/O, 1/l/I), e.g. "k7Qm-3xPa-Rt9e-WbH4" (about 93 bits).
// `random` supplies the bytes (at least 16); the owner replaces it at first sign-in.
std::string handOverPassword(std::string_view random);

// The account hierarchy (issue #13): admin 4 > bureau 3 > agency admin 2 > payroll officer 1 >
// worker 0. Only a higher role changes an account's state (administrators, at the top, also each
// other's), and a state set by a higher role is not undone by a lower one (`stateRank`: the rank that set it, if any). Returns why not, or nullopt.
int roleRank(http::Role role);
std::optional<std::string> accountStateProblem(http::Role actor, http::Role target, std::optional<int> stateRank);

enum class SessionState { valid, revoked, idle_expired, expired };
SessionState sessionState(int64_t now, int64_t lastSeenAt, int64_t expiresAt, bool revoked, int64_t idleSeconds);

// The keys a login attempt counts against, and their rules: one account from one address (the
// guesser; the account's owner elsewhere is not slowed), one address over every account (spraying),
// and one account from everywhere (a guesser with many addresses; short waits, so an attacker
// can only slow the owner by a minute at most). Unknown usernames count exactly like known ones.
struct LoginLimit {
  std::string key;
  ratelimit::Rule rule;
};
std::string accountLoginKey(const std::string& username);  // the third of them
std::vector<LoginLimit> loginLimits(const std::string& username, const std::string& address, const AuthSettings& s);

}  // namespace sr::identity
