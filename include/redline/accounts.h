// Accounts of the server: users with argon2id password hashes, their
// memberships (a user acts for one party per negotiation), login sessions
// with random tokens, and the throttling of failed logins. Everything lives
// in the store (store.h), so that several servers can share one.
//
// Each function works inside the caller's transaction and leaves it
// unchanged when it fails (except Login, which records failed logins).
// Errors of the store itself (kStorage, kBusy) are passed on unchanged.
//
// Thread-safety: the functions are thread-safe; the Transaction is not.

#ifndef REDLINE_ACCOUNTS_H_
#define REDLINE_ACCOUNTS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "redline/status.h"
#include "redline/store.h"

namespace redline {

// Passwords must have at least this many characters (code points).
inline constexpr int kMinPasswordLength = 8;
// Longer passwords are refused (argon2id would take them, but a megabyte
// "password" is an attack, not a password).
inline constexpr int kMaxPasswordBytes = 1024;

// The argon2id hash of `password` in libsodium's string format
// ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"), with the OWASP
// parameters (19 MiB of memory, 2 iterations, 1 lane) and a random salt.
// kUsage when the password is too short, too long or not valid UTF-8 (the
// message never quotes the password); kInternal when memory runs out.
// Takes tens of milliseconds and 19 MiB: that is the point.
Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `hash` (HashPassword's format). Constant time
// in the password; false for a malformed hash. As slow as HashPassword.
bool VerifyPassword(const std::string& hash, std::string_view password);

// A new session token: 256 random bits, base64url without padding (43
// characters).
std::string NewToken();

// The hex BLAKE2b-256 of a token: what the store keeps.
std::string TokenHash(std::string_view token);

// User names: 1 to 64 characters, ASCII letters, digits, '.', '-', '_' and
// '@' (so that names never need quoting or normalising). OK, or kUsage
// naming the first bad byte by position (the name is not quoted).
Status CheckUserName(const std::string& name);

// Adds a user created at `at`. kUsage for a bad name or password, or a name
// in use.
Result<User> AddUser(Transaction& txn, const std::string& name,
                     std::string_view password, bool admin,
                     const std::string& at);

// Sets a user's password; ends all of the user's sessions (the store's
// SetPasswordHash does that). kNotFound for an unknown user; kUsage for a
// bad password.
Status ChangePassword(Transaction& txn, const std::string& name,
                      std::string_view password);

// Removes a user with their memberships and sessions. kNotFound for an
// unknown user.
Status RemoveUser(Transaction& txn, const std::string& name);

// Makes `user` a member of the party named `party` in the negotiation
// (replacing their membership there). kNotFound for an unknown user or
// party (an unknown negotiation has no parties).
Status Grant(Transaction& txn, const std::string& user, int64_t negotiation,
             const std::string& party);

// Failed logins: after kMaxLoginFailures failures under one name within
// kLoginFailureWindowSeconds, logins under that name are refused
// (kThrottled) until the window has passed, even with the right password.
// Throttled attempts are not counted as failures, and a successful login
// clears the count.
inline constexpr int kMaxLoginFailures = 5;
inline constexpr int kLoginFailureWindowSeconds = 15 * 60;

struct LoginOutcome {
  User user;
  std::string token;       // give to the client; the store keeps its hash
  std::string expires_at;  // `now` + the session's lifetime
};

// Checks a name and password and opens a session for `lifetime_seconds`
// (> 0, else kUsage), removing expired sessions on the way. Checks, in
// order: kBadInput for a malformed `now`; kThrottled when too many failures
// came recently (the password is then not even checked);
// kUnauthenticated, "wrong user name or password", for an unknown name or a
// wrong password alike. An unknown name takes as long as a wrong password
// (it is checked against a dummy hash), and its failure is recorded too, so
// that neither timing nor throttling tells which names exist (malformed
// names are refused without recording). Times are ISO 8601 UTC.
// Note: the caller must commit the transaction even when this fails with
// kUnauthenticated, so that failures are counted.
Result<LoginOutcome> Login(Transaction& txn, const std::string& name,
                           std::string_view password, const std::string& now,
                           int64_t lifetime_seconds);

// The user of a session that expires after `now`, or kUnauthenticated.
Result<User> Authenticate(Transaction& txn, std::string_view token,
                          const std::string& now);

// Ends the session of this token (nothing if there is none).
Status Logout(Transaction& txn, std::string_view token);

// Time helpers on ISO 8601 UTC times to the second, the store's format
// ("2026-11-27T17:05:00Z"; exactly that shape, no fractions or offsets).

// `time` plus `seconds` (which may be negative). kBadInput when `time` is
// malformed (not of that shape, or no such date, e.g. February 30 or 24:00)
// or the result falls outside the years 0001 to 9999.
Result<std::string> AddSeconds(const std::string& time, int64_t seconds);

}  // namespace redline

#endif  // REDLINE_ACCOUNTS_H_
