// Purchase contracts over HTTP on both engines (issue #17): the bureau records the contract that
// buys a station's service from an agency (Jinan: 3-year terms, 政府采购服务合同履行期限为3年),
// starts, ends or terminates it, and never lets two contracts cover one station on one day; the
// agency reads its own, another county's bureau and another agency see nothing.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

class Procurement : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  static std::string str(int64_t v) { return std::to_string(v); }

  std::string body(int64_t station, const std::string& start, const std::string& end, int posts = 3,
                   const std::string& agency = "") {
    return R"({"agency_id":)" + (agency.empty() ? str(w.own.agency) : agency) + R"(,"start_date":")" + start +
           R"(","end_date":")" + end + R"(","stations":[{"station_id":)" + str(station) + R"(,"funded_posts":)" +
           std::to_string(posts) +
           R"(}],"annual_standard_fen":5000000,"sources":[{"source":"province","pct":60},{"source":"local","pct":40}],)"
           R"("schedule":"quarterly","reference":"JN-2024-001"})";
  }
  test::HttpResult post(const std::string& path, const std::string& b = "", const std::string& role = "bureau") {
    return s.client().post(path, b, w.tokens[role]);
  }
  std::vector<std::string> auditActions(int64_t contract) {
    auto items = s.client()
                     .get("/api/v1/audit?entity=purchase_contract&entity_id=" + str(contract), w.admin)
                     .json()
                     ->getArray("items");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items->size(); ++i)
      out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("action"));
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(Procurement, AContractIsSignedThenActiveThenEndedEachChangeAudited) {
  auto r = post("/api/v1/purchase-contracts", body(w.own.station, "2023-01-01", "2025-12-31"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = r.json();
  auto id = c->getValue<int64_t>("id");
  EXPECT_EQ(c->getValue<std::string>("status"), "signed");
  EXPECT_EQ(c->getValue<int64_t>("jurisdiction_id"), w.own.county);  // the bureau's own
  EXPECT_EQ(c->getValue<int64_t>("funded_posts"), 3);
  EXPECT_EQ(c->getArray("sources")->getObject(0)->getValue<int64_t>("pct"), 60);
  auto station = c->getArray("stations")->getObject(0);
  EXPECT_EQ(station->getValue<std::string>("from"), "2023-01-01");
  EXPECT_EQ(station->getValue<std::string>("to"), "2025-12-31");
  EXPECT_FALSE(station->getValue<std::string>("name").empty());

  // Ending needs an active contract; activating twice finds it changed.
  EXPECT_EQ(post("/api/v1/purchase-contracts/" + str(id) + "/end").status, 409);
  EXPECT_EQ(post("/api/v1/purchase-contracts/" + str(id) + "/activate").status, 200);
  EXPECT_EQ(post("/api/v1/purchase-contracts/" + str(id) + "/activate").status, 409);
  auto ended = post("/api/v1/purchase-contracts/" + str(id) + "/end");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()->getValue<std::string>("status"), "ended");
  EXPECT_EQ(ended.json()->getValue<std::string>("ended_on"), "2025-12-31");
  EXPECT_EQ(post("/api/v1/purchase-contracts/" + str(id) + "/terminate", R"({"on":"2025-06-30","reason":"评估不合格"})").status,
            409);
  EXPECT_EQ(auditActions(id), (std::vector<std::string>{"purchase_contract.activate", "purchase_contract.create",
                                                         "purchase_contract.end"}));
}

TEST_F(Procurement, AContractNotYetBegunCannotStartAndOneStillRunningCannotEnd) {
  auto future = post("/api/v1/purchase-contracts", body(w.own.station, "2099-01-01", "2101-12-31"));
  // 2101 is outside the dates a client may send.
  EXPECT_EQ(future.status, 422);
  auto c = post("/api/v1/purchase-contracts", body(w.own.station, "2098-01-01", "2100-12-31")).json();
  auto id = c->getValue<int64_t>("id");
  auto r = post("/api/v1/purchase-contracts/" + str(id) + "/activate");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("2098-01-01"), std::string::npos) << r.body;
  auto running = post("/api/v1/purchase-contracts", body(w.own.station, "2020-01-01", "2097-12-31")).json();
  auto runningId = running->getValue<int64_t>("id");
  ASSERT_EQ(post("/api/v1/purchase-contracts/" + str(runningId) + "/activate").status, 200);
  EXPECT_EQ(post("/api/v1/purchase-contracts/" + str(runningId) + "/end").status, 409);
}

