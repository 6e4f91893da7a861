#include "procurement/ProcurementRules.h"

#include <algorithm>
#include <set>

#include "pay/PayRules.h"

namespace sr::procurement {

std::optional<std::string> sourcesProblem(const std::vector<Source>& sources) {
  if (sources.empty()) return "needs at least one source";
  std::set<std::string> names;
  int64_t total = 0;
  for (const auto& s : sources) {
    if (!names.insert(s.source).second) return "names a source twice";
    total += s.pct;
  }
  if (total != 100) return "shares must add up to 100";
  return std::nullopt;
}

std::vector<int64_t> splitBySources(int64_t fen, const std::vector<Source>& sources) {
  std::vector<int64_t> out;
  int64_t given = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    int64_t part = i + 1 == sources.size() ? fen - given : pay::mulDivRound(fen, sources[i].pct, 100);
    given += part;
    out.push_back(part);
  }
  return out;
}

bool overlaps(const Date& aFrom, const Date& aTo, const Date& bFrom, const Date& bTo) {
  if (aTo < aFrom || bTo < bFrom) return false;
  return aFrom <= bTo && bFrom <= aTo;
}

std::optional<std::string> activationRefusal(const std::string& status, const Date& start, const Date& today) {
  if (status != "signed") return "Only a signed contract can be activated (this one is " + status + ").";
  if (today < start) return "The contract's term begins on " + formatDate(start) + "; it can be activated from then.";
  return std::nullopt;
}

std::optional<std::string> endRefusal(const std::string& status, const Date& end, const Date& today) {
  if (status != "active") return "Only an active contract reaches its end (this one is " + status + ").";
  if (today < end) return "The contract runs until " + formatDate(end) + "; end it from then, or terminate it.";
  return std::nullopt;
}

std::optional<std::string> terminationRefusal(const std::string& status) {
  if (status != "signed" && status != "active") return "Only a signed or active contract can be terminated (this one is " + status + ").";
  return std::nullopt;
}

namespace {
// Calls fn(month, days covered, days in month) for each month [from, to] touches.
template <class Fn>
void eachMonth(const Date& from, const Date& to, const Fn& fn) {
  if (to < from) return;
  for (auto ym = from.year() / from.month(); ym <= to.year() / to.month(); ym += std::chrono::months{1}) {
    auto first = std::max(from, pay::firstDay(ym)), last = std::min(to, pay::lastDay(ym));
    fn(ym, daysBetween(first, last) + 1, int64_t{pay::daysInMonth(ym)});
  }
}
}  // namespace

Coverage coverage(const Date& from, const Date& to) {
  Coverage c;
  eachMonth(from, to, [&](auto, int64_t days, int64_t inMonth) {
    if (days == inMonth)
      ++c.wholeMonths;
    else
      c.partDays += days;
  });
  return c;
}

int64_t fundingDue(int64_t annualStandardFen, int64_t posts, const Date& from, const Date& to, int64_t factorHundredths) {
  const int64_t year = pay::mulDivRound(annualStandardFen * posts, factorHundredths, 100);
  int64_t whole = 0, parts = 0;
  eachMonth(from, to, [&](auto, int64_t days, int64_t inMonth) {
    if (days == inMonth)
      ++whole;
    else
      parts += pay::mulDivRound(year, days, 12 * inMonth);
  });
  return pay::mulDivRound(year, whole, 12) + parts;
}

std::vector<Installment> installments(const Date& start, const Date& end, int months) {
  std::vector<Installment> out;
  for (int k = 0;; ++k) {
    auto from = addMonths(start, k * months);
    if (end < from) break;
    auto to = std::min(end, addDays(addMonths(start, (k + 1) * months), -1));
    out.push_back({from, from, to});
  }
  return out;
}

std::optional<Date> onPostDeadline(const Date& from, std::optional<int64_t> days, std::optional<int64_t> months) {
  if (months) return addMonths(from, static_cast<int>(*months));
  if (days) return addDays(from, *days);
  return std::nullopt;
}

std::vector<FieldError> schemeProblems(const Scheme& s) {
  std::vector<FieldError> out;
  if (s.indicators.empty()) out.push_back({"indicators", "needs at least one indicator"});
  std::set<std::string> keys;
  int64_t weights = 0;
  for (std::size_t i = 0; i < s.indicators.size(); ++i) {
    if (!keys.insert(s.indicators[i].key).second)
      out.push_back({"indicators[" + std::to_string(i) + "].key", "is used twice"});
    weights += s.indicators[i].weight;
  }
  if (!s.indicators.empty() && weights != 100) out.push_back({"indicators", "weights must add up to 100"});
  for (std::size_t i = 0; i < s.tiers.size(); ++i) {
    const std::string at = "tiers[" + std::to_string(i) + "].min_score";
    if (s.tiers[i].minScoreH < s.passMarkH)
      out.push_back({at, "must not be below the pass mark"});
    else if (i > 0 && s.tiers[i].minScoreH >= s.tiers[i - 1].minScoreH)
      out.push_back({at, "must be below the tier before it (highest first)"});
  }
  return out;
}

Outcome evaluate(const Scheme& s, const std::map<std::string, int64_t>& scores, std::vector<FieldError>& problems) {
  Outcome o;
  for (const auto& entry : scores)  // not a structured binding: clang cannot capture one
    if (std::none_of(s.indicators.begin(), s.indicators.end(), [&](const Indicator& i) { return i.key == entry.first; }))
      problems.push_back({"scores." + entry.first, "is not an indicator of the scheme"});
  for (const auto& i : s.indicators) {
    auto it = scores.find(i.key);
    if (it == scores.end()) {
      problems.push_back({"scores." + i.key, "is required"});
      continue;
    }
    if (it->second < 0 || it->second > i.maxScore) {
      problems.push_back({"scores." + i.key, "must be between 0 and " + std::to_string(i.maxScore)});
      continue;
    }
    o.scoreH += pay::mulDivRound(it->second * i.weight, 100, i.maxScore);
  }
  o.pass = o.scoreH >= s.passMarkH;
  for (const auto& t : s.tiers)
    if (o.scoreH >= t.minScoreH) {
      o.tier = t.name;
      o.factorH = t.factorH;
      break;
    }
  o.proposeTermination = !o.pass && s.failTerminates;
  return o;
}

int scheduleMonths(const std::string& schedule) {
  if (schedule == "monthly") return 1;
  if (schedule == "quarterly") return 3;
  if (schedule == "half_yearly") return 6;
  return 12;
}

}  // namespace sr::procurement
