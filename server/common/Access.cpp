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

void require(const http::Principal& p, const Owner& owner) {
  if (!inScope(p, owner)) throw Error(Code::not_found, "No such resource.");
}

}  // namespace sr::access
