// Issue #10, "money is never lost, doubled or redirected": each finding of the issue has a test
// here named after it, over real HTTP on both engines.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "World.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}
}  // namespace

class Integrity : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  int64_t run(const std::string& period, const std::string& token) {
    auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":")" + period + "\"}",
                             token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()->getValue<int64_t>("id") : 0;
  }
  test::HttpResult approve(int64_t id, const std::string& token) {
    return s.client().post("/api/v1/payroll-runs/" + str(id) + "/approve", "", token);
  }
  // An agency admin created by the own side's agency admin (not by the bureau), signed in.
  std::pair<int64_t, std::string> adminMadeByAnAdmin(const std::string& name) {
    auto id = s.create("/api/v1/users",
                       R"({"username":")" + name + R"(","password":")" + test::kUserPassword + R"(","role":"agency_admin"})",
                       w.tokens["agency_admin"]);
    return {id, s.login(name, test::kUserPassword)};
  }
};

// Finding 3: admin_a created a second agency admin, signed in as it and approved admin_a's run.
TEST_F(Integrity, FourEyes_AnAdminMadeByAnotherAdminMayNotApproveOrDownloadUntilTheBureauConfirms) {
  auto [secondId, second] = adminMadeByAnAdmin("admin_made_by_admin");
  auto user = s.client().get("/api/v1/users/" + str(secondId), w.tokens["agency_admin"]).json();
  EXPECT_FALSE(user->getValue<bool>("confirmed"));
  auto id = run("2026-03", w.tokens["agency_admin"]);
  auto refused = approve(id, second);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.code(), "unconfirmed_approver");
  // Nor can the agency confirm its own admin: only the bureau over it.
  EXPECT_EQ(s.client().post("/api/v1/users/" + str(secondId) + "/confirm", "", w.tokens["agency_admin"]).status, 403);
  auto confirmed = s.client().post("/api/v1/users/" + str(secondId) + "/confirm", "", w.tokens["bureau"]);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_TRUE(confirmed.json()->getValue<bool>("confirmed"));
  EXPECT_EQ(s.client().post("/api/v1/users/" + str(secondId) + "/confirm", "", w.tokens["bureau"]).status, 409);
  ASSERT_EQ(approve(id, second).status, 200);
  EXPECT_EQ(s.client().get("/api/v1/payroll-runs/" + str(id) + "/bank-file", second).status, 200);
  auto audit = s.client().get("/api/v1/audit?limit=500", w.admin).body;
  EXPECT_EQ(count(audit, "user.confirm"), 1);
}

TEST_F(Integrity, FourEyes_AnUnconfirmedAdminMayNotDownloadTheBankFile) {
  auto [secondId, second] = adminMadeByAnAdmin("admin_unconfirmed");
  (void)secondId;
  auto approver = (w.user("admin_by_bureau", "agency_admin", "agency_id", w.own.agency), s.login("admin_by_bureau", test::kUserPassword));
  auto id = run("2026-03", w.tokens["agency_admin"]);
  ASSERT_EQ(approve(id, approver).status, 200);
  auto bank = s.client().get("/api/v1/payroll-runs/" + str(id) + "/bank-file", second);
  EXPECT_EQ(bank.status, 403);
  EXPECT_EQ(bank.code(), "unconfirmed_approver");
}

TEST_F(Integrity, FourEyes_ConcurrentConfirmationsHaveOneEffect) {
  auto target = adminMadeByAnAdmin("admin_to_confirm").first;
  auto statuses = test::race(8, [&] { return s.client().post("/api/v1/users/" + str(target) + "/confirm", "", w.tokens["bureau"]); });
  EXPECT_EQ(statuses[200], 1);
  EXPECT_EQ(statuses[409], 7);
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "user.confirm"), 1);
}

// Finding 4 for runs: identical approvals at once (by different second admins) approve once.
TEST_F(Integrity, OneWrite_ConcurrentApprovalsOfARunHaveOneEffect) {
  std::vector<std::string> approvers;
  for (int i = 0; i < 6; ++i) {
    auto name = "approver" + std::to_string(i);
    w.user(name, "agency_admin", "agency_id", w.own.agency);
    approvers.push_back(s.login(name, test::kUserPassword));
  }
  auto id = run("2026-03", w.tokens["agency_admin"]);
  std::atomic<std::size_t> next{0};
  auto statuses = test::race(6, [&] { return approve(id, approvers[next++]); });
  EXPECT_EQ(statuses[200], 1);
  EXPECT_EQ(statuses[409], 5);
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "payroll_run.approve"), 1);
}

