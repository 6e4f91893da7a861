#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "policy/Policy.h"
#include "policy/PolicyRules.h"

using namespace sr;
using namespace sr::policy;

namespace {
json::Obj doc(const std::string& text) { return json::parseObject(text); }
std::vector<std::string> fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}
}  // namespace

TEST(PolicySchema, PartialDocumentIsValid) {
  EXPECT_TRUE(validate(doc(R"({"blacklist_years": 3})")).empty());
}

TEST(PolicySchema, EveryBadKeyIsNamed) {
  auto errors = validate(doc(
      R"({"blacklist_years": "two", "staffing": {"min_staf": 1, "max_age": 40.5}, "notice": 3,
          "social_insurance": {"pension_pct": 8.125, "medical_pct": 101}, "bogus": true,
          "increment": {"kind": "double"}, "effective_from": "2026-02-30"})"));
  auto f = fields(errors);
  for (const char* want : {"blacklist_years", "staffing.min_staf", "staffing.max_age", "notice",
                           "social_insurance.pension_pct", "social_insurance.medical_pct", "bogus", "increment.kind",
                           "effective_from"})
    EXPECT_NE(std::find(f.begin(), f.end(), want), f.end()) << want;
  EXPECT_EQ(errors.size(), 9u);
}

TEST(PolicySchema, PercentagesAreExactToTwoDecimals) {
  EXPECT_EQ(hundredths(Poco::Dynamic::Var(0.5)), 50);
  EXPECT_EQ(hundredths(Poco::Dynamic::Var(66.67)), 6667);
  EXPECT_EQ(hundredths(Poco::Dynamic::Var(int64_t{12})), 1200);
  EXPECT_EQ(hundredths(Poco::Dynamic::Var(0.125)), std::nullopt);
  EXPECT_TRUE(validate(doc(R"({"social_insurance": {"unemployment_pct": 0.5}})")).empty());
}

// Issue #12: a ratio rule is an exact fraction; a local notice period is in calendar months. Keys of
// the older shape keep working, converted once, with a note saying how.
TEST(PolicySchema, RatiosAreFractionsAndLegacyKeysAreConvertedWithANote) {
  EXPECT_TRUE(validate(doc(R"({"staffing": {"min_qualified_ratio": {"num": 2, "den": 3}}})")).empty());
  EXPECT_EQ(fields(validate(doc(R"({"staffing": {"min_qualified_ratio": {"num": 4, "den": 3}}})"))),
            std::vector<std::string>{"staffing.min_qualified_ratio.num"});
  EXPECT_EQ(fields(validate(doc(R"({"staffing": {"min_qualified_ratio": {"num": 1, "den": 0}}})"))),
            std::vector<std::string>{"staffing.min_qualified_ratio.den"});
  EXPECT_EQ(fields(validate(doc(R"({"staffing": {"min_qualified_ratio": 0.6667}})"))),
            std::vector<std::string>{"staffing.min_qualified_ratio"});
  auto old = doc(R"({"staffing": {"min_qualified_ratio_pct": 66.67}, "notice": {"policy_days": 30, "max_days": 60}})");
  auto notes = upgradeLegacyKeys(old);
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0], "notice.policy_days 30 is read as notice.policy_months 1 (a local period is counted in calendar months)");
  EXPECT_EQ(old->getObject("notice")->getValue<int>("policy_months"), 1);
  EXPECT_EQ(old->getObject("notice")->getValue<int>("max_months"), 2);
  EXPECT_FALSE(old->getObject("notice")->has("policy_days"));
  auto ratio = old->getObject("staffing")->getObject("min_qualified_ratio");
  EXPECT_EQ(ratio->getValue<int>("num"), 2);  // 66.67 % stood for two-thirds
  EXPECT_EQ(ratio->getValue<int>("den"), 3);
  EXPECT_TRUE(validate(old).empty());
  auto half = doc(R"({"staffing": {"min_qualified_ratio_pct": 50}, "notice": {"max_days": 31}})");
  upgradeLegacyKeys(half);
  EXPECT_EQ(half->getObject("staffing")->getObject("min_qualified_ratio")->getValue<int>("den"), 2);
  EXPECT_EQ(half->getObject("notice")->getValue<int>("max_months"), 2);  // 31 days: not met within one month
}

