// Misconduct case decisions as pure rules: only open cases are decided, only listings are
// appealed and only once, only pending appeals are decided.
#include <gtest/gtest.h>

#include "discipline/CaseRules.h"

using namespace sr::discipline;

TEST(CaseRules, OnlyAnOpenCaseIsDismissedOrListed) {
  EXPECT_FALSE(decisionRefusal("open"));
  EXPECT_TRUE(decisionRefusal("dismissed"));
  EXPECT_TRUE(decisionRefusal("listed"));
}

TEST(CaseRules, OnlyAListingIsAppealedAndOnlyOnce) {
  EXPECT_FALSE(appealRefusal("listed", std::nullopt));
  EXPECT_TRUE(appealRefusal("open", std::nullopt));
  EXPECT_TRUE(appealRefusal("dismissed", std::nullopt));
  EXPECT_TRUE(appealRefusal("listed", std::string("pending")));
  EXPECT_TRUE(appealRefusal("listed", std::string("rejected")));
}

TEST(CaseRules, OnlyAPendingAppealIsDecided) {
  EXPECT_FALSE(appealDecisionRefusal(std::string("pending")));
  EXPECT_TRUE(appealDecisionRefusal(std::nullopt));
  EXPECT_TRUE(appealDecisionRefusal(std::string("upheld")));
}
