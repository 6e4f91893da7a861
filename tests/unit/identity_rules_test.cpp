#include <gtest/gtest.h>

#include "common/RateLimit.h"

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

// Issue #13, finding 3: waits that grow instead of a lock anyone can trigger.
TEST(LoginThrottleRule, FailuresAreFreeUpToTheLimitThenEachWaitsTwiceAsLongUpToTheCap) {
  ratelimit::Rule r{5, 1, 900, 3600};
  for (int hits = 0; hits <= 5; ++hits) EXPECT_EQ(ratelimit::waitAfter(r, hits), 0) << hits;
  EXPECT_EQ(ratelimit::waitAfter(r, 6), 1);
  EXPECT_EQ(ratelimit::waitAfter(r, 7), 2);
  EXPECT_EQ(ratelimit::waitAfter(r, 8), 4);
  EXPECT_EQ(ratelimit::waitAfter(r, 15), 512);
  EXPECT_EQ(ratelimit::waitAfter(r, 16), 900);
  EXPECT_EQ(ratelimit::waitAfter(r, 1000000), 900);  // no overflow however many
}

TEST(LoginThrottleRule, AnAttemptCountsAgainstTheAccountAtTheAddressTheAddressAndTheAccountEverywhere) {
  AuthSettings s;
  auto limits = loginLimits("admin", "10.0.0.7", s);
  ASSERT_EQ(limits.size(), 3u);
  // The guesser at one address is slowed on that account as configured...
  EXPECT_NE(limits[0].key.find("admin"), std::string::npos);
  EXPECT_NE(limits[0].key.find("10.0.0.7"), std::string::npos);
  EXPECT_EQ(limits[0].rule.freeHits, s.freeFailedLogins);
  EXPECT_EQ(limits[0].rule.maxWait, s.maxLoginWait);
  // ...the address over all accounts...
  EXPECT_EQ(limits[1].key.find("admin"), std::string::npos);
  // ...and the account from everywhere only briefly: an attacker with many addresses can delay its
  // owner by at most a minute, never shut them out.
  EXPECT_EQ(limits[2].key, accountLoginKey("admin"));
  EXPECT_LE(limits[2].rule.maxWait, 60);
  // An unknown username is keyed exactly like a known one: nothing to tell them apart.
  EXPECT_EQ(loginLimits("nobody", "10.0.0.7", s)[0].rule.freeHits, limits[0].rule.freeHits);
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

// Issue #13, finding 7: the 10,000 most common passwords ship and are refused whatever their case,
// Chinese ones (love numbers, pinyin names with years) among them.
TEST(PasswordRules, TheTenThousandMostCommonPasswordsAreRefused) {
  EXPECT_EQ(commonPasswordCount(), 10000u);
  for (const char* common : {"zhangwei1990", "wangfang1988", "ZhangWei1990", "woaini1314520", "1qaz2wsx3edc4rfv",
                             "qwertyuiop123", "123456789abc", "iloveyou1314"})
    EXPECT_EQ(passwordProblem(common, "").value_or(""), "is one of the most common passwords; choose another") << common;
  // A name with a year outside the list's, or anything of one's own, still passes.
  EXPECT_EQ(passwordProblem("zhangwei-haining-station", ""), std::nullopt);
}

// Issue #15: a first password handed over on paper: four groups of four, no look-alike characters,
// and acceptable to the password rules it must pass.
TEST(HandOverPassword, FourGroupsWithoutLookAlikesThatThePasswordRulesAccept) {
  std::string random(16, '\0');
  for (int round = 0; round < 64; ++round) {
    for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<char>(round * 16 + static_cast<int>(i) * 7);
    auto pw = handOverPassword(random);
    ASSERT_EQ(pw.size(), 19u);
    for (std::size_t i = 0; i < pw.size(); ++i) {
      if (i % 5 == 4) {
        EXPECT_EQ(pw[i], '-');
        continue;
      }
      EXPECT_EQ(std::string("0O1lI").find(pw[i]), std::string::npos) << pw;
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(pw[i]))) << pw;
    }
    EXPECT_EQ(passwordProblem(pw, "hn_bureau"), std::nullopt) << pw;
  }
  EXPECT_NE(handOverPassword(std::string(16, 'a')), handOverPassword(std::string(16, 'b')));
}
