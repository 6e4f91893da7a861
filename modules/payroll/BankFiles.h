#pragma once
// Salary-transfer files by template (issue #14). A bank template is data (config/bank-templates/
// *.json; an operator's corrected or added copies in exports.layouts_dir/bank-templates): the
// columns and where each comes from, header, totals row, encoding, delimiter or fixed widths, and
// file type (csv, xlsx, txt). Parsing and rendering are pure functions.
#include <optional>
#include <string>
#include <vector>

#include "common/Embedded.h"
#include "common/Sheet.h"

namespace sr::payroll {

struct BankColumn {
  std::string title, source;  // source: seq, name, account, amount, period, bank_name, purpose
  int width = 0;              // txt only: bytes in the file's encoding
};

struct BankTemplate {
  std::string id, name;
  std::string fileType = "csv";  // csv | xlsx | txt
  sheet::Encoding encoding = sheet::Encoding::utf8_bom;
  char delimiter = ',';
  bool excelText = false, header = true, totalsRow = false;
  std::string bankName, purpose;
  std::vector<BankColumn> columns;
};

// Throws std::runtime_error naming the file and what is wrong.
BankTemplate parseBankTemplate(const std::string& id, const std::string& text);

struct BankLine {
  std::string name, account, period;
  int64_t amountFen = 0;
};

// The file's bytes; lines in order (seq counts from 1).
std::string renderBankFile(const BankTemplate& t, const std::vector<BankLine>& lines);
sheet::Format bankFileFormat(const BankTemplate& t);  // xlsx, or csv for csv and txt

// The shipped templates (ids: file names without .json) and the directory an operator adds to.
std::vector<std::string> bankTemplateIds(const std::string& layoutsDir);
// nullopt when there is no template of that id.
std::optional<BankTemplate> findBankTemplate(const std::string& id, const std::string& layoutsDir);

}  // namespace sr::payroll
