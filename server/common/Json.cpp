#include "common/Json.h"

#include <sstream>

#include <set>
#include <vector>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include "common/Text.h"

namespace sr::json {

namespace {
// Poco keeps the last of two equal keys. A body such as {"username":"nobody","username":"admin"}
// then means one thing to a proxy or log reader that keeps the first and another to us, so a key
// given twice in one object is refused (400 malformed_json).
class StrictHandler : public Poco::JSON::ParseHandler {
 public:
  StrictHandler() : ParseHandler(true) {}
  void startObject() override {
    keys_.emplace_back();
    ParseHandler::startObject();
  }
  void endObject() override {
    keys_.pop_back();
    ParseHandler::endObject();
  }
  void key(const std::string& k) override {
    if (!keys_.back().insert(k).second) {
      duplicate_ = k;
      throw Poco::JSON::JSONException("duplicate key " + k);
    }
    ParseHandler::key(k);
  }
  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  std::vector<std::set<std::string>> keys_;
  std::optional<std::string> duplicate_;
};
}  // namespace

Obj object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }
Arr array() { return new Poco::JSON::Array(); }

Obj parseObject(std::string_view text) {
  if (text.empty()) throw Error(Code::bad_request, "The request body must be a JSON object.");
  Poco::SharedPtr<StrictHandler> handler(new StrictHandler);
  Poco::Dynamic::Var result;
  try {
    Poco::JSON::Parser parser(handler);
    parser.setDepth(64);
    result = parser.parse(std::string(text));
  } catch (const Poco::Exception& e) {
    if (const auto& k = handler->duplicate())
      throw Error(Code::malformed_json, "The request body gives a key twice in one object.",
                  {{*k, "is given more than once"}}, e.displayText());
    throw Error(Code::malformed_json, "The request body is not valid JSON.", {}, e.displayText());
  }
  if (result.type() != typeid(Obj)) throw Error(Code::bad_request, "The request body must be a JSON object.");
  return result.extract<Obj>();
}

std::string stringify(const Obj& obj) {
  std::ostringstream out;
  obj->stringify(out);
  return out.str();
}

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

Poco::Dynamic::Var orNull(const std::optional<int64_t>& v) { return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var(); }
Poco::Dynamic::Var orNull(const std::optional<std::string>& v) { return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var(); }

Poco::Dynamic::Var orNull(const std::optional<Date>& v) {
  return v ? Poco::Dynamic::Var(formatDate(*v)) : Poco::Dynamic::Var();
}

Reader::Reader(Obj obj, Validator& v, std::string prefix) : obj_(std::move(obj)), v_(v), prefix_(std::move(prefix)) {}

std::string Reader::path(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

bool Reader::has(const std::string& key) const { return obj_->has(key) && !obj_->isNull(key); }

namespace {
bool isInteger(const Poco::Dynamic::Var& v) { return v.isInteger(); }
}  // namespace

std::optional<std::string> Reader::string(const std::string& key, bool required, std::size_t maxLen) {
  if (!has(key)) {
    if (required) v_.add(path(key), "is required");
    return std::nullopt;
  }
  auto value = obj_->get(key);
  if (!value.isString()) {
    v_.add(path(key), "must be a string");
    return std::nullopt;
  }
  auto s = value.extract<std::string>();
  if (required && s.empty()) {
    v_.add(path(key), "must not be empty");
    return std::nullopt;
  }
  if (s.size() > maxLen) {
    v_.add(path(key), "must be at most " + std::to_string(maxLen) + " bytes");
    return std::nullopt;
  }
  if (auto problem = textProblem(s, false)) {
    v_.add(path(key), *problem);
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> Reader::name(const std::string& key, bool required, std::size_t maxLen) {
  auto s = string(key, required, maxLen);
  if (!s) return std::nullopt;
  if (auto problem = textProblem(*s, true)) {
    v_.add(path(key), *problem);
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> Reader::integer(const std::string& key, bool required, int64_t min, int64_t max) {
  if (!has(key)) {
    if (required) v_.add(path(key), "is required");
    return std::nullopt;
  }
  auto value = obj_->get(key);
  if (!isInteger(value)) {
    v_.add(path(key), "must be an integer");
    return std::nullopt;
  }
  int64_t n = 0;
  try {
    n = value.convert<int64_t>();
  } catch (const Poco::Exception&) {
    v_.add(path(key), "is out of range");
    return std::nullopt;
  }
  if (n < min || n > max) {
    v_.add(path(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<int64_t> Reader::id(const std::string& key, bool required) {
  return integer(key, required, 1, INT64_MAX);
}

std::optional<bool> Reader::boolean(const std::string& key, bool required) {
  if (!has(key)) {
    if (required) v_.add(path(key), "is required");
    return std::nullopt;
  }
  auto value = obj_->get(key);
  if (value.type() != typeid(bool)) {
    v_.add(path(key), "must be true or false");
    return std::nullopt;
  }
  return value.extract<bool>();
}

std::optional<std::string> Reader::oneOf(const std::string& key, bool required,
                                         std::initializer_list<std::string_view> allowed) {
  auto s = string(key, required);
  if (!s) return std::nullopt;
  for (auto a : allowed)
    if (*s == a) return s;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  v_.add(path(key), "must be one of: " + list);
  return std::nullopt;
}

std::optional<Date> Reader::date(const std::string& key, bool required) {
  auto s = string(key, required, 10);
  if (!s) return std::nullopt;
  auto d = parseDate(*s);
  if (!d) {
    v_.add(path(key), "must be a date YYYY-MM-DD");
  } else if (!withinInputRange(*d)) {
    v_.add(path(key), kInputRangeMessage);
    return std::nullopt;
  }
  return d;
}

void Reader::rejectUnknown(std::initializer_list<std::string_view> known) {
  for (const auto& name : obj_->getNames()) {
    bool found = false;
    for (auto k : known) found = found || k == name;
    if (!found) v_.add(path(name), "is not a known field");
  }
}

}  // namespace sr::json
