// The store's accounts, sessions, login throttling, audit log and ledger
// lookups (schema version 2), on both backends, and the migration of a
// version 1 store.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redline/store.h"
#include "store/pg_test_database.h"

namespace redline {
namespace {

// Whole values as one line each, so that a mismatch shows every field.
std::string Show(const User& u) {
  return std::to_string(u.id) + "|" + u.name + "|" + u.password_hash + "|" +
         (u.admin ? "admin" : "-") + "|" + u.created_at;
}
std::string Show(const Membership& m) {
  return std::to_string(m.user) + "|" + std::to_string(m.negotiation) + "|" +
         std::to_string(m.party);
}
std::string Show(const AuditEntry& e) {
  return std::to_string(e.seq) + "|" + e.at + "|" + e.user + "|" + e.action +
         "|" + e.object + "|" + e.outcome + "|" + e.detail + "|" + e.prev_hash +
         "|" + e.hash + "|" + e.mac;
}
template <typename T>
std::vector<std::string> ShowAll(const std::vector<T>& values) {
  std::vector<std::string> shown;
  for (const T& value : values) shown.push_back(Show(value));
  return shown;
}
template <typename T>
std::string ShowFound(const std::optional<T>& value) {
  return value.has_value() ? Show(*value) : "(none)";
}

User MakeUser(const std::string& name, bool admin) {
  User user;
  user.name = name;
  user.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$" + name;
  user.admin = admin;
  user.created_at = "2026-11-01T09:00:00Z";
  return user;
}

AuditEntry MakeEntry(int64_t seq, const std::string& action) {
  AuditEntry e;
  e.seq = seq;
  e.at = "2026-11-27T17:05:0" + std::to_string(seq % 10) + "Z";
  e.user = seq == 1 ? "" : "ann";
  e.action = action;
  e.object = "negotiation/1/version/ab12";
  e.outcome = seq % 2 == 0 ? "ok" : "forbidden";
  e.detail = R"({"note": "quote \" and \\ and {braces}, commas"})";
  e.prev_hash = seq == 1 ? "" : std::string(64, 'a' + (seq - 1) % 6);
  e.hash = std::string(64, 'a' + seq % 6);
  e.mac = std::string(64, '0' + seq % 10);
  return e;
}

