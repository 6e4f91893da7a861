#pragma once
// Protection of personal data at rest: ID numbers and bank accounts are stored sealed
// (authenticated encryption: AES-256-GCM, or SM4 with HMAC-SM3 — common/Cipher.h) and found again
// through a keyed hash, so neither a copied database nor a guessed ID number reveals anything
// without the key. The key lives outside the database (config file or env), and a check value
// stored in the database stops a server from starting with the wrong key.
//
// Values sealed by either suite open whatever `security.cipher` says, so a database can be resealed
// (`socialroll data reseal`) while servers run; until it is done a stored lookup hash may be of
// either kind, and lookups ask for both (lookupHashes).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/Cipher.h"

namespace sr::protect {

class DataProtection {
 public:
  // `masterKey` is 32 random bytes; every key is derived from it. `active` seals new values.
  explicit DataProtection(std::string_view masterKey, Cipher active = Cipher::aes256gcm);
  Cipher cipher() const { return active_; }

  // Sealed text ("v1:" or "s1:" and base64) bound to `field` ("id_number", "bank_account"): a
  // value copied into another column does not open.
  std::string seal(std::string_view field, std::string_view plaintext) const;
  std::string seal(std::string_view field, std::string_view plaintext, Cipher with) const;
  // Opens a value sealed by either suite.
  std::string open(std::string_view field, std::string_view sealed) const;
  bool sealedWith(std::string_view sealed, Cipher c) const;
  // How text sealed by `c` begins: "v1:" or "s1:".
  std::string prefix(Cipher c) const { return std::string(suite(c).format()) + ":"; }
  // Deterministic keyed hash (hex) for equality lookups and unique keys: the active suite's, or `with`'s.
  std::string lookupHash(std::string_view field, std::string_view plaintext) const;
  std::string lookupHash(std::string_view field, std::string_view plaintext, Cipher with) const;
  // Every hash a stored row may carry for this value: the active suite's first.
  std::vector<std::string> lookupHashes(std::string_view field, std::string_view plaintext) const;
  // Identifies the key without revealing it; stored in the database at first start.
  std::string keyCheck() const;
  // The audit chain's HMAC key: kept, like the data key it comes from, outside the database.
  const std::string& auditKey() const { return auditKey_; }

 private:
  const CipherSuite& suite(Cipher c) const { return c == Cipher::sm4 ? *sm4_ : *aes_; }
  Cipher active_;
  std::shared_ptr<const CipherSuite> aes_, sm4_;  // shared: DataProtection is copied by value
  std::string checkValue_, auditKey_;
};

// A column of sealed values, named by the module that owns its table, for `socialroll data reseal`.
struct SealedColumn {
  std::string table, column, field;  // "persons", "id_sealed", "id_number" (the seal's binding)
  std::string hashColumn;            // its lookup hash ("id_hash"), rewritten with it; "" when none
  std::string keyColumn;             // a unique key that begins with that hash and ':' ("listing_key"); "" when none
};

// 32 random bytes as base64: what `socialroll` writes to a new key file.
std::string newMasterKeyText();
// Parses a key file's or env var's base64 text; throws std::invalid_argument unless it is 32 bytes.
std::string parseMasterKey(std::string_view text);

}  // namespace sr::protect
