#include "http/Metrics.h"

#include <sstream>

namespace sr::server {

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  auto& l = latency_[route];
  ++l.count;
  l.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++l.buckets[i];
}

std::string Metrics::render(const db::PoolStats& pool, int inFlight) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP socialroll_http_requests_total HTTP requests by route and status.\n"
         "# TYPE socialroll_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "socialroll_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
  out << "# HELP socialroll_http_request_duration_seconds Request latency by route.\n"
         "# TYPE socialroll_http_request_duration_seconds histogram\n";
  for (const auto& [route, l] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "socialroll_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} "
          << l.buckets[i] << "\n";
    out << "socialroll_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << l.count << "\n";
    out << "socialroll_http_request_duration_seconds_sum{route=\"" << route << "\"} " << l.sum << "\n";
    out << "socialroll_http_request_duration_seconds_count{route=\"" << route << "\"} " << l.count << "\n";
  }
  out << "# TYPE socialroll_http_in_flight gauge\nsocialroll_http_in_flight " << inFlight << "\n";
  out << "# TYPE socialroll_db_pool_size gauge\nsocialroll_db_pool_size " << pool.size << "\n";
  out << "# TYPE socialroll_db_pool_in_use gauge\nsocialroll_db_pool_in_use " << pool.inUse << "\n";
  out << "# TYPE socialroll_db_pool_waits_total counter\nsocialroll_db_pool_waits_total " << pool.waits << "\n";
  out << "# TYPE socialroll_db_pool_timeouts_total counter\nsocialroll_db_pool_timeouts_total " << pool.timeouts << "\n";
  return out.str();
}

}  // namespace sr::server
