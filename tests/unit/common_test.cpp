#include <gtest/gtest.h>

#include "audit/AuditLog.h"
#include "common/Access.h"
#include "common/Csv.h"
#include "common/Error.h"
#include "common/Mask.h"
#include "common/Text.h"
#include "common/Time.h"
#include "db/Drivers.h"
#include "db/Migrator.h"
#include "http/Router.h"
#include "payroll/Runs.h"

using namespace sr;

TEST(Dates, StrictCalendarDates) {
  EXPECT_TRUE(parseDate("2024-02-29").has_value());
  EXPECT_FALSE(parseDate("2025-02-29").has_value());
  EXPECT_FALSE(parseDate("2026-13-01").has_value());
  EXPECT_FALSE(parseDate("2026-1-01").has_value());
  EXPECT_FALSE(parseDate("2026-01-01T00").has_value());
  EXPECT_EQ(formatDate(*parseDate("2024-02-29")), "2024-02-29");
}

TEST(Dates, BusinessDayIsChinaStandardTime) {
  // 2026-11-22T16:00:00Z is midnight in Beijing: already the 23rd there.
  EXPECT_EQ(formatDate(dateInChina(1795363200)), "2026-11-23");
  EXPECT_EQ(formatDate(dateInChina(1795363199)), "2026-11-22");
  EXPECT_EQ(rfc3339(1795363200), "2026-11-22T16:00:00Z");
}

TEST(ErrorTable, ContractStatuses) {
  EXPECT_EQ(httpStatus(Code::validation_failed), 422);
  EXPECT_EQ(httpStatus(Code::unauthenticated), 401);
  EXPECT_EQ(httpStatus(Code::forbidden), 403);
  EXPECT_EQ(httpStatus(Code::not_found), 404);
  EXPECT_EQ(httpStatus(Code::conflict), 409);
  EXPECT_EQ(httpStatus(Code::blacklisted), 409);
  EXPECT_EQ(httpStatus(Code::already_employed), 409);
  EXPECT_EQ(httpStatus(Code::ineligible), 422);
  EXPECT_EQ(httpStatus(Code::notice_too_short), 422);
  EXPECT_EQ(httpStatus(Code::period_locked), 409);
  EXPECT_EQ(httpStatus(Code::four_eyes), 403);
  EXPECT_EQ(httpStatus(Code::account_locked), 423);
  EXPECT_EQ(httpStatus(Code::rate_limited), 429);
  EXPECT_EQ(httpStatus(Code::payload_too_large), 413);
  EXPECT_EQ(codeName(Code::four_eyes), "four_eyes");
  EXPECT_EQ(httpStatus(Code::malformed_json), 400);  // contract, second round
  EXPECT_EQ(httpStatus(Code::unconfirmed_approver), 403);
}

