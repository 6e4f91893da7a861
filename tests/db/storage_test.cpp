// Storage on the engine named by SOCIALROLL_TEST_ENGINE: the same tests run on SQLite and MariaDB.
#include <gtest/gtest.h>

#include <thread>

#include "audit/AuditLog.h"
#include "common/Crypto.h"
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
  // The shared scripts plus this engine's own (SQLite one, MySQL two): 29 shared through 0032.
  EXPECT_EQ(n, db->engine() == db::Engine::sqlite ? 30 : 31);
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

// A payroll run made and computed in one transaction reads through the services, which must see
// the transaction (its own writes, one state) only when it asks for it; by default they read on
// connections of their own and see what is committed.
TEST_F(Storage, ServicesReadThroughATransactionOnlyWhenItSaysSo) {
  auto insert = [](db::Connection& c, const char* code) {
    c.execute("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, 'x', 'province', NULL, ?, 1)",
              {std::string(code), "/" + std::string(code) + "/"});
  };
  auto seenByAService = [&] {  // what a service asked from inside the body reads
    return db->read<int64_t>([](db::Connection& c) { return c.queryOne("SELECT COUNT(*) AS n FROM jurisdictions")->i64("n"); });
  };
  int64_t through = -1, separate = -1;
  db->transaction(
      [&](db::Connection& c) {
        insert(c, "330000");
        through = seenByAService();
      },
      db::Reads::throughThisTransaction);
  db->transaction([&](db::Connection& c) {
    insert(c, "340000");
    separate = seenByAService();
  });
  EXPECT_EQ(through, 1) << "a service inside the transaction did not see its insert";
  EXPECT_EQ(separate, 1) << "a service read the uncommitted insert of a transaction that did not ask for it";
  EXPECT_EQ(seenByAService(), 2);
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
  audit::AuditLog log{test::testAuditKey()};
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

// Several changes of one act (a payroll run made and computed) are appended in one call: they take
// consecutive places in the chain, each hashed over the one before, even among concurrent writers.
TEST_F(Storage, ChangesAppendedTogetherTakeConsecutivePlacesInTheChain) {
  audit::AuditLog log{test::testAuditKey()};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i)
        db->transaction([&](db::Connection& c) {
          auto id = int64_t{t * 100 + i};
          log.append(c, http::Actor{1, "tester", "admin", "r", "", ""},
                     {{"test.create", "thing", id, "/33/", nullptr, nullptr},
                      {"test.compute", "thing", id, "/33/", nullptr, nullptr}});
        });
    });
  for (auto& th : threads) th.join();
  auto result = log.verify(*db);
  EXPECT_TRUE(result.ok) << result.problem;
  EXPECT_EQ(result.checked, 80);
  auto records = log.list(*db, {}, 0, 100);
  ASSERT_EQ(records.size(), 80u);
  for (std::size_t i = 0; i < records.size(); i += 2) {
    EXPECT_EQ(records[i].action, "test.create");
    EXPECT_EQ(records[i + 1].action, "test.compute");
    EXPECT_EQ(records[i + 1].entityId, records[i].entityId);
    EXPECT_EQ(records[i + 1].seq, records[i].seq + 1);
    EXPECT_EQ(records[i + 1].prevHash, records[i].hash);
  }
}

TEST_F(Storage, AuditLogRefusesUpdateAndDelete) {
  audit::AuditLog log{test::testAuditKey()};
  appendOne(*db, log, 1);
  EXPECT_ANY_THROW(db->transaction([](db::Connection& c) { c.execute("UPDATE audit_log SET changes = '{}' WHERE seq = 1"); }));
  EXPECT_ANY_THROW(db->transaction([](db::Connection& c) { c.execute("DELETE FROM audit_log WHERE seq = 1"); }));
  EXPECT_TRUE(log.verify(*db).ok);
}

TEST_F(Storage, AuditVerifyNamesTheFirstTamperedRecord) {
  audit::AuditLog log{test::testAuditKey()};
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
  audit::AuditLog log{test::testAuditKey()};
  for (int i = 1; i <= 3; ++i) appendOne(*db, log, i);
  db->transaction([](db::Connection& c) {
    c.execute("DROP TRIGGER audit_log_no_delete");
    c.execute("DELETE FROM audit_log WHERE seq = 3");
  });
  auto result = log.verify(*db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.firstBadSeq, 3);
}

