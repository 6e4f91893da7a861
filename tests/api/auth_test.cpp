// Identity and access over real HTTP: login, lockout, expiry, revocation, password change.
#include <gtest/gtest.h>

#include <thread>

#include "World.h"
#include "support/TestSupport.h"

using namespace sr;
using test::kAdminPassword;

namespace {
std::string creds(const std::string& user, const std::string& pw) {
  return R"({"username":")" + user + R"(","password":")" + pw + R"("})";
}
}  // namespace

TEST(Auth, FirstStartCreatesAdminWhoCanSignIn) {
  test::TestServer s;
  auto r = s.client().post("/api/v1/auth/login", creds("admin", kAdminPassword));
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = r.json();
  EXPECT_EQ(body->getValue<std::string>("token").size(), 43u);  // 32 random bytes, base64url
  EXPECT_EQ(body->getObject("user")->getValue<std::string>("role"), "admin");
  auto me = s.client().get("/api/v1/me", body->getValue<std::string>("token"));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()->getValue<std::string>("username"), "admin");
}

TEST(Auth, TokensAreStoredOnlyAsHashes) {
  test::TestServer s;
  auto token = s.adminToken();
  auto stored = s.app().database().read<std::string>(
      [](db::Connection& c) { return c.queryOne("SELECT token_hash FROM sessions")->str("token_hash"); });
  EXPECT_NE(stored, token);
  EXPECT_EQ(stored.size(), 64u);
}

TEST(Auth, WrongPasswordAndUnknownUserGiveTheSameAnswer) {
  test::TestServer s;
  auto wrong = s.client().post("/api/v1/auth/login", creds("admin", "not-the-password"));
  auto unknown = s.client().post("/api/v1/auth/login", creds("nobody", "not-the-password"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json()->getValue<std::string>("detail"), unknown.json()->getValue<std::string>("detail"));
}

TEST(Auth, FiveFailuresLockTheAccountEvenForTheRightPassword) {
  test::TestServer s;
  for (int i = 1; i <= 4; ++i) EXPECT_EQ(s.client().post("/api/v1/auth/login", creds("admin", "wrong-password!")).status, 401);
  auto fifth = s.client().post("/api/v1/auth/login", creds("admin", "wrong-password!"));
  EXPECT_EQ(fifth.status, 423);
  EXPECT_EQ(fifth.code(), "account_locked");
  auto right = s.client().post("/api/v1/auth/login", creds("admin", kAdminPassword));
  EXPECT_EQ(right.status, 423);
  // The lock is recorded in the audit log.
  auto n = s.app().database().read<int64_t>([](db::Connection& c) {
    return c.queryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.lock'")->i64("n");
  });
  EXPECT_EQ(n, 1);
}

TEST(Auth, LockoutEndsAfterItsTime) {
  // Long enough that the check during the lock never races its end on a loaded machine.
  test::TestServer s([](app::Settings& st) { st.auth.lockoutSeconds = 4; });
  for (int i = 1; i <= 5; ++i) s.client().post("/api/v1/auth/login", creds("admin", "wrong-password!"));
  EXPECT_EQ(s.client().post("/api/v1/auth/login", creds("admin", kAdminPassword)).status, 423);
  // The lock ends at a whole second after the fifth failure; wait past it with margin.
  std::this_thread::sleep_for(std::chrono::milliseconds(4600));
  auto after = s.client().post("/api/v1/auth/login", creds("admin", kAdminPassword));
  EXPECT_EQ(after.status, 200) << after.body;
}

TEST(Auth, LogoutRevokesTheToken) {
  test::TestServer s;
  auto token = s.adminToken();
  EXPECT_EQ(s.client().post("/api/v1/auth/logout", "", token).status, 204);
  auto after = s.client().get("/api/v1/me", token);
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.code(), "unauthenticated");
}

TEST(Auth, IdleSessionExpires) {
  test::TestServer s([](app::Settings& st) {
    // Activity is kept in whole seconds, so a 1 s limit could expire a session a
    // moment after login; 3 s leaves room for a loaded CI machine.
    st.auth.idleSeconds = 3;
    st.auth.absoluteSeconds = 3600;
  });
  auto token = s.adminToken();
  EXPECT_EQ(s.client().get("/api/v1/me", token).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(4100));
  EXPECT_EQ(s.client().get("/api/v1/me", token).status, 401);
}