// Finding 5: the bank-file export appended lines to captured state inside a retried transaction.
TEST_F(Integrity, RetriedTransactions_ABankFileRetriedAfterALostConnectionHasEachLineOnce) {
  for (int i = 0; i < 3; ++i) w.hire(w.own);
  auto approver = (w.user("admin_retry", "agency_admin", "agency_id", w.own.agency), s.login("admin_retry", test::kUserPassword));
  auto id = run("2026-07", w.tokens["agency_admin"]);
  ASSERT_EQ(approve(id, approver).status, 200);
  std::atomic<int> injected{0};
  s.app().database().setFaultHook([&](int attempt) {
    if (attempt == 1 && injected++ == 0) throw db::ConnectionLost("injected: connection lost before COMMIT");
  });
  auto bank = s.client().get("/api/v1/payroll-runs/" + str(id) + "/bank-file", approver);
  s.app().database().setFaultHook({});
  ASSERT_EQ(bank.status, 200) << bank.body;
  EXPECT_EQ(injected.load(), 1);
  EXPECT_EQ(count(bank.body, "\n"), 1 + 4) << bank.body;  // the header and one line per payslip
  EXPECT_EQ(count(bank.body, "序号"), 1);
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "payroll_run.bank_file"), 1);
}

// Finding 8: input that reaches money is strict.
TEST_F(Integrity, StrictInput_AKeyGivenTwiceIsMalformedJson) {
  auto login = s.client().post("/api/v1/auth/login", std::string(R"({"username":"nobody","username":"admin","password":")") +
                                                         test::kAdminPassword + "\"}");
  EXPECT_EQ(login.status, 400) << login.body;
  EXPECT_EQ(login.code(), "malformed_json");
  EXPECT_EQ(login.body.find("token"), std::string::npos);
  auto nested = s.client().post("/api/v1/payroll-runs",
                                R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03","x":{"a":1,"a":2}})",
                                w.tokens["agency_admin"]);
  EXPECT_EQ(nested.code(), "malformed_json");
  // The same key in two different objects is fine; unparsable JSON is malformed_json too.
  auto hire = s.client().post("/api/v1/employments", test::hireBody(test::idNumber("330481", "19930303", 7), w.own.station,
                                                                    "2026-01-01", R"(,"end_date":"2028-12-31")", "李四"),
                              w.admin);
  EXPECT_EQ(hire.status, 201) << hire.body;  // "name" in person, no clash with other objects
  EXPECT_EQ(s.client().post("/api/v1/auth/login", "{\"username\":").code(), "malformed_json");
}

TEST_F(Integrity, StrictInput_PeriodsAndDatesStayWithinReason) {
  auto far = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"9999-12"})",
                             w.tokens["agency_admin"]);
  EXPECT_EQ(far.status, 422);
  EXPECT_NE(far.field("period").find("2000-01"), std::string::npos) << far.body;
  auto old = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"1999-12"})",
                             w.tokens["agency_admin"]);
  EXPECT_EQ(old.status, 422);
  auto contract = s.client().post("/api/v1/employments",
                                  test::hireBody(test::idNumber("330481", "19930303", 9), w.own.station, "2026-01-01",
                                                 R"(,"end_date":"9999-12-31")"),
                                  w.admin);
  EXPECT_EQ(contract.status, 422) << contract.body;
  EXPECT_EQ(contract.field("end_date"), "must be between 1950-01-01 and 2100-12-31");
}

TEST_F(Integrity, StrictInput_NamesRefuseControlAndBidiCharacters) {
  // U+202E RIGHT-TO-LEFT OVERRIDE would show "张三" reversed text in a bank file or payslip.
  for (const std::string bad : {"张\xe2\x80\xae三", "张\\u0007三", "张\\n三", "\xe2\x81\xa6张三"}) {
    auto r = s.client().post("/api/v1/employments",
                             test::hireBody(test::idNumber("330481", "19930303", 11), w.own.station, "2026-01-01",
                                            R"(,"end_date":"2028-12-31")", bad),
                             w.admin);
    EXPECT_EQ(r.status, 422) << bad << ": " << r.body;
    EXPECT_FALSE(r.field("person.name").empty()) << bad << ": " << r.body;
  }
  auto agency = s.client().post("/api/v1/agencies",
                                R"({"name":"机构\u202e","credit_code":")" + test::creditCode(77) +
                                    R"(","kind":"ngo","jurisdiction_id":)" + str(w.own.county) + "}",
                                w.admin);
  EXPECT_EQ(agency.status, 422) << agency.body;
}

