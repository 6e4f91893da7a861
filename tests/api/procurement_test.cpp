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

// The money of a contract (issue #17): what it owes for the year (standard × funded posts ×
// months covered ÷ 12, split by source), what was disbursed and recovered, and what the agency
// spent on its people at the station from approved payroll; each total is its records' sum.
TEST_F(Procurement, TheYearsStatementAddsUpToItsRecordsAndTheApprovedPayroll) {
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2025-01-01", "2027-12-31")).json()->getValue<int64_t>("id");
  auto path = "/api/v1/purchase-contracts/" + str(id);
  // Disbursed against the first quarter's installment, each voucher once.
  auto d1 = post(path + "/disbursements",
                 R"({"source":"province","amount_fen":2250000,"paid_on":"2025-01-10","voucher":"GK-2025-001","installment_due_on":"2025-01-01"})");
  ASSERT_EQ(d1.status, 201) << d1.body;
  EXPECT_EQ(post(path + "/disbursements",
                 R"({"source":"local","amount_fen":1500000,"paid_on":"2025-01-20","voucher":"GK-2025-002","installment_due_on":"2025-01-01"})")
                .status,
            201);
  EXPECT_EQ(post(path + "/disbursements",
                 R"({"source":"province","amount_fen":2250000,"paid_on":"2025-01-10","voucher":"GK-2025-001"})")
                .status,
            409);
  auto wrong = post(path + "/disbursements",
                    R"({"source":"city","amount_fen":1,"paid_on":"2025-01-10","voucher":"X","installment_due_on":"2025-02-01"})");
  ASSERT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("\"source\""), std::string::npos) << wrong.body;
  EXPECT_NE(wrong.body.find("\"installment_due_on\""), std::string::npos) << wrong.body;
  // Paid in another year: not in this year's statement.
  EXPECT_EQ(post(path + "/disbursements", R"({"source":"local","amount_fen":700,"paid_on":"2026-01-05","voucher":"GK-2026-001"})").status,
            201);
  // Haining recovers funds from an agency that files late: a record naming the rule broken.
  auto rec = post(path + "/recoveries",
                  R"({"amount_fen":100001,"rule":"late_filings","basis":"海宁市社工站管理办法 第十二条","reason":"3 人变动逾期备案",)"
                  R"("decided_on":"2025-09-01","reference":"海民〔2025〕12号"})");
  ASSERT_EQ(rec.status, 201) << rec.body;
  EXPECT_EQ(rec.json()->getValue<std::string>("rule"), "late_filings");
  EXPECT_EQ(post(path + "/recoveries", R"({"amount_fen":5,"rule":"other","reason":"重复","decided_on":"2025-09-01","reference":"海民〔2025〕12号"})")
                .status,
            409);
  EXPECT_EQ(post(path + "/recoveries", R"({"amount_fen":5,"rule":"bribery","reason":"x","decided_on":"2025-09-01","reference":"R"})").status,
            422);

  // Approved payroll at the station counts; a draft does not.
  w.user("agency_admin_two", "agency_admin", "agency_id", w.own.agency);
  auto second = s.login("agency_admin_two", test::kUserPassword);
  int64_t spent = 0;
  for (const char* period : {"2025-03", "2025-04", "2025-05"}) {
    auto run = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":")" + period + "\"}",
                               w.tokens["agency_admin"]);
    ASSERT_EQ(run.status, 201) << run.body;
    auto runId = str(run.json()->getValue<int64_t>("id"));
    if (std::string(period) == "2025-05") continue;  // left a draft
    ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + runId + "/approve", "", second).status, 200);
    auto slips = s.client().get("/api/v1/payroll-runs/" + runId + "/payslips", second).json()->getArray("items");
    for (std::size_t i = 0; i < slips->size(); ++i) spent += slips->getObject(static_cast<unsigned>(i))->getValue<int64_t>("labour_cost_fen");
  }
  ASSERT_GT(spent, 0);

  auto st = s.client().get(path + "/statement?year=2025", w.tokens["bureau"]);
  ASSERT_EQ(st.status, 200) << st.body;
  auto o = st.json();
  EXPECT_EQ(o->getValue<int64_t>("due_fen"), 15000000);  // 50,000 × 3 posts × 12 months
  auto station = o->getArray("stations")->getObject(0);
  EXPECT_EQ(station->getValue<int64_t>("whole_months"), 12);
  EXPECT_EQ(station->getValue<int64_t>("labour_cost_fen"), spent);
  auto sources = o->getArray("sources");
  EXPECT_EQ(sources->getObject(0)->getValue<int64_t>("due_fen"), 9000000);
  EXPECT_EQ(sources->getObject(1)->getValue<int64_t>("due_fen"), 6000000);
  EXPECT_EQ(sources->getObject(0)->getValue<int64_t>("disbursed_fen"), 2250000);
  EXPECT_EQ(sources->getObject(1)->getValue<int64_t>("disbursed_fen"), 1500000);
  EXPECT_EQ(sources->getObject(0)->getValue<int64_t>("recovered_fen") + sources->getObject(1)->getValue<int64_t>("recovered_fen"),
            100001);
  EXPECT_EQ(o->getValue<int64_t>("disbursed_fen"), 3750000);
  EXPECT_EQ(o->getArray("disbursements")->size(), 2u);
  EXPECT_EQ(o->getValue<int64_t>("recovered_fen"), 100001);
  EXPECT_EQ(o->getValue<int64_t>("labour_cost_fen"), spent);
  EXPECT_EQ(o->getValue<int64_t>("gross_fen") + o->getValue<int64_t>("employer_contributions_fen"), spent);
  EXPECT_EQ(o->getValue<int64_t>("balance_fen"), 3750000 - 100001 - spent);
  // Quarterly installments of 3,750,000 each; the first paid in full.
  auto due = o->getArray("installments");
  ASSERT_EQ(due->size(), 4u);
  EXPECT_EQ(due->getObject(0)->getValue<std::string>("due_on"), "2025-01-01");
  EXPECT_EQ(due->getObject(3)->getValue<std::string>("to"), "2025-12-31");
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(due->getObject(static_cast<unsigned>(i))->getValue<int64_t>("due_fen"), 3750000);
  EXPECT_EQ(due->getObject(0)->getValue<int64_t>("disbursed_fen"), 3750000);
  // The agency reads its statement; it may not record money.
  EXPECT_EQ(s.client().get(path + "/statement?year=2025", w.tokens["agency_admin"]).status, 200);
  EXPECT_EQ(post(path + "/disbursements", R"({"source":"local","amount_fen":1,"paid_on":"2025-01-05","voucher":"A"})", "agency_admin").status,
            403);
  EXPECT_EQ(auditActions(id), (std::vector<std::string>{"purchase_contract.create", "purchase_contract.disburse",
                                                         "purchase_contract.disburse", "purchase_contract.disburse",
                                                         "purchase_contract.recover"}));
}

