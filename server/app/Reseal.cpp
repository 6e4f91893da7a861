#include "app/Reseal.h"

#include <optional>

#include <spdlog/spdlog.h>

#include "blacklist/Blacklist.h"
#include "payroll/Runs.h"
#include "people/People.h"
#include "workforce/Workforce.h"

namespace sr::app {

std::vector<protect::SealedColumn> allSealedColumns() {
  std::vector<protect::SealedColumn> out;
  for (const auto& list : {people::sealedColumns(), blacklist::sealedColumns(), workforce::sealedColumns(), payroll::sealedColumns()})
    out.insert(out.end(), list.begin(), list.end());
  return out;
}

namespace {
struct Rewrite {
  int64_t id = 0;
  std::string before, sealed, hash;
  std::optional<std::string> key;
};

struct Written {
  int64_t resealed = 0, changed = 0;
};

// One batch in one transaction: conditional updates and one audit record. Returns what it wrote
// (a retried transaction recounts from nothing).
Written writeBatch(db::Connection& c, const protect::SealedColumn& col, const std::vector<Rewrite>& rows,
                   const audit::AuditLog& audit, protect::Cipher to) {
  std::string sql = "UPDATE " + col.table + " SET " + col.column + " = ?";
  if (!col.hashColumn.empty()) sql += ", " + col.hashColumn + " = ?";
  if (!col.keyColumn.empty()) sql += ", " + col.keyColumn + " = ?";
  sql += " WHERE id = ? AND " + col.column + " = ?";
  Written w;
  for (const auto& r : rows) {
    db::Params params{r.sealed};
    if (!col.hashColumn.empty()) params.emplace_back(r.hash);
    if (!col.keyColumn.empty()) params.emplace_back(r.key ? db::Param(*r.key) : db::Param(nullptr));
    params.emplace_back(r.id);
    params.emplace_back(r.before);
    if (c.execute(sql, params) == 1)
      ++w.resealed;
    else
      ++w.changed;
  }
  auto record = json::object();
  record->set("column", col.table + "." + col.column);
  record->set("cipher", std::string(protect::cipherName(to)));
  record->set("first_id", rows.front().id);
  record->set("last_id", rows.back().id);
  record->set("resealed", w.resealed);
  audit.append(c, http::systemActor("cli:data reseal"), {"data.reseal", col.table, std::nullopt, "", nullptr, record});
  return w;
}
}  // namespace

ResealResult reseal(db::Database& db, const protect::DataProtection& protection, const audit::AuditLog& audit,
                    const std::vector<protect::SealedColumn>& columns, protect::Cipher to, int batchRows,
                    const std::function<void(const ResealProgress&)>& progress) {
  const auto notTarget = protection.prefix(to) + "%";  // for NOT LIKE
  ResealResult result;
  for (const auto& col : columns) {
    const std::string pending = " WHERE " + col.column + " IS NOT NULL AND " + col.column + " NOT LIKE ?";
    ResealProgress at{col.table + "." + col.column, 0, db.read<int64_t>([&](db::Connection& c) {
                        return c.queryOne("SELECT COUNT(*) AS n FROM " + col.table + pending, {notTarget})->i64("n");
                      })};
    if (progress) progress(at);
    int64_t after = 0;
    for (;;) {
      auto read = db.read<std::vector<db::Row>>([&](db::Connection& c) {
        return c.query("SELECT id, " + col.column + (col.keyColumn.empty() ? "" : ", " + col.keyColumn) + " FROM " + col.table +
                           pending + " AND id > ? ORDER BY id LIMIT ?",
                       {notTarget, after, int64_t{batchRows}});
      });
      if (read.empty()) break;
      std::vector<Rewrite> rows;
      for (auto& r : read) {
        Rewrite w{r.i64("id"), r.str(col.column), "", "", std::nullopt};
        std::string plain;
        try {
          plain = protection.open(col.field, w.before);
        } catch (const std::runtime_error& e) {  // stop, naming the row: a value no key opens needs a person's eyes
          throw std::runtime_error(col.table + "." + col.column + " row " + std::to_string(w.id) + ": " + e.what());
        }
        w.sealed = protection.seal(col.field, plain, to);
        if (!col.hashColumn.empty()) w.hash = protection.lookupHash(col.field, plain, to);
        if (!col.keyColumn.empty())
          if (auto key = r.optStr(col.keyColumn); key && key->find(':') != std::string::npos)
            w.key = w.hash + key->substr(key->find(':'));
        rows.push_back(std::move(w));
      }
      after = rows.back().id;
      try {
        auto w = db.transact<Written>([&](db::Connection& c) { return writeBatch(c, col, rows, audit, to); });
        result.resealed += w.resealed;
        result.changed += w.changed;
      } catch (const db::UniqueViolation&) {
        // Someone entered twice (once under each hash, by two servers configured differently while
        // the cipher was changed): the batch row by row, leaving the rows that collide.
        for (const auto& r : rows) {
          try {
            auto w = db.transact<Written>([&](db::Connection& c) { return writeBatch(c, col, {r}, audit, to); });
            result.resealed += w.resealed;
            result.changed += w.changed;
          } catch (const db::UniqueViolation&) {
            ++result.conflicts;
            spdlog::warn("{}.{} row {}: another row already has its new {}; left as it is (merge the two records)",
                         col.table, col.column, r.id, col.hashColumn.empty() ? col.keyColumn : col.hashColumn);
          }
        }
      }
      at.done += static_cast<int64_t>(rows.size());
      if (progress) progress(at);
    }
  }
  return result;
}

}  // namespace sr::app
