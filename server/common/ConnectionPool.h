#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "common/Database.h"

namespace sr::db {

// A fixed-size pool. Unlike Poco's SessionPool it waits (up to a timeout) for a free connection
// instead of failing at once, and it replaces connections that died.
class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;
  ConnectionPool(Factory factory, int size, std::chrono::milliseconds waitTimeout);
  Lease acquire();
  void release(std::unique_ptr<Connection> conn);
  PoolStats stats() const;

 private:
  Factory factory_;
  int size_;
  std::chrono::milliseconds waitTimeout_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int inUse_ = 0;
  int64_t waits_ = 0;
  int64_t timeouts_ = 0;
};

}  // namespace sr::db
