#pragma once
// Pure rules of identity: password hashing and strength, session expiry, login lockout.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/Http.h"

namespace sr::identity {

struct AuthSettings {
  int64_t idleSeconds = 30 * 60;
  int64_t absoluteSeconds = 12 * 3600;
  int maxFailedLogins = 5;
  int64_t lockoutSeconds = 15 * 60;
  int pbkdf2Iterations = 310'000;  // OWASP 2023 floor for PBKDF2-HMAC-SHA256
};

inline constexpr int kMinPbkdf2Iterations = 310'000;
inline constexpr std::size_t kMinPasswordLength = 12;

// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>", 16-byte random salt, 32-byte key.
std::string hashPassword(std::string_view password, int iterations);
bool verifyPassword(std::string_view password, std::string_view encoded);
// Why a new password is refused, or nullopt. Length counts characters, not bytes.
std::optional<std::string> passwordProblem(std::string_view password, std::string_view username);
std::optional<std::string> usernameProblem(std::string_view username);

// The account hierarchy (issue #13): admin 4 > bureau 3 > agency admin 2 > payroll officer 1 >
// worker 0. Only a higher role changes an account's state (administrators, at the top, also each
// other's), and a state set by a higher role is not undone by a lower one (`stateRank`: the rank that set it, if any). Returns why not, or nullopt.
int roleRank(http::Role role);
std::optional<std::string> accountStateProblem(http::Role actor, http::Role target, std::optional<int> stateRank);

enum class SessionState { valid, revoked, idle_expired, expired };
SessionState sessionState(int64_t now, int64_t lastSeenAt, int64_t expiresAt, bool revoked, int64_t idleSeconds);

// What a login attempt does to the account's counters.
struct LoginOutcome {
  bool allowed = false;    // password accepted and account not locked
  bool locked = false;     // answer 423
  int failedLogins = 0;    // new counter value
  int64_t lockedUntil = 0; // new lock end (0 = none)
};
LoginOutcome decideLogin(int64_t now, int failedLogins, int64_t lockedUntil, bool passwordOk,
                         const AuthSettings& settings);

}  // namespace sr::identity
