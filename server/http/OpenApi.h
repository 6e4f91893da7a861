#pragma once
#include <string>

#include "common/Http.h"

namespace sr::server {

// The document served at GET /api/v1/openapi.json, generated from the route table itself so it
// cannot miss a route.
std::string openApiDocument(const std::vector<http::Route>& routes, const std::string& version);

}  // namespace sr::server