// Issue #10, strict input: control and bidi characters hide or reorder what a reviewer reads.
TEST(StrictInput, TextRefusesControlAndBidiCharactersAndNamesAlsoLineBreaks) {
  EXPECT_FALSE(textProblem("张三 Zhang San-李", true));
  EXPECT_FALSE(textProblem("第一行\n第二行\t备注", false));  // free text may span lines
  EXPECT_EQ(textProblem("第一行\n第二行", true), "must be one line");
  EXPECT_EQ(textProblem(std::string("a\0b", 3), false), "must not contain control characters");
  EXPECT_EQ(textProblem("a\x7f", false), "must not contain control characters");
  EXPECT_EQ(textProblem("a\xc2\x85", false), "must not contain control characters");  // U+0085 (C1)
  for (const char* bidi : {"\xd8\x9c", "\xe2\x80\x8f", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9"})
    EXPECT_EQ(textProblem(std::string("张") + bidi + "三", false), "must not contain bidirectional formatting characters")
        << bidi;
  EXPECT_EQ(textProblem("张\xe2\x80\x8b三", true), "must not contain invisible characters");  // U+200B
  EXPECT_FALSE(textProblem("张\xe2\x80\x8b三", false));
  EXPECT_EQ(textProblem("\xef\xbb\xbf张三", true), "must not contain invisible characters");  // U+FEFF
  EXPECT_FALSE(textProblem("\xe2\x80\x94", true));  // an em dash (U+2014) is ordinary text
}

TEST(StrictInput, PeriodsRunFrom2000ToNextMonth) {
  using namespace std::chrono;
  Date today{year{2026}, November, day{29}};
  EXPECT_FALSE(payroll::periodProblem("2000-01", today));
  EXPECT_FALSE(payroll::periodProblem("2026-12", today));
  EXPECT_EQ(payroll::periodProblem("2027-01", today), "must be from 2000-01 to 2026-12");
  EXPECT_EQ(payroll::periodProblem("1999-12", today), "must be from 2000-01 to 2026-12");
  EXPECT_EQ(payroll::periodProblem("9999-12", today), "must be from 2000-01 to 2026-12");
  EXPECT_EQ(payroll::periodProblem("2026-13", today), "must be YYYY-MM");
  EXPECT_FALSE(payroll::periodProblem("2027-01", Date{year{2026}, December, day{31}}));  // December prepares January
  EXPECT_TRUE(withinInputRange(Date{year{1950}, January, day{1}}));
  EXPECT_FALSE(withinInputRange(Date{year{1949}, December, day{31}}));
  EXPECT_FALSE(withinInputRange(Date{year{9999}, December, day{31}}));
}

TEST(Masking, IdNumbersBankAccountsPhones) {
  EXPECT_EQ(mask::idNumber("330481199001011234"), "330481**********34");
  EXPECT_EQ(mask::bankAccount("6222021234567890128"), "***************0128");
  EXPECT_EQ(mask::phone("13812345678"), "138****5678");
}

TEST(ScopeRule, EachRoleSeesOnlyItsOwn) {
  http::Principal bureau;
  bureau.role = http::Role::bureau;
  bureau.jurisdictionPath = "/330000/330400/330481/";
  EXPECT_TRUE(access::inScope(bureau, {"/330000/330400/330481/330481001/", 7, std::nullopt}));
  EXPECT_TRUE(access::inScope(bureau, {"/330000/330400/330481/", 7, std::nullopt}));
  EXPECT_FALSE(access::inScope(bureau, {"/330000/330400/330482/", 7, std::nullopt}));
  EXPECT_FALSE(access::inScope(bureau, {"/330000/330400/", 7, std::nullopt}));  // the city above is not its own
  EXPECT_FALSE(access::inScope(bureau, {std::nullopt, 7, std::nullopt}));
  http::Principal agency;
  agency.role = http::Role::payroll_officer;
  agency.agencyId = 7;
  EXPECT_TRUE(access::inScope(agency, {"/x/", 7, std::nullopt}));
  EXPECT_FALSE(access::inScope(agency, {"/x/", 8, std::nullopt}));
  http::Principal worker;
  worker.role = http::Role::worker;
  worker.personId = 42;
  EXPECT_TRUE(access::inScope(worker, {"/x/", 7, 42}));
  EXPECT_FALSE(access::inScope(worker, {"/x/", 7, 43}));
  http::Principal admin;
  admin.role = http::Role::admin;
  EXPECT_TRUE(access::inScope(admin, {}));
}

// Issue #13, finding 5: the chain is an HMAC under a key kept outside the database, and it covers
// where each change came from.
TEST(AuditChain, KeyedHashCoversEveryFieldTheClientAndThePreviousHash) {
  audit::Record r{1, 1000, 5, "alice", "admin", "agency.create", "agency", 9, "/33/", "{}", "req",
                  std::string(64, '0'), "", "10.0.0.7", "Mozilla/5.0"};
  const std::string key(32, 'k');
  auto h = audit::chainHash(key, r.prevHash, r);
  EXPECT_EQ(h.size(), 64u);
  auto changed = r;
  changed.changes = "{\"x\":1}";
  EXPECT_NE(audit::chainHash(key, r.prevHash, changed), h);
  changed = r;
  changed.userId = std::nullopt;
  EXPECT_NE(audit::chainHash(key, r.prevHash, changed), h);
  changed = r;
  changed.clientAddress = "10.0.0.8";
  EXPECT_NE(audit::chainHash(key, r.prevHash, changed), h);
  changed = r;
  changed.userAgent = "curl/8";
  EXPECT_NE(audit::chainHash(key, r.prevHash, changed), h);
  EXPECT_NE(audit::chainHash(key, std::string(63, '0') + "1", r), h);
  EXPECT_NE(audit::chainHash(std::string(32, 'j'), r.prevHash, r), h);  // another key
  EXPECT_NE(audit::legacyChainHash(r.prevHash, r), h);                  // no key at all
}

TEST(AuditMask, PersonalFieldsMaskedSecretsRedacted) {
  auto o = json::object();
  o->set("id_number", "330481199001011234");
  o->set("password", "secret-secret");
  auto inner = json::object();
  inner->set("bank_account", "6222021234567890128");
  o->set("person", inner);
  auto m = audit::maskPersonal(o);
  EXPECT_EQ(m->getValue<std::string>("id_number"), "330481**********34");
  EXPECT_EQ(m->getValue<std::string>("password"), "[redacted]");
  EXPECT_EQ(m->getObject("person")->getValue<std::string>("bank_account"), "***************0128");
}

TEST(DbUrl, ParsesBothEngines) {
  auto s = db::parseDbUrl("sqlite:var/socialroll.db");
  EXPECT_EQ(s.engine, db::Engine::sqlite);
  EXPECT_EQ(s.path, "var/socialroll.db");
  auto m = db::parseDbUrl("mysql://app:p%40ss@db.local:3307/socialroll");
  EXPECT_EQ(m.engine, db::Engine::mysql);
  EXPECT_EQ(m.user, "app");
  EXPECT_EQ(m.password, "p@ss");
  EXPECT_EQ(m.host, "db.local");
  EXPECT_EQ(m.port, 3307);
  EXPECT_EQ(m.database, "socialroll");
  EXPECT_THROW(db::parseDbUrl("postgres://x"), std::invalid_argument);
  EXPECT_THROW(db::parseDbUrl("mysql://u@h:1/bad-name;drop"), std::invalid_argument);
}

TEST(Migrations, PlaceholdersExpandPerEngineAndStatementsSplit) {
  auto sqlite = db::statementsFor(db::Engine::sqlite, "CREATE TABLE t (id @PK@) @TABLE@;\n-- note\nCREATE INDEX i ON t(id);\n");
  ASSERT_EQ(sqlite.size(), 2u);
  EXPECT_NE(sqlite[0].find("INTEGER PRIMARY KEY AUTOINCREMENT"), std::string::npos);
  auto mysql = db::statementsFor(db::Engine::mysql, "CREATE TABLE t (id @PK@) @TABLE@;\n");
  EXPECT_NE(mysql[0].find("AUTO_INCREMENT"), std::string::npos);
  EXPECT_NE(mysql[0].find("utf8mb4"), std::string::npos);
  // Migration files are numbered and compiled in.
  EXPECT_GE(db::migrationFiles().size(), 2u);
}

TEST(RouterMatching, LiteralSegmentsWinAndMethodsAreReported) {
  std::vector<http::Route> routes;
  auto h = [](const http::Request&) { return http::Response{}; };
  routes.push_back({"GET", "/api/v1/users/{id}", http::Permission::anyUser(), "", h});
  routes.push_back({"PUT", "/api/v1/me/password", http::Permission::anyUser(), "", h});
  routes.push_back({"GET", "/api/v1/users/{id}/roles", http::Permission::anyUser(), "", h});
  server::Router router(routes);
  auto m = router.match("GET", "/api/v1/users/12");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["id"], "12");
  auto wrongMethod = router.match("GET", "/api/v1/me/password");
  EXPECT_EQ(wrongMethod.route, nullptr);
  EXPECT_EQ(wrongMethod.allowedMethods, std::vector<std::string>{"PUT"});
  EXPECT_EQ(router.match("GET", "/api/v1/nothing").allowedMethods.size(), 0u);
  EXPECT_EQ(router.suggest("/api/v1/user/12"), std::vector<std::string>{"/api/v1/users/{id}"});
  EXPECT_THROW(server::Router({routes[0], routes[0]}), std::logic_error);
}

TEST(Csv, QuotedFieldsDoubledQuotesAndLineNumbers) {
  auto records = csv::parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n\"multi\nline\",z\nlast,row");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields[0], "multi\nline");
  EXPECT_EQ(records[2].line, 4);  // the blank line 3 is skipped
  EXPECT_EQ(records[3].line, 6);
  EXPECT_THROW(csv::parse("a\n\"open"), std::invalid_argument);
}

