// The admin commands, run as the real binary against the test database.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "SpawnedServer.h"
#include "audit/AuditLog.h"
#include "common/DataProtection.h"
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

// Issue #13: `data reseal` converts only to the cipher the servers seal with (security.cipher),
// else what they write meanwhile would stay behind; then it reports its progress and count.
TEST_F(Cli, DataResealConvertsToTheCipherTheServersUseAndRefusesAnother) {
  protect::DataProtection aes(protect::parseMasterKey(test::kTestDataKey));
  db->transaction([&](db::Connection& c) {
    for (const char* id : {"110105194912310021", "11010519491231002X"})
      c.execute("INSERT INTO persons (id_hash, id_sealed, id_masked, name, education, social_work_major, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {aes.lookupHash("id_number", id), aes.seal("id_number", id), std::string("110105********002X"), std::string("张三"),
                 std::string("bachelor"), int64_t{1}, int64_t{0}, int64_t{0}});
  });
  auto refused = socialroll("data reseal --to sm4 " + dbArg);
  EXPECT_EQ(refused.exitCode, 2) << refused.output;
  EXPECT_NE(refused.output.find("security.cipher is aes-256-gcm"), std::string::npos) << refused.output;
  EXPECT_EQ(socialroll("data reseal --to des " + dbArg).exitCode, 2);

  test::ConfigFile sm4(R"({"security": {"cipher": "sm4"}})");
  auto done = socialroll("data reseal --to sm4 --batch 1 --config " + sm4.path() + " " + dbArg);
  EXPECT_EQ(done.exitCode, 0) << done.output;
  EXPECT_NE(done.output.find("persons.id_sealed: 2 of 2"), std::string::npos) << done.output;
  EXPECT_NE(done.output.find("resealed 2 values with sm4"), std::string::npos) << done.output;
  auto left = db->read<int64_t>([](db::Connection& c) {
    return c.queryOne("SELECT COUNT(*) AS n FROM persons WHERE id_sealed NOT LIKE 's1:%'")->i64("n");
  });
  EXPECT_EQ(left, 0);
  auto again = socialroll("data reseal --to sm4 --config " + sm4.path() + " " + dbArg);
  EXPECT_NE(again.output.find("resealed 0 values"), std::string::npos) << again.output;
  // A value no key opens stops the reseal, naming its row.
  db->transaction([](db::Connection& c) { c.execute("UPDATE persons SET id_sealed = 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE id = 2"); });
  auto broken = socialroll("data reseal --to sm4 --config " + sm4.path() + " " + dbArg);
  EXPECT_EQ(broken.exitCode, 1);
  EXPECT_NE(broken.output.find("persons.id_sealed row 2: sealed value"), std::string::npos) << broken.output;
}
