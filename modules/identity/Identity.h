#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "identity/IdentityRules.h"
#include "org/Org.h"

namespace sr::identity {

struct User {
  int64_t id = 0;
  std::string username;
  std::string role;
  std::optional<int64_t> jurisdictionId, agencyId, personId;
  std::string scopePath;
  bool disabled = false;
  bool confirmed = true;  // false: an agency admin waiting for the bureau (may not approve payroll)
  bool mustChangePassword = false;  // its password was set by someone else
  std::optional<int64_t> employerAgencyId;  // a worker's account made by their agency (issue #15)
  // An agency owns its own users and the worker accounts it made.
  access::Owner owner() const { return {scopePath, agencyId ? agencyId : employerAgencyId, personId}; }
};
json::Obj toJson(const User& u);

struct NewUser {
  std::string username, password, role;  // an empty password: the server makes a hand-over one
  std::optional<int64_t> jurisdictionId, agencyId, personId;
};

struct LoginResult {
  std::string token;
  int64_t expiresAt = 0;
  User user;
};

// Password hashing is deliberately slow (PBKDF2, ~0.1 s of a core). Run on every request thread,
// 200 logins at once starved every other request (issue #13, finding 2). The gate lets `running`
// hashes run at once and `waiting` more queue; anyone past that is answered 429 at once, so logins
// never hold more than running + waiting of the server's threads.
class PasswordGate {
 public:
  PasswordGate(int running, int waiting) : running_(running), waiting_(waiting) {}
  // Runs `work` when a slot is free, or throws rate_limited (Retry-After: 1) when the queue is full.
  template <class F>
  auto through(F&& work) {
    Slot slot(*this);
    return work();
  }

 private:
  struct Slot {
    explicit Slot(PasswordGate& g);
    ~Slot();
    PasswordGate& gate;
  };
  std::mutex mutex_;
  std::condition_variable free_;
  int running_, waiting_;
  int active_ = 0, queued_ = 0;
};

class IdentityService {
 public:
  IdentityService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org, AuthSettings settings);

  // `from` carries the request id, the client's address and user agent; the attempt is throttled
  // per account and address (429) and every failure is audited.
  LoginResult login(const std::string& username, const std::string& password, const http::Actor& from);
  // Resolves a bearer token to its caller; throws unauthenticated when unknown, expired or revoked.
  http::Principal authenticate(const std::string& token);
  void logout(const http::Principal& p, const http::Actor& actor);
  void changePassword(const http::Principal& p, const http::Actor& actor, const std::string& current,
                      const std::string& next);

  // The user, and the hand-over password the server made when `in` had none (shown once).
  User createUser(const http::Principal& p, const http::Actor& actor, const NewUser& in, Validator v = {},
                  std::string* madePassword = nullptr);
  // A new hand-over password for an account below the caller (issue #15): the owner replaces it
  // at first sign-in, and every session of the account ends. Returns it (shown once).
  std::string resetPassword(const http::Principal& p, const http::Actor& actor, int64_t id);
  User userFor(const http::Principal& p, int64_t id) const;
  std::vector<User> listUsers(const http::Principal& p, int64_t after, int limit) const;
  User setDisabled(const http::Principal& p, const http::Actor& actor, int64_t id, bool disabled);
  // The bureau over the agency (or the admin) confirms an agency admin made by another agency
  // admin; a second confirmation is 409.
  User confirm(const http::Principal& p, const http::Actor& actor, int64_t id);

  // Start-up and command line.
  // Creates `admin` when the database has no users; returns the password it set (empty if none).
  std::optional<std::string> bootstrapAdmin(const std::optional<std::string>& password);
  void setPassword(const std::string& username, const std::string& password, const http::Actor& actor);
  // A session for `username` without its password, for a command run by whoever holds the
  // database and its data key already (`socialroll demo`); no route reaches it. Audited as a
  // sign-in by `actor`.
  LoginResult signInAs(const std::string& username, const http::Actor& actor);

  const AuthSettings& settings() const { return settings_; }

  // Who may have a worker user for a person is a workforce question; the workforce module answers
  // it here: the scope path for the new user, or nullopt when `creator` may not make one.
  using WorkerScope = std::function<std::optional<std::string>(const http::Principal& creator, int64_t personId)>;
  void setWorkerScope(WorkerScope fn) { workerScope_ = std::move(fn); }

 private:
  WorkerScope workerScope_;
  std::optional<User> findUser(int64_t id) const;
  void revokeSessions(db::Connection& c, int64_t userId);
  LoginResult openSession(db::Connection& c, const User& user, const http::Actor& actor);
  // Which roles a caller may create, and where: the contract's role table.
  void checkMayCreate(const http::Principal& p, const NewUser& in, Validator& v, std::string& scopePath) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  AuthSettings settings_;
  PasswordGate gate_;
};

void registerRoutes(http::RouteTable& routes, IdentityService& identity);

}  // namespace sr::identity
