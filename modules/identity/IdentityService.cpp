#include <algorithm>
#include <thread>

#include "common/Crypto.h"
#include "common/RateLimit.h"
#include "common/Time.h"
#include "identity/Identity.h"

namespace sr::identity {

namespace sql {
constexpr std::string_view kUserCols =
    "SELECT id, username, role, jurisdiction_id, agency_id, person_id, scope_path, disabled, confirmed, "
    "must_change_password, employer_agency_id FROM users";
constexpr std::string_view kLoginCols =
    "SELECT id, username, role, jurisdiction_id, agency_id, person_id, scope_path, disabled, confirmed, "
    "must_change_password, employer_agency_id, password_hash FROM users WHERE username = ?";
constexpr std::string_view kSessionByToken =
    "SELECT s.id AS session_id, s.user_id, s.last_seen_at, s.expires_at, s.revoked_at, u.username, u.role, "
    "u.jurisdiction_id, u.agency_id, u.person_id, u.scope_path, u.disabled, u.confirmed, u.must_change_password "
    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?";
}  // namespace sql

namespace {
User userFrom(const db::Row& r) {
  User u{r.i64("id"),         r.str("username"),   r.str("role"),       r.optI64("jurisdiction_id"),
         r.optI64("agency_id"), r.optI64("person_id"), r.str("scope_path"), r.i64("disabled") != 0,
         r.i64("confirmed") != 0, r.i64("must_change_password") != 0, r.optI64("employer_agency_id")};
  return u;
}

[[noreturn]] void badCredentials() { throw Error(Code::unauthenticated, "Wrong username or password."); }

// Keeps "no such user" as slow as "wrong password", so timing does not reveal usernames.
const std::string& dummyHash(int iterations) {
  static const std::string h = hashPassword("timing-equaliser", iterations);
  return h;
}

// Sessions record activity at most once a minute: a read-heavy client does not write every request.
constexpr int64_t kTouchInterval = 60;
}  // namespace

json::Obj toJson(const User& u) {
  auto o = json::object();
  o->set("id", u.id);
  o->set("username", u.username);
  o->set("role", u.role);
  o->set("jurisdiction_id", json::orNull(u.jurisdictionId));
  o->set("agency_id", json::orNull(u.agencyId));
  o->set("person_id", json::orNull(u.personId));
  o->set("disabled", u.disabled);
  o->set("confirmed", u.confirmed);
  o->set("must_change_password", u.mustChangePassword);
  if (u.employerAgencyId) o->set("employer_agency_id", *u.employerAgencyId);
  return o;
}

PasswordGate::Slot::Slot(PasswordGate& g) : gate(g) {
  std::unique_lock lock(g.mutex_);
  if (g.active_ >= g.running_) {
    if (g.queued_ >= g.waiting_)
      throw Error(Code::rate_limited, "Too many sign-ins at once; try again in a moment.").withRetryAfter(1);
    ++g.queued_;
    g.free_.wait(lock, [&] { return g.active_ < g.running_; });
    --g.queued_;
  }
  ++g.active_;
}

PasswordGate::Slot::~Slot() {
  {
    std::lock_guard lock(gate.mutex_);
    --gate.active_;
  }
  gate.free_.notify_one();
}

namespace {
// One core is left for everything else; a few more wait rather than being turned away.
int hashingSlots() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1); }
}  // namespace

IdentityService::IdentityService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                                 AuthSettings settings)
    : db_(db), audit_(audit), org_(org), settings_(settings), gate_(hashingSlots(), 4) {}

