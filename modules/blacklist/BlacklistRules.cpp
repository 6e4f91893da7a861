#include "blacklist/BlacklistRules.h"

namespace sr::blacklist {

Date endsOn(const Date& listedOn, int years) { return addYears(listedOn, years); }

Date freeFrom(const Term& t) { return t.liftedOn && *t.liftedOn < t.endsOn ? *t.liftedOn : t.endsOn; }

bool inForce(const Term& t, const Date& on) { return t.listedOn <= on && on < freeFrom(t); }

}  // namespace sr::blacklist