TEST_F(Procurement, AVoucherSentManyTimesAtOnceIsPaidOnce) {
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2025-01-01", "2027-12-31")).json()->getValue<int64_t>("id");
  auto path = "/api/v1/purchase-contracts/" + str(id);
  auto outcome = test::race(6, [&] {
    return s.client().post(path + "/disbursements", R"({"source":"province","amount_fen":2250000,"paid_on":"2025-01-10","voucher":"GK-1"})",
                           w.tokens["bureau"]);
  });
  EXPECT_EQ(outcome[201], 1);
  EXPECT_EQ(outcome[409], 5);
  EXPECT_EQ(s.client().get(path + "/statement?year=2025", w.tokens["bureau"]).json()->getValue<int64_t>("disbursed_fen"), 2250000);
}

// Fund recoveries become records on the contract, not free text (issue #17; Haining recovers funds
// from agencies that break the rules): a fund_recovery sanction names the agency's contract and is
// the contract's recovery; one recorded on the contract is listed among the agency's sanctions.
TEST_F(Procurement, AFundRecoverySanctionIsARecordOnTheAgencysContract) {
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2025-01-01", "2027-12-31")).json()->getValue<int64_t>("id");
  auto sanctions = "/api/v1/agencies/" + str(w.own.agency) + "/sanctions";
  auto recovery = [&](const std::string& contract, const std::string& reference) {
    return R"({"kind":"fund_recovery","contract_id":)" + contract +
           R"(,"amount_fen":200000,"rule":"late_filings","basis":"海宁市社工站管理办法 第十二条","reason":"3 人变动逾期备案",)"
           R"("reference":")" + reference + R"(","issued_on":"2025-10-01"})";
  };
  auto missing = post(sanctions, R"({"kind":"fund_recovery","amount_fen":1,"reason":"x"})");
  ASSERT_EQ(missing.status, 422);
  for (const char* field : {"\"contract_id\"", "\"rule\"", "\"reference\""})
    EXPECT_NE(missing.body.find(field), std::string::npos) << field << missing.body;
  // Another agency's sanction cannot take funds back from this agency's contract.
  auto agency = s.create("/api/v1/agencies",
                         R"({"name":"另一机构","credit_code":")" + test::creditCode(78) +
                             R"(","kind":"ngo","jurisdiction_id":)" + str(w.own.county) + "}",
                         w.admin);
  auto wrong = post("/api/v1/agencies/" + str(agency) + "/sanctions", recovery(str(id), "海民〔2025〕12号"));
  ASSERT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("contract_id"), std::string::npos) << wrong.body;

  auto made = post(sanctions, recovery(str(id), "海民〔2025〕12号"));
  ASSERT_EQ(made.status, 201) << made.body;
  auto m = made.json();
  EXPECT_EQ(m->getValue<std::string>("kind"), "fund_recovery");
  EXPECT_EQ(m->getValue<int64_t>("contract_id"), id);
  EXPECT_EQ(m->getValue<std::string>("rule"), "late_filings");
  EXPECT_EQ(m->getValue<std::string>("reference"), "海民〔2025〕12号");
  EXPECT_EQ(m->getValue<std::string>("contract"), "JN-2024-001");
  EXPECT_EQ(post(sanctions, recovery(str(id), "海民〔2025〕12号")).status, 409);  // one decision, recovered once
  // Recorded on the contract: the year's statement takes it back.
  auto st = s.client().get("/api/v1/purchase-contracts/" + str(id) + "/statement?year=2025", w.tokens["bureau"]).json();
  EXPECT_EQ(st->getValue<int64_t>("recovered_fen"), 200000);
  EXPECT_EQ(st->getArray("recoveries")->getObject(0)->getValue<int64_t>("id"), m->getValue<int64_t>("recovery_id"));
  // One recorded on the contract is a sanction the agency sees.
  ASSERT_EQ(post("/api/v1/purchase-contracts/" + str(id) + "/recoveries",
                 R"({"amount_fen":5000,"rule":"unfilled_posts","reason":"岗位空缺","decided_on":"2025-11-01","reference":"海民〔2025〕15号"})")
                .status,
            201);
  auto seen = s.client().get(sanctions, w.tokens["agency_admin"]).json()->getArray("items");
  ASSERT_EQ(seen->size(), 2u);
  EXPECT_EQ(seen->getObject(0)->getValue<std::string>("rule"), "unfilled_posts");
  EXPECT_EQ(seen->getObject(0)->getValue<int64_t>("contract_id"), id);
  EXPECT_EQ(seen->getObject(0)->getValue<int64_t>("amount_fen"), 5000);
  EXPECT_EQ(auditActions(id), (std::vector<std::string>{"purchase_contract.create", "purchase_contract.recover",
                                                         "purchase_contract.recover"}));
}

