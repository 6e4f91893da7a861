#include "common/Sheet.h"

#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/Csv.h"
#include "common/Error.h"
#include "common/Text.h"
#include <cctype>

namespace sr::sheet {

namespace {

// Display width of UTF-8 text: a character of three or more bytes (Chinese) is about two widths.
double displayWidth(std::string_view s) {
  double w = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) w += ch >= 0xE0 ? 2 : 1;
  return w;
}

const std::string& title(const Column& c, bool chinese) { return chinese || c.en.empty() ? c.zh : c.en; }

// Excel turns a digit string of 12 or more digits into 6.22E+18 and drops leading zeros.
bool needsExcelText(std::string_view v) {
  if (v.empty()) return false;
  for (char ch : v)
    if (ch < '0' || ch > '9') return false;
  return v.size() >= 12 || (v.size() > 1 && v[0] == '0');
}

class CsvWriter final : public Writer {
 public:
  CsvWriter(CsvOptions o, bool chinese) : Writer(chinese), o_(o) {}

 protected:
  void startSheet(std::string_view) override {}
  bool manySheets() const override { return false; }
  void writeRow(const std::vector<Cell>& cells, RowKind kind) override {
    bool header = kind == RowKind::header;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out_.push_back(o_.delimiter);
      const auto& cell = cells[i];
      if (std::holds_alternative<int64_t>(cell)) {
        auto n = std::get<int64_t>(cell);
        out_ += !header && columns()[i].kind == Kind::money ? hundredthsText(n) : std::to_string(n);
      } else if (std::holds_alternative<std::string>(cell)) {
        const auto& s = std::get<std::string>(cell);
        if (!header && o_.excelText && columns()[i].kind == Kind::identifier && needsExcelText(s))
          out_ += "=\"" + s + "\"";  // digits only: nothing to escape, and a formula of our own making
        else
          out_ += field(s);
      }
    }
    out_ += "\r\n";
  }
  std::string close() override {
    if (o_.encoding == Encoding::utf8_bom) return "\xEF\xBB\xBF" + out_;
    if (o_.encoding == Encoding::utf8) return std::move(out_);
    return encode(out_, o_.encoding);
  }

 private:
  // csv::field, with the template's delimiter quoted too.
  std::string field(const std::string& s) const {
    auto f = csv::field(s);
    if (o_.delimiter != ',' && f.front() != '"' && s.find(o_.delimiter) != std::string::npos) return "\"" + f + "\"";
    return f;
  }
  CsvOptions o_;
  std::string out_;
};

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
}

class XlsxWriter final : public Writer {
 public:
  explicit XlsxWriter(bool chinese) : Writer(chinese) {
    auto dir = std::filesystem::temp_directory_path().string();
    std::string pattern = dir + "/socialroll-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file in " + dir);
    ::close(fd);
    path_ = pattern;
    dir_ = dir;
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // rows stream to a temporary file as they are written
    options.tmpdir = dir_.data();
    book_ = workbook_new_opt(path_.c_str(), &options);
    if (!book_) throw std::runtime_error("xlsx: cannot start a workbook");
    header_ = workbook_add_format(book_);
    format_set_bold(header_);
    format_set_bg_color(header_, 0xDDEBF7);
    format_set_text_wrap(header_);
    money_ = workbook_add_format(book_);
    format_set_num_format(money_, "0.00");
    text_ = workbook_add_format(book_);
    format_set_num_format(text_, "@");  // what a clerk types into the column stays text too
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    boldMoney_ = workbook_add_format(book_);
    format_set_bold(boldMoney_);
    format_set_num_format(boldMoney_, "0.00");
  }
  ~XlsxWriter() override {
    if (book_) workbook_close(book_);
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }

 protected:
  bool manySheets() const override { return true; }
  void startSheet(std::string_view name) override {
    sheet_ = workbook_add_worksheet(book_, std::string(name).c_str());
    if (!sheet_) throw std::runtime_error("xlsx: cannot add the sheet " + std::string(name));
    row_ = 0;
    const auto& cols = columns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      // Wide enough for the header (a Chinese character is about two widths) and the data.
      double width = std::max<double>(displayWidth(title(cols[i], chinese_)) + 2,
                                      cols[i].kind == Kind::identifier ? 22 : cols[i].kind == Kind::money ? 12 : 10);
      lxw_format* f = cols[i].kind == Kind::identifier ? text_ : cols[i].kind == Kind::money ? money_ : nullptr;
      check(worksheet_set_column(sheet_, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), width, f), "column");
    }
    worksheet_freeze_panes(sheet_, 1, 0);
  }
  void writeRow(const std::vector<Cell>& cells, RowKind kind) override {
    const auto& cols = columns();
    bool header = kind == RowKind::header, totals = kind == RowKind::totals;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      auto c = static_cast<lxw_col_t>(i);
      const auto& cell = cells[i];
      if (header) {
        check(worksheet_write_string(sheet_, row_, c, std::get<std::string>(cell).c_str(), header_), "header");
      } else if (std::holds_alternative<int64_t>(cell)) {
        auto n = std::get<int64_t>(cell);
        bool money = cols[i].kind == Kind::money;
        double v = money ? static_cast<double>(n) / 100.0 : static_cast<double>(n);
        check(worksheet_write_number(sheet_, row_, c, v, money ? (totals ? boldMoney_ : money_) : (totals ? bold_ : nullptr)),
              "number");
      } else if (std::holds_alternative<std::string>(cell)) {
        const auto& s = std::get<std::string>(cell);
        if (s.empty()) continue;
        if (cols[i].kind == Kind::decimal && !totals) {
          char* end = nullptr;
          double v = std::strtod(s.c_str(), &end);
          if (end && *end == '\0') {
            check(worksheet_write_number(sheet_, row_, c, v, nullptr), "number");
            continue;
          }
        }
        check(worksheet_write_string(sheet_, row_, c, s.c_str(),
                                     totals ? bold_ : cols[i].kind == Kind::identifier ? text_ : nullptr),
              "text");
      }
    }
    ++row_;
  }
  std::string close() override {
    auto* book = book_;
    book_ = nullptr;
    check(workbook_close(book), "close");
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::string path_, dir_;
  lxw_workbook* book_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format *header_ = nullptr, *money_ = nullptr, *text_ = nullptr, *bold_ = nullptr, *boldMoney_ = nullptr;
  lxw_row_t row_ = 0;
};

}  // namespace

