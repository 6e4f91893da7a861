// The admin commands, run as the real binary against the test database.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "audit/AuditLog.h"
#include "identity/IdentityRules.h"
#include "support/TestSupport.h"

using namespace sr;

namespace {
struct Run {
  int exitCode;
  std::string output;
};

Run socialroll(const std::string& args, const std::string& env = "") {
  // The tests' data key: the audit chain's key comes from it.
  std::string cmd = env + " SOCIALROLL_DATA_KEY=" + test::kTestDataKey + " " SOCIALROLL_BINARY " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out += buf.data();
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class Cli : public ::testing::Test {
 protected:
  test::FreshDatabase fresh;
  std::unique_ptr<db::Database> db = fresh.open(2);
  std::string dbArg = "--db '" + fresh.url() + "'";
};
}  // namespace

TEST_F(Cli, VersionAndUsage) {
  auto v = socialroll("--version");
  EXPECT_EQ(v.exitCode, 0);
  EXPECT_EQ(v.output.rfind("socialroll ", 0), 0u) << v.output;
  EXPECT_EQ(socialroll("frobnicate " + dbArg).exitCode, 2);
}

TEST_F(Cli, AuditVerifyPassesOnAnIntactChainAndNamesTheFirstBadRecord) {
  audit::AuditLog log{test::testAuditKey()};
  for (int i = 1; i <= 4; ++i)
    db->transaction([&](db::Connection& c) {
      log.append(c, http::systemActor("test"), {"test.write", "thing", i, "", nullptr, json::object()});
    });
  auto ok = socialroll("audit verify " + dbArg);
  EXPECT_EQ(ok.exitCode, 0) << ok.output;
  EXPECT_NE(ok.output.find("intact: 4 records"), std::string::npos) << ok.output;
  db->transaction([](db::Connection& c) {
    c.execute("DROP TRIGGER audit_log_no_update");
    c.execute("UPDATE audit_log SET username = 'mallory' WHERE seq = 2");
  });
  auto bad = socialroll("audit verify " + dbArg);
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.output.find("BROKEN at record 2"), std::string::npos) << bad.output;
}

TEST_F(Cli, UserPasswdSetsThePasswordClearsTheLockAndEndsSessions) {
  int64_t userId = db->transact<int64_t>([](db::Connection& c) {
    return c.insert("INSERT INTO users (username, password_hash, role, scope_path, locked_until, created_at, password_changed_at) "
                    "VALUES ('ops', 'x', 'admin', '', 9999999999, 0, 0)");
  });
  db->transaction([&](db::Connection& c) {
    c.execute("INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at) VALUES (?, 'h', 0, 0, 9999999999)", {userId});
  });
  auto weak = socialroll("user passwd ops " + dbArg, "SOCIALROLL_NEW_PASSWORD=short");
  EXPECT_EQ(weak.exitCode, 1);
  auto r = socialroll("user passwd ops " + dbArg, "SOCIALROLL_NEW_PASSWORD=a-fresh-password-1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  auto row = db->read<std::optional<db::Row>>([](db::Connection& c) {
    return c.queryOne("SELECT u.password_hash, u.locked_until, s.revoked_at FROM users u JOIN sessions s ON s.user_id = u.id");
  });
  ASSERT_TRUE(row);
  EXPECT_TRUE(identity::verifyPassword("a-fresh-password-1", row->str("password_hash")));
  EXPECT_EQ(row->i64("locked_until"), 0);
  EXPECT_FALSE(row->isNull("revoked_at"));
}

TEST_F(Cli, MigrateReportsTheSchemaVersion) {
  auto r = socialroll("migrate " + dbArg);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("schema version"), std::string::npos);
}