LoginResult IdentityService::login(const std::string& username, const std::string& password, const http::Actor& from) {
  const int64_t now = nowSeconds();
  const auto limits = loginLimits(username, from.clientAddress, settings_);
  std::vector<std::string> keys;
  for (const auto& l : limits) keys.push_back(l.key);
  auto tooMany = [](int64_t wait) {
    return Error(Code::rate_limited, "Too many failed sign-ins; wait " + std::to_string(wait) + " s and try again.")
        .withRetryAfter(wait);
  };
  // Known and unknown usernames take the same path: the same waits, the same answers, one hash
  // verification each (against a dummy for nobody), so neither status nor timing tells them apart.
  auto found = db_.read<std::pair<int64_t, std::optional<db::Row>>>([&](db::Connection& c) {
    return std::pair{ratelimit::waitingFor(c, keys, now), c.queryOne(sql::kLoginCols, {username})};
  });
  const int64_t wait = found.first;
  auto& row = found.second;
  if (wait > 0) throw tooMany(wait);
  const bool usable = row && row->i64("disabled") == 0;
  const bool passwordOk = gate_.through([&] {
    return verifyPassword(password, usable ? row->str("password_hash") : dummyHash(settings_.pbkdf2Iterations));
  });
  if (!usable || !passwordOk) {
    db_.transaction([&](db::Connection& c) {
      int64_t longest = 0;
      for (const auto& l : limits) longest = std::max(longest, ratelimit::hit(c, l.key, l.rule, now));
      // Who tried, from where: the account when it exists (a typed password never lands in the log
      // as a "username"), the address and user agent always.
      auto after = json::object();
      after->set("username", row ? username : std::string("(no such user)"));
      after->set("client_address", from.clientAddress);
      after->set("user_agent", from.userAgent);
      if (longest > 0) after->set("wait_seconds", longest);
      http::Actor actor = from;
      actor.username = row ? username : "(no such user)";
      if (row) actor.userId = row->i64("id");
      audit_.append(c, actor, {"user.login_failed", "user", row ? std::optional(row->i64("id")) : std::nullopt,
                               row ? row->str("scope_path") : "", nullptr, after});
    });
    badCredentials();
  }
  User user = userFrom(*row);
  http::Actor actor{user.id, user.username, user.role, from.requestId, from.clientAddress, from.userAgent};
  return db_.transact<LoginResult>([&](db::Connection& c) {
    // The owner is in: what failed before counts no more against the account (the address's
    // count stays, or one good account would wipe a sprayer's record).
    ratelimit::clear(c, limits[0].key);
    ratelimit::clear(c, limits[2].key);
    return openSession(c, user, actor);
  });
}

LoginResult IdentityService::openSession(db::Connection& c, const User& user, const http::Actor& actor) {
  const int64_t now = nowSeconds();
  LoginResult result{crypto::base64Url(crypto::randomBytes(32)), now + settings_.absoluteSeconds, user};
  auto sessionId = c.insert(
      "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      {user.id, crypto::sha256Hex(result.token), now, now, result.expiresAt});
  auto after = json::object();
  after->set("session_id", sessionId);
  after->set("client_address", actor.clientAddress);
  after->set("user_agent", actor.userAgent);
  audit_.append(c, actor, {"user.login", "user", user.id, user.scopePath, nullptr, after});
  return result;
}

LoginResult IdentityService::signInAs(const std::string& username, const http::Actor& actor) {
  return db_.transact<LoginResult>([&](db::Connection& c) {
    auto row = c.queryOne(sql::kLoginCols, {username});
    if (!row || row->i64("disabled") != 0) throwNotFound("User");
    http::Actor as = actor;
    as.userId = row->i64("id");
    as.username = username;
    return openSession(c, userFrom(*row), as);
  });
}

http::Principal IdentityService::authenticate(const std::string& token) {
  auto lease = db_.acquire();
  auto row = lease->queryOne(sql::kSessionByToken, {crypto::sha256Hex(token)});
  if (!row) throw Error(Code::unauthenticated, "The token is not valid.");
  int64_t now = nowSeconds();
  auto state = sessionState(now, row->i64("last_seen_at"), row->i64("expires_at"), !row->isNull("revoked_at"),
                            settings_.idleSeconds);
  if (state != SessionState::valid || row->i64("disabled") != 0)
    throw Error(Code::unauthenticated, "The session has ended; sign in again.");
  if (now - row->i64("last_seen_at") >= kTouchInterval)
    lease->execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", {now, row->i64("session_id")});
  http::Principal p;
  p.userId = row->i64("user_id");
  p.sessionId = row->i64("session_id");
  p.username = row->str("username");
  p.role = http::parseRole(row->str("role")).value_or(http::Role::worker);
  p.jurisdictionId = row->optI64("jurisdiction_id");
  p.agencyId = row->optI64("agency_id");
  p.personId = row->optI64("person_id");
  p.confirmed = row->i64("confirmed") != 0;
  if (p.role == http::Role::bureau) p.jurisdictionPath = row->str("scope_path");
  p.homePath = row->str("scope_path");
  p.mustChangePassword = row->i64("must_change_password") != 0;
  return p;
}

void IdentityService::logout(const http::Principal& p, const http::Actor& actor) {
  db_.transaction([&](db::Connection& c) {
    c.execute("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {nowSeconds(), p.sessionId});
    auto after = json::object();
    after->set("session_id", p.sessionId);
    audit_.append(c, actor, {"user.logout", "user", p.userId, "", nullptr, after});
  });
}

void IdentityService::revokeSessions(db::Connection& c, int64_t userId) {
  c.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {nowSeconds(), userId});
}

void IdentityService::changePassword(const http::Principal& p, const http::Actor& actor, const std::string& current,
                                     const std::string& next) {
  auto row = db_.read<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.queryOne("SELECT password_hash, scope_path FROM users WHERE id = ?", {p.userId}); });
  Validator v;
  if (!row || !gate_.through([&] { return verifyPassword(current, row->str("password_hash")); }))
    v.add("current_password", "is not your current password");
  if (auto problem = passwordProblem(next, p.username)) v.add("new_password", *problem);
  if (next == current) v.add("new_password", "must differ from the current password");
  v.throwIfAny();
  auto hash = gate_.through([&] { return hashPassword(next, settings_.pbkdf2Iterations); });
  db_.transaction([&](db::Connection& c) {
    c.execute("UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = 0 WHERE id = ?",
              {hash, nowSeconds(), p.userId});
    revokeSessions(c, p.userId);  // every token, this one included, ends with the old password
    auto after = json::object();
    after->set("password", "changed");
    audit_.append(c, actor, {"user.password_change", "user", p.userId, row->str("scope_path"), nullptr, after});
  });
}

