#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include "common/ConnectionPool.h"
#include "common/Time.h"
#include "db/Drivers.h"

namespace sr::db {
namespace {

// Connector/C++ wants get_driver_instance() first from one thread, and threadInit()/threadEnd()
// around its use in every other thread.
sql::mysql::MySQL_Driver* driver() {
  static sql::mysql::MySQL_Driver* d = sql::mysql::get_mysql_driver_instance();
  return d;
}

struct ThreadGuard {
  ThreadGuard() { driver()->threadInit(); }
  ~ThreadGuard() { driver()->threadEnd(); }
};
void ensureThreadInit() { thread_local ThreadGuard guard; }

constexpr int kDuplicateKey = 1062;
constexpr int kLockWaitTimeout = 1205;
constexpr int kDeadlock = 1213;
// Galera: this node left the primary component (or is still joining); another attempt may reach
// a healthy one through the pool's fresh connection, or the caller gets a clear 503.
constexpr int kWsrepNotReady = 1047;
constexpr int kServerGone = 2006;
constexpr int kServerLost = 2013;
constexpr int kConnectionKilled = 1927;  // MariaDB: ER_CONNECTION_KILLED

std::unique_ptr<sql::Connection> connect(const DbUrl& u, bool withSchema) {
  ensureThreadInit();
  sql::ConnectOptionsMap opts;
  opts["hostName"] = sql::SQLString("tcp://" + u.host + ":" + std::to_string(u.port));
  opts["userName"] = sql::SQLString(u.user);
  opts["password"] = sql::SQLString(u.password);
  if (withSchema) opts["schema"] = sql::SQLString(u.database);
  opts["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  // Silent reconnects give a new session whose prepared statements are gone; we reconnect ourselves.
  opts["OPT_RECONNECT"] = false;
  opts["OPT_CONNECT_TIMEOUT"] = 5;
  // An UPDATE reports the rows it matched, as SQLite does, not only those whose values changed:
  // every conditional transition checks that count, and a fence that rewrites the same heartbeat
  // within one second must still count as held.
  opts["CLIENT_FOUND_ROWS"] = true;
  return std::unique_ptr<sql::Connection>(driver()->connect(opts));
}

class MysqlConnection final : public Connection {
 public:
  explicit MysqlConnection(const DbUrl& url) : conn_(connect(url, true)) {
    std::unique_ptr<sql::Statement> st(conn_->createStatement());
    st->execute("SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'");
    st->execute("SET SESSION time_zone='+00:00'");
    // On a Galera node every read first waits until this node has applied what the cluster
    // committed before it: a server on another node must never act on a run state older than a
    // write it has already seen succeed (without it, 23 of 200 reads right after a write were stale).
    // Plain MariaDB answers wsrep_on = 0 and nothing changes; MySQL has no such variable.
    try {
      st->execute("SET SESSION wsrep_sync_wait = IF(@@wsrep_on, 1, 0)");
    } catch (const sql::SQLException&) {
    }
  }
  ~MysqlConnection() override {
    cache_.clear();
    try {
      conn_->close();
    } catch (...) {
    }
  }

  Engine engine() const override { return Engine::mysql; }

  std::vector<Row> query(std::string_view sqlText, const Params& params) override {
    return guarded([&] {
      auto* st = prepare(sqlText, params);
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
      std::vector<Row> rows;
      auto* meta = rs->getMetaData();
      unsigned n = meta->getColumnCount();
      auto names = std::make_shared<std::vector<std::string>>();
      for (unsigned i = 1; i <= n; ++i) names->push_back(meta->getColumnLabel(i).asStdString());
      while (rs->next()) {
        std::vector<std::optional<std::string>> values;
        values.reserve(n);
        for (unsigned i = 1; i <= n; ++i) {
          if (rs->isNull(i))
            values.emplace_back();
          else
            values.emplace_back(rs->getString(i).asStdString());
        }
        rows.emplace_back(names, std::move(values));
      }
      return rows;
    });
  }

  int64_t execute(std::string_view sqlText, const Params& params) override {
    return guarded([&] { return static_cast<int64_t>(prepare(sqlText, params)->executeUpdate()); });
  }

  int64_t lastInsertId() override { return queryOne("SELECT LAST_INSERT_ID() AS id")->i64("id"); }
  // InnoDB's flush policy is the server's (innodb_flush_log_at_trx_commit), not a session's.
  void begin() override { plain("START TRANSACTION"); }
  // InnoDB's REPEATABLE READ read view, taken at once rather than at the first read.
  void beginSnapshot() override { plain("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"); }
  void commit() override { plain("COMMIT"); }
  void rollback() override { plain("ROLLBACK"); }

  bool alive() override {
    if (broken_) return false;
    // Recently used connections are trusted; an idle one is pinged once before reuse.
    if (nowSeconds() - lastUsed_ < 30) return true;
    try {
      return conn_->isValid();
    } catch (...) {
      return false;
    }
  }

 private:
  template <class F>
  auto guarded(F&& f) -> decltype(f()) {
    ensureThreadInit();
    lastUsed_ = nowSeconds();
    try {
      return f();
    } catch (const sql::SQLException& e) {
      int code = e.getErrorCode();
      if (code == kDuplicateKey) throw UniqueViolation(e.what());
      if (code == kDeadlock || code == kLockWaitTimeout || code == kWsrepNotReady) throw RetryableConflict(e.what());
      if (code == kServerGone || code == kServerLost || code == kConnectionKilled || code == 0) {
        broken_ = true;
        throw ConnectionLost("MySQL connection lost (" + std::to_string(code) + "): " + e.what());
      }
      throw std::runtime_error("MySQL error " + std::to_string(code) + ": " + e.what());
    }
  }

  void plain(const char* text) {
    guarded([&] {
      std::unique_ptr<sql::Statement> st(conn_->createStatement());
      st->execute(text);
      return 0;
    });
  }

  sql::PreparedStatement* prepare(std::string_view sqlText, const Params& params) {
    std::string key(sqlText);
    auto it = cache_.find(key);
    if (it == cache_.end())
      it = cache_.emplace(key, std::unique_ptr<sql::PreparedStatement>(conn_->prepareStatement(key))).first;
    sql::PreparedStatement* st = it->second.get();
    st->clearParameters();
    for (std::size_t i = 0; i < params.size(); ++i) {
      unsigned idx = static_cast<unsigned>(i + 1);
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>)
              st->setNull(idx, 0);
            else if constexpr (std::is_same_v<T, int64_t>)
              st->setInt64(idx, v);
            else
              st->setString(idx, sql::SQLString(v));
          },
          params[i]);
    }
    return st;
  }