TEST_F(Procurement, AFundRecoverySentManyTimesAtOnceIsTakenBackOnce) {
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2025-01-01", "2027-12-31")).json()->getValue<int64_t>("id");
  auto outcome = test::race(6, [&] {
    return s.client().post("/api/v1/agencies/" + str(w.own.agency) + "/sanctions",
                           R"({"kind":"fund_recovery","contract_id":)" + str(id) +
                               R"(,"amount_fen":300,"rule":"other","reason":"x","reference":"R-1","issued_on":"2025-03-01"})",
                           w.tokens["bureau"]);
  });
  EXPECT_EQ(outcome[201], 1);
  EXPECT_EQ(outcome[409], 5);
  EXPECT_EQ(s.client().get("/api/v1/purchase-contracts/" + str(id) + "/statement?year=2025", w.tokens["bureau"])
                .json()
                ->getValue<int64_t>("recovered_fen"),
            300);
  EXPECT_EQ(s.client().get("/api/v1/agencies/" + str(w.own.agency) + "/sanctions", w.tokens["bureau"]).json()->getArray("items")->size(),
            1u);
}

// Staffing deadlines (issue #17): from the first day a contract covers a station, the place's
// staffing.on_post_within_days (Jinan: 签订1个月内…到岗, as on_post_within_months) raises a flag
// for every funded post still empty after it — not on the deadline itself.
TEST_F(Procurement, FundedPostsStillEmptyTheDayAfterTheOnPostDeadlineAreFlagged) {
  auto policy = s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                               R"({"effective_from":"2020-01-01","staffing":{"on_post_within_days":30}})", w.admin);
  ASSERT_EQ(policy.status, 200) << policy.body;
  auto second = s.create("/api/v1/stations",
                         R"({"name":"海宁二街道社工站","jurisdiction_id":)" + str(w.own.town) + R"(,"agency_id":)" + str(w.own.agency) + "}",
                         w.admin);
  // 30 Nov + 30 days = 30 Dec, passed by 31 Dec; 1 Dec + 30 days = 31 Dec, the window's last day.
  auto late = post("/api/v1/purchase-contracts", body(w.own.station, "2025-11-30", "2028-11-29", 3)).json()->getValue<int64_t>("id");
  ASSERT_EQ(post("/api/v1/purchase-contracts", body(second, "2025-12-01", "2028-11-30", 1)).status, 201);
  auto unfilled = [&](int year) {
    std::vector<json::Obj> out;
    auto items = s.client().get("/api/v1/flags?year=" + std::to_string(year), w.tokens["bureau"]).json()->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i)
      if (auto f = items->getObject(static_cast<unsigned>(i)); f->getValue<std::string>("kind") == "unfilled_posts") out.push_back(f);
    return out;
  };
  auto flags = unfilled(2025);
  ASSERT_EQ(flags.size(), 1u);
  auto d = flags[0]->getObject("details");
  EXPECT_EQ(flags[0]->getValue<int64_t>("station_id"), w.own.station);
  EXPECT_EQ(d->getValue<int64_t>("contract_id"), late);
  EXPECT_EQ(d->getValue<std::string>("deadline"), "2025-12-30");
  EXPECT_EQ(d->getValue<int64_t>("funded_posts"), 3);
  EXPECT_EQ(d->getValue<int64_t>("in_post"), 1);  // the station's one worker
  EXPECT_EQ(d->getValue<int64_t>("empty_posts"), 2);
  // In 2026 the second station's one post is still empty too; filling the first's two clears it.
  EXPECT_EQ(unfilled(2026).size(), 2u);
  for (int i = 0; i < 2; ++i)
    s.create("/api/v1/employments",
             test::hireBody(test::idNumber("330481", "19930303", 60 + i), w.own.station, "2025-12-15",
                            R"(,"end_date":"2028-12-31")", "补员" + std::to_string(i)),
             w.admin);
  EXPECT_TRUE(unfilled(2025).empty());
  ASSERT_EQ(unfilled(2026).size(), 1u);
  EXPECT_EQ(unfilled(2026)[0]->getValue<int64_t>("station_id"), second);
  // Another county's bureau sees none of it.
  w.user("bureau_other", "bureau", "jurisdiction_id", w.other.county);
  auto other = s.client().get("/api/v1/flags?year=2026", s.login("bureau_other", test::kUserPassword)).body;
  EXPECT_EQ(other.find("unfilled_posts"), std::string::npos) << other;
}

