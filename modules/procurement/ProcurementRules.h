#pragma once
// Pure rules of purchase contracts (issue #17): the funding sources' shares, a term's overlap with
// another, which change of state a contract allows, and how an amount divides among the sources.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/Error.h"
#include "common/Time.h"

namespace sr::procurement {

// Who pays a share of the standard: Guangdong's 双百 funds each worker province:local 6:4
// ([{"source": "province", "pct": 60}, {"source": "local", "pct": 40}]).
struct Source {
  std::string source;
  int64_t pct = 0;
};

// Why the sources cannot stand, or nothing: at least one, each named once, shares adding up to 100.
std::optional<std::string> sourcesProblem(const std::vector<Source>& sources);
// The amount divided by the shares, each rounded half up to the fen, the last source taking what
// rounding left, so the parts always add up to the whole.
std::vector<int64_t> splitBySources(int64_t fen, const std::vector<Source>& sources);

// Whether two day ranges [from, to] share a day; a range whose to is before its from is empty (a
// contract terminated before it began) and shares none.
bool overlaps(const Date& aFrom, const Date& aTo, const Date& bFrom, const Date& bTo);

// The changes of state: signed -> active -> ended | terminated (signed may also be terminated).
// Each returns why the change is refused, or nothing.
std::optional<std::string> activationRefusal(const std::string& status, const Date& start, const Date& today);
std::optional<std::string> endRefusal(const std::string& status, const Date& end, const Date& today);
std::optional<std::string> terminationRefusal(const std::string& status);

// What a contract owes for one station over [from, to]: the annual standard per funded worker ×
// funded posts × months covered ÷ 12, scaled by the funding factor (hundredths: 100 = 1.0). Whole
// calendar months count whole; a month covered in part counts its days ÷ the month's days (a
// term starting, or a station handed over, mid-month). Rounded half up to the fen once for the
// whole months and once per part month, so twelve whole months are exactly the standard × posts.
int64_t fundingDue(int64_t annualStandardFen, int64_t posts, const Date& from, const Date& to, int64_t factorHundredths = 100);
// Whole months and the days of part months in [from, to] (a statement shows what it counted).
struct Coverage {
  int64_t wholeMonths = 0, partDays = 0;
};
Coverage coverage(const Date& from, const Date& to);

// The payout schedule: periods of `months` from the term's start (the last cut at the term's
// end), each due on its first day.
struct Installment {
  Date dueOn, from, to;
};
std::vector<Installment> installments(const Date& start, const Date& end, int months);
// Months per period of a schedule name (monthly 1, quarterly 3, half_yearly 6, yearly 12).
int scheduleMonths(const std::string& schedule);

// The day by which a station's funded posts must be filled, counted from the first day the
// contract covers it (Jinan: on post within one month of signing, 签订1个月内…到岗):
// `months` calendar months (Civil Code Art. 202) when the place sets them, else `days`; none
// when the place sets neither.
std::optional<Date> onPostDeadline(const Date& from, std::optional<int64_t> days, std::optional<int64_t> months);

// An evaluation scheme (data of a jurisdiction): indicators with weights adding up to 100 and
// maximum scores, a pass mark out of 100, and tiers (highest first) with funding factors, or none
// for a pass/fail scheme. Marks and factors are hundredths (60 = 0.60 points; 100 = a factor 1.0).
struct Indicator {
  std::string key, name;
  int64_t weight = 0, maxScore = 0;
};
struct Tier {
  std::string name;
  int64_t minScoreH = 0, factorH = 0;
};
struct Scheme {
  std::string name;
  std::vector<Indicator> indicators;
  int64_t passMarkH = 0;
  std::vector<Tier> tiers;
  bool failTerminates = false;
};
// Every problem of a scheme, under its field: keys once, weights adding up to 100, tiers from the
// highest, none below the pass mark.
std::vector<FieldError> schemeProblems(const Scheme& s);

struct Outcome {
  int64_t scoreH = 0;  // out of 100, in hundredths
  bool pass = false;
  std::optional<std::string> tier;
  std::optional<int64_t> factorH;
  bool proposeTermination = false;
};
// The weighted score: each indicator's score ÷ its maximum × its weight, in hundredths rounded
// half up per indicator, summed. It passes at the pass mark; its tier is the highest whose minimum
// it reaches. Scores missing, unknown or above their maximum are problems under scores.<key>.
Outcome evaluate(const Scheme& s, const std::map<std::string, int64_t>& scores, std::vector<FieldError>& problems);

}  // namespace sr::procurement
