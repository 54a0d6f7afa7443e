#include "redline/accounts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace redline {
namespace {

const char kStart[] = "2026-11-27T17:05:00Z";
const char kPassword[] = "correct horse battery";

// `time` plus `seconds`, for building test times.
std::string At(const std::string& time, int64_t seconds) {
  Result<std::string> result = AddSeconds(time, seconds);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.value_or("");
}

TEST(AccountsPasswordTest, HashCarriesOwaspArgon2idParameters) {
  Result<std::string> hash = HashPassword(kPassword);
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
}

TEST(AccountsPasswordTest, VerifyAcceptsOnlyTheRightPassword) {
  Result<std::string> hash = HashPassword(kPassword);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery!"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("", kPassword));
  EXPECT_FALSE(
      VerifyPassword("$argon2id$v=19$m=19456,t=2,p=1$junk", kPassword));
}

TEST(AccountsPasswordTest, SamePasswordHashesDifferently) {
  // A random salt per hash.
  EXPECT_NE(HashPassword(kPassword).value_or("a"),
            HashPassword(kPassword).value_or("a"));
}

TEST(AccountsPasswordTest, LengthCountsCodePoints) {
  // 7 characters in 14 bytes: too short.
  Result<std::string> short_hash = HashPassword(
      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3"
      "\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
  ASSERT_FALSE(short_hash.ok());
  EXPECT_EQ(short_hash.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(short_hash.status().message(),
            "password is shorter than 8 characters");
  // 8 of them are enough, and verify.
  const std::string eight =
      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
      "\xC3\xA9\xC3\xA9";
  Result<std::string> hash = HashPassword(eight);
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_TRUE(VerifyPassword(*hash, eight));
}

TEST(AccountsPasswordTest, RefusesBadPasswords) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "password is shorter than 8 characters"},
      {"1234567", "password is shorter than 8 characters"},
      {std::string(1025, 'x'), "password is longer than 1024 bytes"},
      // The message does not quote the bad byte: it is part of a password.
      {"abcdefgh\xFF", "password is not valid UTF-8"},
      {"abcdefgh\xED\xA0\x80", "password is not valid UTF-8"},  // surrogate
  };
  for (const auto& [password, message] : cases) {
    Result<std::string> hash = HashPassword(password);
    ASSERT_FALSE(hash.ok()) << password;
    EXPECT_EQ(hash.status().code(), ErrorCode::kUsage);
    EXPECT_EQ(hash.status().message(), message);
  }
  EXPECT_TRUE(HashPassword(std::string(1024, 'x')).ok());
}

TEST(AccountsTokenTest, TokensAre43UrlSafeCharactersAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string token = NewToken();
    ASSERT_EQ(token.size(), 43u) << token;
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "abcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(AccountsTokenTest, TokenHashIsHexBlake2b256) {
  EXPECT_EQ(TokenHash("abc"),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(AccountsUserNameTest, AcceptsLettersDigitsAndFourMarks) {
  EXPECT_TRUE(CheckUserName("alice").ok());
  EXPECT_TRUE(CheckUserName("A.b-c_d@mission.example").ok());
  EXPECT_TRUE(CheckUserName(std::string(64, 'n')).ok());
}

TEST(AccountsUserNameTest, RefusesOthersNamingTheByte) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "user name is empty"},
      {std::string(65, 'n'), "user name is longer than 64 characters"},
      {"al ice",
       "bad user name: byte 3 (0x20) is not a letter, digit, '.', '-', '_' or "
       "'@'"},
      {"\xC3\xA9lise",
       "bad user name: byte 1 (0xc3) is not a letter, digit, '.', '-', '_' or "
       "'@'"},
      {"bob\n",
       "bad user name: byte 4 (0x0a) is not a letter, digit, '.', '-', '_' or "
       "'@'"},
  };
  for (const auto& [name, message] : cases) {
    Status status = CheckUserName(name);
    EXPECT_EQ(status.code(), ErrorCode::kUsage) << name;
    EXPECT_EQ(status.message(), message);
  }
}

