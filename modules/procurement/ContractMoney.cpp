// The money of a purchase contract: disbursements, recoveries and the year's statement.
#include <algorithm>

#include "common/Text.h"

#include "procurement/Procurement.h"

namespace sr::procurement {

namespace {
json::Obj disbursementJson(const db::Row& r) {
  auto o = json::object();
  o->set("id", r.i64("id"));
  o->set("source", r.str("source"));
  o->set("amount_fen", r.i64("amount_fen"));
  o->set("paid_on", r.str("paid_on"));
  o->set("installment_due_on", json::orNull(r.optStr("installment_due_on")));
  o->set("voucher", r.str("voucher"));
  o->set("note", json::orNull(r.optStr("note")));
  return o;
}
json::Obj recoveryJson(const db::Row& r) {
  auto o = json::object();
  o->set("id", r.i64("id"));
  o->set("amount_fen", r.i64("amount_fen"));
  o->set("rule", r.str("rule"));
  o->set("basis", json::orNull(r.optStr("basis")));
  o->set("reason", r.str("reason"));
  o->set("decided_on", r.str("decided_on"));
  o->set("reference", r.str("reference"));
  return o;
}
constexpr std::string_view kDisbursementCols =
    "SELECT id, source, amount_fen, paid_on, installment_due_on, voucher, note FROM contract_disbursements";
constexpr std::string_view kRecoveryCols =
    "SELECT id, amount_fen, rule, basis, reason, decided_on, reference FROM contract_recoveries";

std::string period(const Date& d) { return formatDate(d).substr(0, 7); }

// The last day the contract pays for: its end, or the day it ended early.
Date lastFundedDay(const Contract& c) { return c.endedOn ? std::min(*c.endedOn, c.end) : c.end; }

// What the contract owes over [from, to]: each station for the days both cover.
int64_t dueOver(const Contract& c, const Date& from, const Date& to, int64_t factorH) {
  int64_t due = 0;
  for (const auto& s : c.stations)
    due += fundingDue(c.annualStandardFen, s.fundedPosts, std::max(from, s.from), std::min(to, s.to), factorH);
  return due;
}
}  // namespace

json::Obj ContractService::disburse(const http::Principal& p, const http::Actor& actor, int64_t id,
                                    const DisbursementInput& in) {
  auto c = contractFor(p, id);
  Validator v;
  if (std::none_of(c.sources.begin(), c.sources.end(), [&](const Source& s) { return s.source == in.source; }))
    v.add("source", "is not a source of this contract");
  if (in.installmentDueOn) {
    if (!c.schedule) {
      v.add("installment_due_on", "the contract has no schedule");
    } else {
      auto due = installments(c.start, lastFundedDay(c), scheduleMonths(*c.schedule));
      if (std::none_of(due.begin(), due.end(), [&](const Installment& i) { return i.dueOn == *in.installmentDueOn; }))
        v.add("installment_due_on", "is not a due date of the contract's schedule");
    }
  }
  v.throwIfAny();
  auto o = db_.transact<json::Obj>([&](db::Connection& conn) {
    int64_t rowId = 0;
    try {
      rowId = conn.insert("INSERT INTO contract_disbursements (contract_id, source, amount_fen, paid_on, installment_due_on, "
                          "voucher, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {c.id, in.source, in.amountFen, formatDate(in.paidOn),
                           db::nullable(in.installmentDueOn ? std::optional(formatDate(*in.installmentDueOn)) : std::nullopt),
                           in.voucher, db::nullable(in.note), db::nullable(actor.userId), nowSeconds()});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "This voucher is already recorded on the contract.", {{"voucher", "is already recorded"}});
    }
    auto out = disbursementJson(*conn.queryOne(std::string(kDisbursementCols) + " WHERE id = ?", {rowId}));
    audit_.append(conn, actor, {"purchase_contract.disburse", "purchase_contract", c.id, c.jurisdictionPath, nullptr, out});
    return out;
  });
  return o;
}

