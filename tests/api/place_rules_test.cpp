// Issue #12, finding 4: rules of the places' documents that nothing enforced, enforced where the
// document makes them a rule, each refusal naming the key and its source. Over real HTTP on both
// engines. Measured on main: a 2A agency from another county was given a Haining station (201), one
// agency took both the county station and a town station in Jinan (201), and a three-year contract
// was accepted in Guangdong.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }
}  // namespace

class PlaceRules : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  void preset(int64_t jurisdiction, const std::string& name) {
    auto r = s.client().post("/api/v1/jurisdictions/" + str(jurisdiction) + "/policy/presets/" + name,
                             R"({"effective_from":"2020-01-01"})", w.admin);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  int64_t agency(int64_t jurisdiction, const std::string& rating, int n) {
    return s.create("/api/v1/agencies",
                    R"({"name":"机构)" + str(n) + R"(","credit_code":")" + test::creditCode(n) + R"(","rating":")" + rating +
                        R"(","kind":"ngo","jurisdiction_id":)" + str(jurisdiction) + "}",
                    w.admin);
  }
  int64_t town(int64_t county, const std::string& code) {
    return s.create("/api/v1/jurisdictions",
                    R"({"code":")" + code + R"(","name":"镇)" + code + R"(","level":"town","parent_id":)" + str(county) + "}", w.admin);
  }
  test::HttpResult station(int64_t jurisdiction, int64_t agencyId) {
    return s.client().post("/api/v1/stations",
                           R"({"name":"社工站","jurisdiction_id":)" + str(jurisdiction) + R"(,"agency_id":)" + str(agencyId) + "}",
                           w.admin);
  }
};

// 海宁: 市外机构须 3A 及以上. An agency of the county itself needs no rating; one from elsewhere needs 3A.
TEST_F(PlaceRules, HainingGivesAStationToAnOutOfAreaAgencyOnlyAt3AOrAbove) {
  preset(w.own.county, "haining");
  auto twoA = agency(w.other.county, "2A", 31), threeA = agency(w.other.county, "3A", 32), localTwoA = agency(w.own.county, "2A", 33);
  auto refused = station(town(w.own.county, "330481101"), twoA);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.field("agency_id"),
            "an agency from outside 海宁市 must be rated 3A or above; this one is 2A (staffing.out_of_area_min_rating; "
            "海宁社工站报道（domain.md › Staffing rules）：市外机构须 3A 及以上等级)");
  EXPECT_EQ(station(town(w.own.county, "330481102"), threeA).status, 201);
  EXPECT_EQ(station(town(w.own.county, "330481103"), localTwoA).status, 201);
  // 平湖 has no such rule: the 2A agency runs a station at home.
  EXPECT_EQ(station(town(w.other.county, "330482102"), twoA).status, 201);
}

// 济南: 县级社工总站与乡镇（街道）社工站不得由同一机构承接 — either way round.
TEST_F(PlaceRules, JinanNeverGivesTheCountyStationAndATownStationToOneAgency) {
  preset(w.own.county, "jinan");
  auto refused = station(w.own.county, w.own.agency);  // it already runs the town station
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.field("agency_id").find("the agency already runs a town station of 海宁市"), 0u) << refused.field("agency_id");
  auto another = agency(w.own.county, "4A", 41);
  ASSERT_EQ(station(w.own.county, another).status, 201);  // the county station, to another agency
  auto townRefused = station(town(w.own.county, "330481104"), another);
  ASSERT_EQ(townRefused.status, 422) << townRefused.body;
  EXPECT_NE(townRefused.field("agency_id").find("(staffing.county_and_town_same_agency; 济南社工站建设方案"), std::string::npos);
  // Where the place has no such rule one agency may run both.
  EXPECT_EQ(station(w.other.county, w.other.agency).status, 201);
}