void Writer::beginSheet(std::string_view name, std::vector<Column> columns, bool header) {
  if (sheets_ > 0 && !manySheets()) throw std::logic_error("a CSV file has one sheet");
  ++sheets_;
  columns_ = std::move(columns);
  sums_.assign(columns_.size(), 0);
  rows_ = 0;
  startSheet(name);
  if (!header) return;
  std::vector<Cell> titles;
  for (const auto& c : columns_) titles.emplace_back(title(c, chinese_));
  writeRow(titles, RowKind::header);
}

void Writer::row(const std::vector<Cell>& cells) {
  if (cells.size() != columns_.size()) throw std::logic_error("a row has " + std::to_string(cells.size()) + " cells for " +
                                                              std::to_string(columns_.size()) + " columns");
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (const auto* n = std::get_if<int64_t>(&cells[i])) sums_[i] += *n;
  ++rows_;
  writeRow(cells, RowKind::data);
}

void Writer::totals(std::string_view label) {
  std::vector<Cell> cells(columns_.size());
  cells[0] = std::string(label);
  for (std::size_t i = 1; i < columns_.size(); ++i)
    if (columns_[i].kind == Kind::money || columns_[i].kind == Kind::count) cells[i] = sums_[i];
  writeRow(cells, RowKind::totals);
}

std::string Writer::finish() { return close(); }

std::unique_ptr<Writer> csv(CsvOptions options, bool chinese) { return std::make_unique<CsvWriter>(options, chinese); }
std::unique_ptr<Writer> xlsx(bool chinese) { return std::make_unique<XlsxWriter>(chinese); }

Choice choose(const http::Request& r, Format fallback) {
  Choice c;
  auto format = r.choiceQuery("format", {"csv", "xlsx"});
  c.format = format ? (*format == "xlsx" ? Format::xlsx : Format::csv) : fallback;
  auto encoding = r.choiceQuery("encoding", {"utf-8", "gbk", "gb18030"});
  if (encoding) c.encoding = *encoding == "gbk" ? Encoding::gbk : *encoding == "gb18030" ? Encoding::gb18030 : Encoding::utf8_bom;
  auto lang = r.headers.find("accept-language");
  if (lang != r.headers.end()) {
    auto v = lang->second.substr(lang->second.find_first_not_of(' ') == std::string::npos ? 0 : lang->second.find_first_not_of(' '));
    c.chinese = !(v.size() >= 2 && std::tolower(static_cast<unsigned char>(v[0])) == 'e' &&
                  std::tolower(static_cast<unsigned char>(v[1])) == 'n');
  }
  return c;
}

std::unique_ptr<Writer> writer(const Choice& c) {
  if (c.format == Format::xlsx) return xlsx(c.chinese);
  return csv(CsvOptions{c.encoding, ',', true}, c.chinese);
}

std::string_view contentType(Format format) {
  return format == Format::xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                : "text/csv";
}
std::string_view extension(Format format) { return format == Format::xlsx ? "xlsx" : "csv"; }

http::Response download(std::string body, Format format, std::string_view name, std::string_view asciiName) {
  std::string type(contentType(format));
  // A CSV's charset is what its bytes are: UTF-8 when it starts with the BOM; else the caller asked
  // for GBK or GB18030 and the type does not guess.
  if (format == Format::csv && body.rfind("\xEF\xBB\xBF", 0) == 0) type += "; charset=utf-8";
  return download(std::move(body), type, extension(format), name, asciiName);
}

http::Response download(std::string body, std::string type, std::string_view ext, std::string_view name,
                        std::string_view asciiName) {
  auto res = http::Response::text(std::move(body), std::move(type));
  std::string encoded;
  for (unsigned char ch : std::string(name) + "." + std::string(ext)) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded.push_back(static_cast<char>(ch));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      encoded += buf;
    }
  }
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + std::string(asciiName) + "." +
                                                      std::string(ext) + "\"; filename*=UTF-8''" + encoded);
  return res;
}

std::string encode(std::string_view utf8, Encoding encoding) {
  const char* to = encoding == Encoding::gbk ? "GBK" : "GB18030";
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv has no ") + to);
  std::string in(utf8), out(in.size() * 2 + 16, '\0');
  char* src = in.data();
  char* dst = out.data();
  std::size_t srcLeft = in.size(), dstLeft = out.size();
  std::size_t rc = iconv(cd, &src, &srcLeft, &dst, &dstLeft);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) {
    std::size_t at = in.size() - srcLeft, end = at + 1;
    while (end < in.size() && (static_cast<unsigned char>(in[end]) & 0xC0) == 0x80) ++end;
    throw Error(Code::validation_failed, "文件中有" + std::string(to) + "编码无法表示的字符“" + in.substr(at, end - at) +
                                             "”,请改用 UTF-8。",
                {{"encoding", "cannot represent " + in.substr(at, end - at)}});
  }
  out.resize(out.size() - dstLeft);
  return out;
}

}  // namespace sr::sheet
