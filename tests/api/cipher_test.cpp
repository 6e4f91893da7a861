// Issue #13: Chinese commercial cryptography as an option. A server on `security.cipher: sm4`
// seals with SM4 and HMAC-SM3 and still reads what AES-256-GCM sealed; `socialroll data reseal`
// converts a database in batches while it is served, resumes after an interruption, and two
// reseals at once convert each value once.
#include <gtest/gtest.h>

#include <thread>

#include "World.h"
#include "app/Reseal.h"
#include "common/DataProtection.h"
#include "support/TestSupport.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }

protect::DataProtection sm4Protection() { return protect::DataProtection(protect::parseMasterKey(test::kTestDataKey), protect::Cipher::sm4); }

// Rows of every sealed column not yet sealed with `prefix`.
int64_t notSealedWith(db::Database& db, const std::string& prefix) {
  int64_t n = 0;
  for (const auto& col : app::allSealedColumns())
    n += db.read<int64_t>([&](db::Connection& c) {
      return c.queryOne("SELECT COUNT(*) AS n FROM " + col.table + " WHERE " + col.column + " IS NOT NULL AND " + col.column +
                            " NOT LIKE ?",
                        {prefix + "%"})
          ->i64("n");
    });
  return n;
}

std::string sealedIdOf(db::Database& db, int64_t person) {
  return db.read<std::string>(
      [&](db::Connection& c) { return c.queryOne("SELECT id_sealed FROM persons WHERE id = ?", {person})->str("id_sealed"); });
}

}  // namespace

// Data in every sealed column: two people hired (ID numbers, bank accounts on persons and
// employments), an account replaced (employment_accounts), a listing by ID number with its
// one-a-day key, and a computed payroll month (payslips).
class Sm4Cipher : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  std::string listed = test::idNumber("330481", "19930101", 31);
  Sm4Cipher() {
    EXPECT_EQ(s.client().put("/api/v1/employments/" + str(w.own.employment) + "/bank-account",
                             R"({"bank_account":"6217000010001112229"})", w.tokens["agency_admin"]).status,
              200);
    EXPECT_EQ(list().status, 201);
    auto run = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03"})",
                               w.tokens["payroll_officer"]);
    EXPECT_EQ(run.status, 201) << run.body;
  }
  protect::DataProtection protection = sm4Protection();  // what a reseal to SM4 runs with
  audit::AuditLog audit{protection.auditKey()};
  // Restarts the server on security.cipher: sm4 (step 1 of changing cipher); its database.
  db::Database& onSm4() {
    s.restart([](app::Settings& st) { st.cipher = protect::Cipher::sm4; });
    return s.app().database();
  }
  test::HttpResult list() {
    return s.client().post("/api/v1/blacklist", R"({"id_number":")" + listed + R"(","reason":"违反承诺提前离岗","listed_on":"2026-01-05"})",
                           w.tokens["bureau"]);
  }
  // What a server must still answer whatever each row is sealed with.
  void expectEveryoneFound(const char* when) {
    SCOPED_TRACE(when);
    auto found = s.client().get("/api/v1/persons?id_number=" + w.own.idNumber, w.admin);
    ASSERT_EQ(found.status, 200) << found.body;
    EXPECT_EQ(found.json()->getArray("items")->size(), 1u);
    auto busy = s.client().post("/api/v1/employments", test::hireBody(w.own.idNumber, w.other.station, "2026-07-01"), w.admin);
    EXPECT_EQ(busy.code(), "already_employed") << busy.body;
    auto barred = s.client().post("/api/v1/employments", test::hireBody(listed, w.other.station, "2026-07-01"), w.admin);
    EXPECT_EQ(barred.code(), "blacklisted") << barred.body;
    // Sex and age come from the sealed number, opened whichever suite sealed it.
    auto person = s.client().get("/api/v1/persons/" + str(w.own.person), w.admin).json();
    EXPECT_EQ(person->getValue<std::string>("sex"), (w.own.idNumber[16] - '0') % 2 ? "male" : "female");
    EXPECT_GT(person->getValue<int>("age"), 18);
  }
};

