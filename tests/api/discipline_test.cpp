// Misconduct cases over HTTP on both engines: opened by early or late leaving or by the agency's
// report, decided by the bureau (dismissed or listed on the blacklist), appealed by the worker;
// the whole path from leaving early to a refused and then a successful hire elsewhere.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

class Discipline : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  static std::string str(int64_t v) { return std::to_string(v); }

  // Haining's commitment: 30 days by law; a month's notice, then leave once the replacement is in
  // post, at most two months after notice.
  void commitment() {
    auto r = s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                            R"({"effective_from":"2020-01-01","blacklist_years":2,"notice":{"statutory_days":30,)"
                            R"("probation_days":3,"policy_months":1,"replacement_required":true,"max_months":2}})",
                            w.admin);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // The own worker gives notice on 1 March 2026 for 31 March (lawful; with no replacement the
  // commitment says 1 May) and the agency lets them go then. Returns the case the departure opened.
  json::Obj leaveEarly() {
    auto r = s.client().post("/api/v1/resignations",
                             R"({"employment_id":)" + str(w.own.employment) +
                                 R"(,"notice_date":"2026-03-01","requested_last_day":"2026-03-31","reason":"另有工作"})",
                             w.tokens["worker"]);
    EXPECT_EQ(r.status, 201) << r.body;
    auto resignation = r.json()->getValue<int64_t>("id");
    EXPECT_EQ(r.json()->getValue<std::string>("allowed_last_day"), "2026-05-01");
    auto done = s.client().post("/api/v1/resignations/" + str(resignation) + "/complete", "", w.tokens["agency_admin"]);
    EXPECT_EQ(done.status, 200) << done.body;
    auto cases = s.client().get("/api/v1/misconduct-cases?kind=early_leaving", w.tokens["bureau"]).json()->getArray("items");
    EXPECT_EQ(cases->size(), 1u);
    auto c = cases->getObject(0);
    EXPECT_EQ(c->getValue<int64_t>("resignation_id"), resignation);
    return c;
  }
  // The first of the caller's flags for 2026 of that kind, or null.
  json::Obj flagOfKind(const std::string& token, const std::string& kind) {
    auto flags = s.client().get("/api/v1/flags?year=2026", token).json()->getArray("items");
    for (std::size_t i = 0; i < flags->size(); ++i)
      if (flags->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind") == kind)
        return flags->getObject(static_cast<unsigned>(i));
    return nullptr;
  }
  test::HttpResult hireElsewhere(const std::string& start) {
    return s.client().post("/api/v1/employments", test::hireBody(w.own.idNumber, w.other.station, start, "", "海宁市社工"), w.admin);
  }
};

TEST_F(Discipline, WholePathEarlyLeavingCaseListingRefusedHireEntryEndsHireSucceeds) {
  commitment();
  auto c = leaveEarly();
  EXPECT_EQ(c->getValue<std::string>("status"), "open");
  EXPECT_EQ(c->getValue<std::string>("occurred_on"), "2026-03-31");
  auto id = str(c->getValue<int64_t>("id"));
  // The bureau of the station's jurisdiction decides; the other county's bureau does not see it.
  w.user("bureau_other", "bureau", "jurisdiction_id", w.other.county);
  auto otherBureau = s.login("bureau_other", test::kUserPassword);
  EXPECT_EQ(s.client().get("/api/v1/misconduct-cases/" + id, otherBureau).status, 404);
  EXPECT_EQ(s.client().post("/api/v1/misconduct-cases/" + id + "/list", "", otherBureau).status, 404);
  EXPECT_EQ(s.client().post("/api/v1/misconduct-cases/" + id + "/list", R"({"listed_on":"2026-03-30"})", w.tokens["bureau"]).status,
            422);  // before the misconduct
  auto listed = s.client().post("/api/v1/misconduct-cases/" + id + "/list", R"({"listed_on":"2026-04-10"})", w.tokens["bureau"]);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()->getValue<std::string>("status"), "listed");
  auto entry = listed.json()->getObject("blacklist_entry");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->getValue<std::string>("ends_on"), "2028-04-10");  // blacklist_years = 2 from the listing date
  EXPECT_EQ(entry->getValue<std::string>("id_number"), w.own.idNumber);  // the keeper sees it whole
  EXPECT_EQ(s.client().post("/api/v1/misconduct-cases/" + id + "/dismiss", R"({"reason":"x"})", w.tokens["bureau"]).status, 409);

  // A hire at another agency is refused while the entry is in force (judged on the first day in post) ...
  auto refused = hireElsewhere("2028-04-09");
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.code(), "blacklisted");
  // ... which an agency learns only from the check, with the end date, never from the list.
  auto check = s.client().get("/api/v1/blacklist/check?id_number=" + w.own.idNumber + "&on=2028-04-09", w.tokens["agency_admin"]);
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(check.json()->getValue<bool>("listed"));
  EXPECT_EQ(check.json()->getValue<std::string>("until"), "2028-04-10");
  EXPECT_EQ(s.client().get("/api/v1/blacklist", w.tokens["agency_admin"]).status, 403);
  EXPECT_EQ(s.client().get("/api/v1/blacklist/" + str(entry->getValue<int64_t>("id")), w.tokens["agency_admin"]).status, 403);
  // The entry ends: the same hire from the end date succeeds.
  auto hired = hireElsewhere("2028-04-10");
  EXPECT_EQ(hired.status, 201) << hired.body;
}