// The same tests on both backends: "sqlite" (a file in a temporary
// directory) and "postgres" (a fresh database on the REDLINE_TEST_PG server,
// skipped without one unless CI=true).
class AccountsStoreTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/redline_accounts_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    if (postgres() && PgTestServerUrl().empty()) {
      if (PgTestServerRequired()) FAIL() << "REDLINE_TEST_PG is not set";
      GTEST_SKIP() << "no PostgreSQL server (set REDLINE_TEST_PG)";
    }
    location_ = dir_ + "/main.db";
    if (postgres()) {
      database_ = std::make_unique<PgTestDatabase>(PgTestServerUrl());
      ASSERT_TRUE(database_->status().ok()) << database_->status().message();
      location_ = database_->url();
    }
  }
  void TearDown() override {
    store_.reset();
    database_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }

  bool postgres() const { return std::string(GetParam()) == "postgres"; }

  // Opens the store at location_ into store_.
  void Open() {
    store_.reset();
    StoreOptions options;
    options.create = true;
    Result<std::unique_ptr<Store>> store = OpenStore(location_, options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  // Opens a new store holding two negotiations: "Lake Orva talks" with the
  // parties Mediator, Norland and Kestria, and "Second talks" with Norland.
  void OpenWithParties() {
    ASSERT_NO_FATAL_FAILURE(Open());
    Write([&](Transaction& txn) {
      orva_ = txn.AddNegotiation({0, "Lake Orva talks", "t0"}).value();
      mediator_ =
          txn.AddParty({0, orva_, "Mediator", PartyKind::kMediator}).value();
      norland_ = txn.AddParty({0, orva_, "Norland", PartyKind::kParty}).value();
      kestria_ = txn.AddParty({0, orva_, "Kestria", PartyKind::kParty}).value();
      second_ = txn.AddNegotiation({0, "Second talks", "t1"}).value();
      second_norland_ =
          txn.AddParty({0, second_, "Norland", PartyKind::kParty}).value();
    });
  }

  // Runs `work` in a write transaction and expects it to commit.
  void Write(const std::function<void(Transaction&)>& work) {
    const Status status = store_->Transact(true, [&](Transaction& txn) {
      work(txn);
      return Status::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.message();
  }
  // The same in a read transaction.
  void Read(const std::function<void(Transaction&)>& work) {
    const Status status = store_->Transact(false, [&](Transaction& txn) {
      work(txn);
      return Status::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.message();
  }

  // Adds `user` and returns it with its id.
  User Add(Transaction& txn, User user) {
    Result<int64_t> id = txn.AddUser(user);
    EXPECT_TRUE(id.ok()) << id.status().message();
    user.id = id.value_or(0);
    return user;
  }

  std::string dir_;
  std::string location_;
  std::unique_ptr<PgTestDatabase> database_;
  std::unique_ptr<Store> store_;
  int64_t orva_ = 0, mediator_ = 0, norland_ = 0, kestria_ = 0;
  int64_t second_ = 0, second_norland_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, AccountsStoreTest,
                         testing::Values("sqlite", "postgres"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

TEST_P(AccountsStoreTest, UsersAreAddedFoundAndListedInOrder) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  User ann, bob;
  Write([&](Transaction& txn) {
    EXPECT_TRUE(txn.Users()->empty());
    bob = Add(txn, MakeUser("bob", false));
    ann = Add(txn, MakeUser("ann@example.org", true));
  });
  EXPECT_GT(ann.id, bob.id);
  Read([&](Transaction& txn) {
    EXPECT_EQ(ShowFound(txn.FindUser("ann@example.org").value()), Show(ann));
    EXPECT_EQ(ShowFound(txn.FindUser("bob").value()), Show(bob));
    EXPECT_EQ(ShowFound(txn.FindUser("Bob").value()), "(none)");
    EXPECT_EQ(ShowFound(txn.FindUser("").value()), "(none)");
    EXPECT_EQ(ShowAll(txn.Users().value()),
              (std::vector<std::string>{Show(bob), Show(ann)}));
  });
}

TEST_P(AccountsStoreTest, DuplicateUserNameFailsAndTheTransactionGoesOn) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  Write([&](Transaction& txn) {
    Add(txn, MakeUser("ann", false));
    Result<int64_t> again = txn.AddUser(MakeUser("ann", true));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.status().code(), ErrorCode::kStorage);
    Add(txn, MakeUser("bob", false));
  });
  Read([&](Transaction& txn) {
    std::vector<User> users = txn.Users().value();
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0].name, "ann");
    EXPECT_FALSE(users[0].admin);
    EXPECT_EQ(users[1].name, "bob");
  });
}

TEST_P(AccountsStoreTest, SetPasswordHashChangesOnlyThatUser) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  User ann, bob;
  Write([&](Transaction& txn) {
    ann = Add(txn, MakeUser("ann", false));
    bob = Add(txn, MakeUser("bob", false));
    ASSERT_TRUE(txn.SetPasswordHash(ann.id, "$argon2id$new").ok());
    const Status missing = txn.SetPasswordHash(bob.id + 100, "x");
    EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
    EXPECT_EQ(missing.message(),
              "no user with id " + std::to_string(bob.id + 100));
  });
  ann.password_hash = "$argon2id$new";
  Read([&](Transaction& txn) {
    EXPECT_EQ(ShowAll(txn.Users().value()),
              (std::vector<std::string>{Show(ann), Show(bob)}));
  });
}

TEST_P(AccountsStoreTest, RemoveUserRemovesMembershipsAndSessions) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  User ann, bob;
  Write([&](Transaction& txn) {
    ann = Add(txn, MakeUser("ann", false));
    bob = Add(txn, MakeUser("bob", false));
    for (const User& user : {ann, bob}) {
      ASSERT_TRUE(txn.SetMembership({user.id, orva_, norland_}).ok());
      ASSERT_TRUE(txn.SetMembership({user.id, second_, second_norland_}).ok());
      ASSERT_TRUE(txn.AddSession({"session-of-" + user.name, user.id, "t0",
                                  "2026-12-01T00:00:00Z"})
                      .ok());
    }
    ASSERT_TRUE(txn.RemoveUser(ann.id).ok());
  });
  Read([&](Transaction& txn) {
    EXPECT_EQ(ShowFound(txn.FindUser("ann").value()), "(none)");
    EXPECT_EQ(ShowAll(txn.Users().value()),
              std::vector<std::string>{Show(bob)});
    EXPECT_TRUE(txn.Memberships(ann.id)->empty());
    EXPECT_EQ(
        ShowAll(txn.Members(orva_).value()),
        std::vector<std::string>{Show(Membership{bob.id, orva_, norland_})});
    EXPECT_EQ(
        ShowFound(
            txn.SessionUser("session-of-ann", "2026-11-01T00:00:00Z").value()),
        "(none)");
    EXPECT_EQ(
        ShowFound(
            txn.SessionUser("session-of-bob", "2026-11-01T00:00:00Z").value()),
        Show(bob));
  });
  Write([&](Transaction& txn) {
    const Status again = txn.RemoveUser(ann.id);
    EXPECT_EQ(again.code(), ErrorCode::kNotFound);
    EXPECT_EQ(again.message(), "no user with id " + std::to_string(ann.id));
    // A new user never gets the id of a removed one.
    ASSERT_TRUE(txn.RemoveUser(bob.id).ok());
    EXPECT_GT(Add(txn, MakeUser("carol", false)).id, bob.id);
  });
}