// Finding 4: four concurrent resignations for one employment left two pending on MariaDB. Every
// state transition is now a unique key or a conditional update: N identical requests, one effect.
TEST_F(Integrity, OneWrite_IdenticalResignationsAtOnceLeaveOnePending) {
  for (int round = 0; round < 4; ++round) {
    auto employment = w.hire(w.own);
    const std::string body = R"({"employment_id":)" + str(employment) +
                             R"(,"notice_date":"2026-01-05","requested_last_day":"2026-03-31","reason":"回老家"})";
    auto statuses = test::race(6, [&] { return s.client().post("/api/v1/resignations", body, w.admin); });
    EXPECT_EQ(statuses[201], 1) << "round " << round;
    EXPECT_EQ(statuses[409], 5) << "round " << round;
  }
  auto pending = s.client().get("/api/v1/resignations?status=pending&limit=500", w.admin).json()->getArray("items");
  EXPECT_EQ(pending->size(), 4u);
}

TEST_F(Integrity, OneWrite_IdenticalCompletionsAndWithdrawalsHaveOneEffect) {
  auto resign = [&](int64_t employment) {
    return s.create("/api/v1/resignations",
                    R"({"employment_id":)" + str(employment) +
                        R"(,"notice_date":"2026-01-05","requested_last_day":"2026-03-31","reason":"回老家"})",
                    w.admin);
  };
  auto leaving = resign(w.hire(w.own));
  auto completed = test::race(6, [&] { return s.client().post("/api/v1/resignations/" + str(leaving) + "/complete", "", w.admin); });
  EXPECT_EQ(completed[200], 1);
  EXPECT_EQ(completed[409], 5);
  auto staying = resign(w.hire(w.own));
  auto withdrawn = test::race(6, [&] { return s.client().post("/api/v1/resignations/" + str(staying) + "/withdraw", "", w.admin); });
  EXPECT_EQ(withdrawn[200], 1);
  EXPECT_EQ(withdrawn[409], 5);
  auto audit = s.client().get("/api/v1/audit?limit=500", w.admin).body;
  EXPECT_EQ(count(audit, "resignation.complete"), 1);
  EXPECT_EQ(count(audit, "resignation.withdraw"), 1);
  EXPECT_EQ(count(audit, "employment.end"), 1);
}

TEST_F(Integrity, OneWrite_IdenticalEndingsAndRenewalsOfAnEmploymentHaveOneEffect) {
  auto ending = w.hire(w.own);
  auto ended = test::race(6, [&] {
    return s.client().post("/api/v1/employments/" + str(ending) + "/end", R"({"last_day":"2026-06-30","reason":"mutual_agreement"})",
                           w.admin);
  });
  EXPECT_EQ(ended[200], 1);
  EXPECT_EQ(ended[409], 5);
  auto renewing = w.hire(w.own);
  auto renewed = test::race(6, [&] {
    return s.client().post("/api/v1/employments/" + str(renewing) + "/renewals", R"({"end_date":"2030-12-31"})", w.admin);
  });
  EXPECT_EQ(renewed[201], 1);
  // The others are refused: 409 if they raced the first, 422 if they saw its new term (which
  // their end date now falls before).
  EXPECT_EQ(renewed[409] + renewed[422], 5);
  auto audit = s.client().get("/api/v1/audit?limit=500", w.admin).body;
  EXPECT_EQ(count(audit, "employment.end"), 1);
  EXPECT_EQ(count(audit, "employment.renew"), 1);
}