TEST(Auth, PasswordChangeEndsEverySessionAndChecksTheRules) {
  test::TestServer s;
  auto first = s.adminToken();
  auto second = s.login("admin", kAdminPassword);
  auto tooShort = s.client().put("/api/v1/me/password", R"({"current_password":"wrong-one-here","new_password":"short"})", first);
  EXPECT_EQ(tooShort.status, 422);
  EXPECT_EQ(tooShort.json()->getArray("errors")->size(), 2u);  // both fields named at once
  auto ok = s.client().put("/api/v1/me/password",
                           std::string(R"({"current_password":")") + kAdminPassword + R"(","new_password":"a-new-long-password"})", first);
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(s.client().get("/api/v1/me", first).status, 401);
  EXPECT_EQ(s.client().get("/api/v1/me", second).status, 401);
  EXPECT_EQ(s.client().post("/api/v1/auth/login", creds("admin", kAdminPassword)).status, 401);
  EXPECT_EQ(s.client().post("/api/v1/auth/login", creds("admin", "a-new-long-password")).status, 200);
}

TEST(Auth, MissingOrMalformedBearerIs401) {
  test::TestServer s;
  EXPECT_EQ(s.client().get("/api/v1/me").status, 401);
  EXPECT_EQ(s.client().get("/api/v1/me", "not-a-token").status, 401);
  auto r = s.client().call("GET", "/api/v1/me", "", "", {{"Authorization", "Basic YWRtaW46eA=="}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), "unauthenticated");
}

TEST(Auth, DisabledUserIsSignedOutAtOnce) {
  test::TestServer s;
  auto admin = s.adminToken();
  auto id = s.create("/api/v1/users", R"({"username":"ops2","password":"ops-password-123","role":"admin"})", admin);
  auto token = s.login("ops2", "ops-password-123");
  EXPECT_EQ(s.client().post("/api/v1/users/" + std::to_string(id) + "/disable", "", admin).status, 200);
  EXPECT_EQ(s.client().get("/api/v1/me", token).status, 401);
  EXPECT_EQ(s.client().post("/api/v1/auth/login", creds("ops2", "ops-password-123")).status, 401);
}

// Issue #13, finding 8: a bureau user disabled a peer and re-enabled an account the administrator
// had disabled; an agency admin re-enabled an agency admin the bureau had disabled. Now only a
// higher role changes an account's state, and never undoes a higher role's decision.
TEST(Auth, AccountDecisionsAreNotUndoneFromBelow) {
  test::TestServer s;
  test::World w{s};
  auto path = [](int64_t id, const char* what) { return "/api/v1/users/" + std::to_string(id) + "/" + what; };
  auto peer = w.user("bureau_peer", "bureau", "jurisdiction_id", w.own.county);
  auto peerDisabled = s.client().post(path(peer, "disable"), "", w.tokens["bureau"]);
  EXPECT_EQ(peerDisabled.status, 403) << peerDisabled.body;
  // The administrator disables the side's agency admin; the bureau may not re-enable it.
  auto agencyAdmin = w.userId["agency_admin"];
  ASSERT_EQ(s.client().post(path(agencyAdmin, "disable"), "", w.admin).status, 200);
  EXPECT_EQ(s.client().post(path(agencyAdmin, "enable"), "", w.tokens["bureau"]).status, 403);
  ASSERT_EQ(s.client().post(path(agencyAdmin, "enable"), "", w.admin).status, 200);
  // The bureau disables a second agency admin; the first may neither re-enable it nor disable a peer.
  auto second = w.user("agency_admin_two", "agency_admin", "agency_id", w.own.agency);
  ASSERT_EQ(s.client().post(path(second, "disable"), "", w.tokens["bureau"]).status, 200);
  auto agencyToken = s.login("agency_admin_own", test::kUserPassword);
  EXPECT_EQ(s.client().post(path(second, "enable"), "", agencyToken).status, 403);
  // Its own payroll officer it still manages.
  EXPECT_EQ(s.client().post(path(w.userId["payroll_officer"], "disable"), "", agencyToken).status, 200);
  EXPECT_EQ(s.client().post(path(w.userId["payroll_officer"], "enable"), "", agencyToken).status, 200);
}
