#pragma once
#include <string>
#include <vector>

namespace sr::app {

// `socialroll <command> ...`; returns the process exit code.
int runCommand(const std::vector<std::string>& args);

}  // namespace sr::app