namespace {
// Hunan's 禾计划 funds by tier (1.0 / 2.0 / 3.0); the indicators and marks here are illustrative.
const char* kTiered =
    R"({"effective_from":"2020-01-01","name":"年度评估（分档）","indicators":[{"key":"service","name":"服务成效","weight":60,"max_score":100},)"
    R"({"key":"management","name":"规范管理","weight":40,"max_score":50}],"pass_mark":60,)"
    R"("tiers":[{"name":"一档","min_score":90,"funding_factor":3},{"name":"二档","min_score":75,"funding_factor":2},)"
    R"({"name":"三档","min_score":60,"funding_factor":1}]})";
// Jinan: pass or fail, and a fail ends the contract (经评估不合格的,终止政府购买服务合同).
const char* kPassFail =
    R"({"effective_from":"2020-01-01","name":"年度评估（合格制）","indicators":[{"key":"overall","name":"综合评估","weight":100,"max_score":100}],)"
    R"("pass_mark":60,"fail_terminates":true})";
}  // namespace

TEST_F(Procurement, APassingEvaluationSetsNextYearsFundingAndRenewsTheContractInOneAction) {
  ASSERT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.city) + "/evaluation-scheme", kTiered, w.admin).status, 200);
  // The county has none of its own: the city's is in force there.
  auto scheme = s.client().get("/api/v1/jurisdictions/" + str(w.own.county) + "/evaluation-scheme?on=2025-12-31", w.tokens["bureau"]);
  ASSERT_EQ(scheme.status, 200) << scheme.body;
  EXPECT_EQ(scheme.json()->getValue<int64_t>("jurisdiction_id"), w.city);
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2023-01-01", "2025-12-31")).json()->getValue<int64_t>("id");
  auto path = "/api/v1/purchase-contracts/" + str(id);
  ASSERT_EQ(post(path + "/activate").status, 200);
  EXPECT_EQ(post(path + "/renew").status, 409);  // no evaluation yet
  auto bad = post(path + "/evaluations", R"({"year":2025,"scores":{"service":101,"staff":3}})");
  ASSERT_EQ(bad.status, 422);
  for (const char* f : {"scores.service", "scores.staff", "scores.management"}) EXPECT_NE(bad.body.find(f), std::string::npos) << f;
  // 80/100 × 60 + 45/50 × 40 = 48 + 36 = 84: 二档, funding factor 2.0 for 2026.
  auto e = post(path + "/evaluations", R"({"year":2025,"scores":{"service":80,"management":45},"evaluated_on":"2026-01-10"})");
  ASSERT_EQ(e.status, 201) << e.body;
  auto ev = e.json()->getArray("evaluations")->getObject(0);
  EXPECT_EQ(ev->getValue<std::string>("score"), "84.00");
  EXPECT_EQ(ev->getValue<std::string>("outcome"), "pass");
  EXPECT_EQ(ev->getValue<std::string>("tier"), "二档");
  EXPECT_EQ(ev->getValue<std::string>("funding_factor"), "2.00");
  EXPECT_EQ(post(path + "/evaluations", R"({"year":2025,"scores":{"service":10,"management":5}})").status, 409);

  // Renewed once, from the day after the end, for the same three years.
  auto renewed = post(path + "/renew");
  ASSERT_EQ(renewed.status, 201) << renewed.body;
  auto next = renewed.json();
  EXPECT_EQ(next->getValue<std::string>("start_date"), "2026-01-01");
  EXPECT_EQ(next->getValue<std::string>("end_date"), "2028-12-31");
  EXPECT_EQ(next->getValue<std::string>("status"), "signed");
  EXPECT_EQ(next->getValue<int64_t>("renewed_from"), id);
  EXPECT_EQ(next->getValue<int64_t>("funded_posts"), 3);
  EXPECT_EQ(post(path + "/renew").status, 409);
  // The new term's first year is funded at 2.0 × standard × posts.
  auto st = s.client().get("/api/v1/purchase-contracts/" + str(next->getValue<int64_t>("id")) + "/statement?year=2026",
                           w.tokens["bureau"]).json();
  EXPECT_EQ(st->getValue<std::string>("funding_factor"), "2.00");
  EXPECT_EQ(st->getValue<int64_t>("due_fen"), 30000000);
  // The old contract's own 2025 is funded at 1.0 (no evaluation of 2024).
  EXPECT_EQ(s.client().get(path + "/statement?year=2025", w.tokens["bureau"]).json()->getValue<int64_t>("due_fen"), 15000000);
  EXPECT_EQ(auditActions(next->getValue<int64_t>("id")), (std::vector<std::string>{"purchase_contract.renew"}));
}

