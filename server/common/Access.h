#pragma once
// The one place that decides whether a caller may see a resource. Every handler that reads or
// writes a scoped resource describes its owner and calls require(); outside scope is 404 so a
// resource's existence does not leak.
#include <cstdint>
#include <optional>
#include <string>

#include "common/Database.h"
#include "common/Http.h"

namespace sr::access {

// What a resource belongs to. Fill what applies: a station has a jurisdiction path and an agency.
struct Owner {
  std::optional<std::string> jurisdictionPath;
  std::optional<int64_t> agencyId;
  std::optional<int64_t> personId;
};

// admin: everything. bureau: resources whose jurisdiction lies in its subtree. agency roles:
// resources of their agency. worker: resources of their own person.
bool inScope(const http::Principal& p, const Owner& owner);
void require(const http::Principal& p, const Owner& owner);
// The same rule as inScope, as a SQL condition for list queries: appends " AND ..." to `where`
// and its parameters. Pass the column holding each owner field (empty when the table has none:
// that role then sees nothing).
struct OwnerColumns {
  std::string jurisdictionPath, agencyId, personId;
};
void appendScopeFilter(const http::Principal& p, const OwnerColumns& cols, std::string& where, db::Params& params);
// Writes on an agency's people (hire, change, pay items, assessments) are the agency's own or the
// admin's: a bureau may read them but not act for the employer. 404 otherwise, like require().
bool actsFor(const http::Principal& p, int64_t agencyId);
void requireActsFor(const http::Principal& p, int64_t agencyId);
// True when `path` is `ancestor` or below it ("/33/3304/" is below "/33/").
bool isWithin(const std::string& path, const std::string& ancestor);

}  // namespace sr::access
