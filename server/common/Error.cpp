#include "common/Error.h"

namespace sr {
namespace {
struct CodeInfo {
  Code code;
  std::string_view name;
  int status;
  std::string_view title;
};

// The one table mapping error codes to HTTP status.
constexpr CodeInfo kCodes[] = {
    {Code::validation_failed, "validation_failed", 422, "Validation failed"},
    {Code::bad_request, "bad_request", 400, "Malformed request"},
    {Code::malformed_json, "malformed_json", 400, "Malformed JSON"},
    {Code::unauthenticated, "unauthenticated", 401, "Authentication required"},
    {Code::forbidden, "forbidden", 403, "Forbidden"},
    {Code::not_found, "not_found", 404, "Not found"},
    {Code::method_not_allowed, "method_not_allowed", 405, "Method not allowed"},
    {Code::conflict, "conflict", 409, "Conflict"},
    {Code::blacklisted, "blacklisted", 409, "Person is blacklisted"},
    {Code::already_employed, "already_employed", 409, "Person already employed"},
    {Code::ineligible, "ineligible", 422, "Not eligible"},
    {Code::notice_too_short, "notice_too_short", 422, "Notice too short"},
    {Code::period_locked, "period_locked", 409, "Pay period locked"},
    {Code::four_eyes, "four_eyes", 403, "Second person required"},
    {Code::unconfirmed_approver, "unconfirmed_approver", 403, "Approver not confirmed by the bureau"},
    {Code::open_ended_required, "open_ended_required", 422, "An open-ended contract is due"},
    {Code::policy_incomplete, "policy_incomplete", 422, "The place's policy lacks figures payroll needs"},
    {Code::account_locked, "account_locked", 423, "Account locked"},
    {Code::password_change_required, "password_change_required", 403, "Set your own password first"},
    {Code::payload_too_large, "payload_too_large", 413, "Request body too large"},
    {Code::request_timeout, "request_timeout", 408, "Request not received in time"},
    {Code::length_required, "length_required", 411, "Content-Length required"},
    {Code::headers_too_large, "headers_too_large", 431, "Request headers too large"},
    {Code::rate_limited, "rate_limited", 429, "Too many requests"},
    {Code::unavailable, "unavailable", 503, "Service unavailable"},
    {Code::internal, "internal", 500, "Internal error"},
};

const CodeInfo& info(Code code) {
  for (const auto& c : kCodes)
    if (c.code == code) return c;
  return kCodes[sizeof(kCodes) / sizeof(kCodes[0]) - 1];
}
}  // namespace

std::string_view codeName(Code code) { return info(code).name; }
int httpStatus(Code code) { return info(code).status; }
std::string_view codeTitle(Code code) { return info(code).title; }

Error::Error(Code code, std::string detail, std::vector<FieldError> fields, std::string logDetail)
    : std::runtime_error(detail),
      code_(code),
      detail_(std::move(detail)),
      fields_(std::move(fields)),
      logDetail_(std::move(logDetail)) {}

void throwNotFound(std::string_view what) { throw Error(Code::not_found, std::string(what) + " not found."); }

bool Validator::has(std::string_view field) const {
  for (const auto& e : errors_)
    if (e.field == field) return true;
  return false;
}

void Validator::throwIfAny(Code code, std::string detail) const {
  if (!errors_.empty()) throw Error(code, std::move(detail), errors_);
}

}  // namespace sr
