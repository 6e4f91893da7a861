#include "common/XlsxReader.h"

#include <Poco/Exception.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <sstream>
#include <streambuf>

#include "common/Error.h"

namespace sr::xlsx {

namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw Error(Code::validation_failed, "无法读取该 .xlsx 工作簿:" + why + "。", {{"file", why}});
}

// Reads an inflating stream and stops it past the budget: what a zip entry says its size is may be
// a lie, so the bytes actually inflated are counted.
class Budgeted : public std::streambuf {
 public:
  Budgeted(std::istream& in, std::size_t& left, std::size_t limitMiB) : in_(in), left_(left), limitMiB_(limitMiB) {}

 protected:
  int_type underflow() override {
    in_.read(buf_, sizeof buf_);
    auto n = static_cast<std::size_t>(in_.gcount());
    if (n == 0) return traits_type::eof();
    // A std::istream swallows what its buffer throws (it sets badbit), so the overrun is kept and
    // answered once the parser stops.
    if (n > left_) {
      exceeded = true;
      return traits_type::eof();
    }
    left_ -= n;
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(buf_[0]);
  }

 public:
  bool exceeded = false;
  void check() const {
    if (exceeded) refuse("解压后超过 " + std::to_string(limitMiB_) + " MB 的上限(可能是压缩炸弹)");
  }

 private:
  std::istream& in_;
  std::size_t& left_;
  std::size_t limitMiB_;
  char buf_[16384];
};

std::string localName(const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname) {
  if (!local.empty()) return local;
  auto colon = qname.find(':');
  return colon == std::string::npos ? qname : qname.substr(colon + 1);
}

std::string attribute(const Poco::XML::Attributes& attrs, std::string_view name) {
  for (int i = 0; i < attrs.getLength(); ++i)
    if (localName(attrs.getLocalName(i), attrs.getQName(i)) == name) return attrs.getValue(i);
  return {};
}

// The sheets in workbook order: name and relationship id.
struct WorkbookHandler : Poco::XML::DefaultHandler {
  std::vector<std::string> relIds;
  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname,
                    const Poco::XML::Attributes& attrs) override {
    if (localName(local, qname) == "sheet") relIds.push_back(attribute(attrs, "id"));
  }
};

struct RelsHandler : Poco::XML::DefaultHandler {
  std::map<std::string, std::string> targets;
  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname,
                    const Poco::XML::Attributes& attrs) override {
    if (localName(local, qname) == "Relationship") targets[attribute(attrs, "Id")] = attribute(attrs, "Target");
  }
};

// <si> items: the text of every <t> inside, except phonetic guides (<rPh>) that Chinese and
// Japanese Excel add.
struct SharedStringsHandler : Poco::XML::DefaultHandler {
  std::vector<std::string> strings;
  std::size_t maxCount;
  explicit SharedStringsHandler(std::size_t max) : maxCount(max) {}
  bool inT = false;
  int phonetic = 0;
  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname,
                    const Poco::XML::Attributes&) override {
    auto n = localName(local, qname);
    if (n == "si") {
      if (strings.size() >= maxCount) refuse("共享字符串过多");
      strings.emplace_back();
    } else if (n == "rPh") {
      ++phonetic;
    } else if (n == "t") {
      inT = true;
    }
  }
  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname) override {
    auto n = localName(local, qname);
    if (n == "rPh") --phonetic;
    if (n == "t") inT = false;
  }
  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (inT && phonetic == 0 && !strings.empty()) strings.back().append(ch + start, static_cast<std::size_t>(length));
  }
};

// Column letters of a reference ("AB12" -> 27, zero-based), or -1.
long columnOf(const std::string& ref) {
  long col = 0;
  std::size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return -1;
  }
  return i == 0 ? -1 : col - 1;
}

struct SheetHandler : Poco::XML::DefaultHandler {
  const std::vector<std::string>& shared;
  const Limits& limits;
  std::vector<csv::Record> rows;
  csv::Record row;
  bool inRow = false, inValue = false, inInlineText = false;
  std::string type, value;
  long col = -1, nextCol = 0;
  int rowNumber = 0;
  SheetHandler(const std::vector<std::string>& s, const Limits& l) : shared(s), limits(l) {}

  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname,
                    const Poco::XML::Attributes& attrs) override {
    auto n = localName(local, qname);
    if (n == "row") {
      inRow = true;
      auto r = attribute(attrs, "r");
      rowNumber = r.empty() ? rowNumber + 1 : std::atoi(r.c_str());
      row = csv::Record{rowNumber, {}};
      nextCol = 0;
    } else if (n == "c" && inRow) {
      type = attribute(attrs, "t");
      auto r = attribute(attrs, "r");
      col = r.empty() ? nextCol : columnOf(r);
      if (col < 0 || static_cast<std::size_t>(col) >= limits.maxColumns) refuse("列数超过 " + std::to_string(limits.maxColumns));
      value.clear();
    } else if (n == "v") {
      inValue = true;
    } else if (n == "t" && type == "inlineStr") {
      inInlineText = true;
    }
  }
  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname) override {
    auto n = localName(local, qname);
    if (n == "v") inValue = false;
    else if (n == "t") inInlineText = false;
    else if (n == "c" && inRow) endCell();
    else if (n == "row" && inRow) {
      inRow = false;
      bool blank = true;
      for (const auto& f : row.fields) blank = blank && f.empty();
      if (!blank) {
        if (rows.size() >= limits.maxRows) refuse("行数超过 " + std::to_string(limits.maxRows));
        rows.push_back(std::move(row));
      }
    }
  }
  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (inValue || inInlineText) value.append(ch + start, static_cast<std::size_t>(length));
  }
  void endCell() {
    std::string text;
    if (type == "s") {
      char* end = nullptr;
      unsigned long i = std::strtoul(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || i >= shared.size()) refuse("单元格引用了不存在的共享字符串");
      text = shared[i];
    } else if (type == "b") {
      text = value == "1" ? "TRUE" : "FALSE";
    } else {
      text = value;  // n, str, inlineStr, e: as stored
    }
    auto c = static_cast<std::size_t>(col);
    if (row.fields.size() <= c) row.fields.resize(c + 1);
    row.fields[c] = std::move(text);
    nextCol = col + 1;
  }
};

