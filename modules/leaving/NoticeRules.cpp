#include "leaving/NoticeRules.h"

#include <algorithm>

namespace sr::leaving {

NoticeDates explain(const Date& statutory, const Date& policy, const std::optional<Date>& latest,
                    const std::optional<Date>& replacementStart) {
  NoticeDates d{statutory, policy, latest, statutory, {}};
  if (policy < statutory) d.notes.push_back("the policy's notice is shorter than the statutory notice; the law wins");
  if (!latest) {
    d.allowed = std::max(statutory, policy);
    return d;
  }
  if (*latest < statutory) d.notes.push_back("the policy's latest date is before the statutory date; the law wins");
  if (replacementStart) {
    // The replacement's first day in post, not before the policy date and not after the latest.
    d.allowed = std::max(statutory, std::min(std::max(policy, *replacementStart), *latest));
    d.notes.push_back("the replacement is in post from " + formatDate(*replacementStart) + ": the worker may leave on " +
                      formatDate(d.allowed));
  } else {
    d.allowed = std::max(statutory, *latest);
    d.notes.push_back("no replacement yet: the worker leaves once one is in post, on " + formatDate(*latest) +
                      " at the latest");
  }
  return d;
}

NoticeDates noticeDates(const NoticePolicy& p, const Date& noticeDate, bool inProbation,
                        const std::optional<Date>& replacementStart) {
  auto statutory = addDays(noticeDate, inProbation ? p.probationDays : p.statutoryDays);
  std::optional<Date> latest;
  if (p.replacementRequired) latest = addMonths(noticeDate, p.maxMonths);
  return explain(statutory, addMonths(noticeDate, p.policyMonths), latest, replacementStart);
}

bool leftEarly(const Date& lastDay, const Date& allowed) { return lastDay < allowed; }

bool replacementOverdue(const std::optional<Date>& latest, const std::optional<Date>& replacementStart, const Date& today) {
  return latest && !replacementStart && today > *latest;
}

}  // namespace sr::leaving
