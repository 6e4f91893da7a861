#include <gtest/gtest.h>

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