void parse(std::istream& in, Poco::XML::DefaultHandler& handler) {
  Poco::XML::SAXParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setContentHandler(&handler);
  Poco::XML::InputSource source(in);
  parser.parse(&source);
}

// Poco's zip reader allocates whatever a zip64 end-of-central-directory record says its size is,
// before reading it (found by fuzz_xlsx: a claimed 2^62 bytes). A record that claims more bytes
// than the upload holds cannot be real, so it is refused here, before Poco sees it. The signature
// can also occur by chance inside compressed data (about once in 4 GB), where it would be refused
// too; at the upload limit of a few megabytes that is a risk we accept over following the lie.
void refuseImpossibleZip64Records(std::string_view bytes) {
  static constexpr std::string_view kZip64End("PK\x06\x06", 4);
  for (auto at = bytes.find(kZip64End); at != std::string_view::npos; at = bytes.find(kZip64End, at + 1)) {
    if (bytes.size() - at < 12) refuse("文件已损坏(zip64 目录记录不完整)");
    std::uint64_t size = 0;
    for (int i = 7; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(bytes[at + 4 + static_cast<std::size_t>(i)]);
    if (size > bytes.size() - at - 12) refuse("文件已损坏(zip64 目录记录声称的长度超出文件)");
  }
}

}  // namespace

bool looksLikeXlsx(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

std::vector<csv::Record> readFirstSheet(std::string_view bytes, const Limits& limits) {
  if (!looksLikeXlsx(bytes)) refuse("文件不是 .xlsx 格式(不是 zip 压缩包)");
  refuseImpossibleZip64Records(bytes);
  std::istringstream zip{std::string(bytes)};
  std::size_t left = limits.maxInflatedBytes;
  try {
    Poco::Zip::ZipArchive archive(zip);
    std::size_t entries = 0;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it)
      if (++entries > limits.maxEntries) refuse("压缩包中的文件过多");
    auto read = [&](const std::string& name, Poco::XML::DefaultHandler& handler, bool required) {
      auto it = archive.findHeader(name);
      if (it == archive.headerEnd()) {
        if (required) refuse("缺少 " + name);
        return;
      }
      if (it->second.isEncrypted()) refuse("工作簿已加密,请另存为不加密的文件");
      zip.clear();
      Poco::Zip::ZipInputStream entry(zip, it->second);
      Budgeted budget(entry, left, limits.maxInflatedBytes >> 20);
      std::istream limited(&budget);
      try {
        parse(limited, handler);
      } catch (const Error&) {
        throw;
      } catch (...) {
        budget.check();  // the parser stopped because the budget did
        throw;
      }
      budget.check();
    };
    WorkbookHandler workbook;
    read("xl/workbook.xml", workbook, true);
    if (workbook.relIds.empty()) refuse("工作簿中没有工作表");
    RelsHandler rels;
    read("xl/_rels/workbook.xml.rels", rels, true);
    auto target = rels.targets[workbook.relIds.front()];
    if (target.empty()) refuse("找不到第一个工作表");
    // Targets are relative to xl/, or absolute from the package root.
    std::string path = target.front() == '/' ? target.substr(1) : "xl/" + target;
    SharedStringsHandler strings(limits.maxRows * limits.maxColumns);
    read("xl/sharedStrings.xml", strings, false);
    SheetHandler sheet(strings.strings, limits);
    read(path, sheet, true);
    return std::move(sheet.rows);
  } catch (const Error&) {
    throw;
  } catch (const Poco::Exception& e) {
    refuse("文件已损坏(" + e.displayText().substr(0, 200) + ")");
  } catch (const std::exception& e) {
    refuse(std::string("文件已损坏(") + std::string(e.what()).substr(0, 200) + ")");
  }
}

std::string serialToDate(std::string_view text) {
  if (text.empty() || text.size() > 7) return {};
  long serial = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return {};
    serial = serial * 10 + (ch - '0');
  }
  if (serial < 1 || serial > 2958465) return {};
  // Excel counts 1900-02-29, which never was (kept from Lotus 1-2-3): serials from 61 on are one
  // day ahead of the days since 1899-12-31.
  if (serial == 60) return {};
  auto days = std::chrono::sys_days{std::chrono::year{1899} / 12 / 31} + std::chrono::days{serial - (serial > 60 ? 1 : 0)};
  std::chrono::year_month_day d{days};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

}  // namespace sr::xlsx
