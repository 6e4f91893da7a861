#include <gtest/gtest.h>

#include "identity/IdentityRules.h"

using namespace sr;
using namespace sr::identity;

TEST(PasswordHash, VerifiesOnlyTheRightPasswordAndUsesAFreshSalt) {
  auto a = hashPassword("correct horse battery", kMinPbkdf2Iterations);
  auto b = hashPassword("correct horse battery", kMinPbkdf2Iterations);
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.rfind("pbkdf2-sha256$310000$", 0) == 0) << a;
  EXPECT_TRUE(verifyPassword("correct horse battery", a));
  EXPECT_FALSE(verifyPassword("correct horse batterY", a));
  EXPECT_FALSE(verifyPassword("correct horse battery", "garbage"));
}

TEST(PasswordRules, AtLeastTwelveCharactersCountedAsCharacters) {
  EXPECT_TRUE(passwordProblem("elevenchars", "").has_value());
  EXPECT_EQ(passwordProblem("twelve-chars", ""), std::nullopt);
  // Six Chinese characters are 18 bytes but only 6 characters.
  EXPECT_TRUE(passwordProblem("社会工作服务", "").has_value());
  EXPECT_EQ(passwordProblem("社会工作服务站社会工作服务站", ""), std::nullopt);
  EXPECT_TRUE(passwordProblem("my-name-is-alice-ok", "alice").has_value());
}

TEST(SessionRules, IdleAndAbsoluteExpiry) {
  const int64_t idle = 1800;
  EXPECT_EQ(sessionState(1000, 1000, 5000, false, idle), SessionState::valid);
  EXPECT_EQ(sessionState(1000 + idle - 1, 1000, 50000, false, idle), SessionState::valid);
  EXPECT_EQ(sessionState(1000 + idle, 1000, 50000, false, idle), SessionState::idle_expired);
  EXPECT_EQ(sessionState(5000, 4999, 5000, false, idle), SessionState::expired);
  EXPECT_EQ(sessionState(1000, 1000, 5000, true, idle), SessionState::revoked);
}

TEST(LockoutRule, FifthFailureLocksForFifteenMinutes) {
  AuthSettings s;
  int failed = 0;
  int64_t until = 0;
  for (int i = 1; i <= 4; ++i) {
    auto o = decideLogin(100, failed, until, false, s);
    EXPECT_FALSE(o.locked) << "attempt " << i;
    failed = o.failedLogins;
    until = o.lockedUntil;
  }
  auto fifth = decideLogin(100, failed, until, false, s);
  EXPECT_TRUE(fifth.locked);
  EXPECT_EQ(fifth.lockedUntil, 100 + 15 * 60);
  // Even the right password is refused while locked.
  auto during = decideLogin(100 + 15 * 60 - 1, fifth.failedLogins, fifth.lockedUntil, true, s);
  EXPECT_TRUE(during.locked);
  EXPECT_FALSE(during.allowed);
  // Once the lock has run out the right password works and clears the counters.
  auto after = decideLogin(100 + 15 * 60, fifth.failedLogins, fifth.lockedUntil, true, s);
  EXPECT_TRUE(after.allowed);
  EXPECT_EQ(after.failedLogins, 0);
  EXPECT_EQ(after.lockedUntil, 0);
}

TEST(LockoutRule, SuccessResetsTheCount) {
  AuthSettings s;
  auto o = decideLogin(100, 3, 0, true, s);
  EXPECT_TRUE(o.allowed);
  EXPECT_EQ(o.failedLogins, 0);
}

TEST(UsernameRules, LettersDigitsAndSimplePunctuation) {
  EXPECT_EQ(usernameProblem("zhang.san_01"), std::nullopt);
  EXPECT_TRUE(usernameProblem("ab").has_value());
  EXPECT_TRUE(usernameProblem("zhang san").has_value());
  EXPECT_TRUE(usernameProblem("x'; DROP TABLE users;--").has_value());
}

// Issue #13, finding 8: account decisions are not undone from below.
TEST(AccountHierarchy, OnlyAHigherRoleChangesAStateAndNeverUndoesAHigherOnesDecision) {
  using http::Role;
  EXPECT_FALSE(accountStateProblem(Role::bureau, Role::agency_admin, std::nullopt));
  EXPECT_TRUE(accountStateProblem(Role::bureau, Role::bureau, std::nullopt));               // a peer
  EXPECT_TRUE(accountStateProblem(Role::agency_admin, Role::agency_admin, std::nullopt));   // a peer
  EXPECT_FALSE(accountStateProblem(Role::agency_admin, Role::payroll_officer, std::nullopt));
  EXPECT_TRUE(accountStateProblem(Role::agency_admin, Role::payroll_officer, 3));            // the bureau disabled it
  EXPECT_FALSE(accountStateProblem(Role::agency_admin, Role::payroll_officer, 2));
  EXPECT_FALSE(accountStateProblem(Role::admin, Role::admin, 4));                            // nobody above admins
  EXPECT_TRUE(accountStateProblem(Role::bureau, Role::agency_admin, 4));                     // the admin disabled it
}

// Issue #13, finding 7: "aaaaaaaaaaaa", "password1234" and twelve spaces were accepted.
TEST(PasswordRules, RepeatedPatternsDigitRunsAndPaddedCommonPasswordsAreRefused) {
  for (const char* weak : {"aaaaaaaaaaaa", "            ", "121212121212", "abcdabcdabcd", "password1234", "Password!2024",
                           "woaini1314520", "qwerty123456", "1qaz2wsx3edc", "123456789012", "987654321098", "admin@123456"})
    EXPECT_TRUE(passwordProblem(weak, "").has_value()) << weak;
  for (const char* fine : {"twelve-chars", "correct horse battery", "matrix-password-1", "社会工作服务站社会工作服务站",
                           "haining-2026-shegongzhan", "1357924680ab"})
    EXPECT_EQ(passwordProblem(fine, ""), std::nullopt) << fine;
}
