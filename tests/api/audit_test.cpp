// Issue #15, the audit log for an auditor: search by who, what, when and record; the chain's state;
// a filtered range exported as a workbook (and that export is itself recorded).
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "World.h"
#include "audit/AuditLog.h"
#include "common/Time.h"

using namespace sr;

namespace {
std::vector<std::string> actions(const test::HttpResult& r) {
  std::vector<std::string> out;
  auto items = r.json()->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i) out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("action"));
  return out;
}
}  // namespace

TEST(AuditLog, SearchedByWhoWhatWhenAndRecord) {
  test::TestServer s;
  test::World w(s);
  auto get = [&](const std::string& q, const std::string& token) { return s.client().get("/api/v1/audit?limit=500&" + q, token); };
  // What: a kind of action by its prefix, or one action exactly.
  auto places = actions(get("action=jurisdiction.", w.admin));
  ASSERT_GE(places.size(), 4u);
  for (const auto& a : places) EXPECT_EQ(a.rfind("jurisdiction.", 0), 0u) << a;
  for (const auto& a : actions(get("action=user.create", w.admin))) EXPECT_EQ(a, "user.create");
  EXPECT_TRUE(actions(get("action=user.", w.admin)).size() > actions(get("action=user.create", w.admin)).size() ||
              actions(get("action=user.", w.admin)) == actions(get("action=user.create", w.admin)));
  EXPECT_TRUE(actions(get("action=user%25.", w.admin)).empty());  // a wildcard typed is a character
  // Who, and which record.
  EXPECT_FALSE(actions(get("username=admin", w.admin)).empty());
  EXPECT_TRUE(actions(get("username=nobody", w.admin)).empty());
  auto county = get("entity=jurisdiction&entity_id=" + std::to_string(w.own.county), w.admin);
  ASSERT_EQ(actions(county).size(), 1u);
  EXPECT_EQ(actions(county)[0], "jurisdiction.create");
  // When: today's records in China, none yesterday; a range backwards is refused by name.
  auto today = formatDate(todayInChina()), yesterday = formatDate(addDays(todayInChina(), -1));
  EXPECT_FALSE(actions(get("from=" + today + "&to=" + today, w.admin)).empty());
  EXPECT_TRUE(actions(get("from=" + yesterday + "&to=" + yesterday, w.admin)).empty());
  auto backwards = get("from=" + today + "&to=" + yesterday, w.admin);
  EXPECT_EQ(backwards.status, 422);
  EXPECT_NE(backwards.body.find("\"to\""), std::string::npos);
  // A bureau sees its own area only, whatever it searches.
  auto bureau = get("action=jurisdiction.", w.tokens["bureau"]);
  EXPECT_LT(actions(bureau).size(), places.size());
  EXPECT_EQ(bureau.body.find("\"330482\""), std::string::npos);
}

