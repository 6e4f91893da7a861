#include <gtest/gtest.h>

#include "org/Divisions.h"
#include "org/OrgRules.h"

using namespace sr::org;

TEST(CreditCode, AcceptsPublishedRealCodes) {
  EXPECT_EQ(creditCodeProblem("91350100M000100Y43"), std::nullopt);
  EXPECT_EQ(creditCodeProblem("91110000802100433B"), std::nullopt);
}

TEST(CreditCode, RejectsWrongCheckCharacter) {
  EXPECT_EQ(creditCodeProblem("91350100M000100Y44"), "check character does not match");
}

TEST(CreditCode, RejectsLettersOutsideTheAlphabet) {
  // I, O, S, V and Z are never used, so they cannot be confused with digits.
  EXPECT_TRUE(creditCodeProblem("91350100M000100I43").has_value());
  EXPECT_TRUE(creditCodeProblem("91350100m000100Y43").has_value());
}

TEST(CreditCode, RejectsWrongLengthAndNonNumericRegion) {
  EXPECT_EQ(creditCodeProblem("91350100M000100Y4"), "must be 18 characters");
  EXPECT_EQ(creditCodeProblem("91A50100M000100Y43"), "characters 3 to 8 must be the region code");
}

TEST(CreditCode, CheckCharacterCanBeZero) {
  // Find a body whose weighted sum is a multiple of 31: the check character is then '0', not '31'.
  for (int n = 0; n < 1000; ++n) {
    char body[18];
    std::snprintf(body, sizeof body, "52330481%09d", n);
    if (creditCodeCheckChar(body) == '0') {
      EXPECT_EQ(creditCodeProblem(std::string(body) + "0"), std::nullopt);
      return;
    }
  }
  FAIL() << "no body with check character 0 found";
}

TEST(JurisdictionRules, CodesAreSixDigitsAboveTownAndNineForTowns) {
  EXPECT_EQ(jurisdictionCodeProblem("330481", Level::county), std::nullopt);
  EXPECT_EQ(jurisdictionCodeProblem("330481001", Level::town), std::nullopt);
  EXPECT_TRUE(jurisdictionCodeProblem("330481001", Level::county).has_value());
  EXPECT_TRUE(jurisdictionCodeProblem("330481", Level::town).has_value());
  EXPECT_TRUE(jurisdictionCodeProblem("33048A", Level::city).has_value());
}

TEST(JurisdictionRules, ChildSitsStrictlyBelowItsParent) {
  EXPECT_EQ(parentProblem(Level::province, std::nullopt), std::nullopt);
  EXPECT_TRUE(parentProblem(Level::city, std::nullopt).has_value());
  EXPECT_EQ(parentProblem(Level::town, Level::county), std::nullopt);
  // Districts of a municipality sit directly under the province-level city.
  EXPECT_EQ(parentProblem(Level::county, Level::province), std::nullopt);
  EXPECT_TRUE(parentProblem(Level::county, Level::county).has_value());
  EXPECT_TRUE(parentProblem(Level::city, Level::town).has_value());
}

// Issue #15: the 6-digit code names the place (2023 statistical codes, config/divisions.csv).
TEST(Divisions, ACountyCodeNamesItsProvinceAndCity) {
  auto chain = divisionChain("330481");
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->size(), 3u);
  EXPECT_EQ((*chain)[0].code, "330000");
  EXPECT_EQ((*chain)[0].level, "province");
  EXPECT_EQ((*chain)[1].name, "嘉兴市");
  EXPECT_EQ((*chain)[2].name, "海宁市");
  EXPECT_EQ((*chain)[2].level, "county");
  auto jinan = divisionChain("370102");
  ASSERT_TRUE(jinan);
  EXPECT_EQ(jinan->back().name, "历下区");
}

TEST(Divisions, MunicipalitiesAndProvinceGovernedCountiesSkipTheStatisticalLevel) {
  auto beijing = divisionChain("110101");
  ASSERT_TRUE(beijing);
  ASSERT_EQ(beijing->size(), 2u);
  EXPECT_EQ((*beijing)[0].name, "北京市");
  EXPECT_EQ((*beijing)[1].name, "东城区");
  auto jiyuan = divisionChain("419001");
  ASSERT_TRUE(jiyuan);
  ASSERT_EQ(jiyuan->size(), 2u);  // 河南省 › 济源市, no 省直辖县级行政区划
  EXPECT_EQ((*jiyuan)[0].name, "河南省");
  // A prefecture-level city without counties is its own county.
  auto dongguan = divisionChain("441900");
  ASSERT_TRUE(dongguan);
  ASSERT_EQ(dongguan->size(), 2u);
  EXPECT_EQ(dongguan->back().level, "county");
}

TEST(Divisions, ProvincesAndCitiesAreTheirOwnShortChainsAndUnknownCodesNone) {
  EXPECT_EQ(divisionChain("330000")->size(), 1u);
  EXPECT_EQ(divisionChain("330400")->size(), 2u);
  EXPECT_EQ(divisionChain("330400")->back().level, "city");
  EXPECT_FALSE(divisionChain("330499"));
  EXPECT_FALSE(divisionChain("33048"));
  EXPECT_FALSE(divisionChain("3304810"));
  EXPECT_FALSE(divisionChain(""));
  EXPECT_FALSE(divisionChain("市辖区"));
}
