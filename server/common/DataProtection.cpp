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

DataProtection::DataProtection(std::string_view masterKey) {
  if (masterKey.size() != 32) throw std::invalid_argument("the data key must be 32 bytes");
  sealKey_ = crypto::hmacSha256(masterKey, "socialroll/seal/v1");
  lookupKey_ = crypto::hmacSha256(masterKey, "socialroll/lookup/v1");
  auditKey_ = crypto::hmacSha256(masterKey, "socialroll/audit-chain/v1");
  checkValue_ = crypto::toHex(crypto::hmacSha256(masterKey, "socialroll/key-check/v1")).substr(0, 32);
}

std::string DataProtection::seal(std::string_view field, std::string_view plaintext) const {
  return "v1:" + crypto::base64(crypto::aesGcmSeal(sealKey_, plaintext, field));
}

std::string DataProtection::open(std::string_view field, std::string_view sealed) const {
  if (sealed.substr(0, 3) != "v1:") throw std::runtime_error("unknown sealed value format");
  return crypto::aesGcmOpen(sealKey_, crypto::fromBase64(sealed.substr(3)), field);
}

std::string DataProtection::lookupHash(std::string_view field, std::string_view plaintext) const {
  std::string data(field);
  data += '\0';
  data += plaintext;
  return crypto::toHex(crypto::hmacSha256(lookupKey_, data));
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
