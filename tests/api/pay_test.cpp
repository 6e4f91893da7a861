// Pay over HTTP on both engines: assessments, increments (grade steps and percent raises, once a
// year), and what the pay view shows afterwards.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

class Pay : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  std::string agency() { return w.tokens["agency_admin"]; }
  static std::string str(int64_t v) { return std::to_string(v); }
  int64_t hire(int serial) {
    return s.create("/api/v1/employments", test::hireBody(test::idNumber("330481", "19950505", serial), w.own.station, "2025-03-01"),
                    agency());
  }
  test::HttpResult rate(int64_t employment, int year, const std::string& rating) {
    return s.client().post("/api/v1/assessments",
                           R"({"employment_id":)" + str(employment) + R"(,"year":)" + std::to_string(year) + R"(,"rating":")" +
                               rating + "\"}",
                           agency());
  }
  test::HttpResult increments(int year, bool dryRun = false) {
    return s.client().post("/api/v1/increments",
                           R"({"agency_id":)" + str(w.own.agency) + R"(,"year":)" + std::to_string(year) +
                               R"(,"effective_on":"2026-01-01")" + (dryRun ? R"(,"dry_run":true})" : "}"),
                           agency());
  }
  json::Obj changeFor(const json::Obj& run, int64_t employment) {
    auto list = run->getArray("changes");
    for (std::size_t i = 0; i < list->size(); ++i)
      if (list->getObject(static_cast<unsigned>(i))->getValue<int64_t>("employment_id") == employment)
        return list->getObject(static_cast<unsigned>(i));
    return nullptr;
  }
};

// Issue #16: a year's ratings in one request. All or nothing when one is refused; one already
// rated keeps its rating; identical requests sent at once record each rating once.
TEST_F(Pay, ManyRatingsAtOnceRecordEachOnceAndNothingWhenOneIsRefused) {
  auto a = hire(61), b = hire(63);
  auto count = [&] {
    return s.app().database().read<int64_t>([&](db::Connection& c) {
      return c.queryOne("SELECT COUNT(*) AS n FROM assessments")->i64("n");
    });
  };
  auto bulk = [&](const std::string& ratings) {
    return s.client().post("/api/v1/assessments/bulk", R"({"year":2025,"ratings":[)" + ratings + "]}", agency());
  };
  const auto both = R"({"employment_id":)" + str(a) + R"(,"rating":"excellent"},{"employment_id":)" + str(b) +
                    R"(,"rating":"competent"})";
  // Another agency's worker among them: 404, and nothing recorded.
  EXPECT_EQ(bulk(both + R"(,{"employment_id":)" + str(w.other.employment) + R"(,"rating":"basic"})").status, 404);
  // A rating that is not one: 422 naming its place, and nothing recorded.
  auto bad = bulk(both + R"(,{"employment_id":)" + str(w.own.employment) + R"(,"rating":"great"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.field("ratings[2].rating"), "") << bad.body;
  EXPECT_EQ(count(), 0);

  auto statuses = test::race(6, [&] { return bulk(both); });
  EXPECT_EQ(statuses[200], 6) << "each answers which it rated and which were rated already";
  EXPECT_EQ(count(), 2);
  auto again = bulk(both + R"(,{"employment_id":)" + str(w.own.employment) + R"(,"rating":"basic"})").json();
  EXPECT_EQ(again->getArray("rated")->size(), 1u);
  EXPECT_EQ(again->getArray("already_rated")->size(), 2u);
  auto mine = s.client().get("/api/v1/assessments?employment_id=" + str(a), agency()).json()->getArray("items");
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->getObject(0)->getValue<std::string>("rating"), "excellent") << "the first rating stands";
  auto audited = s.app().database().read<int64_t>([&](db::Connection& c) {
    return c.queryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'assessment.create'")->i64("n");
  });
  EXPECT_EQ(audited, 3) << "one audit record per rating recorded, none for those already there";
}

TEST_F(Pay, OneRatingPerEmploymentAndYear) {
  EXPECT_EQ(rate(w.own.employment, 2025, "competent").status, 201);
  auto again = rate(w.own.employment, 2025, "excellent");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(rate(w.own.employment, 2024, "competent").status, 422);  // before the employment began
  EXPECT_EQ(rate(w.own.employment, 2025, "great").status, 422);
  EXPECT_EQ(rate(w.other.employment, 2025, "competent").status, 404);
  auto mine = s.client().get("/api/v1/assessments", w.tokens["worker"]).json()->getArray("items");
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->getObject(0)->getValue<std::string>("rating"), "competent");
}