json::Obj ContractService::recover(const http::Principal& p, const http::Actor& actor, int64_t id, const RecoveryInput& in) {
  auto c = contractFor(p, id);
  if (in.agencyId && *in.agencyId != c.agencyId) {
    Validator v;
    v.add("contract_id", "is not a contract of this agency");
    v.throwIfAny();
  }
  return db_.transact<json::Obj>([&](db::Connection& conn) {
    int64_t rowId = 0;
    try {
      rowId = conn.insert("INSERT INTO contract_recoveries (contract_id, amount_fen, rule, basis, reason, decided_on, reference, "
                          "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {c.id, in.amountFen, in.rule, db::nullable(in.basis), in.reason, formatDate(in.decidedOn),
                           in.reference, db::nullable(actor.userId), nowSeconds()});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "This decision is already recorded on the contract.", {{"reference", "is already recorded"}});
    }
    // The recovery is a sanction on the agency too (the agency's sanctions list it), recorded once.
    auto sanction = conn.insert("INSERT INTO agency_sanctions (agency_id, jurisdiction_path, kind, amount_fen, reason, "
                                "contract_ref, contract_id, recovery_id, issued_on, issued_by, created_at) "
                                "VALUES (?, ?, 'fund_recovery', ?, ?, ?, ?, ?, ?, ?, ?)",
                                {c.agencyId, c.jurisdictionPath, in.amountFen, in.reason, db::nullable(c.reference), c.id,
                                 rowId, formatDate(in.decidedOn), db::nullable(actor.userId), nowSeconds()});
    auto out = recoveryJson(*conn.queryOne(std::string(kRecoveryCols) + " WHERE id = ?", {rowId}));
    out->set("sanction_id", sanction);
    audit_.append(conn, actor, {"purchase_contract.recover", "purchase_contract", c.id, c.jurisdictionPath, nullptr, out});
    return out;
  });
}

json::Obj ContractService::statement(const http::Principal& p, int64_t id, int year) const {
  return statementOf(contractFor(p, id), year);
}