void IdentityService::checkMayCreate(const http::Principal& p, const NewUser& in, Validator& v,
                                     std::string& scopePath) const {
  using http::Role;
  auto role = http::parseRole(in.role);
  if (!role) return;  // reported by the adapter
  bool allowed = p.role == Role::admin ||
                 (p.role == Role::bureau && (*role == Role::agency_admin || *role == Role::payroll_officer)) ||
                 (p.role == Role::agency_admin &&
                  (*role == Role::agency_admin || *role == Role::payroll_officer || *role == Role::worker));
  if (!allowed)
    throw Error(Code::forbidden, std::string(http::roleName(p.role)) + " users may not create " + in.role + " users.");
  // Exactly the scope field the role needs, no other.
  bool wantJurisdiction = *role == Role::bureau, wantAgency = *role == Role::agency_admin || *role == Role::payroll_officer,
       wantPerson = *role == Role::worker;
  auto field = [&](const char* name, const std::optional<int64_t>& value, bool wanted) {
    if (wanted && !value) v.add(name, "is required for role " + in.role);
    if (!wanted && value) v.add(name, "does not apply to role " + in.role);
  };
  field("jurisdiction_id", in.jurisdictionId, wantJurisdiction);
  field("agency_id", in.agencyId, wantAgency);
  field("person_id", in.personId, wantPerson);
  if (wantJurisdiction && in.jurisdictionId && !v.has("jurisdiction_id")) {
    auto j = org_.findJurisdiction(*in.jurisdictionId);
    if (!j || !access::inScope(p, {j->path, std::nullopt, std::nullopt}))
      v.add("jurisdiction_id", "no such jurisdiction");
    else
      scopePath = j->path;
  }
  if (wantPerson && in.personId && !v.has("person_id")) {
    // A worker account is made by the admin or by the agency that employs the person.
    auto path = workerScope_ ? workerScope_(p, *in.personId) : std::nullopt;
    if (!path)
      v.add("person_id", "no such person employed by you");
    else
      scopePath = *path;
  }
  if (wantAgency && in.agencyId && !v.has("agency_id")) {
    auto a = org_.findAgency(*in.agencyId);
    if (!a || !access::inScope(p, a->owner()))
      v.add("agency_id", "no such agency");
    else
      scopePath = a->jurisdictionPath;
  }
}

