#include "common/Csv.h"

#include <iconv.h>

#include <stdexcept>

namespace sr::csv {

std::vector<Record> parse(std::string_view text) {
  std::vector<Record> out;
  Record current{1, {}};
  std::string cell;
  bool quoted = false, any = false;
  int line = 1, quoteLine = 0;
  auto endField = [&] {
    current.fields.push_back(std::move(cell));
    cell.clear();
  };
  auto endRecord = [&] {
    endField();
    // A blank line is no record.
    if (!(current.fields.size() == 1 && current.fields[0].empty())) out.push_back(std::move(current));
    current = Record{line, {}};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"' && cell.empty()) {
      quoted = true;
      quoteLine = line;
    } else if (c == ',') {
      endField();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the \n ends the record
    } else if (c == '\n' || c == '\r') {
      ++line;
      endRecord();
    } else {
      cell.push_back(c);
    }
  }
  if (quoted) throw std::invalid_argument("line " + std::to_string(quoteLine) + ": a quoted field is never closed");
  if (any && !(cell.empty() && current.fields.empty())) endRecord();
  return out;
}

namespace {
// "-7.05", "12": an amount, left a number for the spreadsheet (issue #13: it was turned into text).
bool isPlainNumber(std::string_view v) {
  std::size_t i = !v.empty() && v[0] == '-' ? 1 : 0, digits = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) ++digits;
  if (i < v.size() && v[i] == '.') {
    std::size_t decimals = 0;
    for (++i; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) ++decimals;
    if (decimals == 0) return false;
  }
  return digits > 0 && i == v.size();
}
}  // namespace

std::string field(std::string_view value) {
  std::string v(value);
  // A spreadsheet reads a cell starting with any of these as a formula (a leading tab, CR or LF is
  // skipped first): a quote in front keeps it text.
  if (!v.empty() && std::string_view("=+-@\t\r\n").find(v[0]) != std::string_view::npos && !isPlainNumber(v))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out += field(fields[i]);  // appended, not `"," + field(...)`: GCC 12 -O3 warns -Wrestrict on that
  }
  return out + "\r\n";
}

bool isValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || (n > 1 && c < 0xC2) || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

std::string toUtf8(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (isValidUtf8(text)) return std::string(text);
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv has no GB18030");
  std::string out(text.size() * 2 + 16, '\0');
  std::string in(text);
  char* src = in.data();
  char* dst = out.data();
  std::size_t srcLeft = in.size(), dstLeft = out.size();
  std::size_t rc = iconv(cd, &src, &srcLeft, &dst, &dstLeft);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) throw std::invalid_argument("the file is neither UTF-8 nor GBK text");
  out.resize(out.size() - dstLeft);
  return out;
}

}  // namespace sr::csv