TEST(AuditLog, TheChainIsVerifiedOnRequestAndAFilteredRangeIsExportedAndRecorded) {
  test::TestServer s;
  test::World w(s);
  // The check is a job: started (202), its progress read until done.
  auto started = s.client().post("/api/v1/audit/verifications", "", w.admin);
  ASSERT_EQ(started.status, 202) << started.body;
  const auto path = "/api/v1/audit/verifications/" + std::to_string(started.json()->getValue<int64_t>("id"));
  auto check = started.json();
  for (int i = 0; i < 200 && check->getValue<std::string>("state") == "running"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    check = s.client().get(path, w.admin).json();
  }
  ASSERT_EQ(check->getValue<std::string>("state"), "done") << json::stringify(check);
  EXPECT_TRUE(check->getValue<bool>("ok"));
  EXPECT_GT(check->getValue<int64_t>("checked"), 10);
  EXPECT_EQ(check->getValue<int64_t>("checked"), check->getValue<int64_t>("total"));
  EXPECT_EQ(s.client().get("/api/v1/audit/verifications", w.admin).json()->getArray("items")->getObject(0)->getValue<int64_t>("id"),
            check->getValue<int64_t>("id"));
  EXPECT_EQ(s.client().post("/api/v1/audit/verifications", "", w.tokens["bureau"]).status, 403);
  EXPECT_EQ(s.client().get("/api/v1/audit?action=audit.verify_done", w.admin).json()->getArray("items")->size(), 1u);

  auto found = s.client().get("/api/v1/audit?limit=500&action=user.create", w.admin).json()->getArray("items")->size();
  auto res = s.client().get("/api/v1/audit/export?action=user.create", w.admin);
  ASSERT_EQ(res.status, 200) << res.body;
  auto sheet = test::readWorkbook(res.body)->getArray("sheets")->getObject(0);
  EXPECT_EQ(sheet->getValue<std::string>("name"), "审计日志");
  auto rows = sheet->getArray("rows");
  ASSERT_EQ(rows->size(), found + 1);  // the header and each record found
  EXPECT_EQ(rows->getArray(0)->getObject(4)->get("v").toString(), "操作");
  EXPECT_EQ(rows->getArray(1)->getObject(4)->get("v").toString(), "user.create");
  EXPECT_EQ(rows->getArray(1)->getObject(1)->get("v").toString().size(), 19u);  // "YYYY-MM-DD HH:MM:SS"
  auto csv = s.client().get("/api/v1/audit/export?format=csv&action=user.create", w.tokens["bureau"]);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF序号,时间,用户", 0), 0u);
  auto exports = s.client().get("/api/v1/audit?limit=500&action=audit.export", w.admin).json()->getArray("items");
  ASSERT_EQ(exports->size(), 2u);
  EXPECT_EQ(exports->getObject(0)->getObject("changes")->getObject("after")->getValue<int64_t>("rows"), static_cast<int64_t>(found));
}

// One check of the chain runs at a time (a unique key, on both engines): identical requests at
// once start one and the others are answered with it. A check whose server died reads as
// interrupted, and the next request starts afresh.
TEST(AuditLog, OneCheckOfTheChainRunsAtATimeAndOneLeftByADeadServerIsTakenOver) {
  test::TestServer s;
  test::World w(s);
  // A log long enough that a check is still running when the requests arrive.
  std::vector<audit::Change> many(200, audit::Change{"test.filler", "thing", 1, "", nullptr, json::object()});
  s.app().database().transaction([&](db::Connection& c) {
    for (int i = 0; i < 100; ++i) s.app().audit().append(c, http::systemActor("test"), many);
    c.execute("INSERT INTO audit_verifications (requested_at, heartbeat_at, running, state, total) VALUES (0, 0, 1, 'running', 5)");
  });
  auto left = s.client().get("/api/v1/audit/verifications", w.admin).json()->getArray("items")->getObject(0);
  EXPECT_EQ(left->getValue<std::string>("state"), "interrupted");

  std::mutex m;
  std::set<int64_t> ids;
  auto statuses = test::race(8, [&] {
    auto r = s.client().post("/api/v1/audit/verifications", "", w.admin);
    std::lock_guard lock(m);
    if (r.status == 200 || r.status == 202) ids.insert(r.json()->getValue<int64_t>("id"));
    return r;
  });
  EXPECT_EQ(statuses[202], 1);
  EXPECT_EQ(statuses[200], 7);
  ASSERT_EQ(ids.size(), 1u);
  const auto path = "/api/v1/audit/verifications/" + std::to_string(*ids.begin());
  auto check = s.client().get(path, w.admin).json();
  for (int i = 0; i < 600 && check->getValue<std::string>("state") == "running"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    check = s.client().get(path, w.admin).json();
  }
  EXPECT_EQ(check->getValue<std::string>("state"), "done");
  EXPECT_TRUE(check->getValue<bool>("ok"));
  EXPECT_GT(check->getValue<int64_t>("checked"), 20000);
}
