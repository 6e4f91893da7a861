#include "common/ConnectionPool.h"

#include "common/Error.h"

namespace sr::db {

ConnectionPool::ConnectionPool(Factory factory, int size, std::chrono::milliseconds waitTimeout)
    : factory_(std::move(factory)), size_(size < 1 ? 1 : size), waitTimeout_(waitTimeout) {}

Lease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  if (idle_.empty() && open_ >= size_) {
    ++waits_;
    if (!available_.wait_for(lock, waitTimeout_, [&] { return !idle_.empty() || open_ < size_; })) {
      ++timeouts_;
      throw Error(Code::unavailable, "The database is busy; try again.", {}, "connection pool exhausted");
    }
  }
  std::unique_ptr<Connection> conn;
  if (!idle_.empty()) {
    conn = std::move(idle_.back());
    idle_.pop_back();
  }
  ++inUse_;
  if (!conn) ++open_;
  lock.unlock();
  try {
    if (conn && !conn->alive()) conn.reset();  // lost server: open a fresh session ourselves
    if (!conn) conn = factory_();
  } catch (...) {
    lock.lock();
    --inUse_;
    --open_;
    available_.notify_one();
    throw;
  }
  return Lease(this, std::move(conn));
}

void ConnectionPool::release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  --inUse_;
  if (conn)
    idle_.push_back(std::move(conn));
  else
    --open_;
  available_.notify_one();
}

PoolStats ConnectionPool::stats() const {
  std::lock_guard lock(mutex_);
  return PoolStats{size_, inUse_, waits_, timeouts_};
}

}  // namespace sr::db