TEST_P(AccountsStoreTest, SetMembershipReplacesTheMembershipInTheNegotiation) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  User ann, bob;
  Write([&](Transaction& txn) {
    ann = Add(txn, MakeUser("ann", false));
    bob = Add(txn, MakeUser("bob", false));
    ASSERT_TRUE(txn.SetMembership({ann.id, second_, second_norland_}).ok());
    ASSERT_TRUE(txn.SetMembership({bob.id, orva_, mediator_}).ok());
    ASSERT_TRUE(txn.SetMembership({ann.id, orva_, norland_}).ok());
    ASSERT_TRUE(txn.SetMembership({ann.id, orva_, kestria_}).ok());
  });
  Read([&](Transaction& txn) {
    // By negotiation; the second membership in Lake Orva replaced the first.
    EXPECT_EQ(ShowAll(txn.Memberships(ann.id).value()),
              (std::vector<std::string>{
                  Show(Membership{ann.id, orva_, kestria_}),
                  Show(Membership{ann.id, second_, second_norland_})}));
    // By user.
    EXPECT_EQ(
        ShowAll(txn.Members(orva_).value()),
        (std::vector<std::string>{Show(Membership{ann.id, orva_, kestria_}),
                                  Show(Membership{bob.id, orva_, mediator_})}));
    EXPECT_EQ(ShowAll(txn.Members(second_).value()),
              std::vector<std::string>{
                  Show(Membership{ann.id, second_, second_norland_})});
    EXPECT_TRUE(txn.Memberships(ann.id + bob.id + 1)->empty());
  });
}

TEST_P(AccountsStoreTest, SetMembershipRefusesAPartyOfAnotherNegotiation) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  User ann;
  Write([&](Transaction& txn) {
    ann = Add(txn, MakeUser("ann", false));
    ASSERT_TRUE(txn.SetMembership({ann.id, orva_, norland_}).ok());
    const Status status = txn.SetMembership({ann.id, orva_, second_norland_});
    EXPECT_EQ(status.code(), ErrorCode::kNotFound);
    EXPECT_EQ(status.message(), "no party " + std::to_string(second_norland_) +
                                    " in negotiation " + std::to_string(orva_));
    // An unknown user breaks the foreign key.
    EXPECT_EQ(txn.SetMembership({ann.id + 1, orva_, norland_}).code(),
              ErrorCode::kStorage);
  });
  Read([&](Transaction& txn) {
    EXPECT_EQ(
        ShowAll(txn.Members(orva_).value()),
        std::vector<std::string>{Show(Membership{ann.id, orva_, norland_})});
  });
}

