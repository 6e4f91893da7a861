#include "leaving/NoticeRules.h"

#include <algorithm>

namespace sr::leaving {

NoticeDates noticeDates(const NoticePolicy& p, const Date& noticeDate, bool inProbation, bool replacementFound) {
  NoticeDates d;
  int statutoryDays = inProbation ? p.probationDays : p.statutoryDays;
  d.statutory = addDays(noticeDate, statutoryDays);
  d.policy = addDays(noticeDate, p.policyDays);
  if (p.replacementRequired) d.latest = addDays(noticeDate, p.maxDays);
  if (d.policy < d.statutory)
    d.notes.push_back("the policy's notice is shorter than the statutory " + std::to_string(statutoryDays) +
                      " days; the law wins");
  if (d.latest && *d.latest < d.statutory) {
    d.notes.push_back("the policy's latest date is before the statutory date; the law wins");
    d.latest = d.statutory;
  }
  // With a replacement in post the commitment is met: the statutory date is enough.
  d.allowed = replacementFound ? d.statutory : std::max(d.statutory, d.policy);
  if (replacementFound) d.notes.push_back("a replacement is in post: the worker may leave from the statutory date");
  return d;
}

}  // namespace sr::leaving
