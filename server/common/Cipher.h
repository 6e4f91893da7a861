#pragma once
// The cryptography that protects personal data at rest, behind one interface (issue #13): a
// certified hardware cryptographic module (密码模块) can implement CipherSuite later without
// anything above DataProtection changing.
//
// Two suites, chosen by `security.cipher`:
//   aes-256-gcm (default)  AES-256-GCM, lookups by HMAC-SHA256; sealed text "v1:..."
//   sm4                    SM4-CBC then HMAC-SM3 over it (encrypt-then-MAC: Debian 12's OpenSSL 3.0
//                          has SM3 and SM4 but no SM4-GCM), lookups by HMAC-SM3; sealed text "s1:..."
// Every key is derived from the one 32-byte data key, each suite with its own hash, so a database
// resealed to SM4 depends on SHA-2 nowhere for its personal data.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sr::protect {

enum class Cipher { aes256gcm, sm4 };
std::string_view cipherName(Cipher c);                       // "aes-256-gcm", "sm4"
std::optional<Cipher> cipherNamed(std::string_view name);

class CipherSuite {
 public:
  virtual ~CipherSuite() = default;
  virtual Cipher cipher() const = 0;
  // The prefix of its sealed text ("v1", "s1"): what tells DataProtection::open which suite sealed it.
  virtual std::string_view format() const = 0;
  // Sealed bytes bound to `aad` (not stored): open throws std::runtime_error when the bytes were
  // altered, sealed under another key or bound to another `aad`.
  virtual std::string seal(std::string_view aad, std::string_view plaintext) const = 0;
  virtual std::string open(std::string_view aad, std::string_view sealed) const = 0;
  // A keyed, deterministic 32-byte MAC for equality lookups.
  virtual std::string lookupMac(std::string_view data) const = 0;
};

// `masterKey`: the 32-byte data key.
std::unique_ptr<CipherSuite> makeSuite(Cipher cipher, std::string_view masterKey);

}  // namespace sr::protect
