#include "app/Demo.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <iterator>
#include <stdexcept>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <spdlog/spdlog.h>

#include "app/App.h"
#include "common/Crypto.h"
#include "common/Json.h"
#include "common/Time.h"
#include "identity/IdentityRules.h"
#include "org/OrgRules.h"
#include "people/PersonRules.h"

namespace sr::app {

namespace {

using Var = Poco::Dynamic::Var;

json::Obj obj(std::initializer_list<std::pair<std::string, Var>> fields) {
  auto o = json::object();
  for (const auto& [k, v] : fields) o->set(k, v);
  return o;
}
json::Arr arr(std::initializer_list<Var> items) {
  auto a = json::array();
  for (const auto& v : items) a->add(v);
  return a;
}
std::string fmt(const char* f, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, f, n);
  return buf;
}

// The server's API over loopback, as a script would call it: a refusal stops the demo with the
// server's own answer.
class Api {
 public:
  explicit Api(int port) : session_("127.0.0.1", static_cast<Poco::UInt16>(port)) {
    session_.setKeepAlive(true);
    session_.setTimeout(Poco::Timespan(300, 0));
  }

  json::Obj call(const std::string& method, const std::string& path, const json::Obj& body, const std::string& token) {
    Poco::Net::HTTPRequest req(method, "/api/v1" + path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("User-Agent", "socialroll demo");
    req.set("Accept-Language", "en");
    if (!token.empty()) req.set("Authorization", "Bearer " + token);
    const std::string text = body ? json::stringify(body) : std::string();
    if (body) req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(text.size()));
    session_.sendRequest(req) << text;
    Poco::Net::HTTPResponse res;
    std::istream& in = session_.receiveResponse(res);
    std::string answer{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (res.getStatus() >= 300)
      throw std::runtime_error(method + " /api/v1" + path + " answered " + std::to_string(res.getStatus()) + ": " + answer);
    return answer.empty() ? json::object() : json::parseObject(answer);
  }
  json::Obj post(const std::string& path, const json::Obj& body, const std::string& token) {
    return call("POST", path, body, token);
  }

 private:
  Poco::Net::HTTPClientSession session_;
};

// Fictitious identifiers that pass the real checks. The demo's places are numbered 99, a
// province that does not exist; an ID number must start with a real province, so people's
// numbers carry 110199, a county number no division list holds (Beijing's districts stop at 17).
constexpr const char* kRegion = "990101";
constexpr const char* kBirthRegion = "110199";

std::string idNumber(const Date& birth, int serial) {
  const auto day = formatDate(birth);  // YYYY-MM-DD
  std::string first17 = kBirthRegion + day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2) + fmt("%03d", serial);
  return first17 + people::idCheckCharacter(first17);
}
std::string cardNumber(int serial) {  // a UnionPay-shaped card with its Luhn digit
  std::string first18 = "6299990" + fmt("%011d", serial);
  for (char d = '0'; d <= '9'; ++d)
    if (people::luhnValid(first18 + d)) return first18 + d;
  return first18 + '0';
}
std::string creditCode(int serial) {
  std::string first17 = std::string("52") + kRegion + "MJ" + fmt("%07d", serial);
  return first17 + org::creditCodeCheckChar(first17);
}
Date firstOfMonth(const Date& d) { return d.year() / d.month() / std::chrono::day{1}; }
std::string month(const Date& d) { return formatDate(d).substr(0, 7); }

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr const char* kGivenNames[] = {"雨桐", "子涵", "欣怡", "浩然", "思远", "佳怡", "俊杰", "梓萱", "宇航", "诗琪",
                                       "晨曦", "一诺", "明轩", "雅静", "志强", "海燕", "建华", "丽娟", "文博", "可馨",
                                       "振宇", "慧敏", "思琪", "家豪", "晓雯", "嘉怡", "天佑", "若曦", "鹏飞", "梦瑶"};

class DemoCounty {
 public:
  DemoCounty(Api& api, std::string admin, std::string password, Date today)
      : api_(api), admin_(std::move(admin)), password_(std::move(password)), today_(today),
        lastMonth_(addMonths(firstOfMonth(today), -1)), firstMonth_(addMonths(lastMonth_, -11)) {}