TEST_P(AccountsStoreTest, SessionUserRespectsExpiryAndRemoval) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  User ann, bob;
  Write([&](Transaction& txn) {
    ann = Add(txn, MakeUser("ann", true));
    bob = Add(txn, MakeUser("bob", false));
    ASSERT_TRUE(txn.AddSession({"early", ann.id, "2026-11-27T09:00:00Z",
                                "2026-11-27T17:00:00Z"})
                    .ok());
    ASSERT_TRUE(txn.AddSession({"late", bob.id, "2026-11-27T09:00:00Z",
                                "2026-11-28T09:00:00Z"})
                    .ok());
    ASSERT_TRUE(txn.AddSession({"other", ann.id, "2026-11-27T09:00:00Z",
                                "2026-11-28T09:00:00Z"})
                    .ok());
    // A token hash is a primary key.
    EXPECT_FALSE(txn.AddSession({"late", ann.id, "t", "t"}).ok());
  });
  Read([&](Transaction& txn) {
    auto user = [&](const std::string& hash, const std::string& now) {
      return ShowFound(txn.SessionUser(hash, now).value());
    };
    EXPECT_EQ(user("early", "2026-11-27T16:59:59Z"), Show(ann));
    EXPECT_EQ(user("early", "2026-11-27T17:00:00Z"), "(none)");
    EXPECT_EQ(user("early", "2026-11-27T17:00:01Z"), "(none)");
    EXPECT_EQ(user("late", "2026-11-27T17:00:00Z"), Show(bob));
    EXPECT_EQ(user("unknown", "2026-11-27T17:00:00Z"), "(none)");
  });
  Write([&](Transaction& txn) {
    ASSERT_TRUE(txn.RemoveSession("other").ok());
    ASSERT_TRUE(txn.RemoveSession("never there").ok());
    // At or before: "early" goes, "late" stays.
    ASSERT_TRUE(txn.RemoveExpiredSessions("2026-11-27T17:00:00Z").ok());
  });
  Read([&](Transaction& txn) {
    const std::string before = "2026-11-01T00:00:00Z";
    EXPECT_EQ(ShowFound(txn.SessionUser("other", before).value()), "(none)");
    EXPECT_EQ(ShowFound(txn.SessionUser("early", before).value()), "(none)");
    EXPECT_EQ(ShowFound(txn.SessionUser("late", before).value()), Show(bob));
  });
}

TEST_P(AccountsStoreTest, LoginFailuresAreCountedSinceATimeAndCleared) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  Write([&](Transaction& txn) {
    for (const char* at : {"2026-11-27T10:00:00Z", "2026-11-27T10:05:00Z",
                           "2026-11-27T10:05:00Z", "2026-11-27T10:10:00Z"}) {
      ASSERT_TRUE(txn.AddLoginFailure("ann", at).ok());
    }
    ASSERT_TRUE(txn.AddLoginFailure("bob", "2026-11-27T10:05:00Z").ok());
  });
  Read([&](Transaction& txn) {
    EXPECT_EQ(txn.LoginFailures("ann", "2026-11-27T09:00:00Z").value(), 4);
    EXPECT_EQ(txn.LoginFailures("ann", "2026-11-27T10:05:00Z").value(), 3);
    EXPECT_EQ(txn.LoginFailures("ann", "2026-11-27T10:05:01Z").value(), 1);
    EXPECT_EQ(txn.LoginFailures("ann", "2026-11-27T10:10:01Z").value(), 0);
    EXPECT_EQ(txn.LoginFailures("bob", "2026-11-27T09:00:00Z").value(), 1);
    EXPECT_EQ(txn.LoginFailures("Ann", "2026-11-27T09:00:00Z").value(), 0);
  });
  Write([&](Transaction& txn) {
    ASSERT_TRUE(txn.ClearLoginFailures("ann").ok());
    ASSERT_TRUE(txn.ClearLoginFailures("nobody").ok());
  });
  Read([&](Transaction& txn) {
    EXPECT_EQ(txn.LoginFailures("ann", "2026-11-27T09:00:00Z").value(), 0);
    EXPECT_EQ(txn.LoginFailures("bob", "2026-11-27T09:00:00Z").value(), 1);
  });
}

