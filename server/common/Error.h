#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sr {

// Stable, machine-readable error codes of the API contract. The HTTP status of each lives in
// exactly one table (Error.cpp); domain code never names a status.
enum class Code {
  validation_failed,
  bad_request,
  malformed_json,
  unauthenticated,
  forbidden,
  not_found,
  method_not_allowed,
  conflict,
  blacklisted,
  already_employed,
  ineligible,
  notice_too_short,
  period_locked,
  four_eyes,
  unconfirmed_approver,
  open_ended_required,
  policy_incomplete,
  account_locked,
  password_change_required,
  payload_too_large,
  request_timeout,
  length_required,
  headers_too_large,
  rate_limited,
  unavailable,
  internal,
};

struct FieldError {
  std::string field;
  std::string message;
};

std::string_view codeName(Code code);
int httpStatus(Code code);
std::string_view codeTitle(Code code);

// The one error type. `detail` is safe to show a client; `logDetail` is for the log only.
class Error : public std::runtime_error {
 public:
  Error(Code code, std::string detail, std::vector<FieldError> fields = {}, std::string logDetail = {});
  Code code() const { return code_; }
  const std::string& detail() const { return detail_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  const std::string& logDetail() const { return logDetail_; }
  // Seconds a client should wait before trying again (sent as Retry-After; 0 = none).
  int64_t retryAfter() const { return retryAfter_; }
  Error& withRetryAfter(int64_t seconds) {
    retryAfter_ = seconds;
    return *this;
  }

 private:
  Code code_;
  int64_t retryAfter_ = 0;
  std::string detail_;
  std::vector<FieldError> fields_;
  std::string logDetail_;
};

[[noreturn]] void throwNotFound(std::string_view what);

// Gathers every field error of one request so the client sees them all at once.
class Validator {
 public:
  void add(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  bool ok() const { return errors_.empty(); }
  bool has(std::string_view field) const;
  const std::vector<FieldError>& errors() const { return errors_; }
  void throwIfAny(Code code = Code::validation_failed, std::string detail = "The request has invalid fields.") const;

 private:
  std::vector<FieldError> errors_;
};

}  // namespace sr
