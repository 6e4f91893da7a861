#include "common/JobQueue.h"

#include <spdlog/spdlog.h>

namespace sr {

JobQueue::JobQueue() : worker_([this] {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      auto ready = [this] { return stopping_ || !jobs_.empty() || changed_; };
      bool woken = periodSeconds_ > 0 ? wake_.wait_for(lock, std::chrono::seconds(periodSeconds_), ready)
                                      : (wake_.wait(lock, ready), true);
      if (stopping_) return;
      if (changed_) {  // the periodic task was (re)set: wait again with its period
        changed_ = false;
        continue;
      }
      if (!woken) {
        job = periodic_;
      } else {
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
    }
    if (!job) continue;
    try {
      job();
    } catch (const std::exception& e) {
      spdlog::error("background job failed: {}", e.what());
    }
  }
}) {}

JobQueue::~JobQueue() { stop(); }

void JobQueue::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void JobQueue::every(int seconds, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    periodic_ = std::move(task);
    periodSeconds_ = seconds;
    changed_ = true;
  }
  wake_.notify_one();
}

void JobQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

}  // namespace sr
