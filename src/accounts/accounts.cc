#include "redline/accounts.h"

#include <sodium.h>

#include <cassert>
#include <optional>
#include <utility>

#include "fmt/format.h"
#include "redline/text.h"
#include "util/sodium_util.h"
#include "util/utc_time.h"

namespace redline {

namespace {

// OWASP's argon2id parameters: m = 19 MiB, t = 2, p = 1 (libsodium always
// uses one lane).
constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = size_t{19} << 20;

constexpr int kMaxUserNameLength = 64;
constexpr int kTokenBytes = 32;

const char kWrongLogin[] = "wrong user name or password";

Status CheckPassword(std::string_view password) {
  if (password.size() > static_cast<size_t>(kMaxPasswordBytes)) {
    return Status::Usage(
        fmt::format("password is longer than {} bytes", kMaxPasswordBytes));
  }
  // ValidateUtf8's message quotes the offending byte: keep it out of
  // messages and logs, it is part of a password.
  if (!ValidateUtf8(password).ok()) {
    return Status::Usage("password is not valid UTF-8");
  }
  int code_points = 0;
  for (char c : password) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  }
  if (code_points < kMinPasswordLength) {
    return Status::Usage(fmt::format("password is shorter than {} characters",
                                     kMinPasswordLength));
  }
  return Status::Ok();
}

// A hash of a password nobody knows, with the current parameters: verifying
// against it costs what verifying a real user's hash costs.
const std::string& DummyHash() {
  static const std::string hash =
      HashPassword("no user has this password").value_or("");
  return hash;
}

// VerifyPassword, but a password longer than any accepted one fails at
// once, whoever's hash it is.
bool PasswordMatches(const std::string& hash, std::string_view password) {
  return password.size() <= size_t{kMaxPasswordBytes} &&
         VerifyPassword(hash, password);
}

Result<LoginOutcome> OpenSession(Transaction& txn, User user,
                                 const std::string& now,
                                 std::string expires_at) {
  if (Status status = txn.ClearLoginFailures(user.name); !status.ok()) {
    return status;
  }
  if (Status status = txn.RemoveExpiredSessions(now); !status.ok()) {
    return status;
  }
  LoginOutcome outcome{std::move(user), NewToken(), std::move(expires_at)};
  Status status = txn.AddSession(
      {TokenHash(outcome.token), outcome.user.id, now, outcome.expires_at});
  if (!status.ok()) return status;
  return outcome;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (Status status = CheckPassword(password); !status.ok()) return status;
  if (!SodiumReady()) return Status::Internal("libsodium failed to start");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), kOpsLimit,
                            kMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("out of memory hashing a password");
  }
  return std::string(hash);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!SodiumReady()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

std::string NewToken() {
  const bool ready = SodiumReady();
  assert(ready);  // randombytes_buf works (and never fails) without it too
  (void)ready;
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char text[sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, kVariant);
  sodium_memzero(bytes, sizeof bytes);
  return std::string(text);
}

std::string TokenHash(std::string_view token) {
  unsigned char hash[crypto_generichash_BYTES];  // 32: BLAKE2b-256
  crypto_generichash(hash, sizeof hash,
                     reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(hash, sizeof hash);
}

Status CheckUserName(const std::string& name) {
  if (name.empty()) return Status::Usage("user name is empty");
  if (name.size() > kMaxUserNameLength) {
    return Status::Usage(fmt::format("user name is longer than {} characters",
                                     kMaxUserNameLength));
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                    c == '_' || c == '@';
    // The name is not quoted: it may hold control characters.
    if (!ok) {
      return Status::Usage(fmt::format(
          "bad user name: byte {} (0x{:02x}) is not a letter, digit, '.', "
          "'-', '_' or '@'",
          i + 1, c));
    }
  }
  return Status::Ok();
}

Result<User> AddUser(Transaction& txn, const std::string& name,
                     std::string_view password, bool admin,
                     const std::string& at) {
  if (Status status = CheckUserName(name); !status.ok()) return status;
  if (Status status = CheckPassword(password); !status.ok()) return status;
  Result<std::optional<User>> existing = txn.FindUser(name);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return Status::Usage(fmt::format("user name '{}' is in use", name));
  }
  Result<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  User user{0, name, std::move(*hash), admin, at};
  Result<int64_t> id = txn.AddUser(user);
  if (!id.ok()) return id.status();
  user.id = *id;
  return user;
}