TEST_P(AccountsStoreTest, AuditEntriesAreAppendedAndReadBackInOrder) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  Read([&](Transaction& txn) {
    EXPECT_EQ(ShowFound(txn.LastAuditEntry().value()), "(none)");
    EXPECT_TRUE(txn.AuditEntries(0, 10)->empty());
  });
  std::vector<std::string> all;
  for (int64_t seq = 1; seq <= 5; ++seq) {
    all.push_back(Show(MakeEntry(seq, "action-" + std::to_string(seq))));
  }
  Write([&](Transaction& txn) {
    ASSERT_TRUE(txn.AddAuditEntries({}).ok());
    ASSERT_TRUE(
        txn.AddAuditEntries({MakeEntry(1, "action-1"), MakeEntry(2, "action-2"),
                             MakeEntry(3, "action-3")})
            .ok());
    EXPECT_EQ(ShowFound(txn.LastAuditEntry().value()), all[2]);
  });
  Write([&](Transaction& txn) {
    ASSERT_TRUE(txn.AddAuditEntries(
                       {MakeEntry(4, "action-4"), MakeEntry(5, "action-5")})
                    .ok());
  });
  Read([&](Transaction& txn) {
    EXPECT_EQ(ShowFound(txn.LastAuditEntry().value()), all[4]);
    EXPECT_EQ(ShowAll(txn.AuditEntries(0, 100).value()), all);
    EXPECT_EQ(ShowAll(txn.AuditEntries(2, 2).value()),
              (std::vector<std::string>{all[2], all[3]}));
    EXPECT_EQ(ShowAll(txn.AuditEntries(4, 1).value()),
              std::vector<std::string>{all[4]});
    EXPECT_TRUE(txn.AuditEntries(5, 10)->empty());
    EXPECT_TRUE(txn.AuditEntries(0, 0)->empty());
    EXPECT_TRUE(txn.AuditEntries(0, -1)->empty());
  });
}

TEST_P(AccountsStoreTest, AuditBatchIsAllOrNothing) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  Write([&](Transaction& txn) {
    ASSERT_TRUE(txn.AddAuditEntries({MakeEntry(1, "login")}).ok());
    // The second entry repeats seq 1: neither is added, and the
    // transaction goes on.
    const Status status =
        txn.AddAuditEntries({MakeEntry(2, "import"), MakeEntry(1, "again")});
    EXPECT_EQ(status.code(), ErrorCode::kStorage);
    ASSERT_TRUE(txn.AddAuditEntries({MakeEntry(2, "share")}).ok());
  });
  Read([&](Transaction& txn) {
    EXPECT_EQ(ShowAll(txn.AuditEntries(0, 10).value()),
              (std::vector<std::string>{Show(MakeEntry(1, "login")),
                                        Show(MakeEntry(2, "share"))}));
  });
}