User IdentityService::createUser(const http::Principal& p, const http::Actor& actor, const NewUser& given, Validator v,
                                 std::string* madePassword) {
  NewUser in = given;
  if (in.password.empty() && madePassword) {
    in.password = handOverPassword(crypto::randomBytes(16));
    *madePassword = in.password;
  }
  if (!v.has("username"))
    if (auto problem = usernameProblem(in.username)) v.add("username", *problem);
  if (!v.has("password"))
    if (auto problem = passwordProblem(in.password, in.username)) v.add("password", *problem);
  std::string scopePath;
  checkMayCreate(p, in, v, scopePath);
  v.throwIfAny();
  // An agency admin made by another agency admin waits for the bureau's confirmation before it may
  // act as the second pair of eyes on payroll (issue #10: otherwise one admin approves their own run).
  bool confirmed = !(p.role == http::Role::agency_admin && in.role == "agency_admin");
  // Its creator knows the password it starts with: the owner sets their own at first sign-in, or
  // an agency could sign in as its worker for good (issue #13, finding 7).
  User u{0, in.username, in.role, in.jurisdictionId, in.agencyId, in.personId, scopePath, false, confirmed,
         settings_.firstSignInSetsPassword,
         in.role == "worker" && p.role == http::Role::agency_admin ? p.agencyId : std::nullopt};
  auto hash = gate_.through([&] { return hashPassword(in.password, settings_.pbkdf2Iterations); });
  db_.transaction([&](db::Connection& c) {
    int64_t now = nowSeconds();
    try {  // the unique key decides: two sent at once record one
      u.id = c.insert(
          "INSERT INTO users (username, password_hash, role, jurisdiction_id, agency_id, person_id, scope_path, "
          "confirmed, must_change_password, created_at, password_changed_at, employer_agency_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {u.username, hash, u.role, db::nullable(u.jurisdictionId), db::nullable(u.agencyId), db::nullable(u.personId),
           u.scopePath, int64_t{confirmed ? 1 : 0}, int64_t{u.mustChangePassword ? 1 : 0}, now, now,
           db::nullable(u.employerAgencyId)});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "The username is taken.", {{"username", "is already taken"}});
    }
    audit_.append(c, actor, {"user.create", "user", u.id, u.scopePath, nullptr, toJson(u)});
  });
  return u;
}

std::optional<User> IdentityService::findUser(int64_t id) const {
  auto lease = db_.acquire();
  auto row = lease->queryOne(std::string(sql::kUserCols) + " WHERE id = ?", {id});
  return row ? std::optional(userFrom(*row)) : std::nullopt;
}

User IdentityService::userFor(const http::Principal& p, int64_t id) const {
  auto u = findUser(id);
  if (!u) throwNotFound("User");
  access::require(p, u->owner());
  return *u;
}

std::vector<User> IdentityService::listUsers(const http::Principal& p, int64_t after, int limit) const {
  std::string sqlText = std::string(sql::kUserCols) + " WHERE id > ?";
  db::Params params{after};
  access::appendScopeFilter(p, {"scope_path", "COALESCE(agency_id, employer_agency_id)", "person_id"}, sqlText, params);
  sqlText += " ORDER BY id LIMIT ?";
  params.emplace_back(int64_t{limit});
  auto lease = db_.acquire();
  std::vector<User> out;
  for (const auto& r : lease->query(sqlText, params)) out.push_back(userFrom(r));
  return out;
}

User IdentityService::setDisabled(const http::Principal& p, const http::Actor& actor, int64_t id, bool disabled) {
  auto u = userFor(p, id);
  if (u.id == p.userId) throw Error(Code::conflict, "You cannot disable your own account.");
  auto target = http::parseRole(u.role).value_or(http::Role::worker);
  auto stateRank = db_.read<std::optional<int64_t>>([&](db::Connection& c) {
    auto r = c.queryOne("SELECT state_rank FROM users WHERE id = ?", {u.id});
    return r ? r->optI64("state_rank") : std::nullopt;
  });
  auto refuse = [&](const std::string& why) {
    throw Error(Code::forbidden, "You may not " + std::string(disabled ? "disable" : "enable") + " this account: " + why + ".");
  };
  // Asking for the state it is already in undoes nothing: only the hierarchy applies then.
  const bool changes = u.disabled != disabled;
  if (auto problem = accountStateProblem(p.role, target,
                                         changes && stateRank ? std::optional<int>(static_cast<int>(*stateRank)) : std::nullopt))
    refuse(*problem);
  auto before = toJson(u);
  u.disabled = disabled;
  const int64_t rank = roleRank(p.role), state = disabled ? 1 : 0;
  db_.transaction([&](db::Connection& c) {
    // Conditional on the rank that set the state: a higher role's change made meanwhile wins. The
    // rank is recorded only when the state changes (state_rank is assigned first: MySQL reads
    // later assignments' columns as already updated).
    if (c.execute("UPDATE users SET state_rank = CASE WHEN disabled = ? THEN state_rank ELSE ? END, disabled = ? "
                  "WHERE id = ? AND (disabled = ? OR state_rank IS NULL OR state_rank <= ?)",
                  {state, rank, state, u.id, state, rank}) != 1)
      refuse("its state was set by a higher role; only that level may change it");
    if (disabled) revokeSessions(c, u.id);
    audit_.append(c, actor, {disabled ? "user.disable" : "user.enable", "user", u.id, u.scopePath, before, toJson(u)});
  });
  return u;
}