TEST(PolicyMerge, ChildOverridesKeyByKeyAndSourcesAreTracked) {
  std::vector<Layer> layers = {
      {"national_default", std::nullopt, "2020-01-01", doc(R"({"notice": {"statutory_days": 30, "policy_days": 30}, "blacklist_years": 2})")},
      {"330000", 1, "2026-01-01", doc(R"({"notice": {"policy_days": 45}})")},
      {"330481", 3, "2026-03-01", doc(R"({"blacklist_years": 3, "effective_from": "2026-03-01"})")},
  };
  auto e = merge(layers);
  EXPECT_EQ(e.policy->getObject("notice")->getValue<int>("statutory_days"), 30);
  EXPECT_EQ(e.policy->getObject("notice")->getValue<int>("policy_days"), 45);
  EXPECT_EQ(e.policy->getValue<int>("blacklist_years"), 3);
  EXPECT_FALSE(e.policy->has("effective_from"));
  EXPECT_EQ(e.sourceOf["notice.statutory_days"], 0u);
  EXPECT_EQ(e.sourceOf["notice.policy_days"], 1u);
  EXPECT_EQ(e.sourceOf["blacklist_years"], 2u);
  // Merging never changes the layers themselves.
  EXPECT_EQ(layers[0].doc->getObject("notice")->getValue<int>("policy_days"), 30);
}

TEST(PolicyEffective, CrossKeyRules) {
  auto f = fields(validateEffective(doc(
      R"({"social_insurance": {"base_floor_fen": 500000, "base_ceiling_fen": 400000},
          "staffing": {"min_staff": 9, "max_staff": 8}, "notice": {"statutory_days": 30, "policy_months": 2, "max_months": 1},
          "funding": {"province_share_pct": 60, "local_share_pct": 30}})")));
  for (const char* want : {"social_insurance.base_floor_fen", "staffing.max_staff", "notice.max_months", "funding.local_share_pct"})
    EXPECT_NE(std::find(f.begin(), f.end(), want), f.end()) << want;
  // 0 means "no limit" and never conflicts.
  EXPECT_TRUE(validateEffective(doc(R"({"social_insurance": {"base_floor_fen": 500000, "base_ceiling_fen": 0}})")).empty());
}

TEST(PolicyPresets, EveryShippedPresetIsValidAndTheNationalDefaultIsComplete) {
  ASSERT_TRUE(preset("national").has_value());
  for (const auto& f : presets()) {
    auto d = json::parseObject(f.content);
    EXPECT_TRUE(validate(d).empty()) << f.name;
    auto merged = merge({{"national_default", std::nullopt, "", json::parseObject(*preset("national"))}, {"x", 1, "", d}});
    EXPECT_TRUE(validateEffective(merged.policy).empty()) << f.name;
  }
  // Every key of the contract's example document is set by the national default.
  auto national = json::parseObject(*preset("national"));
  for (const char* key : {"staffing", "filing_deadline_days", "notice", "blacklist_years", "increment",
                          "certificate_allowance_fen", "continuing_education_hours", "social_insurance",
                          "minimum_wage_fen"})
    EXPECT_TRUE(national->has(key)) << key;
}

// Issue #11: figures the law leaves to a place have no default. The national document sets none of
// them, so payroll names each one missing until a place does; 0 ("no limit") counts as set.
TEST(PolicyPresets, TheNationalDefaultInventsNoPayrollFigureOfAPlace) {
  auto national = json::parseObject(*preset("national"));
  EXPECT_EQ(missingForPayroll(national),
            (std::vector<std::string>{"social_insurance.base_floor_fen", "social_insurance.base_ceiling_fen",
                                      "housing_fund.base_floor_fen", "housing_fund.base_ceiling_fen",
                                      "employer_rates.pension_pct", "employer_rates.medical_pct",
                                      "employer_rates.unemployment_pct", "employer_rates.injury_pct",
                                      "employer_rates.housing_fund_pct"}));
  auto place = doc(R"({"social_insurance": {"base_floor_fen": 0, "base_ceiling_fen": 0},
                       "housing_fund": {"base_floor_fen": 0, "base_ceiling_fen": 0},
                       "employer_rates": {"pension_pct": 16, "medical_pct": 9.5, "unemployment_pct": 0.5,
                                          "housing_fund_pct": 5}})");
  EXPECT_TRUE(validate(place).empty());
  auto merged = merge({{"national_default", std::nullopt, "", national}, {"x", 1, "", place}});
  EXPECT_EQ(missingForPayroll(merged.policy), std::vector<std::string>{"employer_rates.injury_pct"});
  // The housing fund's limits are its own, checked like social insurance's.
  auto f = fields(validateEffective(doc(R"({"housing_fund": {"base_floor_fen": 500000, "base_ceiling_fen": 400000}})")));
  EXPECT_EQ(f, std::vector<std::string>{"housing_fund.base_floor_fen"});
  EXPECT_EQ(fields(validate(doc(R"({"employer_rates": {"injury_pct": 101}})"))),
            std::vector<std::string>{"employer_rates.injury_pct"});
}

