#pragma once
// CSV as agencies' spreadsheets write it (RFC 4180: quoted fields, doubled quotes, CRLF or LF),
// and text encodings: Excel in China often saves CSV as GBK, so anything that is not valid UTF-8
// is read as GB18030 (a superset of GBK).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sr::csv {

struct Record {
  int line = 0;  // where the record starts in the file, 1-based
  std::vector<std::string> fields;
};

// Throws std::invalid_argument naming the line of an unterminated quote.
std::vector<Record> parse(std::string_view text);
// One field for output: quoted when needed, and a leading = + - @ tab CR LF neutralised so a
// spreadsheet never runs it as a formula; a plain number ("-7.05") stays a number.
std::string field(std::string_view value);
std::string row(const std::vector<std::string>& fields);

bool isValidUtf8(std::string_view text);
// UTF-8 without a byte-order mark: UTF-8 input as is (BOM dropped), anything else from GB18030.
// Throws std::invalid_argument when the text is neither.
std::string toUtf8(std::string_view text);

}  // namespace sr::csv