TEST_F(Pay, GradeStepIncrementsFollowTheRatingAndRunOncePerYear) {
  auto basic = hire(11), unrated = hire(13), excellent = hire(15);
  ASSERT_EQ(rate(w.own.employment, 2025, "competent").status, 201);
  ASSERT_EQ(rate(basic, 2025, "basic").status, 201);
  ASSERT_EQ(rate(excellent, 2025, "excellent").status, 201);
  // The preview shows the same changes and writes nothing.
  auto preview = increments(2025, true);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_TRUE(preview.json()->getValue<bool>("dry_run"));
  EXPECT_EQ(changeFor(preview.json(), w.own.employment)->getValue<int>("grade_after"), 2);
  EXPECT_EQ(s.client().get("/api/v1/employments/" + str(w.own.employment), agency()).json()->getValue<int>("grade"), 1);
  auto first = increments(2025);
  ASSERT_EQ(first.status, 201) << first.body;
  auto run = first.json();
  EXPECT_FALSE(run->getValue<bool>("already_applied"));
  EXPECT_EQ(changeFor(run, w.own.employment)->getValue<int>("grade_after"), 2);
  EXPECT_EQ(changeFor(run, excellent)->getValue<int>("grade_after"), 2);
  EXPECT_FALSE(changeFor(run, basic)->getValue<bool>("changed"));
  EXPECT_EQ(changeFor(run, basic)->getValue<std::string>("reason"), "rated basic, below competent");
  EXPECT_EQ(changeFor(run, unrated)->getValue<std::string>("reason"), "no assessment for the year");
  // Each change is filed and shows in pay from the effective date.
  auto filings = s.client().get("/api/v1/filings?employment_id=" + str(w.own.employment), w.tokens["bureau"]).json()->getArray("items");
  EXPECT_EQ(filings->getObject(static_cast<unsigned>(filings->size() - 1))->getValue<std::string>("kind"), "change");
  auto pay = s.client().get("/api/v1/employments/" + str(w.own.employment) + "/pay?on=2026-01-01", agency()).json();
  EXPECT_EQ(pay->getValue<int>("grade"), 2);
  EXPECT_EQ(pay->getValue<int64_t>("scale_amount_fen"), 415000);
  auto before = s.client().get("/api/v1/employments/" + str(w.own.employment) + "/pay?on=2025-12-31", agency()).json();
  EXPECT_EQ(before->getValue<int>("grade"), 1);
  // A second run changes nothing and says so.
  auto second = increments(2025);
  EXPECT_EQ(second.status, 200);
  EXPECT_TRUE(second.json()->getValue<bool>("already_applied"));
  auto detail = s.client().get("/api/v1/employments/" + str(w.own.employment), agency()).json();
  EXPECT_EQ(detail->getValue<int>("grade"), 2);
  EXPECT_EQ(detail->getArray("assignments")->size(), 2u);
}

TEST_F(Pay, GuangdongPercentRaiseCompoundsThePersonalFactor) {
  ASSERT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                           R"({"effective_from":"2020-01-01","increment":{"kind":"percent","percent":5,"min_rating":"competent"}})",
                           w.admin).status, 200);
  ASSERT_EQ(rate(w.own.employment, 2025, "competent").status, 201);
  auto run = increments(2025);
  ASSERT_EQ(run.status, 201) << run.body;
  EXPECT_EQ(changeFor(run.json(), w.own.employment)->getValue<int64_t>("pay_factor_bp_after"), 10500);
  auto pay = s.client().get("/api/v1/employments/" + str(w.own.employment) + "/pay?on=2026-02-01", agency()).json();
  EXPECT_EQ(pay->getValue<int>("grade"), 1);
  EXPECT_EQ(pay->getValue<int64_t>("base_fen"), 420000);  // 4,000 × 1.05
}

// Issue #15: the scale in force for a place comes from the nearest place with a version in force
// that day; a county's officer reads the province's scale through it, named.
TEST_F(Pay, TheScaleInForceIsTheNearestPlacesVersionOfThatDay) {
  const auto path = "/api/v1/jurisdictions/" + std::to_string(w.own.county) + "/salary-scale";
  auto province = s.client().get(path + "?on=2026-06-30", w.tokens["bureau"]);
  ASSERT_EQ(province.status, 200) << province.body;
  EXPECT_EQ(province.json()->getValue<std::string>("jurisdiction_name"), "浙江省");
  EXPECT_TRUE(province.json()->getValue<bool>("illustrative"));
  std::string amounts = "[";
  for (int post = 0; post < 4; ++post) {
    amounts += post ? ",[" : "[";
    for (int g = 0; g < 11; ++g) amounts += (g ? "," : "") + std::to_string(500000 + 10000 * g - 50000 * post);
    amounts += "]";
  }
  amounts += "]";
  ASSERT_EQ(s.client().post("/api/v1/salary-scales",
                            R"({"jurisdiction_id":)" + std::to_string(w.own.county) +
                                R"(,"name":"海宁市标准","effective_from":"2026-07-01","grades":11,"posts":[{"code":"S1","name":"站长岗"},)"
                                R"({"code":"S2","name":"督导岗"},{"code":"S3","name":"社工岗"},{"code":"S4","name":"助理岗"}],"amounts_fen":)" +
                                amounts + "}",
                            w.tokens["bureau"]).status, 201);
  EXPECT_EQ(s.client().get(path + "?on=2026-06-30", w.tokens["bureau"]).json()->getValue<std::string>("jurisdiction_name"), "浙江省");
  auto county = s.client().get(path + "?on=2026-07-01", w.tokens["bureau"]).json();
  EXPECT_EQ(county->getValue<std::string>("name"), "海宁市标准");
  EXPECT_EQ(county->getValue<std::string>("jurisdiction_name"), "海宁市");
  EXPECT_EQ(s.client().get(path + "?on=2019-12-31", w.tokens["bureau"]).status, 404);  // before any version
}
