#include "common/DataProtection.h"

#include <cctype>
#include <stdexcept>

#include "common/Crypto.h"

namespace sr::protect {

namespace {
std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}
}  // namespace

DataProtection::DataProtection(std::string_view masterKey, Cipher active)
    : active_(active), aes_(makeSuite(Cipher::aes256gcm, masterKey)), sm4_(makeSuite(Cipher::sm4, masterKey)) {
  auditKey_ = crypto::hmacSha256(masterKey, "socialroll/audit-chain/v1");
  checkValue_ = crypto::toHex(crypto::hmacSha256(masterKey, "socialroll/key-check/v1")).substr(0, 32);
}

std::string DataProtection::seal(std::string_view field, std::string_view plaintext) const {
  return seal(field, plaintext, active_);
}

std::string DataProtection::seal(std::string_view field, std::string_view plaintext, Cipher with) const {
  const auto& s = suite(with);
  return std::string(s.format()) + ":" + crypto::base64(s.seal(field, plaintext));
}

bool DataProtection::sealedWith(std::string_view sealed, Cipher c) const { return sealed.rfind(prefix(c), 0) == 0; }

std::string DataProtection::open(std::string_view field, std::string_view sealed) const {
  for (auto c : {Cipher::aes256gcm, Cipher::sm4})
    if (sealedWith(sealed, c)) return suite(c).open(field, crypto::fromBase64(sealed.substr(prefix(c).size())));
  throw std::runtime_error("unknown sealed value format");
}

std::string DataProtection::lookupHash(std::string_view field, std::string_view plaintext) const {
  return lookupHash(field, plaintext, active_);
}

std::string DataProtection::lookupHash(std::string_view field, std::string_view plaintext, Cipher with) const {
  std::string data(field);
  data += '\0';
  data += plaintext;
  return crypto::toHex(suite(with).lookupMac(data));
}

std::vector<std::string> DataProtection::lookupHashes(std::string_view field, std::string_view plaintext) const {
  auto other = active_ == Cipher::sm4 ? Cipher::aes256gcm : Cipher::sm4;
  return {lookupHash(field, plaintext, active_), lookupHash(field, plaintext, other)};
}

std::string DataProtection::keyCheck() const { return checkValue_; }

std::string newMasterKeyText() { return crypto::base64(crypto::randomBytes(32)) + "\n"; }

std::string parseMasterKey(std::string_view text) {
  std::string key;
  try {
    key = crypto::fromBase64(trim(text));
  } catch (const std::exception&) {
    throw std::invalid_argument("the data key is not base64");
  }
  if (key.size() != 32) throw std::invalid_argument("the data key must be 32 bytes of base64 (44 characters)");
  return key;
}

}  // namespace sr::protect