namespace {
// What someone with the database but not the data key can do: rewrite every hash from record 1 on
// with a hash function of their choice, and the head with it.
void recomputeChain(db::Database& db, const audit::AuditLog& log,
                    const std::function<std::string(const std::string&, const audit::Record&)>& hash) {
  auto records = log.list(db, {}, 0, 10000);
  db.transaction([&](db::Connection& c) {
    std::string prev(64, '0');
    for (auto r : records) {
      r.prevHash = prev;
      r.hash = hash(prev, r);
      c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", {r.prevHash, r.hash, r.seq});
      prev = r.hash;
    }
    c.execute("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", {records.back().seq, prev});
  });
}
}  // namespace

// Issue #13, finding 5: with file access, drop the guards, change who did something, delete
// records, close the gap and recompute the chain as it used to be computed (SHA-256, no key):
// `audit verify` said intact. Now every hash is keyed from the data key, kept outside the database.
TEST_F(Storage, AuditVerifyCatchesAChainRecomputedWithoutTheKey) {
  audit::AuditLog log{test::testAuditKey()};
  for (int i = 1; i <= 6; ++i) appendOne(*db, log, i);
  ASSERT_TRUE(log.verify(*db).ok);
  db->transaction([](db::Connection& c) {
    c.execute("DROP TRIGGER audit_log_no_update");
    c.execute("DROP TRIGGER audit_log_no_delete");
    c.execute("UPDATE audit_log SET username = 'mallory' WHERE seq = 2");
    c.execute("DELETE FROM audit_log WHERE seq IN (4, 5)");
    c.execute("UPDATE audit_log SET seq = 4 WHERE seq = 6");
  });
  recomputeChain(*db, log, [](const std::string& prev, const audit::Record& r) { return audit::legacyChainHash(prev, r); });
  auto asBefore = log.verify(*db);
  EXPECT_FALSE(asBefore.ok) << "a chain recomputed the old way passed";
  recomputeChain(*db, log, [](const std::string& prev, const audit::Record& r) {
    return crypto::sha256Hex(prev + "\n" + audit::contentOf(r));  // today's content, no key
  });
  EXPECT_FALSE(log.verify(*db).ok) << "a chain recomputed over today's content without the key passed";
  recomputeChain(*db, log, [](const std::string& prev, const audit::Record& r) {
    return audit::chainHash(std::string(32, 'x'), prev, r);  // a guessed key
  });
  EXPECT_FALSE(log.verify(*db).ok) << "a chain recomputed under a guessed key passed";
}

// A database whose records predate the keyed chain: the first start seals them under one keyed
// record, after which rewriting any of them is caught, and every new record carries its client.
TEST_F(Storage, TheFirstKeyedRecordSealsTheUnkeyedOnesBelowIt) {
  audit::AuditLog log{test::testAuditKey()};
  for (int i = 1; i <= 3; ++i) appendOne(*db, log, i);
  db->transaction([](db::Connection& c) { c.execute("DROP TRIGGER audit_log_no_update"); });
  auto legacy = [](const std::string& prev, const audit::Record& r) { return audit::legacyChainHash(prev, r); };
  recomputeChain(*db, log, legacy);  // as an older version wrote them
  EXPECT_FALSE(log.verify(*db).ok);  // nothing keyed yet
  EXPECT_TRUE(log.keyChain(*db));
  EXPECT_FALSE(log.keyChain(*db));  // once
  auto sealed = log.verify(*db);
  EXPECT_TRUE(sealed.ok) << sealed.problem;
  EXPECT_EQ(sealed.checked, 4);
  db->transaction([](db::Connection& c) { c.execute("UPDATE audit_log SET username = 'mallory' WHERE seq = 2"); });
  auto records = log.list(*db, {}, 0, 3);  // the unkeyed three, recomputed
  db->transaction([&](db::Connection& c) {
    std::string prev(64, '0');
    for (auto r : records) {
      r.prevHash = prev;
      c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", {prev, legacy(prev, r), r.seq});
      prev = legacy(prev, r);
    }
  });
  auto tampered = log.verify(*db);
  EXPECT_FALSE(tampered.ok);
  EXPECT_EQ(tampered.firstBadSeq, 4);  // the keyed record no longer follows
  http::Actor from{1, "tester", "admin", "r", "192.0.2.9", "Mozilla/5.0 (test)"};
  db->transaction([&](db::Connection& c) { log.append(c, from, {"test.write", "thing", 1, "", nullptr, nullptr}); });
  auto newest = log.list(*db, {}, 4, 10).back();
  EXPECT_EQ(newest.clientAddress, "192.0.2.9");
  EXPECT_EQ(newest.userAgent, "Mozilla/5.0 (test)");
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
