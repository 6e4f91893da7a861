#include "db/Migrator.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/Crypto.h"
#include "common/Time.h"

namespace sr::db::embedded {
const std::vector<sr::EmbeddedFile>& embeddedFiles();
}

namespace sr::db {
namespace {

std::string replaceAll(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

struct Script {
  int version;
  std::string name;
  std::string_view text;
};

std::vector<Script> scriptsFor(Engine engine) {
  std::map<std::string, Script> byName;
  for (const auto& f : migrationFiles()) {
    std::string name(f.name);
    if (name.size() < 6 || name.substr(4, 1) != "_" || !std::all_of(name.begin(), name.begin() + 4, ::isdigit))
      throw std::logic_error("migration file name must start with NNNN_: " + name);
    bool onlySqlite = name.ends_with(".sqlite.sql");
    bool onlyMysql = name.ends_with(".mysql.sql");
    if ((onlySqlite && engine != Engine::sqlite) || (onlyMysql && engine != Engine::mysql)) continue;
    byName.emplace(name, Script{std::stoi(name.substr(0, 4)), name, f.content});
  }
  std::vector<Script> out;
  for (auto& [n, s] : byName) out.push_back(s);
  return out;  // map order = file-name order = version order
}

constexpr int64_t kStaleLockSeconds = 600;

std::string claimMigrationLock(Connection& c) {
  c.execute("CREATE TABLE IF NOT EXISTS schema_lock (id INTEGER PRIMARY KEY, holder VARCHAR(64) NOT NULL, "
            "taken_at BIGINT NOT NULL)");
  const std::string holder = crypto::toHex(crypto::randomBytes(12));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    try {
      c.execute("INSERT INTO schema_lock (id, holder, taken_at) VALUES (1, ?, ?)", {holder, nowSeconds()});
      return holder;
    } catch (const UniqueViolation&) {
    } catch (const RetryableConflict&) {  // Galera: another node's claim certified first
    }
    if (c.execute("UPDATE schema_lock SET holder = ?, taken_at = ? WHERE id = 1 AND taken_at < ?",
                  {holder, nowSeconds(), nowSeconds() - kStaleLockSeconds}) == 1) {
      spdlog::warn("took over a migration lock left for over {} s by a server that stopped", kStaleLockSeconds);
      return holder;
    }
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("another server has held the migration lock for 120 s; start again when it is done");
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

void releaseMigrationLock(Connection& c, const std::string& holder) {
  try {
    c.execute("DELETE FROM schema_lock WHERE id = 1 AND holder = ?", {holder});
  } catch (const std::exception& e) {
    spdlog::warn("could not release the migration lock (it goes stale in {} s): {}", kStaleLockSeconds, e.what());
  }
}

}  // namespace

const std::vector<EmbeddedFile>& migrationFiles() { return embedded::embeddedFiles(); }

std::vector<std::string> statementsFor(Engine engine, std::string_view script) {
  std::string text(script);
  text = replaceAll(text, "@PK@",
                    engine == Engine::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT PRIMARY KEY AUTO_INCREMENT");
  text = replaceAll(text, "@TABLE@",
                    engine == Engine::sqlite ? "" : "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  std::vector<std::string> out;
  std::string current;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() + 1 : end + 1;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line + "\n";
    auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {  // a statement ends with ';' at the end of a line
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

MigrationReport migrate(Database& db) {
  MigrationReport report;
  auto lease = db.acquire();
  Connection& c = *lease;
  bool mysql = db.engine() == Engine::mysql;
  // Several instances may start together against one MySQL database, or against different nodes
  // of one Galera cluster, where GET_LOCK and FOR UPDATE are node-local: one migrates at a time by
  // owning the row of schema_lock (a primary key, so a second claim is a duplicate here or a
  // certification conflict from another node). A holder that died mid-migration is taken over
  // after kStaleLockSeconds. A server that cannot claim it in 120 s refuses to start.
  const std::string holder = mysql ? claimMigrationLock(c) : std::string();
  try {
    // On SQLite under the write lock: in autocommit the statement reads the schema first and, if
    // another process created the table since, fails at once with "database is locked" (a stale
    // WAL snapshot cannot be upgraded, and SQLite does not wait for it).
    if (!mysql) c.begin();
    c.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, "
        "applied_at BIGINT NOT NULL)");
    if (!mysql) c.commit();
    std::map<int, std::string> applied;
    for (auto& r : c.query("SELECT version, name FROM schema_migrations")) applied[static_cast<int>(r.i64("version"))] = r.str("name");
    for (const auto& s : scriptsFor(db.engine())) {
      if (applied.count(s.version)) {
        report.currentVersion = s.version;
        continue;
      }
      spdlog::info("applying migration {}", s.name);
      if (!mysql) {
        c.begin();  // SQLite DDL is transactional: a failed script leaves nothing
        // The write lock is ours only now: another process may have applied it meanwhile.
        if (c.queryOne("SELECT version FROM schema_migrations WHERE version = ?", {int64_t{s.version}})) {
          c.commit();
          report.currentVersion = s.version;
          continue;
        }
      }
      try {
        for (const auto& stmt : statementsFor(db.engine(), s.text)) c.execute(stmt);
        c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                  {int64_t{s.version}, s.name, nowSeconds()});
        if (!mysql) c.commit();
      } catch (const std::exception& e) {
        if (!mysql) c.rollback();
        throw std::runtime_error("migration " + s.name + " failed: " + e.what());
      }
      report.applied.push_back(s.name);
      report.currentVersion = s.version;
    }
  } catch (...) {
    if (mysql) releaseMigrationLock(c, holder);
    throw;
  }
  if (mysql) releaseMigrationLock(c, holder);
  return report;
}

}  // namespace sr::db
