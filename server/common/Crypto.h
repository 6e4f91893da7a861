#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sr::crypto {

// Cryptographically secure random bytes (OpenSSL RAND_bytes).
std::string randomBytes(std::size_t n);
std::string toHex(std::string_view bytes);
std::string base64Url(std::string_view bytes);
std::string base64(std::string_view bytes);
std::string fromBase64(std::string_view text);
std::string sha256(std::string_view data);  // raw 32 bytes
std::string sha256Hex(std::string_view data);
std::string pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations, std::size_t length);
bool constantTimeEquals(std::string_view a, std::string_view b);
std::string hmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes

// AES-256-GCM with a fresh 96-bit nonce: returns nonce || ciphertext || 16-byte tag. `aad` is
// authenticated but not stored (bind a ciphertext to the column it belongs in).
std::string aesGcmSeal(std::string_view key, std::string_view plaintext, std::string_view aad);
// Throws std::runtime_error when the data was altered or the key is wrong.
std::string aesGcmOpen(std::string_view key, std::string_view sealed, std::string_view aad);

// Chinese commercial cryptography (商用密码), as OpenSSL 3.0 provides it (issue #13).
std::string sm3(std::string_view data);                             // GB/T 32905: raw 32 bytes
std::string hmacSm3(std::string_view key, std::string_view data);   // RFC 2104 over SM3: raw 32 bytes
// SM4 (GB/T 32907) in CBC mode with a 16-byte key and IV; `pad` adds (and on decryption removes
// and checks) PKCS#7 padding, otherwise `data` must be whole 16-byte blocks.
std::string sm4CbcEncrypt(std::string_view key, std::string_view iv, std::string_view data, bool pad = true);
std::string sm4CbcDecrypt(std::string_view key, std::string_view iv, std::string_view data, bool pad = true);

}  // namespace sr::crypto
