// Storage on the engine named by SOCIALROLL_TEST_ENGINE: the same tests run on SQLite and MariaDB.
#include <gtest/gtest.h>

#include <thread>

#include "audit/AuditLog.h"
#include "common/RateLimit.h"
#include "db/Migrator.h"
#include "support/TestSupport.h"

using namespace sr;

class Storage : public ::testing::Test {
 protected:
  test::FreshDatabase fresh;
  std::unique_ptr<db::Database> db = fresh.open(8);
};

TEST_F(Storage, MigrationsAreRecordedAndRunOnlyOnce) {
  auto again = db::migrate(*db);
  EXPECT_TRUE(again.applied.empty());
  auto n = db->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT COUNT(*) AS n FROM schema_migrations")->i64("n"); });
  // The twelve shared scripts plus this engine's own (SQLite one, MySQL two).
  EXPECT_EQ(n, db->engine() == db::Engine::sqlite ? 18 : 19);
}

// One write discipline (issue #10): a conditional UPDATE's row count is what it matched on both
// engines, so a transition that rewrites an unchanged value still counts as done (MySQL reports
// changed rows unless the connection asks for found rows).
TEST_F(Storage, AnUpdateCountsTheRowsItMatchedEvenWhenNothingChanged) {
  db->transaction([&](db::Connection& c) {
    c.execute("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {std::string("330000"), std::string("浙江省"), std::string("province"), nullptr, std::string("/330000/"), int64_t{1}});
  });
  auto same = db->transact<int64_t>([](db::Connection& c) {
    return c.execute("UPDATE jurisdictions SET name = ? WHERE code = ?", {std::string("浙江省"), std::string("330000")});
  });
  EXPECT_EQ(same, 1);
  auto none = db->transact<int64_t>([](db::Connection& c) {
    return c.execute("UPDATE jurisdictions SET name = ? WHERE code = ?", {std::string("浙江省"), std::string("999999")});
  });
  EXPECT_EQ(none, 0);
}

TEST_F(Storage, ParametersAreNeverSqlAndUnicodeRoundTrips) {
  const std::string hostile = "浙江'); DROP TABLE jurisdictions; --";
  db->transaction([&](db::Connection& c) {
    c.execute("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {std::string("330000"), hostile, std::string("province"), nullptr, std::string("/330000/"), int64_t{1}});
  });
  auto row = db->read<std::optional<db::Row>>([](db::Connection& c) { return c.queryOne("SELECT name, parent_id FROM jurisdictions"); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->str("name"), hostile);
  EXPECT_TRUE(row->isNull("parent_id"));
}

TEST_F(Storage, UniqueKeyViolationIsTyped) {
  auto insert = [&] {
    db->transaction([&](db::Connection& c) {
      c.execute("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                {std::string("330000"), std::string("x"), std::string("province"), nullptr, std::string("/330000/"), int64_t{1}});
    });
  };
  insert();
  EXPECT_THROW(insert(), db::UniqueViolation);
}

TEST_F(Storage, FailedTransactionLeavesNoRows) {
  EXPECT_THROW(db->transaction([&](db::Connection& c) {
    c.execute("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {std::string("330000"), std::string("x"), std::string("province"), nullptr, std::string("/330000/"), int64_t{1}});
    throw std::runtime_error("validation failed after the insert");
  }),
               std::runtime_error);
  auto n = db->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT COUNT(*) AS n FROM jurisdictions")->i64("n"); });
  EXPECT_EQ(n, 0);
}

// A transaction whose flush rides on the next full commit (a payroll run created and computed in
// one request) is still atomic, and the connection goes back to the pool flushing every commit
// again, whether it committed or rolled back.
TEST_F(Storage, ALazilyFlushedTransactionCommitsAndLeavesTheConnectionFlushingFully) {
  auto one = fresh.open(1);  // one connection, so the next transaction gets the same one
  auto level = [&] {
    return one->read<int64_t>([](db::Connection& c) { return c.queryOne("PRAGMA synchronous")->i64("synchronous"); });
  };
  auto insert = [](db::Connection& c, const char* code) {
    c.execute("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, 'x', 'province', NULL, ?, 1)",
              {std::string(code), "/" + std::string(code) + "/"});
  };
  int64_t inside = -1;
  one->transaction(
      [&](db::Connection& c) {
        insert(c, "330000");
        if (c.engine() == db::Engine::sqlite) inside = c.queryOne("PRAGMA synchronous")->i64("synchronous");
      },
      db::Durability::byNextCommit);
  EXPECT_THROW(one->transaction(
                   [&](db::Connection& c) {
                     insert(c, "340000");
                     throw std::runtime_error("fails after the insert");
                   },
                   db::Durability::byNextCommit),
               std::runtime_error);
  auto codes = one->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT COUNT(*) AS n FROM jurisdictions")->i64("n"); });
  EXPECT_EQ(codes, 1);  // the committed one, not the rolled-back one
  if (fresh.engine() == db::Engine::sqlite) {
    EXPECT_EQ(inside, 1);   // NORMAL: the WAL is not synced at this commit
    EXPECT_EQ(level(), 2);  // FULL again for whoever borrows the connection next
  }
}

// Issue #13: failures sent at once must all count, or a guesser wins by sending in parallel.
TEST_F(Storage, ConcurrentHitsOnOneRateLimitKeyAreAllCounted) {
  const ratelimit::Rule rule{100, 1, 60, 3600};
  const int64_t now = 1'800'000'000;
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&] { db->transaction([&](db::Connection& c) { ratelimit::hit(c, "login|address|10.9.8.7", rule, now); }); });
  for (auto& t : threads) t.join();
  auto hits = db->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT hits FROM rate_limits")->i64("hits"); });
  EXPECT_EQ(hits, 16);
  // A window that has ended starts again at one, and the wait follows the count.
  db->transaction([&](db::Connection& c) { ratelimit::hit(c, "login|address|10.9.8.7", rule, now + 3601); });
  EXPECT_EQ(db->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT hits FROM rate_limits")->i64("hits"); }), 1);
}

TEST_F(Storage, ForeignKeysAreEnforced) {
  EXPECT_ANY_THROW(db->transaction([&](db::Connection& c) {
    c.execute("INSERT INTO agencies (name, credit_code, rating, kind, jurisdiction_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {std::string("x"), std::string("91350100M000100Y43"), nullptr, std::string("ngo"), int64_t{999}, int64_t{1}});
  }));
}

namespace {
void appendOne(db::Database& db, const audit::AuditLog& log, int i) {
  db.transaction([&](db::Connection& c) {
    auto after = json::object();
    after->set("i", i);
    log.append(c, http::Actor{1, "tester", "admin", "r" + std::to_string(i), "", ""}, {"test.write", "thing", i, "/33/", nullptr, after});
  });
}
}  // namespace

TEST_F(Storage, AuditChainStaysUnbrokenUnderConcurrentWriters) {
  audit::AuditLog log;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) appendOne(*db, log, t * 100 + i);
    });
  for (auto& th : threads) th.join();
  auto result = log.verify(*db);
  EXPECT_TRUE(result.ok) << result.problem;
  EXPECT_EQ(result.checked, 60);
}

TEST_F(Storage, AuditLogRefusesUpdateAndDelete) {
  audit::AuditLog log;
  appendOne(*db, log, 1);
  EXPECT_ANY_THROW(db->transaction([](db::Connection& c) { c.execute("UPDATE audit_log SET changes = '{}' WHERE seq = 1"); }));
  EXPECT_ANY_THROW(db->transaction([](db::Connection& c) { c.execute("DELETE FROM audit_log WHERE seq = 1"); }));
  EXPECT_TRUE(log.verify(*db).ok);
}

TEST_F(Storage, AuditVerifyNamesTheFirstTamperedRecord) {
  audit::AuditLog log;
  for (int i = 1; i <= 5; ++i) appendOne(*db, log, i);
  // Someone with full database power removes the guard and edits record 3.
  db->transaction([](db::Connection& c) {
    c.execute("DROP TRIGGER audit_log_no_update");
    c.execute("UPDATE audit_log SET changes = ? WHERE seq = 3", {std::string("{\"after\":{\"i\":999}}")});
  });
  auto result = log.verify(*db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.firstBadSeq, 3);
}

TEST_F(Storage, AuditVerifyNoticesRecordsCutFromTheEnd) {
  audit::AuditLog log;
  for (int i = 1; i <= 3; ++i) appendOne(*db, log, i);
  db->transaction([](db::Connection& c) {
    c.execute("DROP TRIGGER audit_log_no_delete");
    c.execute("DELETE FROM audit_log WHERE seq = 3");
  });
  auto result = log.verify(*db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.firstBadSeq, 3);
}

TEST_F(Storage, LostServerConnectionIsReplacedAndTheTransactionRetried) {
  if (fresh.engine() != db::Engine::mysql) GTEST_SKIP() << "an embedded SQLite file has no server connection to lose";
  int64_t victim = 0;
  {
    auto first = db->acquire();
    auto second = db->acquire();
    victim = first->queryOne("SELECT CONNECTION_ID() AS id")->i64("id");
    second->execute("KILL CONNECTION " + std::to_string(victim));  // an id, not input: no parameter needed
  }  // `first` goes back to the pool last, so it is the next one handed out
  db->transaction([](db::Connection& c) {
    c.execute("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {std::string("330000"), std::string("x"), std::string("province"), nullptr, std::string("/330000/"), int64_t{1}});
  });
  auto now = db->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT CONNECTION_ID() AS id")->i64("id"); });
  EXPECT_NE(now, victim);
  auto n = db->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT COUNT(*) AS n FROM jurisdictions")->i64("n"); });
  EXPECT_EQ(n, 1);
}
