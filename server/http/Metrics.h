#pragma once
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "common/Database.h"

namespace sr::server {

// Prometheus text metrics: requests and latency by route and status, and the DB pool.
class Metrics {
 public:
  void observe(const std::string& route, int status, double seconds);
  std::string render(const db::PoolStats& pool, int inFlight) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  struct Latency {
    std::array<int64_t, kBuckets.size()> buckets{};
    int64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, int64_t> requests_;
  std::map<std::string, Latency> latency_;
};

}  // namespace sr::server