// One write discipline: every step of a contract is a conditional update or a unique key, so six
// identical requests at once (as from two servers) take effect once and the rest are 409.
TEST_F(Procurement, EachStepOfAContractSentManyTimesAtOnceTakesEffectOnce) {
  ASSERT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.city) + "/evaluation-scheme", kTiered, w.admin).status, 200);
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2023-01-01", "2025-12-31")).json()->getValue<int64_t>("id");
  auto path = "/api/v1/purchase-contracts/" + str(id);
  auto once = [&](const std::string& step, const std::string& b, int ok) {
    auto outcome = test::race(6, [&] { return s.client().post(step, b, w.tokens["bureau"]); });
    EXPECT_EQ(outcome[ok], 1) << step;
    EXPECT_EQ(outcome[409], 5) << step;
  };
  once(path + "/activate", "", 200);
  once(path + "/evaluations", R"({"year":2025,"scores":{"service":80,"management":45},"evaluated_on":"2026-01-10"})", 201);
  once(path + "/renew", "", 201);
  once(path + "/end", "", 200);
  auto renewals = s.client().get("/api/v1/purchase-contracts?station_id=" + str(w.own.station), w.tokens["bureau"]).json()->getArray("items");
  ASSERT_EQ(renewals->size(), 2u);
  auto next = renewals->getObject(0)->getValue<int64_t>("id") == id ? renewals->getObject(1) : renewals->getObject(0);
  once("/api/v1/purchase-contracts/" + str(next->getValue<int64_t>("id")) + "/terminate", R"({"on":"2026-06-30","reason":"机构撤出"})",
       200);
  EXPECT_EQ(auditActions(id), (std::vector<std::string>{"purchase_contract.activate", "purchase_contract.create",
                                                         "purchase_contract.end", "purchase_contract.evaluate"}));
  EXPECT_EQ(auditActions(next->getValue<int64_t>("id")),
            (std::vector<std::string>{"purchase_contract.renew", "purchase_contract.terminate"}));
}

TEST_F(Procurement, AFailUnderAPassFailSchemeProposesTerminationThatTheBureauConfirms) {
  auto put = s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/evaluation-scheme", kPassFail, w.tokens["bureau"]);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/evaluation-scheme", kPassFail, w.tokens["bureau"]).status,
            409);  // one version a day
  auto id = post("/api/v1/purchase-contracts", body(w.own.station, "2024-01-01", "2026-12-31")).json()->getValue<int64_t>("id");
  auto path = "/api/v1/purchase-contracts/" + str(id);
  ASSERT_EQ(post(path + "/activate").status, 200);
  EXPECT_EQ(post(path + "/evaluations", R"({"year":2023,"scores":{"overall":70}})").status, 422);  // before the term
  auto e = post(path + "/evaluations", R"({"year":2025,"scores":{"overall":59}})");
  ASSERT_EQ(e.status, 201) << e.body;
  auto ev = e.json()->getArray("evaluations")->getObject(0);
  EXPECT_EQ(ev->getValue<std::string>("outcome"), "fail");
  EXPECT_TRUE(ev->isNull("tier"));
  EXPECT_EQ(ev->getValue<std::string>("proposal"), "proposed");
  EXPECT_EQ(e.json()->getValue<std::string>("status"), "active");  // only proposed
  EXPECT_EQ(post(path + "/renew").status, 409);                     // its latest evaluation failed
  auto confirmed = post(path + "/evaluations/2025/proposal", R"({"decision":"confirm","on":"2026-03-31","reason":"2025 年度评估不合格"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto c = confirmed.json();
  EXPECT_EQ(c->getValue<std::string>("status"), "terminated");
  EXPECT_EQ(c->getValue<std::string>("ended_on"), "2026-03-31");
  EXPECT_EQ(c->getArray("stations")->getObject(0)->getValue<std::string>("to"), "2026-03-31");
  EXPECT_EQ(c->getArray("evaluations")->getObject(0)->getValue<std::string>("proposal"), "confirmed");
  EXPECT_EQ(post(path + "/evaluations/2025/proposal", R"({"decision":"dismiss","reason":"x"})").status, 409);
  EXPECT_EQ(auditActions(id), (std::vector<std::string>{"purchase_contract.activate", "purchase_contract.create",
                                                         "purchase_contract.evaluate", "purchase_contract.proposal",
                                                         "purchase_contract.terminate"}));
  // A scheme whose weights do not add up is refused, naming it.
  auto wrong = s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/evaluation-scheme",
                              R"({"effective_from":"2021-01-01","name":"x","indicators":[{"key":"a","name":"甲","weight":50,"max_score":10}],"pass_mark":60})",
                              w.tokens["bureau"]);
  ASSERT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("\"indicators\""), std::string::npos) << wrong.body;
}