TEST_F(Sm4Cipher, AServerOnSm4SealsNewValuesWithItAndReadsAndFindsTheOld) {
  auto& db = onSm4();
  EXPECT_EQ(sealedIdOf(db, w.own.person).rfind("v1:", 0), 0u);
  expectEveryoneFound("old values, sm4 server");
  auto hired = w.hire(w.own);
  auto person = s.client().get("/api/v1/employments/" + str(hired), w.admin).json()->getValue<int64_t>("person_id");
  auto sealed = sealedIdOf(db, person);
  EXPECT_EQ(sealed.rfind("s1:", 0), 0u) << sealed;
  // Its lookup hash is HMAC-SM3's.
  auto idNumber = sm4Protection().open("id_number", sealed);
  auto hash = db.read<std::string>([&](db::Connection& c) { return c.queryOne("SELECT id_hash FROM persons WHERE id = ?", {person})->str("id_hash"); });
  EXPECT_EQ(hash, sm4Protection().lookupHash("id_number", idNumber));
}

TEST_F(Sm4Cipher, ResealConvertsEveryColumnResumesAfterAnInterruptionAndLeavesEveryoneFindable) {
  auto& db = onSm4();
  const int64_t all = notSealedWith(db, "s1:");
  ASSERT_GE(all, 9);  // 2 ID numbers and 2 accounts on persons, 2+ on employments, 1 replaced, 1 listing, 2+ payslips

  // Interrupted after three batches of one row.
  int batches = 0;
  EXPECT_THROW(app::reseal(db, protection, audit, app::allSealedColumns(), protect::Cipher::sm4, 1,
                           [&](const app::ResealProgress& p) {
                             if (p.done > 0 && ++batches == 3) throw std::runtime_error("interrupted");
                           }),
               std::runtime_error);
  EXPECT_EQ(notSealedWith(db, "s1:"), all - 3);
  expectEveryoneFound("half resealed");

  // Run again: it takes up what is left and nothing twice.
  std::vector<app::ResealProgress> seen;
  auto r = app::reseal(db, protection, audit, app::allSealedColumns(), protect::Cipher::sm4, 2,
                       [&](const app::ResealProgress& p) { seen.push_back(p); });
  EXPECT_EQ(r.resealed, all - 3);
  EXPECT_EQ(r.changed, 0);
  EXPECT_EQ(r.conflicts, 0);
  EXPECT_EQ(notSealedWith(db, "s1:"), 0);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front().column, "persons.id_sealed");
  expectEveryoneFound("resealed");

  // Every hash is HMAC-SM3's, and the one-listing-a-day key starts with it: the same listing again is refused.
  db.read<int>([&](db::Connection& c) {
    for (auto& row : c.query("SELECT id_sealed, id_hash FROM persons"))
      EXPECT_EQ(row.str("id_hash"), protection.lookupHash("id_number", protection.open("id_number", row.str("id_sealed"))));
    auto entry = c.queryOne("SELECT id_hash, listing_key FROM blacklist_entries");
    EXPECT_EQ(entry->str("id_hash"), protection.lookupHash("id_number", listed));
    EXPECT_EQ(entry->str("listing_key").rfind(entry->str("id_hash") + ":", 0), 0u);
    return 0;
  });
  EXPECT_EQ(list().code(), "conflict");
  // Each batch is in the audit log, and the chain holds.
  auto records = s.client().get("/api/v1/audit?limit=500", w.admin).body;
  EXPECT_NE(records.find("\"data.reseal\""), std::string::npos);
  EXPECT_TRUE(audit.verify(db).ok);
  // Payslips still show their account to the payroll officer, opened from SM4.
  auto bankFile = s.app().database().read<std::string>([&](db::Connection& c) {
    return protection.open("bank_account", c.queryOne("SELECT bank_sealed FROM payslips WHERE bank_sealed IS NOT NULL")->str("bank_sealed"));
  });
  EXPECT_FALSE(bankFile.empty());
}

// The one write discipline: two reseals at once convert each value once.
TEST_F(Sm4Cipher, OneWrite_TwoReseals_AtOnceConvertEachValueOnce) {
  auto& db = onSm4();
  const int64_t all = notSealedWith(db, "s1:");
  app::ResealResult a, b;
  std::thread one([&] { a = app::reseal(db, protection, audit, app::allSealedColumns(), protect::Cipher::sm4, 1); });
  std::thread two([&] { b = app::reseal(db, protection, audit, app::allSealedColumns(), protect::Cipher::sm4, 1); });
  one.join();
  two.join();
  EXPECT_EQ(a.resealed + b.resealed, all);
  EXPECT_EQ(notSealedWith(db, "s1:"), 0);
  EXPECT_TRUE(audit.verify(db).ok);
  expectEveryoneFound("resealed twice at once");
}
