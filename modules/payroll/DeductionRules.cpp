#include "payroll/DeductionRules.h"

#include <algorithm>
#include <map>

#include "common/Time.h"

namespace sr::payroll {

using std::chrono::year_month;

namespace {
// The amounts the law allows per item and month, in fen (a split between parents or spouses
// halves them).
struct Rule {
  std::string category;
  std::vector<int64_t> amounts;  // allowed monthly amounts; empty: any up to `max`
  int64_t max = 0;
  std::string says;  // the rule in words, for the error
};
const std::vector<Rule>& rules() {
  static const std::vector<Rule> r = {
      {"children_education", {100000, 200000}, 0, "is 2000.00 a month per child, or 1000.00 when the parents split it"},
      {"infant_care", {100000, 200000}, 0, "is 2000.00 a month per child under three, or 1000.00 when split"},
      {"elderly_support", {}, 300000, "is at most 3000.00 a month in all (a share of at most 1500.00 when not an only child)"},
      {"housing_loan", {50000, 100000}, 0, "is 1000.00 a month, or 500.00 each for a home bought before marriage"},
      {"housing_rent", {80000, 110000, 150000}, 0, "is 1500.00, 1100.00 or 800.00 a month by the city"},
      {"continuing_education_degree", {40000}, 0, "is 400.00 a month"},
      {"continuing_education_certificate", {360000}, 0, "is 3600.00 once, in the month the certificate is obtained"},
      {"unspecified", {}, 10'000'000, "is at most 100000.00 a month"},
  };
  return r;
}
const Rule* ruleOf(const std::string& category) {
  for (const auto& r : rules())
    if (r.category == category) return &r;
  return nullptr;
}
bool covers(const DeductionItem& i, year_month m) { return i.from <= m && m <= i.to; }
}  // namespace

bool isDeductionCategory(const std::string& category, bool allowUnspecified) {
  return ruleOf(category) && (allowUnspecified || category != "unspecified");
}

std::vector<FieldError> deductionProblems(const std::vector<DeductionItem>& items, int year) {
  std::vector<FieldError> out;
  const year_month jan{std::chrono::year{year}, std::chrono::January}, dec{std::chrono::year{year}, std::chrono::December};
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    const std::string at = "items[" + std::to_string(i) + "]";
    const auto* rule = ruleOf(it.category);
    if (!rule) {
      out.push_back({at + ".category", "is not a deduction category"});
      continue;
    }
    if (it.from < jan || it.from > dec) out.push_back({at + ".from", "must be a month of " + std::to_string(year)});
    if (it.to < it.from || it.to > dec) out.push_back({at + ".to", "must be from the item's from to " + std::to_string(year) + "-12"});
    bool ok = rule->amounts.empty() ? it.monthlyFen > 0 && it.monthlyFen <= rule->max
                                    : std::find(rule->amounts.begin(), rule->amounts.end(), it.monthlyFen) != rule->amounts.end();
    if (!ok) out.push_back({at + ".monthly_fen", it.category + " " + rule->says});
    if (it.category == "continuing_education_certificate" && it.to != it.from)
      out.push_back({at + ".to", "a certificate is deducted once: from and to are the month it was obtained"});
  }
  // Month by month: the totals and exclusions across items.
  for (auto m = jan; m <= dec; m += std::chrono::months{1}) {
    std::map<std::string, std::pair<int64_t, std::size_t>> perCategory;  // total, count
    std::map<std::string, std::size_t> lastIndex;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (covers(items[i], m)) {
        auto& [total, count] = perCategory[items[i].category];
        total += items[i].monthlyFen;
        ++count;
        lastIndex[items[i].category] = i;
      }
    auto name = [&](const std::string& c) { return "items[" + std::to_string(lastIndex[c]) + "]"; };
    const auto month = formatDate(Date{m / 1}).substr(0, 7);
    auto has = [&](const std::string& c) { return perCategory.count(c) > 0; };
    if (has("elderly_support") && perCategory["elderly_support"].first > 300000)
      out.push_back({name("elderly_support") + ".monthly_fen", "elderly_support is at most 3000.00 a month in all (" + month + ")"});
    for (const char* one : {"housing_loan", "housing_rent", "continuing_education_degree"})
      if (has(one) && perCategory[one].second > 1)
        out.push_back({name(one), std::string(one) + " is one item a month (" + month + ")"});
    if (has("housing_loan") && has("housing_rent"))
      out.push_back({name("housing_rent"), "housing_rent is not deducted in a month with housing_loan (" + month + ")"});
    if (!out.empty()) break;  // one month's clash says enough
  }
  int certificates = 0;
  for (const auto& it : items) certificates += it.category == "continuing_education_certificate";
  if (certificates > 1) out.push_back({"items", "continuing_education_certificate is deducted once a year"});
  return out;
}

int64_t deductionsThrough(const std::vector<DeductionItem>& items, year_month firstMonth, year_month upTo) {
  int64_t total = 0;
  for (const auto& it : items) {
    auto from = std::max(it.from, firstMonth), to = std::min(it.to, upTo);
    if (to < from) continue;
    total += it.monthlyFen * ((to - from).count() + 1);
  }
  return total;
}

std::map<std::string, int64_t> deductionsByCategory(const std::vector<DeductionItem>& items, year_month firstMonth,
                                                    year_month upTo) {
  std::map<std::string, int64_t> out;
  for (const auto& it : items)
    if (auto fen = deductionsThrough({it}, firstMonth, upTo); fen != 0) out[it.category] += fen;
  return out;
}

year_month firstDeductionMonth(year_month start, year_month ym) {
  return start.year() == ym.year() ? start : ym.year() / std::chrono::January;
}

std::vector<DeductionItem> carriedInto(const std::vector<DeductionItem>& previous, int year) {
  std::vector<DeductionItem> out;
  const year_month lastDec{std::chrono::year{year - 1}, std::chrono::December};
  for (const auto& it : previous)
    if (it.to == lastDec && it.category != "continuing_education_certificate")
      out.push_back({it.category, it.monthlyFen, year_month{std::chrono::year{year}, std::chrono::January},
                     year_month{std::chrono::year{year}, std::chrono::December}});
  return out;
}

}  // namespace sr::payroll
