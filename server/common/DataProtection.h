#pragma once
// Protection of personal data at rest: ID numbers and bank accounts are stored sealed
// (AES-256-GCM, authenticated) and found again through a keyed hash, so neither a copied database
// nor a guessed ID number reveals anything without the key. The key lives outside the database
// (config file or env), and a check value stored in the database stops a server from starting
// with the wrong key.
#include <string>
#include <string_view>

namespace sr::protect {

class DataProtection {
 public:
  // `masterKey` is 32 random bytes; separate keys for sealing and lookup are derived from it.
  explicit DataProtection(std::string_view masterKey);

  // Sealed text (base64) bound to `field` ("id_number", "bank_account"): a value copied into
  // another column does not open.
  std::string seal(std::string_view field, std::string_view plaintext) const;
  std::string open(std::string_view field, std::string_view sealed) const;
  // Deterministic keyed hash (hex) for equality lookups and unique keys.
  std::string lookupHash(std::string_view field, std::string_view plaintext) const;
  // Identifies the key without revealing it; stored in the database at first start.
  std::string keyCheck() const;
  // The audit chain's HMAC key: kept, like the data key it comes from, outside the database.
  const std::string& auditKey() const { return auditKey_; }

 private:
  std::string sealKey_, lookupKey_, checkValue_, auditKey_;
};

// 32 random bytes as base64: what `socialroll` writes to a new key file.
std::string newMasterKeyText();
// Parses a key file's or env var's base64 text; throws std::invalid_argument unless it is 32 bytes.
std::string parseMasterKey(std::string_view text);

}  // namespace sr::protect