TEST(PolicyPresets, FiguresOfThePlaces) {
  auto haining = json::parseObject(*preset("haining"));
  EXPECT_EQ(haining->getObject("staffing")->getValue<int>("min_staff"), 6);
  EXPECT_EQ(haining->getObject("staffing")->getValue<int>("min_certified"), 4);
  EXPECT_TRUE(haining->getObject("notice")->getValue<bool>("replacement_required"));
  EXPECT_EQ(haining->getObject("notice")->getValue<int>("policy_months"), 1);  // 提前一个月
  EXPECT_EQ(haining->getObject("notice")->getValue<int>("max_months"), 2);     // 最长不超过两个月
  auto gd = json::parseObject(*preset("guangdong-shuangbai"));
  EXPECT_EQ(gd->getObject("increment")->getValue<std::string>("kind"), "percent");
  EXPECT_EQ(gd->getObject("funding")->getValue<int64_t>("per_worker_year_fen"), 5000000);
  auto jinan = json::parseObject(*preset("jinan"));
  EXPECT_EQ(jinan->getObject("staffing")->getValue<int>("max_age"), 40);
  EXPECT_EQ(jinan->getObject("staffing")->getValue<std::string>("min_education"), "college");
}

// Issue #12, finding 4: a key that no rule reads is decoration. Every leaf key of every shipped
// preset must be read somewhere outside the policy module: its name (with its object's) appears in
// a module's source, or, for tables keyed by level or education, the table's name does.
TEST(PolicyPresets, EveryKeyOfEveryPresetIsReadByARule) {
  namespace fs = std::filesystem;
  std::vector<std::string> sources;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(SOCIALROLL_SOURCE_DIR) / "modules")) {
    if (entry.path().extension() != ".cpp" || entry.path().parent_path().filename() == "policy") continue;
    std::ifstream in(entry.path());
    sources.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_GT(sources.size(), 20u);
  auto quoted = [](const std::string& k) { return "\"" + k + "\""; };
  auto read = [&](const std::string& leaf, const std::string& parent) {
    for (const auto& text : sources)
      if (text.find(quoted(leaf)) != std::string::npos && (parent.empty() || text.find(quoted(parent)) != std::string::npos))
        return true;
    return false;
  };
  // Read whole by iterating their keys (certificate levels, education levels).
  const std::set<std::string> tables = {"certificate_allowance_fen", "continuing_education_hours", "education_grades",
                                        "certificate_grades"};
  std::function<void(const std::string&, const json::Obj&, const std::string&, const std::string&)> walk =
      [&](const std::string& file, const json::Obj& o, const std::string& parent, const std::string& path) {
        for (const auto& name : o->getNames()) {
          if (path.empty() && (name == "effective_from" || name == "sources")) continue;
          auto dotted = path.empty() ? name : path + "." + name;
          if (o->get(name).type() == typeid(json::Obj)) {
            if (tables.count(name))
              EXPECT_TRUE(read(name, "")) << file << ": " << dotted << " is read by no rule";
            else
              walk(file, o->getObject(name), name, dotted);
            continue;
          }
          EXPECT_TRUE(read(name, parent)) << file << ": " << dotted << " is read by no rule";
        }
      };
  for (const auto& f : presets()) walk(std::string(f.name), json::parseObject(f.content), "", "");
}

// Finding 5: every key a place's preset sets names its source; the national default cites the law
// or says it is a default in the README.
TEST(PolicyPresets, EveryKeyOfAPlacesPresetNamesItsSource) {
  for (const auto& f : presets()) {
    if (f.name == "national.json") continue;
    auto d = json::parseObject(f.content);
    std::function<void(const json::Obj&, const std::string&)> walk = [&](const json::Obj& o, const std::string& path) {
      for (const auto& name : o->getNames()) {
        if (path.empty() && (name == "effective_from" || name == "sources")) continue;
        auto dotted = path.empty() ? name : path + "." + name;
        if (o->get(name).type() == typeid(json::Obj) && name != "min_qualified_ratio" && name != "certificate_allowance_fen")
          walk(o->getObject(name), dotted);
        else
          EXPECT_NE(citation(d, dotted), "") << f.name << ": " << dotted << " names no source";
      }
    };
    walk(d, "");
  }
}