// Hand-over at re-tendering (issue #17): from 16 March 2026 the own station is another agency's.
// The World's worker goes with it (the old employment ends on the 15th, a new one continues it with
// its service years); the second worker leaves. March's pay splits between the two agencies by days
// and adds up to the month.
TEST_F(Procurement, AStationHandedOverMidMonthTransfersItsWorkerAndMarchPayAddsUpAcrossBothAgencies) {
  auto second = w.hire(w.own);
  auto oldContract =
      post("/api/v1/purchase-contracts", body(w.own.station, "2025-01-01", "2027-12-31")).json()->getValue<int64_t>("id");
  auto newAgency = s.create("/api/v1/agencies",
                            R"({"name":"新承接机构","credit_code":")" + test::creditCode(88) +
                                R"(","kind":"ngo","rating":"4A","jurisdiction_id":)" + str(w.own.county) + "}",
                            w.admin);
  auto path = "/api/v1/stations/" + str(w.own.station) + "/hand-over";
  auto transfer = R"({"employment_id":)" + str(w.own.employment) + R"(,"action":"transfer"})";
  // Everyone in post the day before is listed.
  auto missing = post(path, R"({"agency_id":)" + str(newAgency) + R"(,"from":"2026-03-16","workers":[)" + transfer + "]}");
  ASSERT_EQ(missing.status, 422) << missing.body;
  EXPECT_NE(missing.body.find("employment " + str(second) + " is missing"), std::string::npos) << missing.body;
  EXPECT_EQ(s.client().post(path, "{}", w.tokens["agency_admin"]).status, 403);
  auto handed = post(path, R"({"agency_id":)" + str(newAgency) + R"(,"from":"2026-03-16","workers":[)" + transfer +
                               R"(,{"employment_id":)" + str(second) + R"(,"action":"end","end_reason":"mutual_agreement"}]})");
  ASSERT_EQ(handed.status, 200) << handed.body;
  auto h = handed.json();
  auto moved = h->getArray("transferred")->getObject(0)->getValue<int64_t>("employment_id");
  EXPECT_EQ(h->getArray("ended")->getElement<int64_t>(0), second);
  EXPECT_EQ(h->getArray("contracts_cut")->getElement<int64_t>(0), oldContract);
  // Twice is refused: the station is no longer the old agency's.
  EXPECT_EQ(post(path, R"({"agency_id":)" + str(newAgency) + R"(,"from":"2026-03-16","workers":[]})").status, 422);

  // The station keeps its history of agencies.
  auto station = s.client().get("/api/v1/stations/" + str(w.own.station), w.admin).json();
  EXPECT_EQ(station->getValue<int64_t>("agency_id"), newAgency);
  auto agencies = station->getArray("agencies");
  ASSERT_EQ(agencies->size(), 2u);
  EXPECT_EQ(agencies->getObject(0)->getValue<std::string>("to"), "2026-03-15");
  EXPECT_EQ(agencies->getObject(1)->getValue<std::string>("from"), "2026-03-16");
  // The old employment ended the day before; the new one continues it and its service years.
  auto old = s.client().get("/api/v1/employments/" + str(w.own.employment), w.admin).json();
  EXPECT_EQ(old->getValue<std::string>("ended_on"), "2026-03-15");
  EXPECT_EQ(old->getValue<std::string>("end_reason"), "transferred");
  auto now = s.client().get("/api/v1/employments/" + str(moved), w.admin).json();
  EXPECT_EQ(now->getValue<int64_t>("agency_id"), newAgency);
  EXPECT_EQ(now->getValue<std::string>("start_date"), "2026-03-16");
  EXPECT_EQ(now->getValue<std::string>("end_date"), "2027-12-31");  // the old contract's end
  EXPECT_EQ(now->getValue<std::string>("service_from"), "2025-01-01");
  EXPECT_EQ(now->getValue<int64_t>("transferred_from"), w.own.employment);
  // Both changes are filed with the bureau.
  for (auto [employment, kind] : {std::pair{w.own.employment, "departure"}, std::pair{moved, "hire"}, std::pair{second, "departure"}}) {
    auto filings = s.client().get("/api/v1/filings?employment_id=" + str(employment), w.admin).body;
    EXPECT_NE(filings.find(std::string("\"") + kind + "\""), std::string::npos) << employment << ": " << filings;
  }
  // The old contract stops the day before; the new agency's may start that day, the old one's not.
  auto cut = s.client().get("/api/v1/purchase-contracts/" + str(oldContract), w.tokens["bureau"]).json();
  EXPECT_EQ(cut->getArray("stations")->getObject(0)->getValue<std::string>("to"), "2026-03-15");
  EXPECT_EQ(post("/api/v1/purchase-contracts", body(w.own.station, "2026-03-16", "2029-03-15", 3, str(newAgency))).status, 201);

  // March: the old agency pays 1–15, the new one 16–31; together a full month as in February.
  auto run = [&](int64_t agency, const std::string& period) {
    auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(agency) + R"(,"period":")" + period + "\"}", w.admin);
    EXPECT_EQ(r.status, 201) << r.body;
    return s.client().get("/api/v1/payroll-runs/" + str(r.json()->getValue<int64_t>("id")) + "/payslips", w.admin).json()->getArray("items");
  };
  auto of = [](const Poco::JSON::Array::Ptr& slips, int64_t employment, const char* field) {
    for (std::size_t i = 0; i < slips->size(); ++i)
      if (auto x = slips->getObject(static_cast<unsigned>(i)); x->getValue<int64_t>("employment_id") == employment)
        return x->getValue<int64_t>(field);
    return int64_t{-1};
  };
  auto feb = run(w.own.agency, "2026-02"), marA = run(w.own.agency, "2026-03"), marB = run(newAgency, "2026-03");
  auto february = of(feb, w.own.employment, "gross_fen");
  auto before = of(marA, w.own.employment, "gross_fen");
  auto after = of(marB, moved, "gross_fen");
  // A month is contributed once: the old agency pays March's social insurance and housing fund,
  // the new one from April.
  EXPECT_EQ(of(marA, w.own.employment, "pension_fen"), of(feb, w.own.employment, "pension_fen"));
  EXPECT_EQ(of(marB, moved, "pension_fen"), 0);
  EXPECT_EQ(of(marB, moved, "housing_fund_fen"), 0);
  EXPECT_EQ(of(marB, moved, "employer_pension_fen"), 0);
  ASSERT_GT(february, 0);
  ASSERT_GT(before, 0);
  ASSERT_GT(after, 0);
  EXPECT_LT(before, after);  // 15 days against 16
  EXPECT_EQ(before + after, february);

  // Going with the station is not leaving: the old agency's one leaver in 2026 is the second worker.
  auto rows = s.client().get("/api/v1/reports/staffing?year=2026&by=agency", w.tokens["bureau"]).json()->getArray("rows");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto row = rows->getObject(static_cast<unsigned>(i));
    if (row->getValue<int64_t>("agency_id") == w.own.agency) {
      EXPECT_EQ(row->getValue<int64_t>("leavers"), 1);
    }
    if (row->getValue<int64_t>("agency_id") == newAgency) {
      EXPECT_EQ(row->getValue<int64_t>("hires"), 0);
    }
  }
  // Another county's bureau cannot hand the station over.
  w.user("bureau_other", "bureau", "jurisdiction_id", w.other.county);
  EXPECT_EQ(s.client()
                .post(path, R"({"agency_id":)" + str(w.own.agency) + R"(,"from":"2026-06-01","workers":[]})",
                      s.login("bureau_other", test::kUserPassword))
                .status,
            404);
}