TEST_F(Discipline, AnAgencyReportIsListedAndTheBureauLiftsTheEntryEarly) {
  auto idNumber = test::idNumber("330481", "19930303", 301);
  auto employment = s.create("/api/v1/employments", test::hireBody(idNumber, w.own.station, "2025-06-01"), w.admin);
  auto missing = s.client().post("/api/v1/misconduct-cases", R"({"employment_id":)" + str(employment) + R"(,"description":"x"})",
                                 w.tokens["agency_admin"]);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.field("category"), "is required");
  EXPECT_EQ(s.client().post("/api/v1/misconduct-cases",
                            R"({"employment_id":)" + str(w.other.employment) +
                                R"(,"category":"other","description":"x","occurred_on":"2026-05-01"})",
                            w.tokens["agency_admin"]).status, 404);  // not the agency's employee
  auto reported = s.client().post("/api/v1/misconduct-cases",
                                  R"({"employment_id":)" + str(employment) +
                                      R"(,"category":"falsified_records","description":"伪造服务记录",)"
                                      R"("evidence":"2026年5月台账与签到不符","occurred_on":"2026-05-20"})",
                                  w.tokens["agency_admin"]);
  ASSERT_EQ(reported.status, 201) << reported.body;
  auto c = reported.json();
  EXPECT_EQ(c->getValue<std::string>("kind"), "reported");
  EXPECT_FALSE(c->has("blacklist_entry"));  // the agency sees outcomes, not entries
  auto id = str(c->getValue<int64_t>("id"));
  auto listed = s.client().post("/api/v1/misconduct-cases/" + id + "/list", R"({"reason":"伪造服务记录，查实"})", w.tokens["bureau"]);
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto entry = str(listed.json()->getObject("blacklist_entry")->getValue<int64_t>("id"));
  auto body = test::hireBody(idNumber, w.other.station, "2027-01-04");
  // Ending the first employment frees the person; the listing still stops the hire.
  ASSERT_EQ(s.client().post("/api/v1/employments/" + str(employment) + "/end", R"({"last_day":"2026-06-30","reason":"other"})",
                            w.tokens["agency_admin"]).status, 200);
  auto refused = s.client().post("/api/v1/employments", body, w.admin);
  EXPECT_EQ(refused.code(), "blacklisted") << refused.body;
  EXPECT_EQ(s.client().post("/api/v1/blacklist/" + entry + "/lift", R"({"lifted_on":"2027-01-04"})", w.tokens["bureau"]).status,
            422);  // lifting needs a reason
  auto lifted = s.client().post("/api/v1/blacklist/" + entry + "/lift", R"({"lifted_on":"2027-01-04","reason":"复核认定情节轻微"})",
                                w.tokens["bureau"]);
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  auto hired = s.client().post("/api/v1/employments", body, w.admin);
  EXPECT_EQ(hired.status, 201) << hired.body;
}

TEST_F(Discipline, TheWorkerSeesTheirCaseAndEntryAndAnUpheldAppealLiftsIt) {
  commitment();
  auto id = str(leaveEarly()->getValue<int64_t>("id"));
  EXPECT_EQ(s.client().post("/api/v1/misconduct-cases/" + id + "/appeal", R"({"note":"x"})", w.tokens["worker"]).status,
            409);  // nothing to appeal before a listing
  ASSERT_EQ(s.client().post("/api/v1/misconduct-cases/" + id + "/list", R"({"listed_on":"2026-04-10"})", w.tokens["bureau"]).status,
            200);
  auto mine = s.client().get("/api/v1/misconduct-cases", w.tokens["worker"]).json()->getArray("items");
  ASSERT_EQ(mine->size(), 1u);
  auto seen = s.client().get("/api/v1/misconduct-cases/" + id, w.tokens["worker"]).json();
  auto entry = seen->getObject("blacklist_entry");
  ASSERT_TRUE(entry);
  EXPECT_NE(entry->getValue<std::string>("id_number"), w.own.idNumber);  // masked, even for themself
  auto appeal = s.client().post("/api/v1/misconduct-cases/" + id + "/appeal", R"({"note":"离职前已与机构协商一致，附协议"})",
                                w.tokens["worker"]);
  ASSERT_EQ(appeal.status, 200) << appeal.body;
  EXPECT_EQ(appeal.json()->getObject("appeal")->getValue<std::string>("status"), "pending");
  EXPECT_EQ(s.client().post("/api/v1/misconduct-cases/" + id + "/appeal", R"({"note":"again"})", w.tokens["worker"]).status, 409);
  EXPECT_EQ(s.client().post("/api/v1/misconduct-cases/" + id + "/appeal/decision", R"({"outcome":"upheld"})", w.tokens["bureau"])
                .field("reason"),
            "is required");
  auto decided = s.client().post("/api/v1/misconduct-cases/" + id + "/appeal/decision",
                                 R"({"outcome":"upheld","reason":"协商一致离职，不属违约"})", w.tokens["bureau"]);
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(decided.json()->getObject("appeal")->getValue<std::string>("status"), "upheld");
  EXPECT_FALSE(decided.json()->getObject("blacklist_entry")->isNull("lifted_on"));
  EXPECT_FALSE(s.client().get("/api/v1/blacklist/check?id_number=" + w.own.idNumber, w.tokens["agency_admin"]).json()->getValue<bool>("listed"));
}

