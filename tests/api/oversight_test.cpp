// The bureau's oversight over HTTP on both engines: the yearly staffing report (hires, leavers by
// reason, average headcount, turnover, vacancies and days to fill, cases) per station, agency and
// jurisdiction with its CSV export, and the automatic flags with their reviews. The year is 2025,
// a whole year in the past, so every figure below is fixed.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

class Oversight : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  static std::string str(int64_t v) { return std::to_string(v); }
  int64_t hire(int serial, const std::string& start) {
    return s.create("/api/v1/employments", test::hireBody(test::idNumber("330481", "19950505", serial), w.own.station, start),
                    w.tokens["agency_admin"]);
  }
  void end(int64_t employment, const std::string& lastDay, const std::string& reason) {
    auto r = s.client().post("/api/v1/employments/" + str(employment) + "/end",
                             R"({"last_day":")" + lastDay + R"(","reason":")" + reason + "\"}", w.tokens["agency_admin"]);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // At the own station in 2025, besides the World's worker (in post all year):
  //   A 1 Feb – 30 Jun (mutual agreement), its vacancy filled by B from 10 July (9 days);
  //   C 1 Mar – 30 Sep (other), its vacancy filled by D on 5 January 2026 (96 days);
  //   a misconduct case reported about B in August.
  void seed() {
    auto a = hire(401, "2025-02-01");
    auto c = hire(403, "2025-03-01");
    end(a, "2025-06-30", "mutual_agreement");
    auto b = hire(402, "2025-07-10");
    end(c, "2025-09-30", "other");
    hire(404, "2026-01-05");
    ASSERT_EQ(s.client().post("/api/v1/misconduct-cases",
                              R"({"employment_id":)" + str(b) + R"(,"category":"absence","description":"旷工","occurred_on":"2025-08-01"})",
                              w.tokens["agency_admin"]).status, 201);
  }
};

