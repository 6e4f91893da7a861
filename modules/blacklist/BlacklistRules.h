#pragma once
// The sector's dishonest-person list (行业失信人员名单), as pure rules. An entry is in force from
// its listing date up to, but not including, its end date (listing date + years), unless it was
// lifted earlier: a hire that starts on the end date is allowed, one that starts the day before
// is refused.
#include <optional>

#include "common/Time.h"

namespace sr::blacklist {

struct Term {
  Date listedOn, endsOn;
  std::optional<Date> liftedOn;
};

Date endsOn(const Date& listedOn, int years);
bool inForce(const Term& t, const Date& on);
// The first day the person is free again: the end date, or the lifting date when earlier.
Date freeFrom(const Term& t);

}  // namespace sr::blacklist