  DemoResult build() {
    step("行政区划、政策与薪酬标准 (places, policy, salary scale)");
    places();
    step("机构、站点与账号 (agencies, stations, accounts)");
    organisations();
    step("60 名社工入职 (hiring 60 workers)");
    hireWorkers();
    workerAccounts();
    step("备案 (the bureau accepts the filings)");
    acceptFilings();
    payroll();
    step("一份辞职申请与一起违规事件 (a resignation and a case)");
    resignationAndCase();
    result_.password = password_;
    return std::move(result_);
  }

 private:
  struct Agency {
    int64_t id = 0;
    std::string admin, admin2, payroll;  // tokens
    std::vector<int64_t> stations;
    std::vector<int64_t> employments;
  };

  void step(const std::string& what) {
    std::printf("demo: %s\n", what.c_str());
    std::fflush(stdout);
  }

  // Makes an account as its creator would, hands its one-time password over and sets the demo
  // password in its place, as the owner does at first sign-in. Returns a session of it.
  std::string account(const std::string& username, const std::string& role, const std::string& scopeKey, int64_t scopeId,
                      const std::string& creator, const std::string& who) {
    auto made = api_.post("/users", obj({{"username", username}, {"role", role}, {scopeKey, scopeId}}), creator);
    auto first = signIn(username, made->getValue<std::string>("password"));
    api_.call("PUT", "/me/password",
              obj({{"current_password", made->getValue<std::string>("password")}, {"new_password", password_}}), first);
    result_.accounts.push_back({username, role, who});
    return signIn(username, password_);
  }
  std::string signIn(const std::string& username, const std::string& password) {
    return api_.post("/auth/login", obj({{"username", username}, {"password", password}}), "")->getValue<std::string>("token");
  }

  void places() {
    auto at = [&](const char* code, const char* name, const char* level, std::optional<int64_t> parent) {
      auto body = obj({{"code", code}, {"name", name}, {"level", level}});
      if (parent) body->set("parent_id", *parent);
      return api_.post("/jurisdictions", body, admin_)->getValue<int64_t>("id");
    };
    province_ = at("990000", "演示省", "province", std::nullopt);
    city_ = at("990100", "演示市", "city", province_);
    county_ = at("990101", "演示县", "county", city_);
    towns_ = {at("990101001", "示范镇", "town", county_), at("990101002", "样板街道", "town", county_)};
    // Haining's rules (notice with a replacement, six staff and four certified per station).
    api_.post("/jurisdictions/" + std::to_string(county_) + "/policy/presets/haining",
              obj({{"effective_from", "2020-01-01"}}), admin_);
    // The figures the law leaves to a city, which no preset invents: made up for the demo and
    // cited as such, so nobody mistakes them for a real city's.
    const char* source = "演示数据：虚构的城市缴费基数、单位费率与平均工资，并非任何真实地方的政策";
    auto sources = json::object();
    for (const char* key : {"social_insurance.base_floor_fen", "social_insurance.base_ceiling_fen",
                            "housing_fund.base_floor_fen", "housing_fund.base_ceiling_fen", "employer_rates",
                            "iit.severance_exempt_fen"})
      sources->set(key, source);
    api_.call("PUT", "/jurisdictions/" + std::to_string(city_) + "/policy",
              obj({{"effective_from", "2000-01-01"},
                   {"social_insurance", obj({{"base_floor_fen", 450000}, {"base_ceiling_fen", 2250000}})},
                   {"housing_fund", obj({{"base_floor_fen", 249000}, {"base_ceiling_fen", 2250000}})},
                   {"employer_rates", obj({{"pension_pct", 16}, {"medical_pct", 9.5}, {"unemployment_pct", 0.5},
                                           {"injury_pct", 0.2}, {"housing_fund_pct", 5}})},
                   {"iit", obj({{"severance_exempt_fen", 27000000}})},
                   {"sources", sources}}),
              admin_);
    api_.post("/salary-scales/presets/illustrative-4x11",
              obj({{"jurisdiction_id", province_}, {"effective_from", "2020-01-01"}}), admin_);
  }

