#include "common/Access.h"

namespace sr::access {

bool isWithin(const std::string& path, const std::string& ancestor) {
  return !ancestor.empty() && path.size() >= ancestor.size() && path.compare(0, ancestor.size(), ancestor) == 0;
}

bool inScope(const http::Principal& p, const Owner& o) {
  switch (p.role) {
    case http::Role::admin:
      return true;
    case http::Role::bureau:
      return o.jurisdictionPath && isWithin(*o.jurisdictionPath, p.jurisdictionPath);
    case http::Role::agency_admin:
    case http::Role::payroll_officer:
      return o.agencyId && p.agencyId && *o.agencyId == *p.agencyId;
    case http::Role::worker:
      return o.personId && p.personId && *o.personId == *p.personId;
  }
  return false;
}

void appendScopeFilter(const http::Principal& p, const OwnerColumns& cols, std::string& where, db::Params& params) {
  auto by = [&](const std::string& column, db::Param value, const char* op) {
    if (column.empty()) {
      where += " AND 1 = 0";
      return;
    }
    where += " AND " + column + op;
    params.push_back(std::move(value));
  };
  switch (p.role) {
    case http::Role::admin:
      return;
    case http::Role::bureau:
      return by(cols.jurisdictionPath, p.jurisdictionPath + "%", " LIKE ?");
    case http::Role::agency_admin:
    case http::Role::payroll_officer:
      return by(cols.agencyId, p.agencyId.value_or(0), " = ?");
    case http::Role::worker:
      return by(cols.personId, p.personId.value_or(0), " = ?");
  }
}

bool actsFor(const http::Principal& p, int64_t agencyId) {
  return p.role == http::Role::admin || (p.agencyId && *p.agencyId == agencyId);
}

void requireActsFor(const http::Principal& p, int64_t agencyId) {
  if (!actsFor(p, agencyId)) throw Error(Code::not_found, "No such resource.");
}

void require(const http::Principal& p, const Owner& owner) {
  if (!inScope(p, owner)) throw Error(Code::not_found, "No such resource.");
}

}  // namespace sr::access
