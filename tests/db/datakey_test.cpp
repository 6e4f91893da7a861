// The data key: created once with owner-only permissions, and a server given another key for an
// existing database refuses to start instead of writing data no one can read together.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "app/App.h"
#include "support/TestSupport.h"

using namespace sr;

namespace {
app::Settings settingsFor(const test::FreshDatabase& db) {
  auto s = test::serverSettings(db.url());
  s.dataKey.reset();
  return s;
}
}  // namespace

TEST(DataKey, FirstStartWritesAnOwnerOnlyKeyFileAndLaterStartsReuseIt) {
  test::FreshDatabase db;
  auto dir = std::filesystem::temp_directory_path() / ("sr-key-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto s = settingsFor(db);
  s.dataKeyFile = (dir / "data.key").string();
  { app::App first(s); }
  struct stat st {};
  ASSERT_EQ(::stat(s.dataKeyFile.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NO_THROW({ app::App again(s); });
  std::filesystem::remove_all(dir);
}

TEST(DataKey, AnotherKeyForTheSameDatabaseStopsTheStart) {
  test::FreshDatabase db;
  auto s = settingsFor(db);
  s.dataKey = test::kTestDataKey;
  { app::App first(s); }
  s.dataKey = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
  try {
    app::App wrong(s);
    FAIL() << "started with the wrong data key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("data key"), std::string::npos) << e.what();
  }
}