  void organisations() {
    bureau_ = account("demo.bureau", "bureau", "jurisdiction_id", county_, admin_, "演示县民政局 (bureau officer)");
    const char* names[] = {"演示县阳光社会工作服务中心", "演示县同心社会工作服务社"};
    const char* ratings[] = {"4A", "3A"};
    const char* stations[][2] = {{"示范镇社会工作服务站", "示范镇东湖社区社工室"},
                                 {"样板街道社会工作服务站", "样板街道西园社区社工室"}};
    const char* tag[] = {"a", "b"};
    for (int i = 0; i < 2; ++i) {
      Agency a;
      a.id = api_.post("/agencies",
                       obj({{"name", names[i]}, {"credit_code", creditCode(i + 1)}, {"rating", ratings[i]},
                            {"kind", "ngo"}, {"jurisdiction_id", county_}}),
                       bureau_)->getValue<int64_t>("id");
      for (const char* s : stations[i])
        a.stations.push_back(api_.post("/stations", obj({{"name", s}, {"jurisdiction_id", towns_[i]}, {"agency_id", a.id}}),
                                       bureau_)->getValue<int64_t>("id"));
      const std::string prefix = std::string("demo.") + tag[i] + ".";
      const std::string org = names[i];
      a.admin = account(prefix + "admin", "agency_admin", "agency_id", a.id, bureau_, org + " 负责人 (agency admin)");
      a.admin2 = account(prefix + "admin2", "agency_admin", "agency_id", a.id, bureau_,
                         org + " 副主任，审批工资 (second agency admin, approves payroll)");
      a.payroll = account(prefix + "payroll", "payroll_officer", "agency_id", a.id, a.admin,
                          org + " 薪酬专员 (payroll officer)");
      agencies_.push_back(std::move(a));
    }
  }