TEST_P(AccountsStoreTest, SharedWithAndOpenedLookUpTheLedger) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  const std::string v1(64, 'a'), v2(64, 'b');
  Write([&](Transaction& txn) {
    for (const std::string& id : {v1, v2}) {
      Version version;
      version.id = id;
      version.negotiation = orva_;
      version.label = "draft " + id.substr(0, 1);
      version.author = mediator_;
      version.created_at = "t";
      version.text = "1. Text\n";
      ASSERT_TRUE(txn.AddVersion(version).ok());
    }
    ASSERT_TRUE(
        txn.AddShare({0, orva_, v1, norland_, "t", "mediator", "e-mail"}).ok());
    ASSERT_TRUE(txn.AddOpening({0, orva_, v1, norland_, "ann", "t"}).ok());
  });
  Read([&](Transaction& txn) {
    EXPECT_TRUE(txn.SharedWith(orva_, v1, norland_).value());
    EXPECT_FALSE(txn.SharedWith(orva_, v1, kestria_).value());
    EXPECT_FALSE(txn.SharedWith(orva_, v2, norland_).value());
    EXPECT_FALSE(txn.SharedWith(second_, v1, norland_).value());
    EXPECT_TRUE(txn.Opened(orva_, v1, norland_, "ann").value());
    EXPECT_FALSE(txn.Opened(orva_, v1, norland_, "bob").value());
    EXPECT_FALSE(txn.Opened(orva_, v1, kestria_, "ann").value());
    EXPECT_FALSE(txn.Opened(orva_, v2, norland_, "ann").value());
    EXPECT_FALSE(txn.Opened(second_, v1, norland_, "ann").value());
  });
}

// The hot lookups reuse prepared statements: each transaction must still
// see the rows committed before it, also after a lookup that failed or
// stopped after one row.
TEST_P(AccountsStoreTest, RepeatedLookupsSeeLaterWrites) {
  ASSERT_NO_FATAL_FAILURE(OpenWithParties());
  User ann;
  Write([&](Transaction& txn) { ann = Add(txn, MakeUser("ann", false)); });
  for (int round = 0; round < 3; ++round) {
    const std::string id(64, static_cast<char>('a' + round));
    Read([&](Transaction& txn) {
      EXPECT_EQ(txn.Parties(orva_)->size(), 3u + round);
      EXPECT_EQ(txn.Memberships(ann.id)->size(), round == 0 ? 0u : 1u);
      EXPECT_EQ(
          ShowFound(txn.SessionUser("s" + std::to_string(round), "t").value()),
          "(none)");
      EXPECT_FALSE(txn.FindVersion(orva_, id)->has_value());
      EXPECT_FALSE(txn.SharedWith(orva_, id, norland_).value());
      EXPECT_FALSE(txn.Opened(orva_, id, norland_, "ann").value());
    });
    Write([&](Transaction& txn) {
      ASSERT_TRUE(txn.AddParty({0, orva_, "Party " + std::to_string(round),
                                PartyKind::kObserver})
                      .ok());
      ASSERT_TRUE(txn.SetMembership({ann.id, orva_, norland_}).ok());
      ASSERT_TRUE(
          txn.AddSession({"s" + std::to_string(round), ann.id, "t", "u"}).ok());
      Version version;
      version.id = id;
      version.negotiation = orva_;
      version.label = "v" + std::to_string(round);
      version.author = mediator_;
      if (round > 0) version.parents = {std::string(64, 'a')};
      ASSERT_TRUE(txn.AddVersion(version).ok());
      ASSERT_TRUE(txn.AddShare({0, orva_, id, norland_, "t", "m", "c"}).ok());
      ASSERT_TRUE(txn.AddOpening({0, orva_, id, norland_, "ann", "t"}).ok());
    });
    Read([&](Transaction& txn) {
      EXPECT_EQ(
          ShowFound(txn.SessionUser("s" + std::to_string(round), "t").value()),
          Show(ann));
      std::optional<Version> found = txn.FindVersion(orva_, id).value();
      ASSERT_TRUE(found.has_value());
      EXPECT_EQ(found->parents.size(), round > 0 ? 1u : 0u);
      EXPECT_TRUE(txn.SharedWith(orva_, id, norland_).value());
      EXPECT_TRUE(txn.Opened(orva_, id, norland_, "ann").value());
    });
  }
}

