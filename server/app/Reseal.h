#pragma once
// `socialroll data reseal --to sm4|aes-256-gcm` (issue #13): re-seals every sealed value, and
// rewrites every lookup hash, under another cipher while servers keep serving.
//
// Column by column, in batches of rows in id order: each batch is read, opened and sealed again
// outside any transaction, then written in one transaction of conditional updates (`WHERE id = ?
// AND <column> = <the value read>`) with one audit record. A value a server changed meanwhile is
// left as the server wrote it; two reseals at once reseal each row once. Rows already in the
// target format are never selected, so an interrupted reseal is resumed by running it again.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "common/DataProtection.h"

namespace sr::app {

struct ResealProgress {
  std::string column;  // "persons.id_sealed"
  int64_t done = 0;    // rows of this column looked at so far
  int64_t total = 0;   // rows of this column not in the target format when it began
};

struct ResealResult {
  int64_t resealed = 0;  // rows rewritten by this run
  int64_t changed = 0;   // rows a server changed between read and write: left as written
  int64_t conflicts = 0; // rows whose new hash another row already has (one person entered twice): left, logged
};

// Every sealed column, as the modules that own them name them; the registry's first.
std::vector<protect::SealedColumn> allSealedColumns();

ResealResult reseal(db::Database& db, const protect::DataProtection& protection, const audit::AuditLog& audit,
                    const std::vector<protect::SealedColumn>& columns, protect::Cipher to, int batchRows,
                    const std::function<void(const ResealProgress&)>& progress = {});

}  // namespace sr::app