TEST_F(Procurement, TerminationStopsTheStationsCoverOnItsDaySoTheNextContractMayStartTheDayAfter) {
  // Jinan: an agency that fails its evaluation loses the contract (经评估不合格的,终止政府购买服务合同).
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2024-01-01", "2026-12-31")).json()->getValue<int64_t>("id");
  ASSERT_EQ(post("/api/v1/purchase-contracts/" + str(id) + "/activate").status, 200);
  auto late = post("/api/v1/purchase-contracts/" + str(id) + "/terminate", R"({"on":"2027-01-01","reason":"x"})");
  EXPECT_EQ(late.status, 422);
  EXPECT_NE(late.body.find("\"on\""), std::string::npos) << late.body;
  auto t = post("/api/v1/purchase-contracts/" + str(id) + "/terminate", R"({"on":"2026-06-30","reason":"评估不合格"})");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.json()->getValue<std::string>("status"), "terminated");
  EXPECT_EQ(t.json()->getValue<std::string>("ended_on"), "2026-06-30");
  EXPECT_EQ(t.json()->getValue<std::string>("end_reason"), "评估不合格");
  EXPECT_EQ(t.json()->getArray("stations")->getObject(0)->getValue<std::string>("to"), "2026-06-30");
  // The last day still belongs to the terminated contract; the day after is free.
  EXPECT_EQ(post("/api/v1/purchase-contracts", body(w.own.station, "2026-06-30", "2029-06-29")).status, 409);
  EXPECT_EQ(post("/api/v1/purchase-contracts", body(w.own.station, "2026-07-01", "2029-06-30")).status, 201);
  EXPECT_EQ(auditActions(id), (std::vector<std::string>{"purchase_contract.activate", "purchase_contract.create",
                                                         "purchase_contract.terminate"}));
}

