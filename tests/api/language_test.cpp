// The contract's second round: every entry of `errors` carries a stable code and its parameters,
// and `detail` follows Accept-Language (zh-CN or en). Issue #16: nothing English on a Chinese screen.
#include <gtest/gtest.h>

#include <regex>

#include "World.h"

using namespace sr;

namespace {

bool hasEnglish(const std::string& s) { return std::regex_search(s, std::regex("[A-Za-z]{3,}")); }

json::Obj entryFor(const json::Obj& problem, const std::string& field) {
  auto errors = problem->getArray("errors");
  for (std::size_t i = 0; errors && i < errors->size(); ++i)
    if (errors->getObject(static_cast<unsigned>(i))->getValue<std::string>("field") == field)
      return errors->getObject(static_cast<unsigned>(i));
  return nullptr;
}

}  // namespace

TEST(Language, AHireWithBadFieldsIsRefusedInTheCallersLanguageWithStableCodesAndParameters) {
  test::TestServer s;
  test::World w(s);
  // A wrong check character, an education the API does not know, a name left out.
  auto good = test::idNumber("330481", "19950315", 22);
  auto body = test::hireBody(good.substr(0, 17) + (good[17] == '1' ? "2" : "1"), w.own.station, "2026-01-01");
  body = std::regex_replace(body, std::regex(R"("education":"college")"), R"("education":"primary")");
  body = std::regex_replace(body, std::regex(R"("name":"张三",)"), "");
  auto send = [&](const std::map<std::string, std::string>& headers) {
    return s.client().call("POST", "/api/v1/employments", body, w.tokens["agency_admin"], headers);
  };

  auto zh = send({{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"}});
  ASSERT_EQ(zh.status, 422) << zh.body;
  auto p = zh.json();
  EXPECT_EQ(p->getValue<std::string>("code"), "validation_failed");
  EXPECT_EQ(p->getValue<std::string>("detail"), "请按提示更正标出的内容。");
  EXPECT_FALSE(hasEnglish(p->getValue<std::string>("title"))) << p->getValue<std::string>("title");

  auto name = entryFor(p, "person.name");
  ASSERT_TRUE(name) << zh.body;
  EXPECT_EQ(name->getValue<std::string>("code"), "required");
  EXPECT_EQ(name->getValue<std::string>("message"), "is required") << "message stays English (the contract)";
  EXPECT_EQ(name->getValue<std::string>("detail"), "必填");

  auto education = entryFor(p, "person.education");
  ASSERT_TRUE(education) << zh.body;
  EXPECT_EQ(education->getValue<std::string>("code"), "not_one_of");
  auto values = education->getObject("params")->getArray("values");
  ASSERT_TRUE(values);
  EXPECT_EQ(values->getElement<std::string>(0), "secondary");
  EXPECT_EQ(education->getValue<std::string>("detail"), "应为以下之一：高中/中专、大专、本科、硕士、博士");

  auto id = entryFor(p, "person.id_number");
  ASSERT_TRUE(id) << zh.body;
  EXPECT_EQ(id->getValue<std::string>("code"), "invalid_check_character");
  for (const auto& e : {name, education, id})
    EXPECT_FALSE(hasEnglish(e->getValue<std::string>("detail"))) << e->getValue<std::string>("detail");

  // English when asked, and when no language is named (scripts).
  for (const auto& headers : std::vector<std::map<std::string, std::string>>{{{"Accept-Language", "en"}}, {}}) {
    auto en = send(headers).json();
    EXPECT_EQ(en->getValue<std::string>("detail"), "The request has invalid fields.");
    EXPECT_EQ(entryFor(en, "person.name")->getValue<std::string>("detail"), "is required");
    EXPECT_EQ(entryFor(en, "person.education")->getValue<std::string>("code"), "not_one_of");
  }
}

TEST(Language, RefusalsOfStateAndScopeAreSaidInChinese) {
  test::TestServer s;
  test::World w(s);
  std::map<std::string, std::string> zh{{"Accept-Language", "zh-CN"}};
  // A second hire of someone in post, and a record outside the caller's scope.
  auto twice = s.client().call("POST", "/api/v1/employments", test::hireBody(w.own.idNumber, w.own.station, "2026-06-01"),
                               w.tokens["agency_admin"], zh);
  ASSERT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(twice.json()->getValue<std::string>("detail"), "此人在入职日仍在其他聘用期内。");
  auto missing = s.client().call("GET", "/api/v1/employments/999999", "", w.tokens["agency_admin"], zh);
  ASSERT_EQ(missing.status, 404) << missing.body;
  EXPECT_FALSE(hasEnglish(missing.json()->getValue<std::string>("detail"))) << missing.body;
  // A wrong password, and a request without a token.
  auto login = s.client().call("POST", "/api/v1/auth/login", R"({"username":"nobody","password":"wrong-password-1"})",
                               "", zh);
  EXPECT_EQ(login.json()->getValue<std::string>("detail"), "用户名或密码错误。") << login.body;
  auto anon = s.client().call("GET", "/api/v1/me", "", "", zh);
  EXPECT_EQ(anon.json()->getValue<std::string>("detail"), "请先登录。") << anon.body;
}