// A hand-over recorded late: a worker the old agency hired there on or after the day would be left
// at a station it no longer runs, so the hand-over is refused, naming the employment.
TEST_F(Procurement, AHandOverLeavesNobodyTheOldAgencyHiredThereFromItsDay) {
  auto late = s.create("/api/v1/employments",
                       test::hireBody(test::idNumber("330481", "19930303", 301), w.own.station, "2026-03-20",
                                      R"(,"end_date":"2027-12-31")", "后入职"),
                       w.admin);
  auto newAgency = s.create("/api/v1/agencies",
                            R"({"name":"新承接机构","credit_code":")" + test::creditCode(89) +
                                R"(","kind":"ngo","jurisdiction_id":)" + str(w.own.county) + "}",
                            w.admin);
  auto r = post("/api/v1/stations/" + str(w.own.station) + "/hand-over",
                R"({"agency_id":)" + str(newAgency) + R"(,"from":"2026-03-16","workers":[{"employment_id":)" +
                    str(w.own.employment) + R"(,"action":"transfer"}]})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("employment " + str(late) + " starts at the station on 2026-03-20"), std::string::npos) << r.body;
  // From the day after it, the hire is someone in post to list.
  auto after = post("/api/v1/stations/" + str(w.own.station) + "/hand-over",
                    R"({"agency_id":)" + str(newAgency) + R"(,"from":"2026-03-21","workers":[{"employment_id":)" +
                        str(w.own.employment) + R"(,"action":"transfer"},{"employment_id":)" + str(late) +
                        R"(,"action":"transfer"}]})");
  EXPECT_EQ(after.status, 200) << after.body;
}

TEST_F(Procurement, HandOversOfOneStationSentAtOnceHandItOverOnce) {
  auto agency = s.create("/api/v1/agencies",
                         R"({"name":"新承接机构","credit_code":")" + test::creditCode(89) +
                             R"(","kind":"ngo","jurisdiction_id":)" + str(w.own.county) + "}",
                         w.admin);
  auto b = R"({"agency_id":)" + str(agency) + R"(,"from":"2026-03-16","workers":[{"employment_id":)" + str(w.own.employment) +
           R"(,"action":"transfer"}]})";
  auto outcome = test::race(4, [&] {
    return s.client().post("/api/v1/stations/" + str(w.own.station) + "/hand-over", b, w.tokens["bureau"]);
  });
  EXPECT_EQ(outcome[200], 1);
  EXPECT_EQ(outcome[200] + outcome[409] + outcome[422], 4);  // a later one finds the station already the new agency's
  auto history = s.client().get("/api/v1/stations/" + str(w.own.station), w.admin).json()->getArray("agencies");
  EXPECT_EQ(history->size(), 2u);
  auto people = s.client().get("/api/v1/employments?station_id=" + str(w.own.station), w.admin).json()->getArray("items");
  EXPECT_EQ(people->size(), 2u);  // the old employment and the one continuing it, once
}

