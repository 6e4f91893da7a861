#include "payroll/BankFiles.h"

#include <filesystem>
#include <set>
#include <stdexcept>

#include "common/Json.h"
#include "common/Text.h"

namespace sr::embedded_banks {
const std::vector<sr::EmbeddedFile>& embeddedFiles();
}

namespace sr::payroll {

BankTemplate parseBankTemplate(const std::string& id, const std::string& text) {
  auto fail = [&](const std::string& why) { throw std::runtime_error("bank template " + id + ": " + why); };
  json::Obj o;
  try {
    o = json::parseObject(text);
  } catch (const std::exception& e) {
    fail(std::string("not a JSON object: ") + e.what());
  }
  BankTemplate t;
  t.id = id;
  t.name = o->optValue<std::string>("name", id);
  t.fileType = o->optValue<std::string>("file_type", "csv");
  if (t.fileType != "csv" && t.fileType != "xlsx" && t.fileType != "txt") fail("file_type must be csv, xlsx or txt");
  auto enc = o->optValue<std::string>("encoding", "utf-8-bom");
  if (enc == "utf-8-bom") t.encoding = sheet::Encoding::utf8_bom;
  else if (enc == "utf-8") t.encoding = sheet::Encoding::utf8;
  else if (enc == "gbk") t.encoding = sheet::Encoding::gbk;
  else if (enc == "gb18030") t.encoding = sheet::Encoding::gb18030;
  else fail("encoding must be utf-8-bom, utf-8, gbk or gb18030");
  auto delimiter = o->optValue<std::string>("delimiter", ",");
  if (delimiter.size() != 1) fail("delimiter must be one character");
  t.delimiter = delimiter[0];
  t.excelText = o->optValue<bool>("excel_text", false);
  t.header = o->optValue<bool>("header", true);
  t.totalsRow = o->optValue<bool>("totals_row", false);
  t.bankName = o->optValue<std::string>("bank_name", "");
  t.purpose = o->optValue<std::string>("purpose", "");
  static const std::set<std::string> sources = {"seq", "name", "account", "amount", "period", "bank_name", "purpose"};
  auto cols = o->getArray("columns");
  if (!cols || cols->size() == 0) fail("no columns");
  for (std::size_t i = 0; i < cols->size(); ++i) {
    auto c = cols->getObject(static_cast<unsigned>(i));
    BankColumn col{c ? c->optValue<std::string>("title", "") : "", c ? c->optValue<std::string>("source", "") : "",
                   c ? c->optValue<int>("width", 0) : 0};
    if (!sources.count(col.source)) fail("column " + std::to_string(i + 1) + " has no known source");
    if (t.fileType == "txt" && col.width <= 0) fail("column " + std::to_string(i + 1) + " of a txt file needs a width");
    t.columns.push_back(col);
  }
  bool account = false, amount = false;
  for (const auto& c : t.columns) account |= c.source == "account", amount |= c.source == "amount";
  if (!account || !amount) fail("a transfer file needs an account and an amount column");
  return t;
}

namespace {

sheet::Kind kindOf(const std::string& source) {
  if (source == "amount") return sheet::Kind::money;
  if (source == "seq") return sheet::Kind::integer;
  if (source == "account") return sheet::Kind::identifier;
  return sheet::Kind::text;
}

sheet::Cell cellOf(const BankTemplate& t, const BankColumn& c, const BankLine& l, int64_t seq) {
  if (c.source == "seq") return seq;
  if (c.source == "name") return l.name;
  if (c.source == "account") return l.account;
  if (c.source == "amount") return l.amountFen;
  if (c.source == "period") return l.period;
  if (c.source == "bank_name") return t.bankName;
  return t.purpose;
}

// One fixed-width field: text left-aligned, amounts right-aligned, padded to `width` bytes of the
// target encoding; too long is an error, never a silently cut name or account.
std::string fixedField(const BankTemplate& t, const BankColumn& c, const std::string& utf8) {
  std::string bytes = t.encoding == sheet::Encoding::gbk || t.encoding == sheet::Encoding::gb18030
                          ? sheet::encode(utf8, t.encoding)
                          : utf8;
  if (bytes.size() > static_cast<std::size_t>(c.width))
    throw Error(Code::validation_failed, "“" + utf8 + "”超出银行文件“" + c.title + "”栏的" + std::to_string(c.width) + "字节宽度。",
                {{c.source, "longer than " + std::to_string(c.width) + " bytes"}});
  std::string pad(static_cast<std::size_t>(c.width) - bytes.size(), ' ');
  return c.source == "amount" ? pad + bytes : bytes + pad;
}

}  // namespace

sheet::Format bankFileFormat(const BankTemplate& t) { return t.fileType == "xlsx" ? sheet::Format::xlsx : sheet::Format::csv; }

std::string renderBankFile(const BankTemplate& t, const std::vector<BankLine>& lines) {
  if (t.fileType == "txt") {
    std::string out;
    int64_t seq = 0;
    for (const auto& l : lines) {
      ++seq;
      for (const auto& c : t.columns) {
        auto cell = cellOf(t, c, l, seq);
        std::string text = std::holds_alternative<std::string>(cell) ? std::get<std::string>(cell)
                           : c.source == "amount"                      ? hundredthsText(std::get<int64_t>(cell))
                                                                       : std::to_string(std::get<int64_t>(cell));
        out += fixedField(t, c, text);
      }
      out += "\r\n";
    }
    return out;
  }
  std::vector<sheet::Column> cols;
  for (const auto& c : t.columns) cols.push_back({c.title, "", kindOf(c.source)});
  auto w = t.fileType == "xlsx" ? sheet::xlsx(true) : sheet::csv({t.encoding, t.delimiter, t.excelText}, true);
  w->beginSheet("代发工资", cols, t.header);
  int64_t seq = 0;
  for (const auto& l : lines) {
    std::vector<sheet::Cell> cells;
    ++seq;
    for (const auto& c : t.columns) cells.push_back(cellOf(t, c, l, seq));
    w->row(cells);
  }
  if (t.totalsRow) w->totals("合计" + std::to_string(lines.size()) + "笔");
  return w->finish();
}

std::vector<std::string> bankTemplateIds(const std::string& layoutsDir) {
  std::set<std::string> ids;
  for (const auto& f : embedded_banks::embeddedFiles()) ids.insert(std::string(f.name.substr(0, f.name.size() - 5)));
  std::error_code ec;
  if (!layoutsDir.empty())
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(layoutsDir) / "bank-templates", ec))
      if (e.path().extension() == ".json") ids.insert(e.path().stem().string());
  return {ids.begin(), ids.end()};
}

std::optional<BankTemplate> findBankTemplate(const std::string& id, const std::string& layoutsDir) {
  auto ids = bankTemplateIds(layoutsDir);
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) return std::nullopt;
  auto dir = layoutsDir.empty() ? std::string() : (std::filesystem::path(layoutsDir) / "bank-templates").string();
  return parseBankTemplate(id, dataFile(embedded_banks::embeddedFiles(), id + ".json", dir));
}

}  // namespace sr::payroll
