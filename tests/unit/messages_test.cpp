// What the API says on a Chinese screen (issue #16): every reason the server can give has its
// Chinese in the one catalogue (server/common/Messages.cpp), and each field reason a stable code
// with its parameters.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "common/Messages.h"

namespace fs = std::filesystem;
using namespace sr;
using messages::Lang;

namespace {

// English left on a Chinese screen: a run of three Latin letters, bar the names of file formats.
std::optional<std::string> englishIn(const std::string& zh) {
  static const std::regex word("[A-Za-z]{3,}");
  for (auto it = std::sregex_iterator(zh.begin(), zh.end(), word); it != std::sregex_iterator(); ++it) {
    auto w = it->str();
    if (w != "CSV" && w != "JSON" && w != "xlsx") return w;
  }
  return std::nullopt;
}

std::string unescape(const std::string& literals) {
  // Adjacent literals ("a" "b") join; \" and \\ are the only escapes our messages use.
  static const std::regex lit(R"re("((?:[^"\\]|\\.)*)")re");
  std::string out;
  for (auto it = std::sregex_iterator(literals.begin(), literals.end(), lit); it != std::sregex_iterator(); ++it) {
    auto s = (*it)[1].str();
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      out += s[i];
    }
  }
  return out;
}

// Every whole sentence the sources raise as an error, a field's reason or a rule's refusal.
std::vector<std::pair<std::string, std::string>> sentencesInSources() {
  const std::string lits = R"re(((?:"(?:[^"\\]|\\.)*"\s*)+))re";
  const std::vector<std::regex> sites = {
      std::regex(R"(Error\(\s*Code::\w+,\s*)" + lits + R"([,)])"),
      std::regex(R"(\w\.add\([^;()]*?,\s*)" + lits + R"(\))"),
      std::regex(R"([^\w>]\{\{?[^{};]*?,\s*)" + lits + R"(\}\}?\))"),
      std::regex(R"(push_back\(\{[^{};]*?,\s*)" + lits + R"(\}\))"),
  };
  const std::regex notFound(R"re(throwNotFound\("([^"]+)"\))re");
  const std::regex ruleReturn(R"re(return\s+((?:"(?:[^"\\]|\\.)*"\s*)+);)re");
  std::vector<std::pair<std::string, std::string>> out;
  for (auto root : {"modules", "server"}) {
    for (const auto& f : fs::recursive_directory_iterator(fs::path(SOCIALROLL_SOURCE_DIR) / root)) {
      auto p = f.path().string();
      if (f.path().extension() != ".cpp" || p.find("/web/") != std::string::npos) continue;
      std::ifstream in(f.path());
      std::stringstream ss;
      ss << in.rdbuf();
      auto src = ss.str();
      auto where = fs::relative(f.path(), SOCIALROLL_SOURCE_DIR).string();
      for (const auto& re : sites)
        for (auto it = std::sregex_iterator(src.begin(), src.end(), re); it != std::sregex_iterator(); ++it)
          out.emplace_back(where, unescape((*it)[1].str()));
      for (auto it = std::sregex_iterator(src.begin(), src.end(), notFound); it != std::sregex_iterator(); ++it)
        out.emplace_back(where, (*it)[1].str() + " not found.");
      // A rule's refusal is a returned sentence (Rules.cpp and the text checks).
      if (p.find("Rules.cpp") != std::string::npos || p.ends_with("Text.cpp"))
        for (auto it = std::sregex_iterator(src.begin(), src.end(), ruleReturn); it != std::sregex_iterator(); ++it) {
          auto s = unescape((*it)[1].str());
          if (s.find(' ') != std::string::npos) out.emplace_back(where, s);
        }
    }
  }
  return out;
}

}  // namespace

TEST(Messages, EverySentenceTheSourcesRaiseHasChineseWithoutEnglishInIt) {
  auto sentences = sentencesInSources();
  ASSERT_GT(sentences.size(), 250u) << "the scan of the sources found too little to be looking at them";
  std::string missing;
  for (const auto& [where, en] : sentences) {
    bool ascii = std::all_of(en.begin(), en.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii || en.find(' ') == std::string::npos) continue;  // already Chinese, or a key/word
    auto zh = messages::chinese(en);
    if (!zh) missing += "\n  " + where + ": \"" + en + "\"";
    else if (auto w = englishIn(*zh)) missing += "\n  " + where + ": \"" + en + "\" -> \"" + *zh + "\" keeps " + *w;
  }
  EXPECT_TRUE(missing.empty()) << "without Chinese in server/common/Messages.cpp:" << missing;
}

// The sentences built around a value, one of each kind, with the codes and parameters a client reads.
TEST(Messages, SentencesWithValuesAreSaidInChineseWithTheirCodeAndParameters) {
  struct Case {
    std::string en, zhPart, code, params;
  };
  const std::vector<Case> cases = {
      {"must be at most 200 bytes", "不能超过 200 字节", "too_long", R"({"max":200})"},
      {"must be between 1 and 11", "应在 1 至 11 之间", "out_of_range", R"({"min":1,"max":11})"},
      {"must be one of: secondary, college, bachelor", "应为以下之一：高中/中专、大专、本科", "not_one_of",
       R"({"values":["secondary","college","bachelor"]})"},
      {"must be a date YYYY-MM-DD", "2026-01-31", "invalid_date", "{}"},
      {"is required", "必填", "required", "{}"},
      {"must be from 1 to 11 on the scale in force", "应为 1 至 11", "out_of_range", R"({"max":11})"},
      {"is already listed from 2026-03-01", "已于 2026-03-01 列入失信名单", "blacklisted", R"({"since":"2026-03-01"})"},
      {"differs from the suggested grade 3 (education bachelor, certificate assistant)", "建议定级 3 级", "not_suggested",
       R"({"suggested":3})"},
      {"is below the required college", "低于要求的大专学历", "ineligible", R"({"min":"college"})"},
      {"unknown column 'shenfen'", "无法识别的列“shenfen”", "unknown_field", R"({"column":"shenfen"})"},
      {"is required for role agency_admin", "机构管理员须填写", "required", R"({"role":"agency_admin"})"},
      {"is not set for 海宁市 (330481) or any place above it", "海宁市（330481）及其上级均未设置此项", "policy_missing",
       R"({"place":"海宁市","code":330481})"},
  };
  for (const auto& c : cases) {
    auto d = messages::describe({"f", c.en}, Lang::zh);
    EXPECT_NE(d.text.find(c.zhPart), std::string::npos) << c.en << " -> " << d.text;
    EXPECT_EQ(d.code, c.code) << c.en;
    EXPECT_EQ(json::stringify(d.params), c.params) << c.en;
    EXPECT_EQ(messages::describe({"f", c.en}, Lang::en).text, c.en) << "English stays as the server wrote it";
  }
  const std::vector<std::pair<std::string, std::string>> details = {
      {"Person not found.", "未找到该人员"},
      {"Too many failed sign-ins; wait 42 s and try again.", "请等待 42 秒"},
      {"Only a draft run can be approved (this one is paid).", "此单为已发放"},
      {"The run is still computing (10 of 208).", "正在计算（10/208）"},
      {"You may not disable this account: only a role above bureau changes this account's state.",
       "无权停用此账户：只有高于民政局的角色才能更改该账户"},
      {"This resignation is withdrawn.", "该辞职申请已撤回"},
  };
  for (const auto& [en, part] : details) {
    auto zh = messages::chinese(en);
    ASSERT_TRUE(zh) << en;
    EXPECT_NE(zh->find(part), std::string::npos) << en << " -> " << *zh;
    EXPECT_FALSE(englishIn(*zh)) << *zh;
  }
}

TEST(Messages, AnUnknownSentenceFallsBackToTheCodesChineseNeverToEnglish) {
  Error e(Code::conflict, "Some sentence nobody catalogued.");
  EXPECT_EQ(messages::detail(e, Lang::zh), messages::title(Code::conflict, Lang::zh));
  EXPECT_EQ(messages::detail(e, Lang::en), "Some sentence nobody catalogued.");
  EXPECT_EQ(messages::describe({"f", "an uncatalogued reason"}, Lang::zh).text, "内容有误");
  EXPECT_EQ(messages::describe({"f", "an uncatalogued reason"}, Lang::zh).code, "invalid");
}

TEST(Messages, AcceptLanguagePicksTheBestOfChineseAndEnglish) {
  EXPECT_EQ(messages::fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8"), Lang::zh);
  EXPECT_EQ(messages::fromAcceptLanguage("zh-CN"), Lang::zh);
  EXPECT_EQ(messages::fromAcceptLanguage("ZH"), Lang::zh);
  EXPECT_EQ(messages::fromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.5"), Lang::en);
  EXPECT_EQ(messages::fromAcceptLanguage("en;q=0.4, zh-TW;q=0.6"), Lang::zh);
  EXPECT_EQ(messages::fromAcceptLanguage(""), Lang::en) << "a script that names no language reads English";
  EXPECT_EQ(messages::fromAcceptLanguage("fr-FR"), Lang::en);
}
