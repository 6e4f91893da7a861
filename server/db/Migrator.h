#pragma once
#include <string>
#include <vector>

#include "common/Database.h"
#include "common/Embedded.h"

namespace sr::db {

// Numbered forward-only migrations from sql/ (compiled in). NNNN_name.sql runs on both engines;
// NNNN_name.sqlite.sql or NNNN_name.mysql.sql on one only. Applied versions are recorded in
// schema_migrations; a failure stops start-up loudly.
struct MigrationReport {
  std::vector<std::string> applied;
  int currentVersion = 0;
};

MigrationReport migrate(Database& db);
// The text of a migration as the engine will run it (placeholders expanded), split into statements.
std::vector<std::string> statementsFor(Engine engine, std::string_view script);
const std::vector<EmbeddedFile>& migrationFiles();

}  // namespace sr::db
