#include "common/Database.h"

#include <charconv>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/ConnectionPool.h"
#include "common/Error.h"

namespace sr::db {

Row::Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<std::optional<std::string>> values)
    : names_(std::move(names)), values_(std::move(values)) {}

const std::optional<std::string>& Row::at(std::string_view column) const {
  for (std::size_t i = 0; i < names_->size(); ++i)
    if ((*names_)[i] == column) return values_[i];
  throw std::logic_error("no column " + std::string(column) + " in result");
}

bool Row::isNull(std::string_view column) const { return !at(column).has_value(); }
std::string Row::str(std::string_view column) const { return at(column).value_or(""); }
std::optional<std::string> Row::optStr(std::string_view column) const { return at(column); }

std::optional<int64_t> Row::optI64(std::string_view column) const {
  const auto& v = at(column);
  if (!v) return std::nullopt;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size())
    throw std::logic_error("column " + std::string(column) + " is not an integer");
  return n;
}

int64_t Row::i64(std::string_view column) const {
  auto v = optI64(column);
  if (!v) throw std::logic_error("column " + std::string(column) + " is null");
  return *v;
}

std::optional<Row> Connection::queryOne(std::string_view sql, const Params& params) {
  auto rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

int64_t Connection::insert(std::string_view sql, const Params& params) {
  execute(sql, params);
  return lastInsertId();
}

std::string_view Connection::forUpdate() const { return engine() == Engine::mysql ? " FOR UPDATE" : ""; }

Lease::Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
Lease::Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)), borrowed_(o.borrowed_) {
  o.pool_ = nullptr;
  o.borrowed_ = nullptr;
}
Lease::~Lease() {
  if (pool_) pool_->release(std::move(conn_));
}

namespace {
// The snapshot this thread is inside, if any: which database, and the connection holding it.
thread_local const Database* tSnapshotDb = nullptr;
thread_local Connection* tSnapshotConn = nullptr;

// Makes `conn` the one every acquire() on this thread uses, until it goes out of scope.
struct Ambient {
  Ambient(const Database* d, Connection* conn) { tSnapshotDb = d, tSnapshotConn = conn; }
  ~Ambient() { tSnapshotDb = nullptr, tSnapshotConn = nullptr; }
};
}  // namespace

Lease Database::acquire() {
  if (tSnapshotDb == this && tSnapshotConn) return Lease(tSnapshotConn);
  return acquirePooled();
}

void Database::inSnapshot(const std::function<void(Connection&)>& work) {
  if (tSnapshotDb == this && tSnapshotConn) return work(*tSnapshotConn);  // nested: already inside one
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    auto lease = acquirePooled();
    Connection& c = *lease;
    try {
      c.beginSnapshot();
      {
        Ambient ambient(this, &c);
        work(c);
      }
      c.commit();
      return;
    } catch (const ConnectionLost& e) {
      try {
        c.rollback();
      } catch (...) {
      }
      if (attempt == kAttempts) throw Error(Code::unavailable, "The database connection was lost; check and try again.", {}, e.what());
    } catch (const RetryableConflict& e) {
      try {
        c.rollback();
      } catch (...) {
      }
      if (attempt == kAttempts) throw Error(Code::unavailable, "The database is busy; try again.", {}, e.what());
    } catch (...) {
      try {
        c.rollback();
      } catch (...) {
      }
      throw;
    }
  }
}

bool Database::ping() {
  try {
    auto lease = acquire();
    lease->query("SELECT 1");
    return true;
  } catch (const std::exception& e) {
    spdlog::warn("database ping failed: {}", e.what());
    return false;
  }
}

void Database::transaction(const std::function<void(Connection&)>& work, Reads reads) {
  // Enough for writers on different Galera nodes, where every conflict surfaces at COMMIT.
  constexpr int kAttempts = 6;
  for (int attempt = 1;; ++attempt) {
    auto lease = acquirePooled();  // its own connection even inside a snapshot: it writes
    Connection& c = *lease;
    bool committing = false;
    try {
      c.begin();
      if (reads == Reads::throughThisTransaction) {
        Ambient ambient(this, &c);
        work(c);
      } else {
        work(c);
      }
      runFaultHook(attempt);
      committing = true;
      c.commit();
      return;
    } catch (const ConnectionLost& e) {
      // Lost before COMMIT: the server rolled the transaction back, so running it again is safe.
      // Lost during COMMIT the outcome is unknown; never guess, report it. (A connection that is in
      // fact still there is rolled back too, so nothing of this attempt can ever commit.)
      if (!committing) try {
          c.rollback();
        } catch (...) {
        }
      if (committing || attempt == kAttempts)
        throw Error(Code::unavailable, "The database connection was lost; check and try again.", {}, e.what());
      spdlog::warn("database connection lost; retrying the transaction on a new one: {}", e.what());
    } catch (const RetryableConflict& e) {
      try {
        c.rollback();
      } catch (...) {
      }
      if (attempt == kAttempts)
        throw Error(Code::unavailable, "The database is busy; try again.", {}, e.what());
      spdlog::debug("retrying transaction after conflict: {}", e.what());
      // Backoff with jitter, so transactions that collided do not collide again in step.
      thread_local std::minstd_rand jitter(std::random_device{}());
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt + static_cast<int>(jitter() % 20)));
    } catch (...) {
      try {
        c.rollback();
      } catch (...) {
      }
      throw;
    }
  }
}

void Database::setFaultHook(std::function<void(int)> hook) {
  std::lock_guard lock(hookMutex_);
  faultHook_ = std::move(hook);
}

void Database::runFaultHook(int attempt) {
  std::function<void(int)> hook;
  {
    std::lock_guard lock(hookMutex_);
    hook = faultHook_;
  }
  if (hook) hook(attempt);
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

void forChunks(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn, std::size_t chunk) {
  for (std::size_t from = 0; from < n; from += chunk) fn(from, std::min(n, from + chunk));
}

}  // namespace sr::db