TEST(Csv, OutputQuotesWhenNeededAndDefusesFormulas) {
  EXPECT_EQ(csv::field("plain"), "plain");
  EXPECT_EQ(csv::field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv::field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv::row({"a", "b"}), "a,b\r\n");
  // Issue #13, finding 9: a leading tab, CR or LF hid a formula from the guard; an amount was
  // turned into text. Every formula start is defused; a plain number stays a number.
  EXPECT_EQ(csv::field("\r=1+1"), "\"'\r=1+1\"");
  EXPECT_EQ(csv::field("\t=cmd|' /C calc'!A0"), "'\t=cmd|' /C calc'!A0");
  EXPECT_EQ(csv::field("\n@SUM(A1)"), "\"'\n@SUM(A1)\"");
  EXPECT_EQ(csv::field("-7.05"), "-7.05");
  EXPECT_EQ(csv::field("-1"), "-1");
  EXPECT_EQ(csv::field("-1+2"), "'-1+2");
  EXPECT_EQ(csv::field("-"), "'-");
  EXPECT_EQ(csv::field("-7."), "'-7.");
  EXPECT_EQ(csv::field("+86 138"), "'+86 138");
}

TEST(Csv, Utf8PassesAndGbkIsConverted) {
  EXPECT_EQ(csv::toUtf8("\xEF\xBB\xBF姓名"), "姓名");  // BOM dropped
  EXPECT_TRUE(csv::isValidUtf8("社工站"));
  EXPECT_FALSE(csv::isValidUtf8("\xD0\xD5\xC3\xFB"));
  EXPECT_EQ(csv::toUtf8("\xD0\xD5\xC3\xFB"), "姓名");  // 姓名 in GBK
}