json::Obj ContractService::statementOf(const Contract& c, int year) const {
  const Date jan1{std::chrono::year{year}, std::chrono::January, std::chrono::day{1}};
  const Date dec31{std::chrono::year{year}, std::chrono::December, std::chrono::day{31}};
  auto o = json::object();
  o->set("contract_id", c.id);
  o->set("year", year);
  o->set("annual_standard_fen", c.annualStandardFen);
  // The tier of last year's evaluation scales this year's funding (Hunan: 1.0 / 2.0 / 3.0).
  const int64_t factor = fundingFactors({c}, year).at(c.id);
  o->set("funding_factor", hundredthsText(factor));

  // Owed: per station for the days of the year it was covered.
  auto names = org_.stationNames([&] {
    std::vector<int64_t> ids;
    for (const auto& s : c.stations) ids.push_back(s.stationId);
    return ids;
  }());
  std::vector<payroll::RunService::LabourWindow> windows;
  std::vector<unsigned> windowOf;  // the station row each window is for
  int64_t due = 0;
  auto stations = json::array();
  for (const auto& s : c.stations) {
    auto from = std::max(s.from, jan1), to = std::min(s.to, dec31);
    auto x = json::object();
    x->set("station_id", s.stationId);
    x->set("name", names[s.stationId]);
    x->set("funded_posts", s.fundedPosts);
    bool covered = !(to < from);
    x->set("from", covered ? Poco::Dynamic::Var(formatDate(from)) : Poco::Dynamic::Var());
    x->set("to", covered ? Poco::Dynamic::Var(formatDate(to)) : Poco::Dynamic::Var());
    auto cover = coverage(from, to);
    x->set("whole_months", cover.wholeMonths);
    x->set("part_month_days", cover.partDays);
    auto stationDue = fundingDue(c.annualStandardFen, s.fundedPosts, from, to, factor);
    x->set("due_fen", stationDue);
    due += stationDue;
    x->set("labour_cost_fen", 0);
    if (covered) {
      windows.push_back({c.agencyId, s.stationId, period(from), period(to)});
      windowOf.push_back(static_cast<unsigned>(stations->size()));
    }
    stations->add(x);
  }
  o->set("stations", stations);
  o->set("due_fen", due);

  // Paid and taken back in the year, as recorded.
  auto [disbursements, recoveries] = db_.read<std::pair<std::vector<db::Row>, std::vector<db::Row>>>([&](db::Connection& conn) {
    return std::pair{conn.query(std::string(kDisbursementCols) +
                                    " WHERE contract_id = ? AND paid_on BETWEEN ? AND ? ORDER BY paid_on, id",
                                {c.id, formatDate(jan1), formatDate(dec31)}),
                     conn.query(std::string(kRecoveryCols) + " WHERE contract_id = ? AND decided_on BETWEEN ? AND ? ORDER BY decided_on, id",
                                {c.id, formatDate(jan1), formatDate(dec31)})};
  });
  int64_t disbursed = 0, recovered = 0;
  std::map<std::string, int64_t> disbursedBy;
  std::map<std::string, int64_t> disbursedFor;  // by installment due date
  auto paid = json::array();
  for (const auto& r : disbursements) {
    disbursed += r.i64("amount_fen");
    disbursedBy[r.str("source")] += r.i64("amount_fen");
    if (auto d = r.optStr("installment_due_on")) disbursedFor[*d] += r.i64("amount_fen");
    paid->add(disbursementJson(r));
  }
  auto taken = json::array();
  for (const auto& r : recoveries) {
    recovered += r.i64("amount_fen");
    taken->add(recoveryJson(r));
  }
  o->set("disbursements", paid);
  o->set("disbursed_fen", disbursed);
  o->set("recoveries", taken);
  o->set("recovered_fen", recovered);

  // Per source: its share of what is owed and of what was taken back (split to the fen), and
  // what it paid.
  auto dueParts = splitBySources(due, c.sources), recoveredParts = splitBySources(recovered, c.sources);
  auto sources = json::array();
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    auto x = json::object();
    x->set("source", c.sources[i].source);
    x->set("pct", c.sources[i].pct);
    x->set("due_fen", dueParts[i]);
    x->set("disbursed_fen", disbursedBy[c.sources[i].source]);
    x->set("recovered_fen", recoveredParts[i]);
    sources->add(x);
  }
  o->set("sources", sources);

  // The schedule's installments falling due in the year.
  auto dueInstallments = json::array();
  if (c.schedule)
    for (const auto& i : installments(c.start, lastFundedDay(c), scheduleMonths(*c.schedule))) {
      if (i.dueOn < jan1 || dec31 < i.dueOn) continue;
      auto x = json::object();
      x->set("due_on", formatDate(i.dueOn));
      x->set("from", formatDate(i.from));
      x->set("to", formatDate(i.to));
      x->set("due_fen", dueOver(c, i.from, i.to, factor));  // due in the year: the year's factor
      x->set("disbursed_fen", disbursedFor[formatDate(i.dueOn)]);
      dueInstallments->add(x);
    }
  o->set("schedule", json::orNull(c.schedule));
  o->set("installments", dueInstallments);

  // Spent: the agency's approved pay at the stations in the months covered.
  int64_t gross = 0, employer = 0;
  auto costs = runs_.labourCost(windows);
  for (std::size_t i = 0; i < costs.size(); ++i) {
    gross += costs[i].grossFen;
    employer += costs[i].employerFen;
    auto x = stations->getObject(windowOf[i]);
    x->set("labour_cost_fen", x->getValue<int64_t>("labour_cost_fen") + costs[i].totalFen());
  }
  o->set("gross_fen", gross);
  o->set("employer_contributions_fen", employer);
  o->set("labour_cost_fen", gross + employer);
  // What the agency holds of the year's funds after paying its people: disbursed less recovered
  // less labour cost (negative when it paid more than it received).
  o->set("balance_fen", disbursed - recovered - gross - employer);
  return o;
}

