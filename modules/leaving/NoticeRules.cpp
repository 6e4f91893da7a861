#include "leaving/NoticeRules.h"

#include <algorithm>

namespace sr::leaving {

NoticeDates explain(const Date& statutory, const Date& policy, const std::optional<Date>& latest, bool replacementFound) {
  NoticeDates d{statutory, policy, latest, statutory, {}};
  if (policy < statutory) d.notes.push_back("the policy's notice is shorter than the statutory notice; the law wins");
  if (latest && *latest == statutory && policy > statutory)
    d.notes.push_back("the policy's latest date cannot be before the statutory date; the law wins");
  // With a replacement in post the commitment is met: the statutory date is enough.
  d.allowed = replacementFound ? statutory : std::max(statutory, policy);
  if (replacementFound) d.notes.push_back("a replacement is in post: the worker may leave from the statutory date");
  return d;
}

NoticeDates noticeDates(const NoticePolicy& p, const Date& noticeDate, bool inProbation, bool replacementFound) {
  auto statutory = addDays(noticeDate, inProbation ? p.probationDays : p.statutoryDays);
  std::optional<Date> latest;
  if (p.replacementRequired) latest = std::max(statutory, addDays(noticeDate, p.maxDays));  // never before the law's date
  return explain(statutory, addDays(noticeDate, p.policyDays), latest, replacementFound);
}

bool leftEarly(const Date& lastDay, const Date& allowed) { return lastDay < allowed; }

bool stayedPastLatest(const std::optional<Date>& latest, const Date& today) { return latest && today > *latest; }

}  // namespace sr::leaving