  // Sixty workers, fifteen per station: a station head, a supervisor, social workers and
  // assistants, most hired years ago and two per station during the year of payroll.
  void hireWorkers() {
    for (int k = 0; k < 60; ++k) {
      Agency& agency = agencies_[k / 30];
      const int inStation = k % 15;
      const int64_t station = agency.stations[(k % 30) / 15];
      const bool newThisYear = inStation >= 13;
      const Date start = newThisYear ? addDays(addMonths(firstMonth_, 2 + k % 9), k % 2 ? 15 : 0)
                                     : addMonths(firstMonth_, -(3 + (k * 5) % 54));
      int terms = 1;  // three-year terms, renewed until one runs past the next three months
      while (addDays(addYears(start, 3 * terms), -1) < addDays(today_, 90)) ++terms;
      Date end = addDays(addYears(start, 3 * terms), -1);
      if (k == 9 || k == 38) end = addDays(today_, k == 9 ? 25 : 50);  // contracts ending soon
      const Date birth = std::chrono::year{1988 + (k * 5) % 14} / std::chrono::month{static_cast<unsigned>(1 + (k * 7) % 12)} /
                         std::chrono::day{static_cast<unsigned>(1 + (k * 11) % 28)};
      const char* education = k % 5 == 0 ? "master" : k % 3 == 0 ? "college" : "bachelor";
      const char* level = k % 12 == 0 ? "senior" : k % 3 == 0 ? "intermediate" : "assistant";
      const Date passed = addMonths(start, -(6 + k % 20));
      // Registrations run three years from the last renewal: some time in the next three years.
      Date registeredUntil = addDays(today_, 120 + (k * 37) % 900);
      if (k == 7 || k == 23 || k == 41) registeredUntil = addDays(today_, 30 + 20 * (k % 3));  // 再登记 window
      const char* post = inStation == 0 ? "S1" : inStation == 1 ? "S2" : inStation < 12 ? "S3" : "S4";
      // New hires take the grade their education and certificate suggest (the national placement
      // table); staff of some years have climbed by increments since, which the hire records.
      const int suggested = 1 + (k % 5 == 0 ? 2 : k % 3 == 0 ? 0 : 1) + (k % 12 == 0 ? 3 : k % 3 == 0 ? 2 : 1);
      const int grade = newThisYear ? suggested : std::max(suggested, inStation == 0 ? 7 : inStation == 1 ? 6 : 3 + k % 4);
      auto person = obj({{"name", std::string(kSurnames[k % 20]) + kGivenNames[(k * 7 + 3) % 30]},
                         {"id_number", idNumber(birth, 101 + k)},
                         {"education", education},
                         {"social_work_major", k % 2 == 0},
                         {"phone", "100" + fmt("%08d", 10000 + k)},
                         {"bank_account", cardNumber(k + 1)}});
      auto hire = obj({{"person", person},
                       {"certificates", arr({obj({{"level", level},
                                                  {"number", "DEMO" + fmt("%06d", k + 1)},
                                                  {"passed_on", formatDate(passed)},
                                                  {"registered_until", formatDate(registeredUntil)}})})},
                       {"station_id", station},
                       {"post", post},
                       {"grade", grade},
                       {"start_date", formatDate(start)},
                       {"end_date", formatDate(end)},
                       {"probation_months", 2},
                       {"first_job", newThisYear && k % 2 == 0}});
      if (grade != suggested) hire->set("grade_reason", "（演示）入职多年，历年考核晋级");
      auto made = api_.post("/employments", hire, agency.admin);
      agency.employments.push_back(made->getValue<int64_t>("id"));
      personOf_[made->getValue<int64_t>("id")] = made->getValue<int64_t>("person_id");
      ++result_.workers;
    }
  }

  void workerAccounts() {
    const char* tag[] = {"a", "b"};
    for (int i = 0; i < 2; ++i) {
      const int64_t employment = agencies_[i].employments[2];  // a social worker (S3)
      workerTokens_.push_back(account(std::string("demo.") + tag[i] + ".worker", "worker", "person_id",
                                      personOf_[employment], agencies_[i].admin, "社工 (worker)"));
    }
  }

  // The bureau accepts every filing but the newest three, which stay in its queue.
  void acceptFilings() {
    std::vector<int64_t> pending;
    std::string cursor;
    do {
      auto page = api_.call("GET", "/filings?status=pending&limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor),
                            nullptr, bureau_);
      for (const auto& item : *page->getArray("items"))
        pending.push_back(item.extract<Poco::JSON::Object::Ptr>()->getValue<int64_t>("id"));
      cursor = page->has("next_cursor") && !page->isNull("next_cursor") ? page->get("next_cursor").toString() : "";
    } while (!cursor.empty());
    std::sort(pending.begin(), pending.end());
    auto ids = json::array();
    for (std::size_t i = 0; i + 3 < pending.size(); ++i) ids->add(pending[i]);
    api_.post("/filings/accept", obj({{"ids", ids}}), bureau_);
  }

