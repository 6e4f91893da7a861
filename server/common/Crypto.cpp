#include "common/Crypto.h"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace sr::crypto {

std::string randomBytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

std::string toHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64Url(std::string_view bytes) {
  std::string s = base64(bytes);
  for (auto& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::string fromBase64(std::string_view text) {
  std::string out(3 * text.size() / 4 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) throw std::runtime_error("invalid base64");
  std::size_t len = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts padding bytes as output; drop them.
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --len;
  out.resize(len);
  return out;
}

std::string sha256(std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string sha256Hex(std::string_view data) { return toHex(sha256(data)); }

std::string pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations, std::size_t length) {
  std::string out(length, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                        EVP_sha256(), static_cast<int>(length), reinterpret_cast<unsigned char*>(out.data())) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return out;
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hmacSha256(std::string_view key, std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), reinterpret_cast<unsigned char*>(out.data()), &len))
    throw std::runtime_error("HMAC failed");
  return out;
}

namespace {
constexpr std::size_t kNonce = 12, kTag = 16;

struct CipherCtx {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
  CipherCtx() {
    if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  }
  CipherCtx(const CipherCtx&) = delete;
  CipherCtx& operator=(const CipherCtx&) = delete;
};

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s, std::size_t at) { return reinterpret_cast<unsigned char*>(s.data() + at); }
void ok(int rc, const char* what) {
  if (rc != 1) throw std::runtime_error(what);
}
}  // namespace

std::string aesGcmSeal(std::string_view key, std::string_view plaintext, std::string_view aad) {
  if (key.size() != 32) throw std::invalid_argument("AES-256 needs a 32-byte key");
  const std::string nonce = randomBytes(kNonce);
  std::string out = nonce;
  out.resize(kNonce + plaintext.size() + kTag);
  CipherCtx c;
  int len = 0;
  ok(EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)), "seal init");
  if (!aad.empty()) ok(EVP_EncryptUpdate(c.ctx, nullptr, &len, bytes(aad), static_cast<int>(aad.size())), "seal aad");
  ok(EVP_EncryptUpdate(c.ctx, bytes(out, kNonce), &len, bytes(plaintext), static_cast<int>(plaintext.size())), "seal");
  ok(EVP_EncryptFinal_ex(c.ctx, bytes(out, kNonce + static_cast<std::size_t>(len)), &len), "seal final");
  ok(EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTag), bytes(out, kNonce + plaintext.size())),
     "seal tag");
  return out;
}

std::string aesGcmOpen(std::string_view key, std::string_view sealed, std::string_view aad) {
  if (key.size() != 32) throw std::invalid_argument("AES-256 needs a 32-byte key");
  if (sealed.size() < kNonce + kTag) throw std::runtime_error("sealed value too short");
  std::string nonce(sealed.substr(0, kNonce)), tag(sealed.substr(sealed.size() - kTag));
  auto body = sealed.substr(kNonce, sealed.size() - kNonce - kTag);
  std::string out(body.size(), '\0');
  CipherCtx c;
  int len = 0;
  ok(EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)), "open init");
  if (!aad.empty()) ok(EVP_DecryptUpdate(c.ctx, nullptr, &len, bytes(aad), static_cast<int>(aad.size())), "open aad");
  ok(EVP_DecryptUpdate(c.ctx, bytes(out, 0), &len, bytes(body), static_cast<int>(body.size())), "open");
  ok(EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data()), "open tag");
  if (EVP_DecryptFinal_ex(c.ctx, bytes(out, static_cast<std::size_t>(len)), &len) != 1)
    throw std::runtime_error("sealed value failed authentication (altered, or another key)");
  return out;
}

std::string sm3(std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), bytes(out, 0), &len, EVP_sm3(), nullptr) != 1 || len != 32)
    throw std::runtime_error("SM3 failed");
  return out;
}

std::string hmacSm3(std::string_view key, std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  if (!HMAC(EVP_sm3(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(), bytes(out, 0), &len) || len != 32)
    throw std::runtime_error("HMAC-SM3 failed");
  return out;
}

namespace {
std::string sm4Cbc(bool encrypt, std::string_view key, std::string_view iv, std::string_view data, bool pad) {
  if (key.size() != 16 || iv.size() != 16) throw std::invalid_argument("SM4 needs a 16-byte key and IV");
  if ((!pad || !encrypt) && data.size() % 16 != 0) throw std::runtime_error("SM4-CBC data is not whole blocks");
  std::string out(data.size() + 16, '\0');
  CipherCtx c;
  int len = 0, last = 0;
  ok(EVP_CipherInit_ex(c.ctx, EVP_sm4_cbc(), nullptr, bytes(key), bytes(iv), encrypt ? 1 : 0), "SM4 init");
  ok(EVP_CIPHER_CTX_set_padding(c.ctx, pad ? 1 : 0), "SM4 padding");
  ok(EVP_CipherUpdate(c.ctx, bytes(out, 0), &len, bytes(data), static_cast<int>(data.size())), "SM4");
  if (EVP_CipherFinal_ex(c.ctx, bytes(out, static_cast<std::size_t>(len)), &last) != 1)
    throw std::runtime_error("SM4-CBC: bad padding (altered, or another key)");
  out.resize(static_cast<std::size_t>(len + last));
  return out;
}
}  // namespace

std::string sm4CbcEncrypt(std::string_view key, std::string_view iv, std::string_view data, bool pad) {
  return sm4Cbc(true, key, iv, data, pad);
}

std::string sm4CbcDecrypt(std::string_view key, std::string_view iv, std::string_view data, bool pad) {
  return sm4Cbc(false, key, iv, data, pad);
}

}  // namespace sr::crypto