// Finding 2: agency A ended a worker on 30 September; agency B hired the same ID number from
// 1 October with its own bank account. A's approved September bank file then paid B's account,
// and a run of A's for an earlier month did too. The account belongs to the employment and each
// payslip seals the one it pays.
TEST_F(Integrity, FrozenPaymentFacts_AnotherEmployersHireNeverRedirectsAFormerEmployersPay) {
  auto approver = (w.user("admin_frozen", "agency_admin", "agency_id", w.own.agency), s.login("admin_frozen", test::kUserPassword));
  auto id = test::idNumber("330481", "19910101", 21);
  auto employment = s.create("/api/v1/employments",
                             test::hireBody(id, w.own.station, "2026-01-01", R"(,"end_date":"2028-12-31")", "王五"), w.admin);
  auto september = run("2026-09", w.tokens["agency_admin"]);
  ASSERT_EQ(approve(september, approver).status, 200);
  auto before = s.client().get("/api/v1/payroll-runs/" + str(september) + "/bank-file", approver);
  ASSERT_EQ(before.status, 200);
  ASSERT_NE(before.body.find("6222020200112233446"), std::string::npos);

  ASSERT_EQ(s.client().post("/api/v1/employments/" + str(employment) + "/end",
                            R"({"last_day":"2026-09-30","reason":"mutual_agreement"})", w.admin).status, 200);
  std::string atB = test::hireBody(id, w.other.station, "2026-10-01", R"(,"end_date":"2028-12-31")", "王五");
  atB.replace(atB.find("6222020200112233446"), 19, "6217000010001234569");
  atB.replace(atB.find("13800001111"), 11, "13999990000");
  atB.replace(atB.find(R"("education":"college")"), 21, R"("education":"master")");
  atB.replace(atB.rfind('}'), 1, R"(,"grade_reason":"沿用原岗位等级"})");
  ASSERT_EQ(s.client().post("/api/v1/employments", atB, w.admin).status, 201);

  // A's approved file is byte for byte what it was; a run A makes now for an earlier month pays A's account.
  auto after = s.client().get("/api/v1/payroll-runs/" + str(september) + "/bank-file", approver);
  EXPECT_EQ(after.body, before.body);
  auto august = run("2026-08", w.tokens["agency_admin"]);
  ASSERT_EQ(approve(august, approver).status, 200);
  auto augustFile = s.client().get("/api/v1/payroll-runs/" + str(august) + "/bank-file", approver).body;
  EXPECT_EQ(augustFile.find("6217000010001234569"), std::string::npos) << augustFile;
  EXPECT_NE(augustFile.find("王五,=\"6222020200112233446\""), std::string::npos) << augustFile;
  // A's staff list keeps A's phone, account and the education A hired on.
  auto staff = s.client().get("/api/v1/agencies/" + str(w.own.agency) + "/staff.csv", w.tokens["payroll_officer"]).body;
  EXPECT_EQ(staff.find("13999990000"), std::string::npos);
  EXPECT_EQ(staff.find("6217000010001234569"), std::string::npos);
  auto row = staff.substr(staff.find("王五"));
  row = row.substr(0, row.find('\n'));
  EXPECT_NE(row.find(",大专,"), std::string::npos) << row;  // college, as the roster says it
  EXPECT_EQ(row.find("硕士"), std::string::npos) << row;
}

// Finding 6: the pay view and the run derived pay by two copies of one computation. Both now call
// payForMonth over the same facts, so what a worker's screen says the month pays is the payslip.
TEST_F(Integrity, OnePayFunction_ThePayViewShowsToTheFenWhatTheRunPays) {
  w.hire(w.own);
  s.create("/api/v1/employments",
           test::hireBody(test::idNumber("330481", "19930101", 77), w.own.station, "2026-03-10", R"(,"end_date":"2027-12-31")",
                          "月中入职"),
           w.tokens["agency_admin"]);
  auto id = run("2026-03", w.tokens["payroll_officer"]);
  auto slips = s.client().get("/api/v1/payroll-runs/" + str(id) + "/payslips", w.tokens["agency_admin"]).json()->getArray("items");
  ASSERT_EQ(slips->size(), 3u);
  for (std::size_t i = 0; i < slips->size(); ++i) {
    auto slip = slips->getObject(static_cast<unsigned>(i));
    auto view = s.client().get("/api/v1/employments/" + str(slip->getValue<int64_t>("employment_id")) + "/pay?on=2026-03-20",
                               w.tokens["agency_admin"]);
    ASSERT_EQ(view.status, 200) << view.body;
    auto month = view.json()->getObject("month");
    ASSERT_TRUE(month) << view.body;
    for (const char* k : {"paid_days", "base_fen", "allowances_fen", "gross_fen", "iit_fen", "net_fen"})
      EXPECT_EQ(month->getValue<int64_t>(k), slip->getValue<int64_t>(k)) << k << " of " << view.body;
  }
}

