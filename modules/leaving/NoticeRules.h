#pragma once
// Resignation notice, as pure rules. From the notice date: the statutory earliest last day (Labor
// Contract Law Art. 37: 30 days, 3 during probation — in days), the place's commitment (e.g.
// Haining's "提前一个月…在岗位补员完成后方可离职(前后期限最长不超过两个月)" — in calendar months, Civil
// Code Art. 202), and with a replacement requirement the latest date. The law wins where they
// disagree: a last day before the statutory date is refused, and no local date is earlier than it.
#include <optional>
#include <string>
#include <vector>

#include "common/Time.h"

namespace sr::leaving {

struct NoticePolicy {
  int statutoryDays = 30, probationDays = 3;  // days (Art. 37)
  int policyMonths = 1, maxMonths = 2;        // calendar months (the place's commitment)
  bool replacementRequired = false;
};

struct NoticeDates {
  Date statutory;               // earliest lawful last day
  Date policy;                  // the commitment's earliest last day (notice + policy months)
  std::optional<Date> latest;   // with a replacement requirement: the whole wait ends then
  Date allowed;                 // the earliest last day that keeps both law and commitment
  std::vector<std::string> notes;  // why, in words
};

// `inProbation`: on probation on the notice date. `replacementStart`: the first day in post of the
// replacement linked to this resignation, if any.
NoticeDates noticeDates(const NoticePolicy& p, const Date& noticeDate, bool inProbation,
                        const std::optional<Date>& replacementStart);
// The allowed last day and the notes, from the dates recorded when notice was given. With a
// replacement requirement the worker leaves when the replacement is in post (not before the policy
// date), or on the latest date if none comes; without one, from the policy date.
NoticeDates explain(const Date& statutory, const Date& policy, const std::optional<Date>& latest,
                    const std::optional<Date>& replacementStart);

// Leaving before the allowed day breaks the commitment (a misconduct case for the bureau).
bool leftEarly(const Date& lastDay, const Date& allowed);
// Still waiting on `today` after the latest date with no replacement: the agency's shortfall (a
// replacement_overdue flag), never the worker's misconduct.
bool replacementOverdue(const std::optional<Date>& latest, const std::optional<Date>& replacementStart, const Date& today);

}  // namespace sr::leaving
