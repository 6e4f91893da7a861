// A station handed to another agency at re-tendering (issue #17).
#include <set>

#include "procurement/Procurement.h"

namespace sr::procurement {

json::Obj HandOverService::handOver(const http::Principal& p, const http::Actor& actor, int64_t stationId,
                                    const HandOverInput& in) {
  auto station = org_.stationFor(p, stationId);
  Validator v;
  auto agency = org_.findAgency(in.agencyId);
  if (!agency || !access::inScope(p, agency->owner()))
    v.add("agency_id", "no such agency");
  else if (agency->id == station.agencyId)
    v.add("agency_id", "already runs the station");
  // The place's rules on who may run a station hold for the new agency as for a new station
  // (Jinan: not the county's total station and a town's both).
  if (v.ok()) {
    auto proposed = station;
    proposed.agencyId = agency->id;
    org_.checkStationRule(proposed, *agency, v);
  }
  auto history = org_.operatorsOf(p, station.id);
  // After the day the current agency took the station over (a station's first agency may have run
  // it before it was registered here).
  if (history.size() > 1 && history.back().from && !(*history.back().from < in.from))
    v.add("from", "must be after " + formatDate(*history.back().from));
  const Date dayBefore = addDays(in.from, -1);
  // Everyone the old agency has in post there the day before, each listed once.
  std::map<int64_t, workforce::Employment> inPost;
  for (const auto& e : employments_.inPostAt(station.id, dayBefore))
    if (e.agencyId == station.agencyId) inPost.emplace(e.id, e);
  std::set<int64_t> listed;
  for (std::size_t i = 0; i < in.workers.size(); ++i) {
    const auto& w = in.workers[i];
    const std::string at = "workers[" + std::to_string(i) + "]";
    auto found = inPost.find(w.employmentId);
    if (!listed.insert(w.employmentId).second)
      v.add(at + ".employment_id", "is used twice");
    else if (found == inPost.end())
      v.add(at + ".employment_id", "is not in post at this station on " + formatDate(dayBefore));
    else if (w.action == "transfer" && found->second.state != "employed")
      v.add(at + ".action", "a worker on notice is not transferred; end the employment instead");
    else if (w.action == "transfer" && w.contractEnd && *w.contractEnd < in.from)
      v.add(at + ".contract_end_date", "must be on or after " + formatDate(in.from));
  }
  for (const auto& [id, e] : inPost)
    if (!listed.contains(id)) v.add("workers", "must list every worker in post on " + formatDate(dayBefore) + "; employment " +
                                                   std::to_string(id) + " is missing");
  // A worker the old agency hired there from the day on would be left at a station it no longer
  // runs (a hand-over recorded late): they leave first, or the day moves.
  for (const auto& e : employments_.startingFrom(station.id, in.from))
    if (e.agencyId == station.agencyId)
      v.add("workers", "employment " + std::to_string(e.id) + " starts at the station on " + formatDate(e.startDate) +
                           ", on or after the hand-over; end it first");
  v.throwIfAny();

  struct Result {
    std::vector<std::pair<int64_t, int64_t>> transferred;
    std::vector<int64_t> ended, contractsCut;
  };
  auto result = db_.transact<Result>([&](db::Connection& c) {
    Result r;
    org_.handOver(c, actor, station, agency->id, in.from);
    // The old agency's contracts stop covering the station the day before.
    for (const auto& row : c.query("SELECT s.contract_id, c.jurisdiction_path FROM purchase_contract_stations s JOIN "
                                   "purchase_contracts c ON c.id = s.contract_id WHERE s.station_id = ? AND c.agency_id = ? "
                                   "AND s.to_date >= ? ORDER BY s.contract_id",
                                   {station.id, station.agencyId, formatDate(in.from)})) {
      c.execute("UPDATE purchase_contract_stations SET to_date = ? WHERE contract_id = ? AND station_id = ?",
                {formatDate(dayBefore), row.i64("contract_id"), station.id});
      auto after = json::object();
      after->set("station_id", station.id);
      after->set("to", formatDate(dayBefore));
      audit_.append(c, actor, {"purchase_contract.hand_over", "purchase_contract", row.i64("contract_id"),
                               row.str("jurisdiction_path"), nullptr, after});
      r.contractsCut.push_back(row.i64("contract_id"));
    }
    for (const auto& w : in.workers) {
      const auto& e = inPost.at(w.employmentId);
      if (w.action == "transfer") {
        auto end = w.openEnded ? std::nullopt : w.contractEnd ? w.contractEnd : e.endDate;
        r.transferred.emplace_back(e.id, employments_.transferIn(c, actor, e, agency->id, in.from, end).id);
      } else {
        employments_.endIn(c, actor, e, {dayBefore, w.endReason, std::string("the station passed to another agency")});
        r.ended.push_back(e.id);
      }
    }
    return r;
  });
  auto o = json::object();
  o->set("station_id", station.id);
  o->set("from", formatDate(in.from));
  o->set("from_agency_id", station.agencyId);
  o->set("to_agency_id", agency->id);
  auto transferred = json::array();
  for (const auto& [old, now] : result.transferred) {
    auto x = json::object();
    x->set("from_employment_id", old);
    x->set("employment_id", now);
    transferred->add(x);
  }
  o->set("transferred", transferred);
  auto ended = json::array();
  for (auto id : result.ended) ended->add(id);
  o->set("ended", ended);
  auto cut = json::array();
  for (auto id : result.contractsCut) cut->add(id);
  o->set("contracts_cut", cut);
  return o;
}

}  // namespace sr::procurement
