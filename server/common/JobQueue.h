#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace sr {

// One background worker thread: long work (a payroll run, an audit chain check) queues here
// instead of holding a request open; its progress is kept in the database for any server to show.
class JobQueue {
 public:
  JobQueue();
  ~JobQueue();
  void post(std::function<void()> job);
  // Runs `task` on the worker thread every `seconds` when no job is waiting (the stale-run sweep).
  void every(int seconds, std::function<void()> task);
  void stop();  // finishes the running job, drops the rest (they are recovered at the next start)

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::function<void()> periodic_;
  int periodSeconds_ = 0;
  bool changed_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace sr
