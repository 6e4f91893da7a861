#include "common/Cipher.h"

#include <stdexcept>

#include "common/Crypto.h"

namespace sr::protect {

std::string_view cipherName(Cipher c) { return c == Cipher::sm4 ? "sm4" : "aes-256-gcm"; }

std::optional<Cipher> cipherNamed(std::string_view name) {
  if (name == "aes-256-gcm") return Cipher::aes256gcm;
  if (name == "sm4") return Cipher::sm4;
  return std::nullopt;
}

namespace {
// The keys are derived exactly as before the interface existed, so data sealed then still opens.
class AesGcmSuite final : public CipherSuite {
 public:
  explicit AesGcmSuite(std::string_view master)
      : sealKey_(crypto::hmacSha256(master, "socialroll/seal/v1")), lookupKey_(crypto::hmacSha256(master, "socialroll/lookup/v1")) {}
  Cipher cipher() const override { return Cipher::aes256gcm; }
  std::string_view format() const override { return "v1"; }
  std::string seal(std::string_view aad, std::string_view plaintext) const override {
    return crypto::aesGcmSeal(sealKey_, plaintext, aad);
  }
  std::string open(std::string_view aad, std::string_view sealed) const override {
    return crypto::aesGcmOpen(sealKey_, sealed, aad);
  }
  std::string lookupMac(std::string_view data) const override { return crypto::hmacSha256(lookupKey_, data); }

 private:
  std::string sealKey_, lookupKey_;
};

// SM4-CBC with a random IV, then HMAC-SM3 over the length of `aad`, `aad`, the IV and the
// ciphertext: iv(16) || ciphertext (PKCS#7, whole blocks) || tag(32). The tag is checked, in
// constant time, before anything is decrypted, so a padding oracle has nothing to answer.
class Sm4Suite final : public CipherSuite {
 public:
  explicit Sm4Suite(std::string_view master)
      : encKey_(crypto::hmacSm3(master, "socialroll/sm4-seal/v1").substr(0, 16)),
        macKey_(crypto::hmacSm3(master, "socialroll/sm3-seal-mac/v1")),
        lookupKey_(crypto::hmacSm3(master, "socialroll/sm3-lookup/v1")) {}
  Cipher cipher() const override { return Cipher::sm4; }
  std::string_view format() const override { return "s1"; }
  std::string seal(std::string_view aad, std::string_view plaintext) const override {
    auto iv = crypto::randomBytes(kIv);
    auto out = iv + crypto::sm4CbcEncrypt(encKey_, iv, plaintext);
    return out + tag(aad, out);
  }
  std::string open(std::string_view aad, std::string_view sealed) const override {
    if (sealed.size() < kIv + 16 + kTag || (sealed.size() - kIv - kTag) % 16 != 0)
      throw std::runtime_error("sealed value has the wrong length");
    auto body = sealed.substr(0, sealed.size() - kTag);
    if (!crypto::constantTimeEquals(tag(aad, body), sealed.substr(body.size())))
      throw std::runtime_error("sealed value failed authentication (altered, or another key)");
    return crypto::sm4CbcDecrypt(encKey_, body.substr(0, kIv), body.substr(kIv));
  }
  std::string lookupMac(std::string_view data) const override { return crypto::hmacSm3(lookupKey_, data); }

 private:
  static constexpr std::size_t kIv = 16, kTag = 32;
  std::string tag(std::string_view aad, std::string_view ivAndCiphertext) const {
    // The length first, so no split of aad and ciphertext can be shifted into another.
    std::string data(8, '\0');
    for (int i = 0; i < 8; ++i) data[static_cast<std::size_t>(i)] = static_cast<char>((aad.size() >> (56 - 8 * i)) & 0xff);
    data += aad;
    data += ivAndCiphertext;
    return crypto::hmacSm3(macKey_, data);
  }
  std::string encKey_, macKey_, lookupKey_;
};
}  // namespace

std::unique_ptr<CipherSuite> makeSuite(Cipher cipher, std::string_view masterKey) {
  if (masterKey.size() != 32) throw std::invalid_argument("the data key must be 32 bytes");
  if (cipher == Cipher::sm4) return std::make_unique<Sm4Suite>(masterKey);
  return std::make_unique<AesGcmSuite>(masterKey);
}

}  // namespace sr::protect