TEST_F(Procurement, ContractsSharingADayOfAStationAre409AndNameTheOtherContract) {
  auto first = post("/api/v1/purchase-contracts", body(w.own.station, "2024-01-01", "2026-12-31"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto firstId = first.json()->getValue<int64_t>("id");
  for (auto [start, end] : {std::pair{"2026-12-31", "2029-12-30"}, std::pair{"2023-01-01", "2024-01-01"},
                            std::pair{"2024-06-01", "2024-06-30"}, std::pair{"2020-01-01", "2030-01-01"}}) {
    auto r = post("/api/v1/purchase-contracts", body(w.own.station, start, end));
    EXPECT_EQ(r.status, 409) << start << ".." << end << ": " << r.body;
    EXPECT_NE(r.body.find("stations[0].station_id"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("contract " + str(firstId)), std::string::npos) << r.body;
  }
  // Touching but not sharing a day, on either side.
  EXPECT_EQ(post("/api/v1/purchase-contracts", body(w.own.station, "2027-01-01", "2029-12-31")).status, 201);
  EXPECT_EQ(post("/api/v1/purchase-contracts", body(w.own.station, "2021-01-01", "2023-12-31")).status, 201);
}

TEST_F(Procurement, IdenticalContractsSentAtOnceRecordOne) {
  // station_contract_seq: two servers reading the station's contracts at once cannot both add one.
  auto b = body(w.own.station, "2024-01-01", "2026-12-31");
  auto outcome = test::race(6, [&] { return s.client().post("/api/v1/purchase-contracts", b, w.tokens["bureau"]); });
  EXPECT_EQ(outcome[201], 1) << "201:" << outcome[201] << " 409:" << outcome[409];
  EXPECT_EQ(outcome[409], 5);
  auto list = s.client().get("/api/v1/purchase-contracts?station_id=" + str(w.own.station), w.tokens["bureau"]).json();
  EXPECT_EQ(list->getArray("items")->size(), 1u);
}

TEST_F(Procurement, RefusesBadFieldsAllAtOnceNamingEach) {
  auto r = post("/api/v1/purchase-contracts",
                R"({"agency_id":)" + str(w.own.agency) +
                    R"(,"start_date":"2026-01-01","end_date":"2025-12-31","annual_standard_fen":0,)"
                    R"("sources":[{"source":"province","pct":60},{"source":"province","pct":30}],)"
                    R"("stations":[{"station_id":)" + str(w.other.station) + R"(,"funded_posts":3}]})");
  ASSERT_EQ(r.status, 422) << r.body;
  for (const char* field : {"\"end_date\"", "\"annual_standard_fen\"", "\"sources\"", "\"stations[0].station_id\""})
    EXPECT_NE(r.body.find(field), std::string::npos) << field << ": " << r.body;
  auto shares = post("/api/v1/purchase-contracts",
                     R"({"agency_id":)" + str(w.own.agency) +
                         R"(,"start_date":"2026-01-01","end_date":"2028-12-31","annual_standard_fen":5000000,)"
                         R"("sources":[{"source":"province","pct":60},{"source":"local","pct":30}],)"
                         R"("stations":[{"station_id":)" + str(w.own.station) + R"(,"funded_posts":3}]})",
                     "bureau");
  ASSERT_EQ(shares.status, 422);
  EXPECT_NE(shares.body.find("add up to 100"), std::string::npos) << shares.body;
  // A station another agency runs is handed over first.
  auto agency = s.create("/api/v1/agencies",
                         R"({"name":"另一机构","credit_code":")" + test::creditCode(77) +
                             R"(","kind":"ngo","jurisdiction_id":)" + str(w.own.county) + "}",
                         w.admin);
  auto other = post("/api/v1/purchase-contracts", body(w.own.station, "2026-01-01", "2028-12-31", 3, str(agency)));
  ASSERT_EQ(other.status, 422);
  EXPECT_NE(other.body.find("another agency"), std::string::npos) << other.body;
  // An admin names the keeping bureau's place.
  auto admin = post("/api/v1/purchase-contracts", body(w.own.station, "2026-01-01", "2028-12-31"), "admin");
  ASSERT_EQ(admin.status, 422);
  EXPECT_NE(admin.body.find("jurisdiction_id"), std::string::npos) << admin.body;
}

TEST_F(Procurement, TheAgencyReadsItsOwnAndNobodyElseSeesThem) {
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2024-01-01", "2026-12-31")).json()->getValue<int64_t>("id");
  auto path = "/api/v1/purchase-contracts/" + str(id);
  EXPECT_EQ(s.client().get(path, w.tokens["agency_admin"]).status, 200);
  EXPECT_EQ(s.client().get(path, w.tokens["payroll_officer"]).status, 200);
  EXPECT_EQ(s.client().post(path + "/activate", "", w.tokens["agency_admin"]).status, 403);
  EXPECT_EQ(s.client().get(path, w.tokens["worker"]).status, 403);
  // Another county's bureau and another agency: not found, and none listed.
  w.user("bureau_other", "bureau", "jurisdiction_id", w.other.county);
  auto otherBureau = s.login("bureau_other", test::kUserPassword);
  auto otherAgency = s.login("payroll_side2", test::kUserPassword);
  for (const auto& token : {otherBureau, otherAgency}) {
    EXPECT_EQ(s.client().get(path, token).status, 404);
    EXPECT_EQ(s.client().get("/api/v1/purchase-contracts", token).json()->getArray("items")->size(), 0u);
  }
  EXPECT_EQ(s.client().post(path + "/activate", "", otherBureau).status, 404);
  // The city above sees it.
  w.user("bureau_city", "bureau", "jurisdiction_id", w.city);
  auto city = s.login("bureau_city", test::kUserPassword);
  EXPECT_EQ(s.client().get("/api/v1/purchase-contracts", city).json()->getArray("items")->size(), 1u);
}
