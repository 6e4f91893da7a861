#pragma once
// Tables for people who open them in Excel on Chinese Windows (issue #14): one way to write rows
// as CSV or as an .xlsx workbook, so every export gets the same care.
//  - CSV is UTF-8 with a byte-order mark by default (Excel reads BOM-less UTF-8 as the ANSI code
//    page and garbles Chinese), or GBK / GB18030 on request; identifiers that are long digit strings
//    (ID numbers, bank accounts) are written ="…" so Excel keeps every digit instead of 6.22E+18.
//  - .xlsx is written by libxlsxwriter in constant-memory mode: rows stream to a temporary file,
//    so a 100,000-row register does not grow memory; identifiers are text cells, money is a number
//    with two decimals, the header row is frozen.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/Http.h"

namespace sr::sheet {

enum class Kind {
  text,
  identifier,  // looks like a number, is not one: always text
  money,       // an int64 of fen, shown in yuan with two decimals
  count,       // a plain integer, summed in a totals row
  integer,     // a plain integer, not summed (a serial number, days)
  decimal,     // a string holding a decimal ("80.75"): a number in a workbook
};

struct Column {
  std::string zh;
  std::string en;  // empty: same as zh (a layout fixed by an outside system)
  Kind kind = Kind::text;
};

using Cell = std::variant<std::monostate, std::string, int64_t>;

enum class Format { csv, xlsx };
enum class Encoding { utf8_bom, utf8, gbk, gb18030 };

struct CsvOptions {
  Encoding encoding = Encoding::utf8_bom;
  char delimiter = ',';
  // ="…" around long digit strings; a bank's upload parser wants the bare digits instead.
  bool excelText = true;
};

class Writer {
 public:
  virtual ~Writer() = default;
  // Starts a sheet and writes its header row unless `header` is false (CSV has one sheet; a
  // second is an error).
  void beginSheet(std::string_view name, std::vector<Column> columns, bool header = true);
  // Cells in column order; money and count cells are int64, text and identifiers strings.
  void row(const std::vector<Cell>& cells);
  // A row with `label` in the first column and the exact sum of every money and count column of
  // this sheet's rows so far.
  void totals(std::string_view label);
  // Rows written to the current sheet (without header and totals).
  int64_t rows() const { return rows_; }
  std::string finish();

 protected:
  enum class RowKind { header, data, totals };
  explicit Writer(bool chinese) : chinese_(chinese) {}
  virtual bool manySheets() const = 0;
  virtual void startSheet(std::string_view name) = 0;
  virtual void writeRow(const std::vector<Cell>& cells, RowKind kind) = 0;
  virtual std::string close() = 0;
  const std::vector<Column>& columns() const { return columns_; }
  bool chinese_;

 private:
  std::vector<Column> columns_;
  std::vector<int64_t> sums_;
  int64_t rows_ = 0;
  int sheets_ = 0;
};

std::unique_ptr<Writer> csv(CsvOptions options, bool chinese = true);
std::unique_ptr<Writer> xlsx(bool chinese = true);

// What the caller asked for: ?format=csv|xlsx (else `fallback`), ?encoding=utf-8|gbk|gb18030
// (CSV; default UTF-8 with BOM), and the header language from Accept-Language (Chinese unless
// English comes first).
struct Choice {
  Format format = Format::csv;
  Encoding encoding = Encoding::utf8_bom;
  bool chinese = true;
};
Choice choose(const http::Request& r, Format fallback = Format::csv);
std::unique_ptr<Writer> writer(const Choice& c);

// "工资表-2026-03" -> Response with the file type of `format`, and a Content-Disposition whose
// filename* carries the Chinese name (RFC 6266/5987) and whose filename is `asciiName`.
http::Response download(std::string body, Format format, std::string_view name, std::string_view asciiName);
// The same for any file type ("text/plain; charset=GBK", "txt").
http::Response download(std::string body, std::string contentType, std::string_view ext, std::string_view name,
                        std::string_view asciiName);
std::string_view contentType(Format format);
std::string_view extension(Format format);

// Converts UTF-8 text to the encoding (throws std::invalid_argument naming a character that has
// none there).
std::string encode(std::string_view utf8, Encoding encoding);

}  // namespace sr::sheet
