#include "oversight/OversightRules.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace sr::oversight {

namespace {
int64_t divRoundHalfUp(int64_t num, int64_t den) { return (2 * num + den) / (2 * den); }  // num, den ≥ 0
}  // namespace

std::optional<Window> yearWindow(int year, const Date& today) {
  Date from{std::chrono::year{year}, std::chrono::January, std::chrono::day{1}};
  Date to{std::chrono::year{year}, std::chrono::December, std::chrono::day{31}};
  if (today < from) return std::nullopt;
  return Window{from, std::min(to, today)};
}

int64_t personDays(const std::vector<Stint>& stints, const Window& w) {
  int64_t total = 0;
  for (const auto& s : stints) {
    auto from = std::max(s.first, w.from);
    auto to = s.last ? std::min(*s.last, w.to) : w.to;
    if (from <= to) total += daysBetween(from, to) + 1;
  }
  return total;
}

std::optional<int64_t> turnoverHundredths(int64_t leavers, int64_t personDaysInPost, int64_t days) {
  if (personDaysInPost <= 0) return std::nullopt;
  return divRoundHalfUp(leavers * days * 10000, personDaysInPost);
}

int64_t averageHeadcountHundredths(int64_t personDaysInPost, int64_t days) {
  return days <= 0 ? 0 : divRoundHalfUp(personDaysInPost * 100, days);
}

std::optional<Shortfall> longestShortfall(const std::vector<Stint>& stints, int64_t minimum, const Window& w,
                                          const Date& openedOn) {
  auto from = std::max(w.from, openedOn);
  if (w.to < from || minimum <= 0) return std::nullopt;
  // Headcount changes: +1 on a first day, -1 the day after a last day, swept in date order.
  std::map<Date, int64_t> delta;
  int64_t count = 0;
  for (const auto& s : stints) {
    if (s.last && *s.last < from) continue;
    if (s.first > w.to) continue;
    if (s.first <= from) ++count;
    else ++delta[s.first];
    if (s.last && *s.last < w.to) --delta[addDays(*s.last, 1)];
  }
  std::optional<Shortfall> best;
  std::optional<Date> runStart;
  auto close = [&](const Date& end) {  // the run ends the day before `end`
    if (!runStart) return;
    Shortfall run{*runStart, addDays(end, -1)};
    if (!best || run.days() > best->days()) best = run;
    runStart.reset();
  };
  if (count < minimum) runStart = from;
  for (const auto& [day, d] : delta) {
    count += d;
    if (count < minimum && !runStart) runStart = day;
    if (count >= minimum) close(day);
  }
  close(addDays(w.to, 1));
  return best;
}

std::vector<Fill> fillVacancies(const std::vector<Departure>& departures, const std::vector<Hire>& hires) {
  std::vector<std::size_t> order(departures.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return departures[a].lastDay < departures[b].lastDay; });
  // Per station, hires by first day with a cursor: departures come in date order, so a hire
  // passed over (taken, or starting too early) never fits a later departure.
  std::map<int64_t, std::vector<const Hire*>> atStation;
  std::map<int64_t, const Hire*> byId;
  for (const auto& h : hires) {
    atStation[h.stationId].push_back(&h);
    byId[h.employmentId] = &h;
  }
  for (auto& [station, list] : atStation)
    std::stable_sort(list.begin(), list.end(), [](const Hire* a, const Hire* b) { return a->first < b->first; });
  std::map<int64_t, std::size_t> cursor;
  std::map<int64_t, bool> used;
  for (const auto& d : departures)  // linked replacements are spoken for
    if (d.replacementEmploymentId) used[*d.replacementEmploymentId] = true;
  auto fillFrom = [](const Departure& d, const Date& first) {
    return Fill{first, std::max<int64_t>(0, daysBetween(addDays(d.lastDay, 1), first))};
  };
  std::vector<Fill> out(departures.size());
  for (auto i : order) {
    const auto& d = departures[i];
    if (d.replacementEmploymentId) {
      if (auto h = byId.find(*d.replacementEmploymentId); h != byId.end()) out[i] = fillFrom(d, h->second->first);
      continue;
    }
    auto& list = atStation[d.stationId];
    auto& at = cursor[d.stationId];
    while (at < list.size() && (list[at]->first <= d.lastDay || used[list[at]->employmentId])) ++at;
    if (at < list.size()) out[i] = fillFrom(d, list[at++]->first);
  }
  return out;
}

}  // namespace sr::oversight