// 广东“双百”: 镇(街)直接与社工签订五年劳动合同. A shorter fixed term is refused naming the rule; five
// years to the day, or an open-ended contract, is accepted.
TEST_F(PlaceRules, GuangdongContractsRunFiveYears) {
  preset(w.own.county, "guangdong-shuangbai");
  auto hire = [&](int n, const std::string& extra) {
    return s.client().post("/api/v1/employments",
                           test::hireBody(test::idNumber("330481", "19950505", 300 + n), w.own.station, "2026-01-01", extra),
                           w.tokens["agency_admin"]);
  };
  auto threeYears = hire(1, R"(,"end_date":"2028-12-31")");
  ASSERT_EQ(threeYears.status, 422) << threeYears.body;
  EXPECT_EQ(threeYears.field("end_date"),
            "must be on or after 2030-12-31: the place's labour contracts run 5 years (contract_years; "
            "广东“双百”计划（domain.md › Staffing rules）：镇(街)直接与社工签订五年劳动合同)");
  EXPECT_EQ(hire(2, R"(,"end_date":"2030-12-30")").status, 422);  // a day short
  EXPECT_EQ(hire(3, R"(,"end_date":"2030-12-31")").status, 201);
  EXPECT_EQ(hire(4, "").status, 201);  // open-ended
}

// Finding 5: presets carry only what their document says, each key with its source. The Guangdong
// preset no longer refuses hires over 40 or below 大专 (Jinan's limits), and a bureau sees why a
// rule is there.
TEST_F(PlaceRules, PresetsCarryOnlyTheirDocumentsRulesEachWithItsSource) {
  preset(w.own.county, "guangdong-shuangbai");
  auto view = s.client().get("/api/v1/jurisdictions/" + str(w.own.county) + "/policy", w.tokens["bureau"]).json();
  auto staffing = view->getObject("policy")->getObject("staffing");
  EXPECT_EQ(staffing->getValue<int>("max_age"), 0);  // no limit: the national default
  EXPECT_EQ(staffing->getValue<std::string>("min_education"), "secondary");
  EXPECT_EQ(view->getObject("policy")->getObject("sources")->getValue<std::string>("contract_years"),
            "广东“双百”计划（domain.md › Staffing rules）：镇(街)直接与社工签订五年劳动合同");
  auto older = s.client().post("/api/v1/employments",
                               test::hireBody(test::idNumber("330481", "19700101", 401), w.own.station, "2026-01-01",
                                              R"(,"end_date":"2030-12-31")"),
                               w.tokens["agency_admin"]);
  EXPECT_EQ(older.status, 201) << older.body;  // 56 at hire: Guangdong sets no age limit
  auto unknown = s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                                R"({"effective_from":"2026-01-01","sources":{"staffing.nonsense":"x"}})", w.admin);
  EXPECT_EQ(unknown.field("sources.staffing.nonsense"), "is not a known policy key");
}

// Finding 7: "161个街道(镇)实现全覆盖" counts towns, not stations. The jurisdiction view lists every
// town-level jurisdiction with its stations, and coverage for the area and each county and city.
TEST_F(PlaceRules, CoverageCountsEveryTownWithOrWithoutAStation) {
  town(w.own.county, "330481102");  // no station yet
  auto county = s.client().get("/api/v1/jurisdictions/" + str(w.own.county) + "/compliance", w.tokens["bureau"]);
  ASSERT_EQ(county.status, 200) << county.body;
  auto coverage = county.json()->getObject("coverage");
  EXPECT_EQ(coverage->getValue<int>("towns"), 2);
  EXPECT_EQ(coverage->getValue<int>("covered"), 1);
  EXPECT_EQ(coverage->getValue<int>("uncovered"), 1);
  EXPECT_EQ(coverage->getValue<std::string>("coverage_pct"), "50.00");
  auto towns = county.json()->getArray("towns");
  ASSERT_EQ(towns->size(), 2u);
  EXPECT_EQ(towns->getObject(0)->getValue<int>("stations"), 1);
  EXPECT_EQ(towns->getObject(1)->getValue<int>("stations"), 0);
  EXPECT_EQ(towns->getObject(1)->getValue<std::string>("code"), "330481102");
  // The city: three towns, two covered (66.66 % shown rounded down), each county on its own line.
  auto city = s.client().get("/api/v1/jurisdictions/" + str(w.city) + "/compliance", w.admin).json()->getObject("coverage");
  EXPECT_EQ(city->getValue<int>("towns"), 3);
  EXPECT_EQ(city->getValue<int>("covered"), 2);
  EXPECT_EQ(city->getValue<std::string>("coverage_pct"), "66.66");
  auto areas = city->getArray("areas");
  ASSERT_EQ(areas->size(), 2u);
  EXPECT_EQ(areas->getObject(0)->getValue<std::string>("coverage_pct"), "50.00");
  EXPECT_EQ(areas->getObject(1)->getValue<std::string>("coverage_pct"), "100.00");
}