TEST(AccountsTimeTest, AddSecondsCarriesAcrossFields) {
  EXPECT_EQ(At(kStart, 3600), "2026-11-27T18:05:00Z");
  EXPECT_EQ(At(kStart, 0), kStart);
  EXPECT_EQ(At(kStart, -17 * 3600 - 5 * 60 - 1), "2026-11-26T23:59:59Z");
  EXPECT_EQ(At("2028-02-28T23:59:59Z", 1), "2028-02-29T00:00:00Z");
  EXPECT_EQ(At("2026-12-31T23:59:59Z", 1), "2027-01-01T00:00:00Z");
  EXPECT_EQ(At("1970-01-01T00:00:00Z", -1), "1969-12-31T23:59:59Z");
}

TEST(AccountsTimeTest, AddSecondsRefusesMalformedTimes) {
  for (const std::string time :
       {"", "2026-11-27", "2026-11-27 17:05:00Z", "2026-11-27T17:05:00",
        "2026-11-27T17:05:00+01:00", "2026-11-27T17:05:00.5Z",
        "2026-11-27t17:05:00z", "+026-11-27T17:05:00Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-11-27T24:00:00Z", "2026-11-27T17:60:00Z", "2026-11-27T17:05:60Z",
        "0000-01-01T00:00:00Z", " 2026-11-27T17:05:00Z"}) {
    Result<std::string> result = AddSeconds(time, 1);
    ASSERT_FALSE(result.ok()) << time;
    EXPECT_EQ(result.status().code(), ErrorCode::kBadInput);
    EXPECT_EQ(result.status().message(),
              "malformed time '" + time + "': expected YYYY-MM-DDTHH:MM:SSZ");
  }
}

TEST(AccountsTimeTest, AddSecondsRefusesResultsOutOfRange) {
  for (int64_t seconds : {int64_t{1}, std::numeric_limits<int64_t>::max()}) {
    Result<std::string> result = AddSeconds("9999-12-31T23:59:59Z", seconds);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), ErrorCode::kBadInput);
  }
  Result<std::string> result =
      AddSeconds("0001-01-01T00:00:00Z", std::numeric_limits<int64_t>::min());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "time '0001-01-01T00:00:00Z' plus -9223372036854775808 seconds is "
            "outside the years 0001 to 9999");
}

