// libFuzzer target: the connection front's framing of raw bytes into requests (http/Connections.h),
// and each framed request's target as the router's parser reads it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/Error.h"
#include "http/Connections.h"
#include "http/Router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // Frame request after request, as the front does with a pipelined connection.
  for (int i = 0; i < 8 && !in.empty(); ++i) {
    auto f = sr::server::frame(in, 16 * 1024, 64 * 1024);
    if (f.kind != sr::server::Framing::Kind::complete) break;
    if (f.consumed == 0 || f.consumed > in.size()) __builtin_trap();  // framing must make progress
    try {
      sr::server::parseTarget(f.request.target);
    } catch (const sr::Error&) {
    }
    in.remove_prefix(f.consumed);
  }
  return 0;
}
