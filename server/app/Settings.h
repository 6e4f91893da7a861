#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/Cipher.h"
#include "http/HttpServer.h"
#include "identity/IdentityRules.h"
#include "payroll/Runs.h"

namespace sr::app {

// Everything configurable. Precedence: command line > environment > config file > defaults.
struct Settings {
  server::HttpSettings http;
  std::string dbUrl = "sqlite:var/socialroll.db";
  identity::AuthSettings auth;
  payroll::RunSettings payroll;
  std::string logLevel = "info";
  std::optional<std::string> adminPassword;  // SOCIALROLL_ADMIN_PASSWORD, first start only
  // The key that seals ID numbers and bank accounts: base64 of 32 bytes in SOCIALROLL_DATA_KEY,
  // or else read from (and on first start written to) the key file.
  std::optional<std::string> dataKey;
  std::string dataKeyFile = "var/data.key";
  // security.cipher: what seals new values and makes new lookup hashes (common/Cipher.h). Values
  // sealed by the other still open; `socialroll data reseal --to` converts them.
  protect::Cipher cipher = protect::Cipher::aes256gcm;
  // The web interface's bundle; empty: found next to the binary (see http/WebUi.h).
  std::string webRoot;
};

// Parses --port N, --db URL, --config FILE (and --bind ADDR) out of `args`, removing them;
// what remains is returned in `rest`. Throws std::invalid_argument with a message for the user.
Settings loadSettings(std::vector<std::string> args, std::vector<std::string>& rest);

}  // namespace sr::app
