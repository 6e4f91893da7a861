#pragma once
// Reading the first sheet of an .xlsx workbook (issue #14: clerks keep their rosters in Excel),
// with Poco's Zip and its SAX parser (expat), streaming: a sheet is parsed as it is inflated, and
// only the shared strings are held. Hostile files are refused, never followed: not a zip, an entry
// that inflates past the limit (a zip bomb), too many entries, encrypted entries, missing parts,
// malformed XML; external entities are never resolved.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/Csv.h"

namespace sr::xlsx {

struct Limits {
  std::size_t maxInflatedBytes = 64u << 20;  // all entries read, inflated
  std::size_t maxRows = 100000;
  std::size_t maxColumns = 200;
  std::size_t maxEntries = 2000;
};

// True when the bytes start as a zip file does ("PK\3\4").
bool looksLikeXlsx(std::string_view bytes);

// The rows of the workbook's first sheet as text records (line = the sheet's row number; empty
// rows skipped; a cell's text as Excel stores it: shared and inline strings as written, numbers in
// their stored form, booleans TRUE/FALSE). Throws sr::Error (validation_failed, Chinese, naming the
// problem under "file") for anything that is not a readable workbook.
std::vector<csv::Record> readFirstSheet(std::string_view bytes, const Limits& limits = {});

// An Excel date serial (1900 date system, as Excel counts it) as YYYY-MM-DD, or "" when `text`
// is not a whole serial between 1 (1900-01-01) and 2958465 (9999-12-31): "" then.
std::string serialToDate(std::string_view text);

}  // namespace sr::xlsx