  // Twelve months of payroll for each agency: made by the payroll officer, approved by an agency
  // admin (four eyes), paid; the last month approved and awaiting payment. December pays the
  // year-end bonus on its own (全年一次性奖金).
  void payroll() {
    for (int m = 0; m < 12; ++m) {
      const std::string period = month(addMonths(firstMonth_, m));
      step("工资 " + period + " (payroll)");
      for (auto& a : agencies_) {
        if (period.substr(5) == "12")
          for (std::size_t i = 0; i < a.employments.size(); i += 3)
            api_.post("/employments/" + std::to_string(a.employments[i]) + "/pay-items",
                      obj({{"period", period}, {"kind", "annual_bonus"}, {"name", "年终奖"}, {"amount_fen", 300000}}),
                      a.payroll);
        auto run = api_.post("/payroll-runs", obj({{"agency_id", a.id}, {"period", period}}), a.payroll);
        const auto id = std::to_string(run->getValue<int64_t>("id"));
        while (run->getValue<std::string>("status") == "computing") {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          run = api_.call("GET", "/payroll-runs/" + id, nullptr, a.payroll);
        }
        if (run->getValue<std::string>("status") != "draft")
          throw std::runtime_error("payroll run " + id + " for " + period + " is " + run->getValue<std::string>("status") +
                                   ": " + json::stringify(run));
        api_.post("/payroll-runs/" + id + "/approve", obj({}), a.admin);
        if (m < 11) api_.post("/payroll-runs/" + id + "/paid", obj({}), a.admin2);
        ++result_.runs;
      }
    }
  }

  void resignationAndCase() {
    // A worker gives notice from their own account; the agency still has to find a replacement.
    api_.post("/resignations",
              obj({{"employment_id", agencies_[0].employments[2]},
                   {"notice_date", formatDate(addDays(today_, -7))},
                   {"requested_last_day", formatDate(addDays(today_, 23))},
                   {"reason", "（演示）准备报考研究生"}}),
              workerTokens_[0]);
    api_.post("/misconduct-cases",
              obj({{"employment_id", agencies_[1].employments[5]},
                   {"category", "falsified_records"},
                   {"description", "（演示）服务台账与入户签到记录不符"},
                   {"evidence", "（演示）上月台账 12 条记录无对应签到"},
                   {"occurred_on", formatDate(addDays(today_, -20))}}),
              agencies_[1].admin);
  }

  Api& api_;
  std::string admin_, password_;
  Date today_, lastMonth_, firstMonth_;
  int64_t province_ = 0, city_ = 0, county_ = 0;
  std::vector<int64_t> towns_;
  std::string bureau_;
  std::vector<Agency> agencies_;
  std::map<int64_t, int64_t> personOf_;
  std::vector<std::string> workerTokens_;
  DemoResult result_;
};

}  // namespace

DemoResult buildDemo(Settings settings) {
  // A private server on a loopback port: nothing outside this machine sees the demo being built.
  settings.http.port = 0;
  settings.http.bindAddress = "127.0.0.1";
  settings.http.tlsCertFile.clear();
  settings.http.tlsKeyFile.clear();
  const std::string password = identity::handOverPassword(crypto::randomBytes(16));
  // Only used when the database has no administrator yet: then `admin` is a demo account too.
  if (!settings.adminPassword) settings.adminPassword = password;
  spdlog::set_level(spdlog::level::warn);  // the steps below say what happens, not every request
  App app(settings);
  app.start();
  struct Stop {
    App& app;
    ~Stop() { app.stop(); }
  } stop{app};
  Api api(app.port());
  const auto admin = app.identity().signInAs("admin", http::systemActor("cli:demo")).token;
  if (api.call("GET", "/me", nullptr, admin)->getValue<bool>("must_change_password"))
    throw std::invalid_argument(
        "the administrator of this database has not set its own password yet; give the demo a database of its own "
        "(--db sqlite:var/demo.db)");
  if (!api.call("GET", "/setup", nullptr, admin)->getValue<bool>("needed"))
    throw std::invalid_argument(
        "this database already holds data (a jurisdiction exists); the demo fills only an empty one: give it a "
        "database of its own (--db sqlite:var/demo.db)");
  DemoCounty county(api, admin, password, todayInChina());
  auto result = county.build();
  result.adminPasswordSet = app.createdAdmin();
  return result;
}

}  // namespace sr::app