// The schema of version 1, as redline 1 created it (sqlite_store.cc).
constexpr const char* kSqliteSchemaV1 = R"sql(
CREATE TABLE schema_info (version INTEGER NOT NULL) STRICT;
INSERT INTO schema_info (version) VALUES (1);
CREATE TABLE negotiation (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE party (
  id INTEGER PRIMARY KEY,
  negotiation INTEGER NOT NULL REFERENCES negotiation (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('mediator', 'party', 'observer')),
  UNIQUE (negotiation, name)
) STRICT;
CREATE TABLE version (
  negotiation INTEGER NOT NULL REFERENCES negotiation (id),
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  label TEXT NOT NULL,
  author INTEGER NOT NULL REFERENCES party (id),
  created_at TEXT NOT NULL,
  note TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (negotiation, id),
  UNIQUE (negotiation, label),
  UNIQUE (negotiation, seq)
) STRICT;
CREATE TABLE version_parent (
  negotiation INTEGER NOT NULL,
  version TEXT NOT NULL,
  position INTEGER NOT NULL,
  parent TEXT NOT NULL,
  PRIMARY KEY (negotiation, version, position),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id),
  FOREIGN KEY (negotiation, parent) REFERENCES version (negotiation, id)
) STRICT;
CREATE TABLE stance (
  negotiation INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  version TEXT NOT NULL,
  point TEXT NOT NULL,
  party INTEGER NOT NULL REFERENCES party (id),
  stance TEXT NOT NULL CHECK (stance IN ('agree', 'agree-with-changes',
                                         'dispute', 'red-line', 'open')),
  note TEXT NOT NULL,
  internal INTEGER NOT NULL CHECK (internal IN (0, 1)),
  author TEXT NOT NULL,
  at TEXT NOT NULL,
  inherited_from TEXT NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id)
) STRICT;
CREATE INDEX stance_by_version ON stance (negotiation, version, seq);
CREATE TABLE share (
  negotiation INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  version TEXT NOT NULL,
  party INTEGER NOT NULL REFERENCES party (id),
  at TEXT NOT NULL,
  shared_by TEXT NOT NULL,
  channel TEXT NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id)
) STRICT;
CREATE TABLE opening (
  negotiation INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  version TEXT NOT NULL,
  party INTEGER NOT NULL REFERENCES party (id),
  member TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id)
) STRICT;
PRAGMA user_version = 1;
)sql";

// The rows of the version 1 store in the migration test.
constexpr const char* kVersion1Rows = R"sql(
INSERT INTO negotiation (id, name, created_at)
  VALUES (1, 'Lake Orva talks', '2026-11-01T09:00:00Z');
INSERT INTO party (id, negotiation, name, kind)
  VALUES (1, 1, 'Mediator', 'mediator'), (2, 1, 'Norland', 'party');
INSERT INTO version (negotiation, id, seq, label, author, created_at, note,
                     text)
  VALUES (1, 'aaaa', 1, 'First draft', 1, '2026-11-02T10:00:00Z', 'n',
          '1. Text');
INSERT INTO stance (negotiation, seq, version, point, party, stance, note,
                    internal, author, at, inherited_from)
  VALUES (1, 1, 'aaaa', '1', 2, 'dispute', '', 0, 'desk', 't', '');
INSERT INTO share (negotiation, seq, version, party, at, shared_by, channel)
  VALUES (1, 1, 'aaaa', 2, '2026-11-03T10:00:00Z', 'mediator', 'e-mail');
INSERT INTO opening (negotiation, seq, version, party, member, at)
  VALUES (1, 1, 'aaaa', 2, 'ann', '2026-11-04T10:00:00Z');
)sql";

// Makes `path` a version 1 SQLite store holding kVersion1Rows.
void MakeVersion1Sqlite(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const char* sql : {kSqliteSchemaV1, kVersion1Rows}) {
    char* error = nullptr;
    const int code = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    EXPECT_EQ(code, SQLITE_OK) << (error != nullptr ? error : "");
    sqlite3_free(error);
  }
  sqlite3_close(db);
}

// The schema version both ways SQLite records it: "schema_info/user_version".
std::string SqliteSchemaVersion(const std::string& path) {
  sqlite3* db = nullptr;
  std::string version;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT (SELECT group_concat(version) FROM "
                       "schema_info) || '/' || user_version FROM "
                       "pragma_user_version",
                       -1, &stmt, nullptr);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      version = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return version;
}

