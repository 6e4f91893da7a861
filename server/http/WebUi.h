#pragma once
// The web interface: the bundle that server/web builds (index.html and assets/), read once at
// start from the web root and served from memory at / and /assets/{file}. Nothing on disk is
// reachable by path, so no request can walk out of the folder.
#include <map>
#include <string>

#include "common/Http.h"

namespace sr::server {

// Where the bundle is: `configured` when set, else next to the binary as the build and the .deb
// lay it out (<bin>/../share/socialroll/web). Empty when none is found.
std::string findWebRoot(const std::string& configured);

void registerWebRoutes(http::RouteTable& routes, const std::string& webRoot);

}  // namespace sr::server
