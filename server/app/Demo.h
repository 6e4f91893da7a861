#pragma once
// `socialroll demo` (issue #15): an illustrative county in an empty database, so a newcomer sees a
// living system in one command. It runs the server in-process on a loopback port and builds the
// county through the HTTP API as its officers and clerks would, so every rule, scope check,
// filing and audit record applies to the demo data exactly as to real data.
#include <string>
#include <vector>

#include "app/Settings.h"

namespace sr::app {

struct DemoAccount {
  std::string username, role, who;  // who: what the account is for, in Chinese
};

struct DemoResult {
  std::vector<DemoAccount> accounts;
  std::string password;       // every demo account's, made at random for this database
  bool adminPasswordSet = false;  // the database had no admin: `admin` got the demo password too
  int workers = 0, runs = 0;
};

// Fills the database the settings name; refuses (std::invalid_argument) one that holds a
// jurisdiction already. Prints each step to stdout as it goes.
DemoResult buildDemo(Settings settings);

}  // namespace sr::app
