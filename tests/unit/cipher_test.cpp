// Issue #13: Chinese commercial cryptography as an option (security.cipher: sm4). The primitives
// against their standards' own test vectors, and the SM4 suite's sealing beside AES-256-GCM's.
#include <gtest/gtest.h>

#include <string>

#include "common/Cipher.h"
#include "common/Crypto.h"
#include "common/DataProtection.h"

using namespace sr;

namespace {
std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}
const std::string kZeroIv(16, '\0');
}  // namespace

// GB/T 32907-2016 附录A 示例1: one block encrypted under the key equal to the plaintext.
TEST(Sm4, EncryptsTheStandardsFirstExample) {
  auto key = unhex("0123456789abcdeffedcba9876543210");
  // CBC with a zero IV over one block is the block cipher itself.
  auto c = crypto::sm4CbcEncrypt(key, kZeroIv, key, false);
  EXPECT_EQ(crypto::toHex(c), "681edf34d206965e86b3e94f536e4246");
  EXPECT_EQ(crypto::sm4CbcDecrypt(key, kZeroIv, c, false), key);
}

// GB/T 32907-2016 附录A 示例2: the same block encrypted 1,000,000 times. In CBC with a zero IV a
// zero block after a ciphertext block encrypts that block again, so one call does all of them.
TEST(Sm4, EncryptsTheStandardsMillionfoldExample) {
  auto key = unhex("0123456789abcdeffedcba9876543210");
  std::string blocks = key + std::string(16 * 999'999, '\0');
  auto c = crypto::sm4CbcEncrypt(key, kZeroIv, blocks, false);
  EXPECT_EQ(crypto::toHex(c.substr(c.size() - 16)), "595298c7c6fd271f0402f804c33d3f66");
}

// GB/T 32905-2016 附录A: the two examples.
TEST(Sm3, HashesTheStandardsExamples) {
  EXPECT_EQ(crypto::toHex(crypto::sm3("abc")), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string abcd;
  for (int i = 0; i < 16; ++i) abcd += "abcd";
  EXPECT_EQ(crypto::toHex(crypto::sm3(abcd)), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

// HMAC-SM3 is RFC 2104 over SM3 (64-byte blocks): built here by hand from SM3, for a short key and
// for one longer than a block (which is hashed first).
TEST(Sm3, HmacIsRfc2104OverSm3) {
  for (std::string key : {std::string("socialroll"), std::string(100, 'k')}) {
    std::string k = key.size() > 64 ? crypto::sm3(key) : key;
    k.resize(64, '\0');
    std::string ipad = k, opad = k;
    for (auto& ch : ipad) ch = static_cast<char>(ch ^ 0x36);
    for (auto& ch : opad) ch = static_cast<char>(ch ^ 0x5c);
    auto expected = crypto::sm3(opad + crypto::sm3(ipad + "社工站 payroll"));
    EXPECT_EQ(crypto::toHex(crypto::hmacSm3(key, "社工站 payroll")), crypto::toHex(expected)) << key.size();
  }
}

TEST(DataProtection, Sm4SealsEncryptThenMacAndOpensOnlyWithTheSameKeyAndColumn) {
  protect::DataProtection p(std::string(32, 'k'), protect::Cipher::sm4);
  auto sealed = p.seal("id_number", "11010519491231002X");
  ASSERT_EQ(sealed.rfind("s1:", 0), 0u) << sealed;
  EXPECT_TRUE(p.sealedWith(sealed, protect::Cipher::sm4));
  EXPECT_FALSE(p.sealedWith(sealed, protect::Cipher::aes256gcm));
  EXPECT_EQ(p.open("id_number", sealed), "11010519491231002X");
  EXPECT_NE(p.seal("id_number", "11010519491231002X"), sealed);  // a fresh IV every time
  EXPECT_THROW(p.open("bank_account", sealed), std::runtime_error);
  EXPECT_THROW(protect::DataProtection(std::string(32, 'q'), protect::Cipher::sm4).open("id_number", sealed), std::runtime_error);
  // Any changed byte, in the IV, the ciphertext or the tag, fails the MAC before decryption.
  auto raw = crypto::fromBase64(sealed.substr(3));
  ASSERT_EQ(raw.size(), 16u + 32u + 32u);  // IV, two blocks of padded ciphertext, tag
  for (std::size_t at : {std::size_t{0}, std::size_t{20}, raw.size() - 1}) {
    auto t = raw;
    t[at] = static_cast<char>(t[at] ^ 1);
    EXPECT_THROW(p.open("id_number", "s1:" + crypto::base64(t)), std::runtime_error) << at;
  }
  EXPECT_THROW(p.open("id_number", "s1:" + crypto::base64(raw.substr(0, 40))), std::runtime_error);
}

// Both formats open whatever the setting, so a database is resealed while servers run.
TEST(DataProtection, EitherSuiteOpensWhatTheOtherSealed) {
  const std::string key(32, 'k');
  protect::DataProtection aes(key), sm4(key, protect::Cipher::sm4);
  EXPECT_EQ(aes.cipher(), protect::Cipher::aes256gcm);
  auto a = aes.seal("bank_account", "6222020200112233446");
  auto s = sm4.seal("bank_account", "6222020200112233446");
  EXPECT_EQ(a.rfind("v1:", 0), 0u);
  EXPECT_EQ(sm4.open("bank_account", a), "6222020200112233446");
  EXPECT_EQ(aes.open("bank_account", s), "6222020200112233446");
  EXPECT_EQ(aes.seal("bank_account", "x", protect::Cipher::sm4).rfind("s1:", 0), 0u);
  EXPECT_THROW(aes.open("bank_account", "x1:AAAA"), std::runtime_error);
  // What the server sealed before the suites existed (AES-256-GCM under HMAC-SHA256(key, "socialroll/seal/v1")) still opens.
  auto before = "v1:" + crypto::base64(crypto::aesGcmSeal(crypto::hmacSha256(key, "socialroll/seal/v1"), "110105194912310021", "id_number"));
  EXPECT_EQ(sm4.open("id_number", before), "110105194912310021");
}

TEST(DataProtection, EachSuiteHasItsOwnLookupHashAndLookupsAskForBoth) {
  const std::string key(32, 'k');
  protect::DataProtection aes(key), sm4(key, protect::Cipher::sm4);
  // The AES suite's hash is the one stored before the suites existed: HMAC-SHA256 under its derived key.
  EXPECT_EQ(aes.lookupHash("id_number", "x"),
            crypto::toHex(crypto::hmacSha256(crypto::hmacSha256(key, "socialroll/lookup/v1"), std::string("id_number\0x", 11))));
  EXPECT_EQ(sm4.lookupHash("id_number", "x"),
            crypto::toHex(crypto::hmacSm3(crypto::hmacSm3(key, "socialroll/sm3-lookup/v1"), std::string("id_number\0x", 11))));
  EXPECT_EQ(sm4.lookupHash("id_number", "x"), aes.lookupHash("id_number", "x", protect::Cipher::sm4));
  EXPECT_EQ(sm4.lookupHashes("id_number", "x"),
            (std::vector<std::string>{sm4.lookupHash("id_number", "x"), aes.lookupHash("id_number", "x")}));
  EXPECT_EQ(aes.lookupHashes("id_number", "x").front(), aes.lookupHash("id_number", "x"));
  EXPECT_EQ(protect::cipherNamed("sm4"), protect::Cipher::sm4);
  EXPECT_EQ(protect::cipherNamed("aes-256-gcm"), protect::Cipher::aes256gcm);
  EXPECT_FALSE(protect::cipherNamed("des"));
}
