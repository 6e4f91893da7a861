#include <stdexcept>

#include "db/Drivers.h"

namespace sr::db {

namespace {
std::string percentDecode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}
}  // namespace

DbUrl parseDbUrl(const std::string& url) {
  DbUrl u;
  if (url.rfind("sqlite:", 0) == 0) {
    u.engine = Engine::sqlite;
    u.path = url.substr(7);
    if (u.path.empty()) throw std::invalid_argument("sqlite URL needs a path: sqlite:var/socialroll.db");
    return u;
  }
  const std::string prefix = "mysql://";
  if (url.rfind(prefix, 0) != 0)
    throw std::invalid_argument("database URL must start with sqlite: or mysql://");
  u.engine = Engine::mysql;
  std::string rest = url.substr(prefix.size());
  auto at = rest.rfind('@');
  if (at != std::string::npos) {
    std::string cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = cred.find(':');
    u.user = percentDecode(cred.substr(0, colon));
    if (colon != std::string::npos) u.password = percentDecode(cred.substr(colon + 1));
  }
  auto slash = rest.find('/');
  if (slash == std::string::npos) throw std::invalid_argument("mysql URL needs a database: mysql://USER:PASSWORD@HOST:PORT/DATABASE");
  std::string hostPort = rest.substr(0, slash);
  u.database = rest.substr(slash + 1);
  auto colon = hostPort.rfind(':');
  u.host = hostPort.substr(0, colon);
  if (colon != std::string::npos) {
    try {
      u.port = std::stoi(hostPort.substr(colon + 1));
    } catch (...) {
      throw std::invalid_argument("mysql URL has a bad port");
    }
  }
  if (u.host.empty()) u.host = "127.0.0.1";
  if (u.database.empty()) throw std::invalid_argument("mysql URL needs a database name");
  for (char c : u.database)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      throw std::invalid_argument("mysql database name may hold only letters, digits and _");
  return u;
}

std::unique_ptr<Database> openDatabase(const DbUrl& url, int poolSize) {
  return url.engine == Engine::sqlite ? openSqlite(url.path, poolSize) : openMysql(url, poolSize);
}

}  // namespace sr::db