std::string IdentityService::resetPassword(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto u = userFor(p, id);
  if (u.id == p.userId) throw Error(Code::conflict, "Change your own password with your current one.");
  // The same hierarchy as disabling: only a higher role resets an account's password.
  if (auto problem = accountStateProblem(p.role, http::parseRole(u.role).value_or(http::Role::worker), std::nullopt))
    throw Error(Code::forbidden, "You may not reset this account's password: " + *problem + ".");
  // The hash as it stands is the version the reset replaces (salted, so never repeated): of two
  // resets at once only one writes, and the other is told, rather than both answering a password
  // of which only the last one works.
  auto old = db_.read<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.queryOne("SELECT password_hash FROM users WHERE id = ?", {u.id}); });
  if (!old) throwNotFound("User");
  auto password = handOverPassword(crypto::randomBytes(16));
  auto hash = gate_.through([&] { return hashPassword(password, settings_.pbkdf2Iterations); });
  auto before = toJson(u);
  u.mustChangePassword = settings_.firstSignInSetsPassword;
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = ? "
                  "WHERE id = ? AND password_hash = ?",
                  {hash, nowSeconds(), int64_t{u.mustChangePassword ? 1 : 0}, u.id, old->str("password_hash")}) != 1)
      throw Error(Code::conflict, "The password was changed meanwhile (another reset?); reset again if needed.");
    revokeSessions(c, u.id);  // whoever held the old password is out
    audit_.append(c, actor, {"user.reset_password", "user", u.id, u.scopePath, before, toJson(u)});
  });
  return password;
}

User IdentityService::confirm(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto u = userFor(p, id);
  if (u.role != "agency_admin") throw Error(Code::conflict, "Only agency admins are confirmed by the bureau.");
  auto before = toJson(u);
  u.confirmed = true;
  db_.transaction([&](db::Connection& c) {
    // One effect however many confirmations race: only the one that finds it unconfirmed writes.
    if (c.execute("UPDATE users SET confirmed = 1, confirmed_by = ?, confirmed_at = ? WHERE id = ? AND confirmed = 0",
                  {p.userId, nowSeconds(), u.id}) != 1)
      throw Error(Code::conflict, "The user is already confirmed.");
    audit_.append(c, actor, {"user.confirm", "user", u.id, u.scopePath, before, toJson(u)});
  });
  return u;
}

std::optional<std::string> IdentityService::bootstrapAdmin(const std::optional<std::string>& password) {
  std::optional<std::string> created;
  db_.transaction([&](db::Connection& c) {
    if (c.queryOne("SELECT id FROM users LIMIT 1")) return;
    std::string pw = password.value_or(crypto::base64Url(crypto::randomBytes(18)));
    // A password printed to a console or log is changed at first sign-in; one the operator chose
    // (SOCIALROLL_ADMIN_PASSWORD) is theirs already.
    const bool mustChange = !password.has_value();
    if (auto problem = passwordProblem(pw, "admin"))
      throw std::runtime_error("SOCIALROLL_ADMIN_PASSWORD " + *problem);
    int64_t now = nowSeconds();
    auto id = c.insert(
        "INSERT INTO users (username, password_hash, role, scope_path, must_change_password, created_at, "
        "password_changed_at) VALUES ('admin', ?, 'admin', '', ?, ?, ?)",
        {hashPassword(pw, settings_.pbkdf2Iterations), int64_t{mustChange ? 1 : 0}, now, now});
    User u{id, "admin", "admin", std::nullopt, std::nullopt, std::nullopt, "", false, true, mustChange, std::nullopt};
    audit_.append(c, http::systemActor("first-start"), {"user.create", "user", id, "", nullptr, toJson(u)});
    created = pw;
  });
  return created;
}

void IdentityService::setPassword(const std::string& username, const std::string& password, const http::Actor& actor) {
  if (auto problem = passwordProblem(password, username)) throw Error(Code::validation_failed, "Password " + *problem, {{"password", *problem}});
  auto hash = hashPassword(password, settings_.pbkdf2Iterations);
  db_.transaction([&](db::Connection& c) {
    auto row = c.queryOne("SELECT id, scope_path FROM users WHERE username = ?", {username});
    if (!row) throwNotFound("User");
    c.execute("UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
              {hash, nowSeconds(), row->i64("id")});
    ratelimit::clear(c, accountLoginKey(username));  // the operator vouches for the account again
    revokeSessions(c, row->i64("id"));
    auto after = json::object();
    after->set("password", "reset");
    audit_.append(c, actor, {"user.password_reset", "user", row->i64("id"), row->str("scope_path"), nullptr, after});
  });
}

}  // namespace sr::identity