// Issue #12: waiting for the agency to find a replacement is not the worker's misconduct. Measured
// on main: a worker still in post after the latest date got a late_leaving case. Now no case is
// opened; the bureau sees a replacement_overdue flag on the agency and may review it.
TEST_F(Discipline, WaitingPastTheLatestDateForAReplacementFlagsTheAgencyAndOpensNoCase) {
  commitment();
  auto r = s.client().post("/api/v1/resignations",
                           R"({"employment_id":)" + str(w.own.employment) +
                               R"(,"notice_date":"2026-01-05","requested_last_day":"2026-03-31","reason":"回老家"})",
                           w.tokens["worker"]);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()->getValue<std::string>("latest_date"), "2026-03-05");
  auto overdue = flagOfKind(w.tokens["bureau"], "replacement_overdue");
  ASSERT_TRUE(overdue) << "no replacement_overdue flag";
  EXPECT_EQ(overdue->getValue<int64_t>("agency_id"), w.own.agency);
  EXPECT_EQ(overdue->getObject("details")->getValue<std::string>("latest_date"), "2026-03-05");
  EXPECT_EQ(overdue->getObject("details")->getValue<int64_t>("employment_id"), w.own.employment);
  EXPECT_EQ(s.client().get("/api/v1/misconduct-cases", w.tokens["bureau"]).json()->getArray("items")->size(), 0u);
  // The other county's bureau sees nothing of it.
  w.user("bureau_other", "bureau", "jurisdiction_id", w.other.county);
  auto elsewhere = s.client().get("/api/v1/flags?year=2026", s.login("bureau_other", test::kUserPassword));
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
  EXPECT_EQ(elsewhere.body.find("replacement_overdue"), std::string::npos);
  auto reviewed = s.client().post("/api/v1/flags/review",
                                  R"({"key":")" + overdue->getValue<std::string>("key") + R"(","year":2026,"note":"已督促机构补员"})",
                                  w.tokens["bureau"]);
  EXPECT_EQ(reviewed.status, 200) << reviewed.body;
}

// Issue #12, finding 6: a listing of someone employed elsewhere left their job untouched and told no
// one. Now the bureau over their station sees a listed_employee flag on the employer, and the
// employer sees it on the employment; the contract stays as it is, and both say why.
TEST_F(Discipline, ListingSomeoneInPostElsewhereFlagsTheirEmployerAndBureauAndEndsNothing) {
  w.user("bureau_other", "bureau", "jurisdiction_id", w.other.county);
  auto otherBureau = s.login("bureau_other", test::kUserPassword);
  auto listed = s.client().post("/api/v1/blacklist",
                                R"({"id_number":")" + w.own.idNumber + R"(","reason":"在平湖任职期间伪造服务记录","listed_on":"2026-11-01"})",
                                otherBureau);
  ASSERT_EQ(listed.status, 201) << listed.body;
  auto flag = flagOfKind(w.tokens["bureau"], "listed_employee");
  ASSERT_TRUE(flag) << "no listed_employee flag";
  EXPECT_EQ(flag->getValue<int64_t>("agency_id"), w.own.agency);
  EXPECT_EQ(flag->getObject("details")->getValue<int64_t>("employment_id"), w.own.employment);
  EXPECT_NE(flag->getObject("details")->getValue<std::string>("note").find("does not end the labour contract"), std::string::npos);
  // The listing bureau's own flags do not reach another county's employment.
  EXPECT_EQ(s.client().get("/api/v1/flags?year=2026", otherBureau).body.find("listed_employee"), std::string::npos);
  auto employment = s.client().get("/api/v1/employments/" + str(w.own.employment), w.tokens["agency_admin"]).json();
  EXPECT_EQ(employment->getValue<std::string>("status"), "active");  // nothing ended by the listing
  ASSERT_TRUE(employment->getObject("blacklisted"));
  EXPECT_EQ(employment->getObject("blacklisted")->getValue<std::string>("until"), "2028-11-01");
  EXPECT_FALSE(s.client().get("/api/v1/employments/" + str(w.own.employment), w.tokens["worker"]).json()->has("blacklisted"));
}
