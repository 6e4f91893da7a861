#pragma once
#include <memory>
#include <string>

#include "common/Database.h"

namespace sr::db {

// A parsed --db URL: sqlite:PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE.
struct DbUrl {
  Engine engine = Engine::sqlite;
  std::string path;  // sqlite
  std::string user, password, host, database;
  int port = 3306;
};
DbUrl parseDbUrl(const std::string& url);  // throws std::invalid_argument naming the problem

// Opens a pool of `poolSize` connections (size it to the HTTP threads).
std::unique_ptr<Database> openDatabase(const DbUrl& url, int poolSize);
std::unique_ptr<Database> openSqlite(const std::string& path, int poolSize);
std::unique_ptr<Database> openMysql(const DbUrl& url, int poolSize);
// Creates the MySQL database named in the URL if it does not exist (utf8mb4).
void createMysqlDatabase(const DbUrl& url);
void dropMysqlDatabase(const DbUrl& url);

}  // namespace sr::db
