#pragma once
// Resignation notice, as pure rules. Three dates from the notice date: the statutory earliest last
// day (Labor Contract Law Art. 37: 30 days, 3 during probation), the policy's date (the commitment
// the worker signed, e.g. Haining's one month), and with a replacement requirement the latest
// date. The law wins where they disagree: nobody may be held past the statutory date by a policy
// date that is shorter, and a last day before the statutory date is refused.
#include <optional>
#include <string>
#include <vector>

#include "common/Time.h"

namespace sr::leaving {

struct NoticePolicy {
  int statutoryDays = 30, probationDays = 3, policyDays = 30, maxDays = 60;
  bool replacementRequired = false;
};

struct NoticeDates {
  Date statutory;               // earliest lawful last day
  Date policy;                  // the commitment's last day
  std::optional<Date> latest;   // with a replacement requirement: leave by then at the latest
  Date allowed;                 // the earliest last day without breaking law or commitment
  std::vector<std::string> notes;  // where the law overrides the policy, in words
};

// `inProbation`: on probation on the notice date. `replacementFound` releases the commitment.
NoticeDates noticeDates(const NoticePolicy& p, const Date& noticeDate, bool inProbation, bool replacementFound);
// The allowed last day and the notes, from the three dates as recorded when notice was given.
NoticeDates explain(const Date& statutory, const Date& policy, const std::optional<Date>& latest, bool replacementFound);

// Whether leaving on `lastDay` breaks the commitment: before the allowed day (a misconduct case).
bool leftEarly(const Date& lastDay, const Date& allowed);
// Whether a worker still in post on `today` has stayed past the latest date (a misconduct case).
bool stayedPastLatest(const std::optional<Date>& latest, const Date& today);

}  // namespace sr::leaving