Status ChangePassword(Transaction& txn, const std::string& name,
                      std::string_view password) {
  if (Status status = CheckPassword(password); !status.ok()) return status;
  Result<std::optional<User>> user = txn.FindUser(name);
  if (!user.ok()) return user.status();
  if (!user->has_value()) {
    return Status::NotFound(fmt::format("no user '{}'", name));
  }
  Result<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  // The store ends the user's sessions along with the old hash
  // (Transaction::SetPasswordHash).
  return txn.SetPasswordHash((*user)->id, *hash);
}

Status RemoveUser(Transaction& txn, const std::string& name) {
  Result<std::optional<User>> user = txn.FindUser(name);
  if (!user.ok()) return user.status();
  if (!user->has_value()) {
    return Status::NotFound(fmt::format("no user '{}'", name));
  }
  return txn.RemoveUser((*user)->id);
}

Status Grant(Transaction& txn, const std::string& user, int64_t negotiation,
             const std::string& party) {
  Result<std::optional<User>> found = txn.FindUser(user);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return Status::NotFound(fmt::format("no user '{}'", user));
  }
  Result<std::vector<Party>> parties = txn.Parties(negotiation);
  if (!parties.ok()) return parties.status();
  for (const Party& p : *parties) {
    if (p.name == party) {
      return txn.SetMembership({(*found)->id, negotiation, p.id});
    }
  }
  return Status::NotFound(
      fmt::format("no party '{}' in negotiation {}", party, negotiation));
}

Result<LoginOutcome> Login(Transaction& txn, const std::string& name,
                           std::string_view password, const std::string& now,
                           int64_t lifetime_seconds) {
  if (lifetime_seconds <= 0) {
    return Status::Usage("a session's lifetime must be positive");
  }
  Result<std::string> expires_at = AddSeconds(now, lifetime_seconds);
  if (!expires_at.ok()) return expires_at.status();
  Result<std::string> since = AddSeconds(now, -kLoginFailureWindowSeconds);
  if (!since.ok()) return since.status();
  // Made on the first login of any kind, so that the first login under an
  // unknown name is not the slow one.
  const std::string& dummy_hash = DummyHash();

  // No user can have a malformed name, and recording failures under
  // arbitrary (long) names would let anyone fill the store.
  if (!CheckUserName(name).ok()) {
    PasswordMatches(dummy_hash, password);
    return Status::Unauthenticated(kWrongLogin);
  }
  // Throttling looks only at the name, not at whether it exists, so that it
  // reveals nothing about which names do.
  Result<int64_t> failures = txn.LoginFailures(name, *since);
  if (!failures.ok()) return failures.status();
  if (*failures >= kMaxLoginFailures) {
    return Status::Throttled(fmt::format(
        "too many failed logins as '{}' in the last {} minutes; try again "
        "later",
        name, kLoginFailureWindowSeconds / 60));
  }

  Result<std::optional<User>> user = txn.FindUser(name);
  if (!user.ok()) return user.status();
  // An unknown name costs the same time as a wrong password.
  const bool known = user->has_value();
  if (!PasswordMatches(known ? (*user)->password_hash : dummy_hash, password) ||
      !known) {
    if (Status status = txn.AddLoginFailure(name, now); !status.ok()) {
      return status;
    }
    return Status::Unauthenticated(kWrongLogin);
  }
  return OpenSession(txn, std::move(**user), now, std::move(*expires_at));
}

Result<User> Authenticate(Transaction& txn, std::string_view token,
                          const std::string& now) {
  if (token.empty()) return Status::Unauthenticated("not logged in");
  Result<std::optional<User>> user = txn.SessionUser(TokenHash(token), now);
  if (!user.ok()) return user.status();
  if (!user->has_value()) {
    return Status::Unauthenticated(
        "the session has expired or ended; log in again");
  }
  return std::move(**user);
}

Status Logout(Transaction& txn, std::string_view token) {
  return txn.RemoveSession(TokenHash(token));
}

Result<std::string> AddSeconds(const std::string& time, int64_t seconds) {
  std::optional<int64_t> start = ParseUtcTime(time);
  if (!start) {
    return Status::BadInput(fmt::format(
        "malformed time '{}': expected YYYY-MM-DDTHH:MM:SSZ", time));
  }
  int64_t end = 0;
  std::optional<std::string> formatted;
  if (!__builtin_add_overflow(*start, seconds, &end)) {
    formatted = FormatUtcTime(end);
  }
  if (!formatted) {
    return Status::BadInput(fmt::format(
        "time '{}' plus {} seconds is outside the years 0001 to 9999", time,
        seconds));
  }
  return std::move(*formatted);
}

}  // namespace redline
