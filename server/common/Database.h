#pragma once
// The one small database interface. Two drivers implement it (server/db): SQLite and
// MySQL/MariaDB. Every statement is parameterised with `?`; values travel as text or integers.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sr::db {

enum class Engine { sqlite, mysql };

// Where the services a transaction's body asks (through acquire() or read()) read: on connections
// of their own, seeing only what is committed, or through the transaction itself, seeing its writes
// and, with it, one consistent state (a payroll run made and computed in one transaction).
enum class Reads { ownConnections, throughThisTransaction };

using Param = std::variant<std::nullptr_t, int64_t, std::string>;
using Params = std::vector<Param>;
inline Param nullable(const std::optional<int64_t>& v) { return v ? Param(*v) : Param(nullptr); }
inline Param nullable(const std::optional<std::string>& v) { return v ? Param(*v) : Param(nullptr); }

class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<std::optional<std::string>> values);
  bool isNull(std::string_view column) const;
  std::string str(std::string_view column) const;
  int64_t i64(std::string_view column) const;
  std::optional<std::string> optStr(std::string_view column) const;
  std::optional<int64_t> optI64(std::string_view column) const;

 private:
  const std::optional<std::string>& at(std::string_view column) const;
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<std::optional<std::string>> values_;
};

// A unique key was violated: the service turns it into a 409 naming the field.
struct UniqueViolation : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The engine chose this transaction as a deadlock victim (or SQLite stayed busy): retry it whole.
struct RetryableConflict : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The server went away (restart, network, idle kill). The connection is dropped from the pool;
// work that had not reached COMMIT is retried on a fresh connection.
struct ConnectionLost : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "?, ?, ?" for an IN list of n values.
std::string placeholders(std::size_t n);
// Calls fn(from, to) over [0, n) in chunks small enough for any engine's parameter limit, so a
// batch of thousands is a handful of queries, not one per item.
void forChunks(std::size_t n, const std::function<void(std::size_t from, std::size_t to)>& fn, std::size_t chunk = 500);

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  virtual std::vector<Row> query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  virtual int64_t lastInsertId() = 0;
  virtual void begin() = 0;
  // A read-only transaction that sees one consistent snapshot of the database for all its reads.
  virtual void beginSnapshot() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // False when the connection can no longer be used (lost server, broken state).
  virtual bool alive() = 0;

  std::optional<Row> queryOne(std::string_view sql, const Params& params = {});
  int64_t insert(std::string_view sql, const Params& params = {});
  // " FOR UPDATE" where the engine has row locks; SQLite's write transactions are already exclusive.
  std::string_view forUpdate() const;
};

struct PoolStats {
  int size = 0;
  int inUse = 0;
  int64_t waits = 0;
  int64_t timeouts = 0;
};

class ConnectionPool;

// A borrowed connection, returned to the pool when it goes out of scope.
class Lease {
 public:
  Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn);
  // A connection some enclosing Database::snapshot already holds: used, not returned.
  explicit Lease(Connection* borrowed) : pool_(nullptr), borrowed_(borrowed) {}
  Lease(Lease&&) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();
  Connection& operator*() { return borrowed_ ? *borrowed_ : *conn_; }
  Connection* operator->() { return borrowed_ ? borrowed_ : conn_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> conn_;
  Connection* borrowed_ = nullptr;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  // A pooled connection, or inside snapshot() on this thread the snapshot's own connection, so
  // every service a computation asks reads the same consistent state.
  Lease acquire();
  virtual PoolStats stats() const = 0;
  // Human-readable target without the password, for logs.
  virtual std::string describe() const = 0;

  bool ping();
  // Runs `work` in one transaction; commits on return, rolls back on any exception. A deadlock,
  // a busy database or a connection lost before COMMIT runs the whole body again, so a body must
  // have no effect outside the database but its result: build what it produces in locals and
  // return it through transact(), never append to something captured (issue #10: a retried
  // bank-file export would have written each transfer line twice).
  void transaction(const std::function<void(Connection&)>& work, Reads reads = Reads::ownConnections);
  template <class T>
  T transact(const std::function<T(Connection&)>& work, Reads reads = Reads::ownConnections) {
    std::optional<T> out;
    transaction([&](Connection& c) { out = work(c); }, reads);  // assigned, not appended: a retry replaces it
    return std::move(*out);
  }
  // Tests only: called in every transaction just before COMMIT with the attempt number (1, 2, ...).
  // A hook that throws ConnectionLost or RetryableConflict makes the body run again as a real
  // failure would. An empty function removes it.
  void setFaultHook(std::function<void(int attempt)> hook);
  // Runs `work` in one read-only transaction over a single consistent snapshot (issue #10: a
  // payroll computation that read in several autocommit statements saw a hire committed between
  // them). Every acquire() and read() on this thread inside `work` uses the snapshot's connection.
  // Retried whole on a lost connection or a conflict; `work` must only read and return.
  template <class T>
  T snapshot(const std::function<T(Connection&)>& work) {
    std::optional<T> out;
    inSnapshot([&](Connection& c) { out = work(c); });
    return std::move(*out);
  }
  // Autocommit reads; retried once on a fresh connection if the first one turns out to be lost.
  template <class T>
  T read(const std::function<T(Connection&)>& work) {
    try {
      auto lease = acquire();
      return work(*lease);
    } catch (const ConnectionLost&) {
      auto lease = acquire();
      return work(*lease);
    }
  }

 protected:
  virtual Lease acquirePooled() = 0;

 private:
  void inSnapshot(const std::function<void(Connection&)>& work);
  void runFaultHook(int attempt);
  std::mutex hookMutex_;
  std::function<void(int)> faultHook_;
};

}  // namespace sr::db
