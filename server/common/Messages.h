#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/Error.h"
#include "common/Json.h"

// What the API says, in the caller's language (issue #16). The server writes its reasons in
// English, as the contract's `message` keeps them; this one catalogue says each in Chinese
// (gettext-style: the English sentence is the key) and names each field error's stable code and
// parameters. Nothing else translates server text: the web interface shows `detail` as it comes.
namespace sr::messages {

enum class Lang { en, zh };

// The language an Accept-Language header prefers among zh and en (highest q, then order);
// English when it names neither, so scripts that send nothing read English.
Lang fromAcceptLanguage(std::string_view header);

// The Chinese for a sentence the server says, or nullopt when the catalogue lacks it.
std::optional<std::string> chinese(std::string_view english);

// The text for `lang`: English as it is; Chinese from the catalogue, else `fallback`.
std::string say(std::string_view english, Lang lang, std::string_view fallback);

// A problem's `title` and `detail` in `lang` (a detail the catalogue lacks falls back to the
// code's title, never to English on a Chinese screen; it is logged so the gap gets filled).
std::string title(Code code, Lang lang);
std::string detail(const Error& e, Lang lang);

// A field error's stable code and parameters ({"max": 200}), which the catalogue reads off its
// English message (so the one table that says it in Chinese also names it), and its text in `lang`.
struct Described {
  std::string code;
  json::Obj params;
  std::string text;
};
Described describe(const FieldError& f, Lang lang);

// Beside each item's English `key` (a rule's reason), `<key>_detail` in `lang`.
void sayEach(const json::Arr& items, const std::string& key, Lang lang);

}  // namespace sr::messages
