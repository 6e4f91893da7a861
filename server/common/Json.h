#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "common/Error.h"
#include "common/Time.h"

namespace sr::json {

using Obj = Poco::JSON::Object::Ptr;
using Arr = Poco::JSON::Array::Ptr;

// Objects keep insertion order so responses read in the order we build them.
Obj object();
Arr array();
// Parses a request body: unparsable JSON or a key given twice in one object is 400 malformed_json,
// anything but an object 400 bad_request.
Obj parseObject(std::string_view text);
std::string stringify(const Obj& obj);
std::string stringify(const Poco::Dynamic::Var& value);
Poco::Dynamic::Var orNull(const std::optional<int64_t>& v);
Poco::Dynamic::Var orNull(const std::optional<std::string>& v);
Poco::Dynamic::Var orNull(const std::optional<Date>& v);  // "YYYY-MM-DD" or null

// Reads typed fields out of a request object, recording every problem in a Validator under the
// field's full name ("social_insurance.pension_pct") instead of stopping at the first.
class Reader {
 public:
  Reader(Obj obj, Validator& v, std::string prefix = {});

  bool has(const std::string& key) const;
  // Text; control and bidirectional formatting characters are refused (see textProblem).
  std::optional<std::string> string(const std::string& key, bool required, std::size_t maxLen = 200);
  // A one-line name: also no line breaks, tabs or zero-width characters.
  std::optional<std::string> name(const std::string& key, bool required, std::size_t maxLen = 200);
  std::optional<int64_t> integer(const std::string& key, bool required, int64_t min, int64_t max);
  std::optional<bool> boolean(const std::string& key, bool required);
  std::optional<std::string> oneOf(const std::string& key, bool required,
                                   std::initializer_list<std::string_view> allowed);
  // A real day within withinInputRange (1950..2100).
  std::optional<Date> date(const std::string& key, bool required);
  // Optional integer that may also be given as JSON null (returns nullopt for both).
  std::optional<int64_t> id(const std::string& key, bool required);
  // Every key not in `known` is an error naming it.
  void rejectUnknown(std::initializer_list<std::string_view> known);
  std::string path(const std::string& key) const;

  enum class List { required, optional, nonEmpty };
  // The array of objects `key`, each read by item(reader, object, path) with its problems under
  // key[i]; "is required" when absent unless optional, "must not be empty" when nonEmpty.
  template <class Item>
  void objects(const std::string& key, List need, const Item& item) {
    if (!has(key)) {
      if (need != List::optional) v_.add(path(key), "is required");
      return;
    }
    auto list = obj_->getArray(key);
    if (!list) return v_.add(path(key), "must be an array");
    if (list->size() == 0 && need == List::nonEmpty) return v_.add(path(key), "must not be empty");
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string at = path(key) + "[" + std::to_string(i) + "]";
      auto o = list->getObject(static_cast<unsigned>(i));
      if (!o) {
        v_.add(at, "must be an object");
        continue;
      }
      Reader in(o, v_, at);
      item(in, o, at);
    }
  }

 private:
  Obj obj_;
  Validator& v_;
  std::string prefix_;
};

}  // namespace sr::json