// The bureau's roll-up (issue #17): a city sees each county's contracts summed, and the total; a
// county sees its own; as CSV for Excel with the totals row.
TEST_F(Procurement, TheCitySeesEachCountysContractsSummedAndTheTotalAddsUp) {
  auto own = post("/api/v1/purchase-contracts", body(w.own.station, "2025-01-01", "2027-12-31")).json()->getValue<int64_t>("id");
  auto otherBody = R"({"jurisdiction_id":)" + str(w.other.county) + R"(,"agency_id":)" + str(w.other.agency) +
                   R"(,"start_date":"2025-07-01","end_date":"2028-06-30","stations":[{"station_id":)" + str(w.other.station) +
                   R"(,"funded_posts":2}],"annual_standard_fen":4800000,"sources":[{"source":"city","pct":100}]})";
  auto other = s.client().post("/api/v1/purchase-contracts", otherBody, w.admin);
  ASSERT_EQ(other.status, 201) << other.body;
  ASSERT_EQ(post("/api/v1/purchase-contracts/" + str(own) + "/disbursements",
                 R"({"source":"local","amount_fen":1000000,"paid_on":"2025-02-01","voucher":"V-1"})")
                .status,
            201);
  w.user("bureau_city", "bureau", "jurisdiction_id", w.city);
  auto city = s.login("bureau_city", test::kUserPassword);
  auto r = s.client().get("/api/v1/jurisdictions/" + str(w.city) + "/purchase-funding?year=2025", city);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rows = r.json()->getArray("rows");
  ASSERT_EQ(rows->size(), 2u);
  std::map<int64_t, json::Obj> byPlace;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto o = rows->getObject(static_cast<unsigned>(i));
    byPlace[o->getValue<int64_t>("jurisdiction_id")] = o;
  }
  EXPECT_EQ(byPlace[w.own.county]->getValue<int64_t>("due_fen"), 15000000);
  EXPECT_EQ(byPlace[w.other.county]->getValue<int64_t>("due_fen"), 4800000);  // half a year × 2 posts × 48,000
  EXPECT_EQ(byPlace[w.own.county]->getValue<int64_t>("disbursed_fen"), 1000000);
  auto total = r.json()->getObject("total");
  EXPECT_EQ(total->getValue<int64_t>("contracts"), 2);
  EXPECT_EQ(total->getValue<int64_t>("funded_posts"), 5);
  EXPECT_EQ(total->getValue<int64_t>("due_fen"), 19800000);
  // Each row is its contracts' statements.
  auto statement = s.client().get("/api/v1/purchase-contracts/" + str(own) + "/statement?year=2025", city).json();
  EXPECT_EQ(byPlace[w.own.county]->getValue<int64_t>("balance_fen"), statement->getValue<int64_t>("balance_fen"));
  // The county bureau sees its own only; the other county's not at all.
  auto county = s.client().get("/api/v1/jurisdictions/" + str(w.own.county) + "/purchase-funding?year=2025", w.tokens["bureau"]);
  ASSERT_EQ(county.json()->getArray("rows")->size(), 1u);
  EXPECT_EQ(county.json()->getObject("total")->getValue<int64_t>("due_fen"), 15000000);
  EXPECT_EQ(s.client().get("/api/v1/jurisdictions/" + str(w.other.county) + "/purchase-funding?year=2025", w.tokens["bureau"]).status,
            404);
  // CSV for Excel: a BOM, Chinese headers, yuan with two decimals, the totals row.
  auto csv = s.client().get("/api/v1/jurisdictions/" + str(w.city) + "/purchase-funding?year=2025&format=csv", city);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.body.find("应拨经费(元)"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("198000.00"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("合计"), std::string::npos) << csv.body;
}

// A hand-over keeps the place's rules on who may run a station (Jinan: 县级社工总站与乡镇（街道）社工站
// 不得由同一机构承接): the agency of the county's total station cannot take a town's station.
TEST_F(Procurement, AHandOverIsRefusedWhereThePlaceForbidsTheNewAgencyTheStation) {
  ASSERT_EQ(s.client()
                .put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                     R"({"effective_from":"2020-01-01","staffing":{"county_and_town_same_agency":false}})", w.admin)
                .status,
            200);
  auto total = s.create("/api/v1/agencies",
                        R"({"name":"总站机构","credit_code":")" + test::creditCode(90) + R"(","kind":"ngo","jurisdiction_id":)" +
                            str(w.own.county) + "}",
                        w.admin);
  s.create("/api/v1/stations",
           R"({"name":"海宁市社工总站","jurisdiction_id":)" + str(w.own.county) + R"(,"agency_id":)" + str(total) + "}", w.admin);
  auto r = post("/api/v1/stations/" + str(w.own.station) + "/hand-over",
                R"({"agency_id":)" + str(total) + R"(,"from":"2026-03-16","workers":[{"employment_id":)" + str(w.own.employment) +
                    R"(,"action":"transfer"}]})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("\"agency_id\""), std::string::npos) << r.body;
  EXPECT_EQ(s.client().get("/api/v1/stations/" + str(w.own.station), w.admin).json()->getValue<int64_t>("agency_id"), w.own.agency);
}
