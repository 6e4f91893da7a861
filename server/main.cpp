#include <csignal>
#include <pthread.h>

#include "app/Commands.h"

int main(int argc, char** argv) {
  // Block the termination signals before any thread starts, so every thread inherits the mask
  // and `serve` receives them in sigwait() for a clean shutdown.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return sr::app::runCommand(std::vector<std::string>(argv + 1, argv + argc));
}