  std::unique_ptr<sql::Connection> conn_;
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> cache_;
  bool broken_ = false;
  int64_t lastUsed_ = nowSeconds();
};

class MysqlDatabase final : public Database {
 public:
  MysqlDatabase(DbUrl url, int poolSize)
      : url_(std::move(url)),
        pool_([u = url_] { return std::make_unique<MysqlConnection>(u); }, poolSize, std::chrono::seconds(10)) {}
  Engine engine() const override { return Engine::mysql; }
  Lease acquirePooled() override {
    try {
      return pool_.acquire();
    } catch (const sql::SQLException& e) {
      throw std::runtime_error(std::string("cannot connect to MySQL: ") + e.what());
    }
  }
  PoolStats stats() const override { return pool_.stats(); }
  std::string describe() const override {
    return "mysql://" + url_.user + "@" + url_.host + ":" + std::to_string(url_.port) + "/" + url_.database;
  }

 private:
  DbUrl url_;
  ConnectionPool pool_;
};

void adminStatement(const DbUrl& url, const std::string& text) {
  try {
    auto conn = connect(url, false);
    std::unique_ptr<sql::Statement> st(conn->createStatement());
    st->execute(text);
  } catch (const sql::SQLException& e) {
    throw std::runtime_error("MySQL error " + std::to_string(e.getErrorCode()) + ": " + e.what());
  }
}

}  // namespace

std::unique_ptr<Database> openMysql(const DbUrl& url, int poolSize) {
  driver();
  auto db = std::make_unique<MysqlDatabase>(url, poolSize);
  db->acquire();  // fail at start when the server or credentials are wrong
  return db;
}

// The name was checked to be [A-Za-z0-9_] by parseDbUrl: identifiers cannot be bound parameters.
void createMysqlDatabase(const DbUrl& url) {
  adminStatement(url, "CREATE DATABASE IF NOT EXISTS `" + url.database +
                          "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
}

void dropMysqlDatabase(const DbUrl& url) { adminStatement(url, "DROP DATABASE IF EXISTS `" + url.database + "`"); }

}  // namespace sr::db
