#pragma once
// The blacklist registry. Bureaus list people (by ID number; they need not be in the person
// registry), lift entries early with a reason, and see full entries of their own area. Every
// hire anywhere is checked against every entry in force. Agencies may only ask "is this ID
// number listed, and until when"; each such check is audited.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "blacklist/BlacklistRules.h"
#include "org/Org.h"
#include "people/People.h"
#include "policy/Policy.h"

namespace sr::blacklist {

struct Entry {
  int64_t id = 0;
  std::string idSealed, idMasked, reason;
  std::optional<std::string> name;
  Term term;
  int years = 0;
  int64_t jurisdictionId = 0;
  std::string jurisdictionPath;
  std::optional<std::string> liftReason;
};

struct EntryInput {
  std::string idNumber, reason;
  std::optional<std::string> name;
  Date listedOn;
  std::optional<int> years;
  std::optional<int64_t> jurisdictionId;  // admin only; a bureau lists in its own jurisdiction
};

// Said wherever someone in post turns out to be listed (issue #12): the employer and the bureau
// review it; the listing itself changes no contract.
inline constexpr std::string_view kListedWhileEmployedNote =
    "On the sector blacklist while employed here. The listing does not end the labour contract by itself: whether to "
    "end it is the employer's decision under the Labor Contract Law.";

struct CheckResult {
  bool listed = false;
  std::optional<Date> until;  // first day free again
};

// The list's sealed column (for `socialroll data reseal`); its one-listing-a-day key starts with the hash.
inline std::vector<protect::SealedColumn> sealedColumns() {
  return {{"blacklist_entries", "id_sealed", "id_number", "id_hash", "listing_key"}};
}

class BlacklistService {
 public:
  BlacklistService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                   const policy::PolicyService& policy, const people::PeopleService& people)
      : db_(db), audit_(audit), org_(org), policy_(policy), people_(people) {}

  Entry add(const http::Principal& p, const http::Actor& actor, const EntryInput& in, Validator v = {});
  // Inside the caller's transaction (a misconduct case listing its person): lists `idNumber` in
  // jurisdiction `j` from `listedOn` for `years`, audited. A direct listing passes `oncePerDay`:
  // a second listing of the person in `j` from that day is then a unique-key conflict. A case's
  // listing is made once by the case's own conditional transition, and two cases may list one
  // person on one day.
  Entry insert(db::Connection& c, const http::Actor& actor, const std::string& idNumber, const std::optional<std::string>& name,
               const std::string& reason, const Date& listedOn, int years, const org::Jurisdiction& j,
               bool oncePerDay = false) const;
  Entry lift(const http::Principal& p, const http::Actor& actor, int64_t id, const Date& liftedOn,
             const std::string& reason);
  // Inside the caller's transaction (an appeal upheld): lifts `e` from `liftedOn`, audited.
  Entry liftIn(db::Connection& c, const http::Actor& actor, Entry e, const Date& liftedOn, const std::string& reason) const;
  Entry entryFor(const http::Principal& p, int64_t id) const;
  std::vector<Entry> list(const http::Principal& p, int64_t after, int limit, bool inForceOnly) const;
  // The audited check for agencies and bureaus.
  CheckResult check(const http::Principal& p, const http::Actor& actor, const std::string& idNumber, const Date& on);
  // Inside the caller's transaction: whether an ID number, by its lookup keys (PeopleService::idKeys),
  // is listed on the date.
  CheckResult listedOn(db::Connection& c, const std::vector<std::string>& idKeys, const Date& on) const;
  // Many at once (staff import, oversight): for each ID number's keys and date, whether it is listed.
  std::vector<bool> listedAmong(db::Connection& c, const std::vector<std::pair<std::vector<std::string>, Date>>& keysOn) const;

  // The keepers of the list (bureaus, admin) see the whole ID number; everyone else a mask.
  json::Obj toJson(const Entry& e, const Date& today, http::Role viewer = http::Role::worker) const;

 private:
  // Entries for ID numbers given as `keysPerNumber` consecutive lookup keys each.
  std::vector<std::vector<Entry>> entriesByKey(db::Connection& c, const std::vector<std::string>& keys,
                                               std::size_t keysPerNumber) const;
  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const people::PeopleService& people_;
};

void registerRoutes(http::RouteTable& routes, BlacklistService& blacklist);

}  // namespace sr::blacklist
