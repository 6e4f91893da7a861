#pragma once
// Throttling shared by every server on one database (issue #13, findings 2 and 3): a key (an
// account at an address, an address, a user's whole-ID searches) may be hit a number of times in
// a window for free; each hit past that makes it wait twice as long as the one before, up to a
// cap. Nothing is ever locked outright, so nobody can shut a real user out by failing on purpose
// from elsewhere, and the waits answer 429 rate_limited with Retry-After.
#include <cstdint>
#include <string>
#include <vector>

#include "common/Database.h"

namespace sr::ratelimit {

struct Rule {
  int freeHits = 5;          // hits in a window before any wait
  int64_t firstWait = 1;     // seconds after the first hit past them
  int64_t maxWait = 900;     // the doubling stops here
  int64_t window = 3600;     // seconds after the window's first hit that its count starts again
};

// Seconds to wait after the `hits`-th hit of a window (pure): 0 up to freeHits, then firstWait,
// doubling per hit, never more than maxWait.
int64_t waitAfter(const Rule& rule, int hits);

// Stored under a hash of the key, so the table holds no usernames or addresses.
std::string keyHash(const std::string& key);

// The longest wait any of `keys` still has at `now` (0: none may be refused).
int64_t waitingFor(db::Connection& c, const std::vector<std::string>& keys, int64_t now);

// Counts one hit on `key` (one conditional upsert: concurrent hits all count) and returns the wait
// it now has.
int64_t hit(db::Connection& c, const std::string& key, const Rule& rule, int64_t now);

// Refuses with 429 rate_limited (and Retry-After) while `key` waits; otherwise counts the hit.
void require(db::Connection& c, const std::string& key, const Rule& rule, int64_t now);

// Whole-ID-number searches (persons and blacklist checks) per user (issue #13, finding 4: a masked
// number's few candidates were confirmed by searching each): 30 an hour, then a minute's wait
// doubling up to an hour.
inline constexpr Rule kIdSearch{30, 60, 3600, 3600};
std::string idSearchKey(int64_t userId);

// Forgets a key (a successful login clears its account's counts).
void clear(db::Connection& c, const std::string& key);

// Removes keys whose window ended more than `olderThan` seconds ago and that no longer wait.
int64_t prune(db::Connection& c, int64_t now, int64_t olderThan);

}  // namespace sr::ratelimit