// Finding 4 for the blacklist: identical listings sent at once made as many entries.
TEST_F(Integrity, OneWrite_IdenticalBlacklistListingsAtOnceMakeOneEntry) {
  auto id = test::idNumber("330481", "19880101", 41);
  auto body = R"({"id_number":")" + id + R"(","reason":"违反承诺提前离岗","listed_on":"2026-06-01"})";
  auto statuses = test::race(8, [&] { return s.client().post("/api/v1/blacklist", body, w.tokens["bureau"]); });
  EXPECT_EQ(statuses[201], 1);
  EXPECT_EQ(statuses[409], 7);
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "blacklist.add"), 1);
  // Another day, or another jurisdiction's listing, is a listing of its own.
  EXPECT_EQ(s.client().post("/api/v1/blacklist", R"({"id_number":")" + id + R"(","reason":"再次违反","listed_on":"2026-07-01"})",
                            w.tokens["bureau"]).status,
            201);
}

// Finding 4 for cases, appeals and blacklist lifting: each decision sent N times at once has one
// effect (one listing, one appeal, one decision, one lifting), the rest are 409.
TEST_F(Integrity, OneWrite_IdenticalCaseDecisionsAppealsAndLiftingsHaveOneEffect) {
  auto reported = s.client().post("/api/v1/misconduct-cases",
                                  R"({"employment_id":)" + str(w.own.employment) +
                                      R"(,"category":"falsified_records","description":"伪造服务记录","occurred_on":"2026-05-20"})",
                                  w.tokens["agency_admin"]);
  ASSERT_EQ(reported.status, 201) << reported.body;
  auto id = str(reported.json()->getValue<int64_t>("id"));
  auto audit = [&](const std::string& action) { return count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "\"" + action + "\""); };
  auto listed = test::race(6, [&] { return s.client().post("/api/v1/misconduct-cases/" + id + "/list", R"({"reason":"查实"})", w.tokens["bureau"]); });
  EXPECT_EQ(listed[200], 1);
  EXPECT_EQ(listed[409], 5);
  EXPECT_EQ(audit("case.list"), 1);
  EXPECT_EQ(audit("blacklist.add"), 1);
  auto appealed = test::race(6, [&] {
    return s.client().post("/api/v1/misconduct-cases/" + id + "/appeal", R"({"note":"已协商一致"})", w.tokens["worker"]);
  });
  EXPECT_EQ(appealed[200], 1) << s.client().post("/api/v1/misconduct-cases/" + id + "/appeal", R"({"note":"x"})", w.tokens["worker"]).body;
  EXPECT_EQ(appealed[409], 5);
  auto decided = test::race(6, [&] {
    return s.client().post("/api/v1/misconduct-cases/" + id + "/appeal/decision", R"({"outcome":"rejected","reason":"维持"})",
                           w.tokens["bureau"]);
  });
  EXPECT_EQ(decided[200], 1);
  EXPECT_EQ(decided[409], 5);
  EXPECT_EQ(audit("case.appeal_decision"), 1);
  auto listing = s.client().get("/api/v1/misconduct-cases/" + id, w.tokens["bureau"]).json()->getObject("blacklist_entry");
  auto entry = str(listing->getValue<int64_t>("id"));
  auto liftBody = R"({"lifted_on":")" + listing->getValue<std::string>("listed_on") + R"(","reason":"复核"})";
  auto lifted = test::race(6, [&] { return s.client().post("/api/v1/blacklist/" + entry + "/lift", liftBody, w.tokens["bureau"]); });
  EXPECT_EQ(lifted[200], 1);
  EXPECT_EQ(lifted[409], 5);
  EXPECT_EQ(audit("blacklist.lift"), 1);
}

