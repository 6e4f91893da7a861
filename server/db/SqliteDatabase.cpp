#include <filesystem>
#include <stdexcept>
#include <unordered_map>

#include <sqlite3.h>

#include "common/ConnectionPool.h"
#include "db/Drivers.h"

namespace sr::db {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) throw UniqueViolation(msg);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) throw RetryableConflict(msg);
  throw std::runtime_error(msg);
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw std::runtime_error("cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    // WAL lets readers run beside the one writer; FULL makes every commit durable on power loss.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
  }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Engine engine() const override { return Engine::sqlite; }

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* st = prepare(sql, params);
    std::vector<Row> rows;
    std::shared_ptr<std::vector<std::string>> names;
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        fail(db_, rc, "query failed");
      }
      int n = sqlite3_column_count(st);
      if (!names) {
        names = std::make_shared<std::vector<std::string>>();
        for (int i = 0; i < n; ++i) names->push_back(sqlite3_column_name(st, i));
      }
      std::vector<std::optional<std::string>> values;
      values.reserve(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        if (sqlite3_column_type(st, i) == SQLITE_NULL) {
          values.emplace_back();
        } else {
          auto text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
          values.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(st, i))));
        }
      }
      rows.emplace_back(names, std::move(values));
    }
    sqlite3_reset(st);
    return rows;
  }

  int64_t execute(std::string_view sql, const Params& params) override {
    sqlite3_stmt* st = prepare(sql, params);
    int rc = sqlite3_step(st);
    while (rc == SQLITE_ROW) rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) fail(db_, rc, "statement failed");
    return sqlite3_changes64(db_);
  }

  int64_t lastInsertId() override { return sqlite3_last_insert_rowid(db_); }
  // IMMEDIATE takes the write lock up front, so two writers never deadlock on a lock upgrade.
  void begin() override { exec("BEGIN IMMEDIATE"); }
  // DEFERRED takes no lock; in WAL mode the first read fixes the snapshot every later read sees.
  void beginSnapshot() override { exec("BEGIN DEFERRED"); }
  void commit() override { exec("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) exec("ROLLBACK");
  }
  bool alive() override { return sqlite3_get_autocommit(db_) != 0; }

 private:
  void exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      if ((rc & 0xff) == SQLITE_BUSY) throw RetryableConflict(msg);
      throw std::runtime_error(std::string(sql) + ": " + msg);
    }
  }

  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    std::string key(sql);
    sqlite3_stmt* st = nullptr;
    if (auto it = cache_.find(key); it != cache_.end()) {
      st = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st,
                                  nullptr);
      if (rc != SQLITE_OK) fail(db_, rc, "prepare failed");
      cache_.emplace(std::move(key), st);
    }
    sqlite3_clear_bindings(st);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st))
      throw std::logic_error("parameter count mismatch for: " + std::string(sql));
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>)
              return sqlite3_bind_null(st, idx);
            else if constexpr (std::is_same_v<T, int64_t>)
              return sqlite3_bind_int64(st, idx, v);
            else
              return sqlite3_bind_text64(st, idx, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
          },
          params[i]);
      if (rc != SQLITE_OK) fail(db_, rc, "bind failed");
    }
    return st;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int poolSize)
      : path_(std::move(path)),
        pool_([p = path_] { return std::make_unique<SqliteConnection>(p); }, poolSize, std::chrono::seconds(10)) {}
  Engine engine() const override { return Engine::sqlite; }
  Lease acquirePooled() override { return pool_.acquire(); }
  PoolStats stats() const override { return pool_.stats(); }
  std::string describe() const override { return "sqlite:" + path_; }

 private:
  std::string path_;
  ConnectionPool pool_;
};

}  // namespace

std::unique_ptr<Database> openSqlite(const std::string& path, int poolSize) {
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  auto db = std::make_unique<SqliteDatabase>(path, poolSize);
  db->acquire();  // fail at start, not on the first request, when the file cannot be opened
  return db;
}

}  // namespace sr::db