// Accounts in a real SQLite store in a temporary directory.
class AccountsTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/redline_accounts_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    StoreOptions options;
    options.create = true;
    Result<std::unique_ptr<Store>> store =
        OpenStore(dir_ + "/store.db", options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
    Run([&](Transaction& txn) {
      return AddUser(txn, "alice", kPassword, false, kStart).status();
    });
  }
  void TearDown() override {
    store_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }

  // Runs `work` in a write transaction, committed even when `work` fails
  // (as the server commits failed logins); returns `work`'s status.
  Status Run(const std::function<Status(Transaction&)>& work) {
    Status result;
    const Status status = store_->Transact(true, [&](Transaction& txn) {
      result = work(txn);
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.message();
    return result;
  }

  Result<LoginOutcome> DoLogin(const std::string& name,
                               const std::string& password,
                               const std::string& now,
                               int64_t lifetime = 3600) {
    Result<LoginOutcome> outcome = Status::Internal("not run");
    Run([&](Transaction& txn) {
      outcome = Login(txn, name, password, now, lifetime);
      return outcome.status();
    });
    return outcome;
  }

  Result<User> DoAuthenticate(const std::string& token,
                              const std::string& now) {
    Result<User> user = Status::Internal("not run");
    Run([&](Transaction& txn) {
      user = Authenticate(txn, token, now);
      return user.status();
    });
    return user;
  }

  std::vector<User> AllUsers() {
    std::vector<User> users;
    Run([&](Transaction& txn) {
      Result<std::vector<User>> all = txn.Users();
      if (all.ok()) users = *all;
      return all.status();
    });
    return users;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(AccountsTest, AddUserStoresTheHashNotThePassword) {
  std::vector<User> users = AllUsers();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].name, "alice");
  EXPECT_FALSE(users[0].admin);
  EXPECT_EQ(users[0].created_at, kStart);
  EXPECT_EQ(users[0].password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(users[0].password_hash, kPassword));

  Result<User> admin = Status::Internal("not run");
  Run([&](Transaction& txn) {
    admin = AddUser(txn, "root@mission", kPassword, true, kStart);
    return admin.status();
  });
  ASSERT_TRUE(admin.ok()) << admin.status().message();
  EXPECT_TRUE(admin->admin);
  EXPECT_NE(admin->id, users[0].id);
  EXPECT_EQ(AllUsers().size(), 2u);
}

TEST_F(AccountsTest, AddUserRefusesBadNamesPasswordsAndNamesInUse) {
  const struct {
    std::string name, password, message;
  } cases[] = {
      {"alice", kPassword, "user name 'alice' is in use"},
      {"", kPassword, "user name is empty"},
      {"bo b", kPassword,
       "bad user name: byte 3 (0x20) is not a letter, digit, '.', '-', '_' or "
       "'@'"},
      {"bob", "short", "password is shorter than 8 characters"},
      {"bob", "abcdefgh\xC0\xAF", "password is not valid UTF-8"},
  };
  for (const auto& c : cases) {
    Status status = Run([&](Transaction& txn) {
      return AddUser(txn, c.name, c.password, false, kStart).status();
    });
    EXPECT_EQ(status.code(), ErrorCode::kUsage) << c.name;
    EXPECT_EQ(status.message(), c.message);
  }
  EXPECT_EQ(AllUsers().size(), 1u);
}

TEST_F(AccountsTest, LoginOpensASessionUntilItExpires) {
  Result<LoginOutcome> login = DoLogin("alice", kPassword, kStart, 3600);
  ASSERT_TRUE(login.ok()) << login.status().message();
  EXPECT_EQ(login->user.name, "alice");
  EXPECT_EQ(login->token.size(), 43u);
  EXPECT_EQ(login->expires_at, "2026-11-27T18:05:00Z");

  for (const std::string& now : {std::string(kStart), At(kStart, 3599)}) {
    Result<User> user = DoAuthenticate(login->token, now);
    ASSERT_TRUE(user.ok()) << now << ": " << user.status().message();
    EXPECT_EQ(user->name, "alice");
    EXPECT_EQ(user->id, login->user.id);
  }
  for (const std::string& now : {At(kStart, 3600), At(kStart, 7200)}) {
    Result<User> user = DoAuthenticate(login->token, now);
    ASSERT_FALSE(user.ok()) << now;
    EXPECT_EQ(user.status().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(user.status().message(),
              "the session has expired or ended; log in again");
  }
}

TEST_F(AccountsTest, AuthenticateRefusesUnknownAndEmptyTokens) {
  ASSERT_TRUE(DoLogin("alice", kPassword, kStart).ok());
  Result<User> user = DoAuthenticate(NewToken(), kStart);
  EXPECT_EQ(user.status().code(), ErrorCode::kUnauthenticated);
  user = DoAuthenticate("", kStart);
  EXPECT_EQ(user.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(user.status().message(), "not logged in");
}

TEST_F(AccountsTest, TwoLoginsHaveTwoSessions) {
  Result<LoginOutcome> first = DoLogin("alice", kPassword, kStart);
  Result<LoginOutcome> second = DoLogin("alice", kPassword, kStart);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->token, second->token);
  ASSERT_TRUE(
      Run([&](Transaction& txn) { return Logout(txn, first->token); }).ok());
  EXPECT_FALSE(DoAuthenticate(first->token, kStart).ok());
  EXPECT_TRUE(DoAuthenticate(second->token, kStart).ok());
}

TEST_F(AccountsTest, LogoutEndsTheSession) {
  Result<LoginOutcome> login = DoLogin("alice", kPassword, kStart);
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(DoAuthenticate(login->token, kStart).ok());
  EXPECT_TRUE(
      Run([&](Transaction& txn) { return Logout(txn, login->token); }).ok());
  Result<User> user = DoAuthenticate(login->token, kStart);
  EXPECT_EQ(user.status().code(), ErrorCode::kUnauthenticated);
  // Again, and with a token that never was: nothing to do.
  EXPECT_TRUE(
      Run([&](Transaction& txn) { return Logout(txn, login->token); }).ok());
  EXPECT_TRUE(
      Run([&](Transaction& txn) { return Logout(txn, "no such token"); }).ok());
}

TEST_F(AccountsTest, WrongPasswordAndUnknownUserLookTheSame) {
  Result<LoginOutcome> wrong = DoLogin("alice", "wrong password", kStart);
  Result<LoginOutcome> unknown = DoLogin("mallory", kPassword, kStart);
  Result<LoginOutcome> malformed = DoLogin("mal lory", kPassword, kStart);
  Result<LoginOutcome> too_long =
      DoLogin("alice", std::string(2000, 'x'), kStart);
  for (const Result<LoginOutcome>* r :
       {&wrong, &unknown, &malformed, &too_long}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->status().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r->status().message(), "wrong user name or password");
  }
}

TEST_F(AccountsTest, LoginRefusesBadTimesAndLifetimes) {
  Result<LoginOutcome> login = DoLogin("alice", kPassword, "yesterday");
  EXPECT_EQ(login.status().code(), ErrorCode::kBadInput);
  login = DoLogin("alice", kPassword, kStart, 0);
  EXPECT_EQ(login.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(login.status().message(), "a session's lifetime must be positive");
}

TEST_F(AccountsTest, FiveFailuresThrottleEvenTheRightPassword) {
  for (int i = 0; i < kMaxLoginFailures; ++i) {
    Result<LoginOutcome> login =
        DoLogin("alice", "wrong password", At(kStart, i));
    EXPECT_EQ(login.status().code(), ErrorCode::kUnauthenticated) << i;
  }
  // Failures at kStart + 0..4 s; each counts for 15 minutes.
  for (const std::string& now : {At(kStart, 5), At(kStart, 900)}) {
    Result<LoginOutcome> login = DoLogin("alice", kPassword, now);
    ASSERT_FALSE(login.ok()) << now;
    EXPECT_EQ(login.status().code(), ErrorCode::kThrottled);
    EXPECT_EQ(login.status().message(),
              "too many failed logins as 'alice' in the last 15 minutes; try "
              "again later");
  }
  // The first failure has left the window: four remain, below the limit.
  Result<LoginOutcome> login = DoLogin("alice", kPassword, At(kStart, 901));
  ASSERT_TRUE(login.ok()) << login.status().message();
}

TEST_F(AccountsTest, ThrottledAttemptsAreNotCounted) {
  for (int i = 0; i < kMaxLoginFailures; ++i) {
    DoLogin("alice", "wrong password", kStart);
  }
  // Hammering while throttled does not extend the window.
  for (int i = 1; i < 5; ++i) {
    EXPECT_EQ(
        DoLogin("alice", "wrong password", At(kStart, 60 * i)).status().code(),
        ErrorCode::kThrottled);
  }
  EXPECT_TRUE(DoLogin("alice", kPassword, At(kStart, 901)).ok());
}

TEST_F(AccountsTest, UnknownNamesAreThrottledLikeKnownOnes) {
  for (int i = 0; i < kMaxLoginFailures; ++i) {
    DoLogin("mallory", kPassword, kStart);
  }
  Result<LoginOutcome> login = DoLogin("mallory", kPassword, kStart);
  EXPECT_EQ(login.status().code(), ErrorCode::kThrottled);
  EXPECT_EQ(login.status().message(),
            "too many failed logins as 'mallory' in the last 15 minutes; try "
            "again later");
  // Other names are not affected.
  EXPECT_TRUE(DoLogin("alice", kPassword, kStart).ok());
}

TEST_F(AccountsTest, SuccessfulLoginClearsFailures) {
  for (int i = 0; i < kMaxLoginFailures - 1; ++i) {
    DoLogin("alice", "wrong password", kStart);
  }
  ASSERT_TRUE(DoLogin("alice", kPassword, kStart).ok());
  for (int i = 0; i < kMaxLoginFailures - 1; ++i) {
    DoLogin("alice", "wrong password", kStart);
  }
  EXPECT_TRUE(DoLogin("alice", kPassword, kStart).ok());
}

TEST_F(AccountsTest, ChangePasswordEndsSessions) {
  Result<LoginOutcome> login = DoLogin("alice", kPassword, kStart);
  ASSERT_TRUE(login.ok());
  const std::string new_password = "staple battery horse";
  Status status = Run([&](Transaction& txn) {
    return ChangePassword(txn, "alice", new_password);
  });
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(DoAuthenticate(login->token, kStart).status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(DoLogin("alice", kPassword, kStart).status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_TRUE(DoLogin("alice", new_password, kStart).ok());
}

TEST_F(AccountsTest, ChangePasswordRefusesUnknownUsersAndBadPasswords) {
  Status status = Run(
      [&](Transaction& txn) { return ChangePassword(txn, "bob", kPassword); });
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_EQ(status.message(), "no user 'bob'");
  status = Run(
      [&](Transaction& txn) { return ChangePassword(txn, "alice", "short"); });
  EXPECT_EQ(status.code(), ErrorCode::kUsage);
  EXPECT_EQ(status.message(), "password is shorter than 8 characters");
  EXPECT_TRUE(DoLogin("alice", kPassword, kStart).ok());
}

TEST_F(AccountsTest, RemoveUserEndsSessionsAndLogins) {
  Result<LoginOutcome> login = DoLogin("alice", kPassword, kStart);
  ASSERT_TRUE(login.ok());
  Status status =
      Run([&](Transaction& txn) { return RemoveUser(txn, "alice"); });
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(AllUsers().empty());
  EXPECT_EQ(DoAuthenticate(login->token, kStart).status().code(),
            ErrorCode::kUnauthenticated);
  Result<LoginOutcome> again = DoLogin("alice", kPassword, kStart);
  EXPECT_EQ(again.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(again.status().message(), "wrong user name or password");

  status = Run([&](Transaction& txn) { return RemoveUser(txn, "alice"); });
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_EQ(status.message(), "no user 'alice'");
}

TEST_F(AccountsTest, GrantReplacesThePartyInTheSameNegotiation) {
  int64_t negotiation = 0, other = 0;
  std::map<std::string, int64_t> parties;
  ASSERT_TRUE(
      Run([&](Transaction& txn) -> Status {
        Result<int64_t> id =
            txn.AddNegotiation({0, "Lake Orva talks", "2026-11-01T09:00:00Z"});
        if (!id.ok()) return id.status();
        negotiation = *id;
        for (const char* name : {"Norland", "Kestria"}) {
          Result<int64_t> party =
              txn.AddParty({0, negotiation, name, PartyKind::kParty});
          if (!party.ok()) return party.status();
          parties[name] = *party;
        }
        id = txn.AddNegotiation({0, "River talks", "2026-11-01T09:00:00Z"});
        if (!id.ok()) return id.status();
        other = *id;
        Result<int64_t> party =
            txn.AddParty({0, other, "Norland", PartyKind::kParty});
        if (!party.ok()) return party.status();
        parties["River Norland"] = *party;
        return Status::Ok();
      }).ok());

  auto memberships = [&] {
    std::vector<Membership> result;
    Run([&](Transaction& txn) -> Status {
      Result<std::optional<User>> user = txn.FindUser("alice");
      if (!user.ok()) return user.status();
      Result<std::vector<Membership>> all = txn.Memberships((*user)->id);
      if (all.ok()) result = *all;
      return all.status();
    });
    return result;
  };
  auto grant = [&](int64_t n, const std::string& party) {
    return Run([&](Transaction& txn) { return Grant(txn, "alice", n, party); });
  };

  ASSERT_TRUE(grant(negotiation, "Norland").ok());
  ASSERT_TRUE(grant(other, "Norland").ok());
  ASSERT_TRUE(grant(negotiation, "Kestria").ok());
  std::vector<Membership> now = memberships();
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(now[0].negotiation, negotiation);
  EXPECT_EQ(now[0].party, parties["Kestria"]);
  EXPECT_EQ(now[1].negotiation, other);
  EXPECT_EQ(now[1].party, parties["River Norland"]);

  Status status = grant(negotiation, "Atlantis");
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_EQ(status.message(), "no party 'Atlantis' in negotiation " +
                                  std::to_string(negotiation));
  status = grant(negotiation + 100, "Norland");
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  status = Run([&](Transaction& txn) {
    return Grant(txn, "bob", negotiation, "Norland");
  });
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_EQ(status.message(), "no user 'bob'");
  EXPECT_EQ(memberships().size(), 2u);
}

}  // namespace
}  // namespace redline