TEST_F(Oversight, TheYearlyReportCountsHiresLeaversTurnoverVacanciesAndCases) {
  seed();
  auto r = s.client().get("/api/v1/reports/staffing?year=2025&by=station", w.tokens["bureau"]);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rows = r.json()->getArray("rows");
  ASSERT_EQ(rows->size(), 1u);  // the other county's station is not the bureau's
  auto row = rows->getObject(0);
  EXPECT_EQ(row->getValue<int64_t>("station_id"), w.own.station);
  EXPECT_EQ(row->getValue<int64_t>("hires"), 4);  // the World's worker, A, B, C (D is 2026)
  EXPECT_EQ(row->getValue<int64_t>("leavers"), 2);
  EXPECT_EQ(row->getObject("leavers_by_reason")->getValue<int64_t>("mutual_agreement"), 1);
  EXPECT_EQ(row->getObject("leavers_by_reason")->getValue<int64_t>("other"), 1);
  // 365 + 150 + 175 + 214 = 904 person-days: 2.48 on average; 2 ÷ (904 / 365) = 80.75 %.
  EXPECT_EQ(row->getValue<std::string>("average_headcount"), "2.48");
  EXPECT_EQ(row->getValue<std::string>("turnover_pct"), "80.75");
  EXPECT_EQ(row->getValue<int64_t>("vacancies"), 2);
  EXPECT_EQ(row->getValue<int64_t>("vacancies_filled"), 2);
  EXPECT_EQ(row->getValue<std::string>("average_days_to_fill"), "52.50");  // (9 + 96) / 2
  EXPECT_EQ(row->getValue<int64_t>("cases"), 1);
  EXPECT_EQ(row->getObject("cases_by_status")->getValue<int64_t>("open"), 1);

  // The same figures per jurisdiction (the county bureau sees its towns) and for the agency itself.
  auto byTown = s.client().get("/api/v1/reports/staffing?year=2025&by=jurisdiction", w.tokens["bureau"]).json();
  ASSERT_EQ(byTown->getArray("rows")->size(), 1u);
  EXPECT_EQ(byTown->getArray("rows")->getObject(0)->getValue<int64_t>("jurisdiction_id"), w.own.town);
  EXPECT_EQ(byTown->getObject("total")->getValue<std::string>("turnover_pct"), "80.75");
  auto mine = s.client().get("/api/v1/reports/staffing?year=2025&by=agency", w.tokens["agency_admin"]).json()->getArray("rows");
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->getObject(0)->getValue<int64_t>("agency_id"), w.own.agency);
  EXPECT_EQ(s.client().get("/api/v1/reports/staffing?year=2025&jurisdiction_id=" + str(w.other.county), w.tokens["bureau"]).status, 404);
  EXPECT_EQ(s.client().get("/api/v1/reports/staffing?year=2100", w.tokens["bureau"]).status, 422);

  // For an English caller: the column names as in JSON (issue #14: UTF-8 with a BOM for Excel).
  auto csv = s.client().call("GET", "/api/v1/reports/staffing?year=2025&by=station&format=csv", "", w.tokens["bureau"],
                             {{"Accept-Language", "en"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.contentType.find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')),
            "\xEF\xBB\xBFstation_id,name,hires,leavers,leavers_resignation,leavers_contract_expired,leavers_mutual_agreement,"
            "leavers_probation_failed,leavers_other,average_headcount,turnover_pct,vacancies,vacancies_filled,"
            "vacancies_open,average_days_to_fill,cases,cases_open,cases_dismissed,cases_listed\r");
  EXPECT_NE(csv.body.find("\ntotal,,4,2,0,0,1,0,1,2.48,80.75,2,2,0,52.50,1,1,0,0"), std::string::npos) << csv.body;
  // Chinese by default; the same report as a workbook, its figures numbers.
  auto zh = s.client().get("/api/v1/reports/staffing?year=2025&by=station&format=csv", w.tokens["bureau"]);
  EXPECT_EQ(zh.body.rfind("\xEF\xBB\xBF站点编号,名称,入职人数,离职人数,辞职", 0), 0u) << zh.body.substr(0, 120);
  EXPECT_NE(zh.body.find("\n合计,,4,2,"), std::string::npos) << zh.body;
  auto xlsx = s.client().get("/api/v1/reports/staffing?year=2025&by=station&format=xlsx", w.tokens["bureau"]);
  ASSERT_EQ(xlsx.status, 200);
  auto sheetRows = test::readWorkbook(xlsx.body)->getArray("sheets")->getObject(0)->getArray("rows");
  auto total = sheetRows->getArray(static_cast<unsigned>(sheetRows->size() - 1));
  EXPECT_EQ(total->getObject(0)->getValue<std::string>("v"), "合计");
  EXPECT_EQ(total->getObject(10)->getValue<std::string>("t"), "n");  // turnover_pct
  EXPECT_DOUBLE_EQ(total->getObject(10)->getValue<double>("v"), 80.75);
}

TEST_F(Oversight, FlagsShowLateFilingsHighTurnoverAndALongShortfallAndTakeReviews) {
  seed();
  auto r = s.client().get("/api/v1/flags?year=2025", w.tokens["bureau"]);
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json()->getArray("items");
  std::map<std::string, json::Obj> byKind;
  for (std::size_t i = 0; i < items->size(); ++i) byKind[items->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind")] =
      items->getObject(static_cast<unsigned>(i));
  ASSERT_EQ(items->size(), 3u) << r.body;
  // Every 2025 change was recorded in 2026, past the 7-day deadline: four hires and two departures.
  EXPECT_EQ(byKind["late_filings"]->getObject("details")->getValue<int64_t>("late_filings"), 6);
  EXPECT_EQ(byKind["turnover"]->getObject("details")->getValue<std::string>("turnover_pct"), "80.75");
  EXPECT_EQ(byKind["turnover"]->getObject("details")->getValue<std::string>("max_turnover_pct"), "30.00");
  // Fewer than 3 (the national minimum) from 1 October to the year's end: 92 days, beyond 30.
  auto under = byKind["understaffed"]->getObject("details");
  EXPECT_EQ(under->getValue<std::string>("from"), "2025-10-01");
  EXPECT_EQ(under->getValue<int64_t>("days"), 92);

  // A policy that tolerates the turnover drops that flag.
  ASSERT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                           R"({"effective_from":"2020-01-01","oversight":{"max_turnover_pct":90,"max_days_below_min_staff":30}})",
                           w.admin).status, 200);
  EXPECT_EQ(s.client().get("/api/v1/flags?year=2025", w.tokens["bureau"]).json()->getArray("items")->size(), 2u);

  auto key = byKind["understaffed"]->getValue<std::string>("key");
  auto body = R"({"key":")" + key + R"(","year":2025,"note":"已督促机构补员，限期一个月"})";
  w.user("bureau_other", "bureau", "jurisdiction_id", w.other.county);
  EXPECT_EQ(s.client().post("/api/v1/flags/review", body, s.login("bureau_other", test::kUserPassword)).status, 404);
  auto reviewed = s.client().post("/api/v1/flags/review", body, w.tokens["bureau"]);
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  auto again = s.client().get("/api/v1/flags?year=2025", w.tokens["bureau"]).json()->getArray("items");
  for (std::size_t i = 0; i < again->size(); ++i) {
    auto f = again->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(f->isNull("review"), f->getValue<std::string>("key") != key);
  }
}