// Finding 4 for filings and increments: the bureau accepting one filing N times at once, and the
// agency applying one year's increments N times at once, act once.
TEST_F(Integrity, OneWrite_IdenticalFilingDecisionsAndIncrementRunsActOnce) {
  auto filing = str(w.filingOf(w.own.employment));
  auto accepted = test::race(6, [&] { return s.client().post("/api/v1/filings/" + filing + "/accept", "", w.tokens["bureau"]); });
  EXPECT_EQ(accepted[200], 1);
  EXPECT_EQ(accepted[409], 5);
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "\"filing.accept\""), 1);

  ASSERT_EQ(s.client().post("/api/v1/assessments", R"({"employment_id":)" + str(w.own.employment) + R"(,"year":2025,"rating":"excellent"})",
                            w.tokens["agency_admin"]).status,
            201);
  auto before = s.client().get("/api/v1/employments/" + str(w.own.employment) + "/pay?on=2026-01-02", w.tokens["agency_admin"])
                    .json()->getValue<int>("grade");
  auto applied = test::race(6, [&] {
    return s.client().post("/api/v1/increments", R"({"agency_id":)" + str(w.own.agency) + R"(,"year":2025,"effective_on":"2026-01-01"})",
                           w.tokens["agency_admin"]);
  });
  EXPECT_EQ(applied[201], 1);
  EXPECT_EQ(applied[200], 5);  // the rest are told it was already applied
  auto after = s.client().get("/api/v1/employments/" + str(w.own.employment) + "/pay?on=2026-01-02", w.tokens["agency_admin"])
                   .json()->getValue<int>("grade");
  EXPECT_EQ(after, before + 1) << "one step, not one per request";
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "\"increment.run\""), 1);
}

// Finding 2, "with history": the employer changes the account its pay goes to; payslips already
// computed and approved files keep the old one, the next computation pays the new one, the old one
// is kept, and the same change sent at once takes effect once.
TEST_F(Integrity, FrozenPaymentFacts_AChangedAccountPaysFromTheNextComputationAndTheOldIsKept) {
  auto approver = (w.user("admin_account", "agency_admin", "agency_id", w.own.agency), s.login("admin_account", test::kUserPassword));
  auto may = run("2026-05", w.tokens["agency_admin"]);
  ASSERT_EQ(approve(may, approver).status, 200);
  auto mayFile = s.client().get("/api/v1/payroll-runs/" + str(may) + "/bank-file", approver).body;
  const std::string path = "/api/v1/employments/" + str(w.own.employment) + "/bank-account";
  EXPECT_EQ(s.client().put(path, R"({"bank_account":"6217000010001112229"})", w.tokens["worker"]).status, 403);
  EXPECT_EQ(s.client().put(path, R"({"bank_account":"12ab"})", w.tokens["agency_admin"]).field("bank_account").empty(), false);
  auto statuses = test::race(6, [&] { return s.client().put(path, R"({"bank_account":"6217000010001112229"})", w.tokens["agency_admin"]); });
  EXPECT_EQ(statuses[200] + statuses[409], 6);
  EXPECT_GE(statuses[200], 1);
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "\"employment.bank_account\""), 1);
  auto kept = s.app().database().read<int64_t>([&](db::Connection& c) {
    return c.queryOne("SELECT COUNT(*) AS n FROM employment_accounts WHERE employment_id = ?", {w.own.employment})->i64("n");
  });
  EXPECT_EQ(kept, 1) << "the replaced account is kept once";
  EXPECT_EQ(s.client().get("/api/v1/payroll-runs/" + str(may) + "/bank-file", approver).body, mayFile);
  auto june = run("2026-06", w.tokens["agency_admin"]);
  ASSERT_EQ(approve(june, approver).status, 200);
  auto juneFile = s.client().get("/api/v1/payroll-runs/" + str(june) + "/bank-file", approver).body;
  EXPECT_NE(juneFile.find("6217000010001112229"), std::string::npos) << juneFile;
  EXPECT_EQ(mayFile.find("6217000010001112229"), std::string::npos) << mayFile;
}

// Finding 4 for employment changes: the same grade change sent at once makes one assignment and one filing.
TEST_F(Integrity, OneWrite_IdenticalEmploymentChangesMakeOneAssignment) {
  auto path = "/api/v1/employments/" + str(w.own.employment) + "/changes";
  auto statuses = test::race(6, [&] {
    return s.client().post(path, R"({"effective_on":"2026-02-01","grade":3,"reason":"年度晋档"})", w.tokens["agency_admin"]);
  });
  EXPECT_EQ(statuses[201], 1);
  // The rest are refused: 409 when they meet the unique key, 422 "after the latest change" when they come after it.
  EXPECT_EQ(statuses[409] + statuses[422], 5);
  EXPECT_EQ(count(s.client().get("/api/v1/audit?limit=500", w.admin).body, "\"employment.change\""), 1);
  auto assignments = s.app().database().read<int64_t>([&](db::Connection& c) {
    return c.queryOne("SELECT COUNT(*) AS n FROM assignments WHERE employment_id = ? AND effective_on = '2026-02-01'",
                      {w.own.employment})->i64("n");
  });
  EXPECT_EQ(assignments, 1);
}
