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

}  // namespace sr::crypto