TEST_P(AccountsStoreTest, Version1StoreIsMigratedKeepingItsRows) {
  if (postgres()) {
    // A version 1 database: the same rows through a new store, then what
    // migration 2 added dropped.
    ASSERT_NO_FATAL_FAILURE(Open());
    Write([&](Transaction& txn) {
      ASSERT_EQ(txn.AddNegotiation({0, "Lake Orva talks", "t"}).value(), 1);
      ASSERT_EQ(txn.AddParty({0, 1, "Mediator", PartyKind::kMediator}).value(),
                1);
      ASSERT_EQ(txn.AddParty({0, 1, "Norland", PartyKind::kParty}).value(), 2);
      Version version;
      version.id = "aaaa";
      version.negotiation = 1;
      version.label = "First draft";
      version.author = 1;
      version.text = "1. Text";
      ASSERT_TRUE(txn.AddVersion(version).ok());
      Stance stance;
      stance.negotiation = 1;
      stance.version = "aaaa";
      stance.point = "1";
      stance.party = 2;
      ASSERT_TRUE(txn.AddStance(stance).ok());
      ASSERT_TRUE(txn.AddShare({0, 1, "aaaa", 2, "t", "m", "e-mail"}).ok());
      ASSERT_TRUE(txn.AddOpening({0, 1, "aaaa", 2, "ann", "t"}).ok());
    });
    store_.reset();
    for (const char* sql :
         {"DROP TABLE audit_entry, login_failure, session, membership, "
          "app_user",
          "DROP INDEX share_by_version, opening_by_version",
          "UPDATE schema_info SET version = 1"}) {
      Result<PgResult> done = database_->Exec(sql);
      ASSERT_TRUE(done.ok()) << done.status().message();
    }
  } else {
    ASSERT_NO_FATAL_FAILURE(MakeVersion1Sqlite(location_));
    ASSERT_EQ(SqliteSchemaVersion(location_), "1/1");
  }

  ASSERT_NO_FATAL_FAILURE(Open());
  if (postgres()) {
    Result<PgResult> version =
        database_->Exec("SELECT version FROM schema_info");
    ASSERT_TRUE(version.ok()) << version.status().message();
    EXPECT_EQ(version->Int(0, 0), kSchemaVersion);
  } else {
    EXPECT_EQ(SqliteSchemaVersion(location_), "2/2");
  }
  Write([&](Transaction& txn) {
    std::vector<Negotiation> negotiations = txn.Negotiations().value();
    ASSERT_EQ(negotiations.size(), 1u);
    EXPECT_EQ(negotiations[0].name, "Lake Orva talks");
    std::vector<Party> parties = txn.Parties(1).value();
    ASSERT_EQ(parties.size(), 2u);
    EXPECT_EQ(parties[1].name, "Norland");
    std::optional<Version> version = txn.FindVersion(1, "aaaa").value();
    ASSERT_TRUE(version.has_value());
    EXPECT_EQ(version->label, "First draft");
    EXPECT_EQ(version->text, "1. Text");
    EXPECT_EQ(txn.Stances(1, "")->size(), 1u);
    EXPECT_TRUE(txn.SharedWith(1, "aaaa", 2).value());
    EXPECT_TRUE(txn.Opened(1, "aaaa", 2, "ann").value());
    // The new tables work with the old rows.
    User ann = Add(txn, MakeUser("ann", false));
    EXPECT_TRUE(txn.SetMembership({ann.id, 1, 2}).ok());
    EXPECT_EQ(ShowAll(txn.Members(1).value()),
              std::vector<std::string>{Show(Membership{ann.id, 1, 2})});
  });
  // Once migrated, opening again changes nothing.
  ASSERT_NO_FATAL_FAILURE(Open());
  Read([&](Transaction& txn) {
    EXPECT_EQ(txn.Users()->size(), 1u);
    EXPECT_EQ(txn.Shares(1)->size(), 1u);
  });
}

}  // namespace
}  // namespace redline