json::Obj ContractService::rollUp(const http::Principal& p, int64_t jurisdictionId, int year) const {
  auto root = org_.jurisdictionFor(p, jurisdictionId);
  const Date yearStart{std::chrono::year{year}, std::chrono::January, std::chrono::day{1}};
  const Date yearEnd{std::chrono::year{year}, std::chrono::December, std::chrono::day{31}};
  const std::string jan1 = formatDate(yearStart), dec31 = formatDate(yearEnd);
  // The contracts kept in the area whose term touches the year, with their stations.
  auto contracts = contractsTouching(root.path, jan1, dec31);
  // Each under the place directly below the root it lies in (or the root's own).
  struct Sum {
    int64_t contracts = 0, posts = 0, due = 0, disbursed = 0, recovered = 0, labour = 0;
  };
  std::map<std::string, Sum> byCode;
  Sum total;
  // Everything the statements would read, read once for all the contracts: factors, money
  // recorded in the year, and labour cost at their stations.
  auto factors = fundingFactors(contracts, year);
  std::vector<int64_t> ids;
  std::vector<payroll::RunService::LabourWindow> windows;
  std::vector<std::size_t> windowContract;
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    const auto& c = contracts[i];
    ids.push_back(c.id);
    for (const auto& s : c.stations) {
      auto from = std::max(s.from, yearStart), to = std::min(s.to, yearEnd);
      if (to < from) continue;
      windows.push_back({c.agencyId, s.stationId, period(from), period(to)});
      windowContract.push_back(i);
    }
  }
  std::vector<int64_t> labour(contracts.size(), 0);
  auto costs = runs_.labourCost(windows);
  for (std::size_t w = 0; w < costs.size(); ++w) labour[windowContract[w]] += costs[w].totalFen();
  auto [disbursed, recovered] = db_.read<std::pair<std::map<int64_t, int64_t>, std::map<int64_t, int64_t>>>([&](db::Connection& conn) {
    auto sums = [&](std::string_view table, std::string_view day) {
      std::map<int64_t, int64_t> out;
      if (ids.empty()) return out;
      db::Params params(ids.begin(), ids.end());
      params.emplace_back(jan1);
      params.emplace_back(dec31);
      for (const auto& r : conn.query("SELECT contract_id, SUM(amount_fen) AS total FROM " + std::string(table) +
                                          " WHERE contract_id IN (" + db::placeholders(ids.size()) + ") AND " + std::string(day) +
                                          " BETWEEN ? AND ? GROUP BY contract_id",
                                      params))
        out[r.i64("contract_id")] = r.i64("total");
      return out;
    };
    return std::pair{sums("contract_disbursements", "paid_on"), sums("contract_recoveries", "decided_on")};
  });
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    const auto& c = contracts[i];
    auto rest = c.jurisdictionPath.substr(root.path.size());
    auto code = rest.empty() ? root.code : rest.substr(0, rest.find('/'));
    for (Sum* sum : {&byCode[code], &total}) {
      ++sum->contracts;
      for (const auto& s : c.stations) sum->posts += s.fundedPosts;
      sum->due += dueOver(c, yearStart, yearEnd, factors[c.id]);
      sum->disbursed += disbursed[c.id];
      sum->recovered += recovered[c.id];
      sum->labour += labour[i];
    }
  }
  auto json = [](const Sum& s) {
    auto o = json::object();
    o->set("contracts", s.contracts);
    o->set("funded_posts", s.posts);
    o->set("due_fen", s.due);
    o->set("disbursed_fen", s.disbursed);
    o->set("recovered_fen", s.recovered);
    o->set("labour_cost_fen", s.labour);
    o->set("balance_fen", s.disbursed - s.recovered - s.labour);
    return o;
  };
  auto rows = json::array();
  for (const auto& [code, sum] : byCode) {
    auto place = org_.findJurisdictionByCode(code).value();
    auto o = json(sum);
    o->set("jurisdiction_id", place.id);
    o->set("name", place.name);
    rows->add(o);
  }
  auto out = json::object();
  out->set("jurisdiction_id", root.id);
  out->set("year", year);
  out->set("rows", rows);
  out->set("total", json(total));
  return out;
}

std::string ContractService::rollUpFile(const http::Principal& p, int64_t jurisdictionId, int year,
                                        const sheet::Choice& choice) const {
  auto r = rollUp(p, jurisdictionId, year);
  using sheet::Kind;
  std::vector<sheet::Column> cols{{"区划编号", "jurisdiction_id", Kind::identifier}, {"名称", "name", Kind::text},
                                  {"合同数", "contracts", Kind::count},            {"购买岗位数", "funded_posts", Kind::count},
                                  {"应拨经费(元)", "due", Kind::money},            {"已拨经费(元)", "disbursed", Kind::money},
                                  {"追回经费(元)", "recovered", Kind::money},      {"人力成本(元)", "labour_cost", Kind::money},
                                  {"结余(元)", "balance", Kind::money}};
  auto book = sheet::writer(choice);
  book->beginSheet(choice.chinese ? "购买服务经费" : "purchase funding", cols);
  auto rows = r->getArray("rows");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto o = rows->getObject(static_cast<unsigned>(i));
    std::vector<sheet::Cell> f{std::to_string(o->getValue<int64_t>("jurisdiction_id")), o->getValue<std::string>("name")};
    for (const char* k : {"contracts", "funded_posts", "due_fen", "disbursed_fen", "recovered_fen", "labour_cost_fen", "balance_fen"})
      f.emplace_back(o->getValue<int64_t>(k));
    book->row(f);
  }
  book->totals(choice.chinese ? "合计" : "total");
  return book->finish();
}

}  // namespace sr::procurement
