#include "store/postgres_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "redline/store.h"
#include "store/pg_connection.h"
#include "store/pg_test_database.h"

namespace redline {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Whole values as one line each, so that a mismatch shows every field.
std::string Show(const Negotiation& n) {
  return std::to_string(n.id) + "|" + n.name + "|" + n.created_at;
}
std::string Show(const Party& p) {
  return std::to_string(p.id) + "|" + std::to_string(p.negotiation) + "|" +
         p.name + "|" + PartyKindName(p.kind);
}
std::string Show(const Version& v) {
  std::string parents;
  for (const std::string& parent : v.parents) parents += parent + ",";
  return v.id + "|" + std::to_string(v.negotiation) + "|" + v.label + "|" +
         std::to_string(v.author) + "|" + parents + "|" + v.created_at + "|" +
         v.note + "|" + v.text + "|" + std::to_string(v.seq);
}
std::string Show(const Stance& s) {
  return std::to_string(s.seq) + "|" + std::to_string(s.negotiation) + "|" +
         s.version + "|" + s.point + "|" + std::to_string(s.party) + "|" +
         StanceKindName(s.stance) + "|" + s.note + "|" +
         (s.internal ? "internal" : "open") + "|" + s.author + "|" + s.at +
         "|" + s.inherited_from;
}
std::string Show(const Share& s) {
  return std::to_string(s.seq) + "|" + std::to_string(s.negotiation) + "|" +
         s.version + "|" + std::to_string(s.party) + "|" + s.at + "|" + s.by +
         "|" + s.channel;
}
std::string Show(const Opening& o) {
  return std::to_string(o.seq) + "|" + std::to_string(o.negotiation) + "|" +
         o.version + "|" + std::to_string(o.party) + "|" + o.member + "|" +
         o.at;
}
template <typename T>
std::vector<std::string> ShowAll(const std::vector<T>& values) {
  std::vector<std::string> shown;
  shown.reserve(values.size());
  for (const T& value : values) shown.push_back(Show(value));
  return shown;
}

// Version ids are content hashes; any 64 hex digits do for the store.
std::string Id(char digit) { return std::string(64, digit); }

Version MakeVersion(int64_t negotiation, char digit, const std::string& label,
                    int64_t author, std::vector<std::string> parents) {
  Version version;
  version.id = Id(digit);
  version.negotiation = negotiation;
  version.label = label;
  version.author = author;
  version.parents = std::move(parents);
  version.created_at = "2026-11-27T17:05:0" + std::string(1, digit) + "Z";
  version.note = "note " + label;
  version.text = "1. Text of " + label + "\n";
  return version;
}

Stance MakeStance(int64_t negotiation, const std::string& version,
                  const std::string& point, int64_t party, StanceKind kind) {
  Stance stance;
  stance.negotiation = negotiation;
  stance.version = version;
  stance.point = point;
  stance.party = party;
  stance.stance = kind;
  stance.author = "ann@norland";
  stance.at = "2026-11-28T09:00:00Z";
  return stance;
}

class PostgresStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    const std::string server = PgTestServerUrl();
    if (server.empty()) {
      if (PgTestServerRequired()) FAIL() << "REDLINE_TEST_PG is not set";
      GTEST_SKIP() << "REDLINE_TEST_PG is not set (scripts/pg-test-server)";
    }
    database_ = std::make_unique<PgTestDatabase>(server);
    ASSERT_TRUE(database_->status().ok()) << database_->status().message();
  }

  std::unique_ptr<Store> Open(StoreOptions options = StoreOptions()) {
    Result<std::unique_ptr<Store>> store =
        OpenPostgresStore(database_->url(), options);
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Runs `work` in a write transaction and expects it to commit.
  static void Write(Store& store,
                    const std::function<void(Transaction&)>& work) {
    Status status = store.Transact(true, [&](Transaction& txn) {
      work(txn);
      return Status::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.message();
  }

  static void Read(Store& store,
                   const std::function<void(Transaction&)>& work) {
    Status status = store.Transact(false, [&](Transaction& txn) {
      work(txn);
      return Status::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.message();
  }

  std::unique_ptr<PgTestDatabase> database_;
};

TEST_F(PostgresStoreTest, OpenCreatesTheSchema) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Describe(), database_->url());

  Result<PgResult> version = database_->Exec("SELECT version FROM schema_info");
  ASSERT_TRUE(version.ok()) << version.status().message();
  ASSERT_EQ(version->rows(), 1);
  EXPECT_EQ(version->Int(0, 0), kSchemaVersion);

  Result<PgResult> tables = database_->Exec(
      "SELECT string_agg(table_name, ' ' ORDER BY table_name)"
      " FROM information_schema.tables WHERE table_schema = 'public'");
  ASSERT_TRUE(tables.ok()) << tables.status().message();
  EXPECT_EQ(tables->Text(0, 0),
            "app_user audit_entry login_failure membership negotiation "
            "opening party schema_info session share stance version "
            "version_parent");

  Read(*store, [](Transaction& txn) {
    EXPECT_TRUE(txn.Empty().value());
    EXPECT_TRUE(txn.Negotiations()->empty());
  });
}

TEST_F(PostgresStoreTest, ReopenKeepsDataAndSchema) {
  {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    Write(*store, [](Transaction& txn) {
      Result<int64_t> id = txn.AddNegotiation({0, "Lake Orva talks", "t0"});
      ASSERT_TRUE(id.ok()) << id.status().message();
      ASSERT_TRUE(txn.AddParty({0, *id, "Norland", PartyKind::kParty}).ok());
    });
  }
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Read(*store, [](Transaction& txn) {
    EXPECT_FALSE(txn.Empty().value());
    std::vector<Negotiation> negotiations = txn.Negotiations().value();
    ASSERT_EQ(negotiations.size(), 1u);
    EXPECT_EQ(negotiations[0].name, "Lake Orva talks");
    EXPECT_EQ(txn.Parties(negotiations[0].id)->size(), 1u);
  });
  Result<PgResult> rows = database_->Exec("SELECT count(*) FROM schema_info");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 1);
}

TEST_F(PostgresStoreTest, EveryFieldRoundTripsInOrder) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<Negotiation> negotiations;
  std::vector<Party> parties;
  std::vector<Version> versions;
  std::vector<Stance> stances;
  std::vector<Share> shares;
  std::vector<Opening> openings;
  Write(*store, [&](Transaction& txn) {
    for (const char* name : {"Lake Orva talks", "Second talks"}) {
      Negotiation negotiation{0, name, "2026-11-27T17:05:00Z"};
      negotiation.id = txn.AddNegotiation(negotiation).value();
      negotiations.push_back(negotiation);
    }
    const int64_t n = negotiations[0].id;
    for (auto [name, kind] : {std::pair{"Mediator", PartyKind::kMediator},
                              std::pair{"Norland", PartyKind::kParty},
                              std::pair{"Kestria", PartyKind::kParty},
                              std::pair{"Observer", PartyKind::kObserver}}) {
      Party party{0, n, name, kind};
      party.id = txn.AddParty(party).value();
      parties.push_back(party);
    }
    versions.push_back(
        MakeVersion(n, 'c', "US 28-point draft", parties[0].id, {}));
    // Texts go byte for byte: BOM, CRLF, quotes, backslashes, $1, Cyrillic.
    versions.back().text =
        "\xEF\xBB\xBF"
        "1. Мир\r\n2. 'quoted' \"both\" \\ $1 %s ; DROP TABLE version;\n";
    versions.push_back(
        MakeVersion(n, 'a', "Norland reply", parties[1].id, {Id('c')}));
    // Parents keep the order given, not the order of ids.
    versions.push_back(
        MakeVersion(n, 'b', "merged", parties[0].id, {Id('c'), Id('a')}));
    for (size_t i = 0; i < versions.size(); ++i) {
      ASSERT_TRUE(txn.AddVersion(versions[i]).ok());
      versions[i].seq = static_cast<int64_t>(i) + 1;
    }
    stances.push_back(
        MakeStance(n, Id('c'), "3.b", parties[1].id, StanceKind::kDispute));
    stances.back().note = "not without the lake";
    stances.back().internal = true;
    stances.push_back(MakeStance(n, Id('a'), "preamble", parties[2].id,
                                 StanceKind::kAgreeWithChanges));
    stances.push_back(MakeStance(n, Id('b'), "Article 5.2", parties[1].id,
                                 StanceKind::kRedLine));
    stances.back().inherited_from = Id('c');
    stances.push_back(
        MakeStance(n, Id('c'), "1", parties[2].id, StanceKind::kAgree));
    stances.push_back(
        MakeStance(n, Id('c'), "1", parties[2].id, StanceKind::kOpen));
    for (size_t i = 0; i < stances.size(); ++i) {
      ASSERT_TRUE(txn.AddStance(stances[i]).ok());
      stances[i].seq = static_cast<int64_t>(i) + 1;
    }
    shares.push_back(
        Share{0, n, Id('c'), parties[1].id, "t1", "Mediator", "e-mail"});
    shares.push_back(
        Share{0, n, Id('a'), parties[2].id, "t2", "Norland", "meeting"});
    for (size_t i = 0; i < shares.size(); ++i) {
      ASSERT_TRUE(txn.AddShare(shares[i]).ok());
      shares[i].seq = static_cast<int64_t>(i) + 1;
    }
    openings.push_back(Opening{0, n, Id('c'), parties[1].id, "ann", "t3"});
    openings.push_back(Opening{0, n, Id('a'), parties[2].id, "bo", "t4"});
    for (size_t i = 0; i < openings.size(); ++i) {
      ASSERT_TRUE(txn.AddOpening(openings[i]).ok());
      openings[i].seq = static_cast<int64_t>(i) + 1;
    }
  });

  Read(*store, [&](Transaction& txn) {
    const int64_t n = negotiations[0].id;
    EXPECT_EQ(ShowAll(txn.Negotiations().value()), ShowAll(negotiations));
    EXPECT_EQ(ShowAll(txn.Parties(n).value()), ShowAll(parties));
    EXPECT_EQ(ShowAll(txn.Versions(n, true).value()), ShowAll(versions));
    std::vector<Version> without_text = versions;
    for (Version& version : without_text) version.text.clear();
    EXPECT_EQ(ShowAll(txn.Versions(n, false).value()), ShowAll(without_text));
    std::optional<Version> found = txn.FindVersion(n, Id('b')).value();
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(Show(*found), Show(versions[2]));
    EXPECT_FALSE(txn.FindVersion(n, Id('d')).value().has_value());
    EXPECT_FALSE(txn.FindVersion(negotiations[1].id, Id('b'))->has_value());

    EXPECT_EQ(ShowAll(txn.Stances(n, "").value()), ShowAll(stances));
    EXPECT_EQ(ShowAll(txn.Stances(n, Id('c')).value()),
              ShowAll(std::vector<Stance>{stances[0], stances[3], stances[4]}));
    EXPECT_TRUE(txn.Stances(n, Id('d'))->empty());
    EXPECT_EQ(ShowAll(txn.Shares(n).value()), ShowAll(shares));
    EXPECT_EQ(ShowAll(txn.Openings(n).value()), ShowAll(openings));

    // The other negotiation has none of it.
    const int64_t other = negotiations[1].id;
    EXPECT_TRUE(txn.Parties(other)->empty());
    EXPECT_TRUE(txn.Versions(other, true)->empty());
    EXPECT_TRUE(txn.Stances(other, "")->empty());
    EXPECT_TRUE(txn.Shares(other)->empty());
    EXPECT_TRUE(txn.Openings(other)->empty());
  });
}

TEST_F(PostgresStoreTest, SeqCountsFromOneInEachNegotiation) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Write(*store, [](Transaction& txn) {
    for (const char* name : {"first", "second"}) {
      const int64_t n = txn.AddNegotiation({0, name, "t"}).value();
      const int64_t party =
          txn.AddParty({0, n, "Mediator", PartyKind::kMediator}).value();
      ASSERT_TRUE(txn.AddVersion(MakeVersion(n, 'a', "one", party, {})).ok());
      ASSERT_TRUE(
          txn.AddVersion(MakeVersion(n, 'b', "two", party, {Id('a')})).ok());
      for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(txn.AddStance(MakeStance(n, Id('a'), "1", party,
                                             StanceKind::kAgree))
                        .ok());
        ASSERT_TRUE(
            txn.AddShare(Share{99, n, Id('a'), party, "t", "me", "server"})
                .ok());
        ASSERT_TRUE(
            txn.AddOpening(Opening{99, n, Id('a'), party, "me", "t"}).ok());
      }
    }
  });
  Read(*store, [](Transaction& txn) {
    // (Not `for (... : txn.X().value())`: value() of a temporary Result
    // returns T&&, and the loop would read a destroyed vector.)
    const std::vector<Negotiation> negotiations = txn.Negotiations().value();
    for (const Negotiation& negotiation : negotiations) {
      std::vector<int64_t> seqs;
      const int64_t n = negotiation.id;
      const std::vector<Version> versions = txn.Versions(n, false).value();
      const std::vector<Stance> stances = txn.Stances(n, "").value();
      const std::vector<Share> shares = txn.Shares(n).value();
      const std::vector<Opening> openings = txn.Openings(n).value();
      seqs.reserve(versions.size() + stances.size() + shares.size() +
                   openings.size());
      for (const Version& v : versions) seqs.push_back(v.seq);
      for (const Stance& s : stances) seqs.push_back(s.seq);
      for (const Share& s : shares) seqs.push_back(s.seq);
      for (const Opening& o : openings) seqs.push_back(o.seq);
      EXPECT_EQ(seqs, (std::vector<int64_t>{1, 2, 1, 2, 1, 2, 1, 2}))
          << negotiation.name;
    }
  });
}

TEST_F(PostgresStoreTest,
       ConstraintViolationsAreErrorsAndTheTransactionGoesOn) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Write(*store, [](Transaction& txn) {
    const int64_t n = txn.AddNegotiation({0, "talks", "t"}).value();
    const int64_t party =
        txn.AddParty({0, n, "Norland", PartyKind::kParty}).value();

    Result<int64_t> twin = txn.AddNegotiation({0, "talks", "t"});
    ASSERT_FALSE(twin.ok());
    EXPECT_EQ(twin.status().code(), ErrorCode::kStorage);
    EXPECT_EQ(twin.status().message(),
              "adding a negotiation: duplicate key value violates unique "
              "constraint \"negotiation_name_key\": Key (name)=(talks) "
              "already exists.");

    Result<int64_t> same_party =
        txn.AddParty({0, n, "Norland", PartyKind::kObserver});
    ASSERT_FALSE(same_party.ok());
    EXPECT_EQ(same_party.status().code(), ErrorCode::kStorage);

    ASSERT_TRUE(txn.AddVersion(MakeVersion(n, 'a', "one", party, {})).ok());
    Status same_label = txn.AddVersion(MakeVersion(n, 'b', "one", party, {}));
    EXPECT_EQ(same_label.code(), ErrorCode::kStorage);
    Status same_id = txn.AddVersion(MakeVersion(n, 'a', "other", party, {}));
    EXPECT_EQ(same_id.code(), ErrorCode::kStorage);
    // A missing parent fails the whole version: no row is left behind.
    Status orphan =
        txn.AddVersion(MakeVersion(n, 'c', "orphan", party, {Id('f')}));
    EXPECT_EQ(orphan.code(), ErrorCode::kStorage);
    EXPECT_FALSE(txn.FindVersion(n, Id('c'))->has_value());
    Status stranger = txn.AddVersion(MakeVersion(n, 'd', "x", party + 9, {}));
    EXPECT_EQ(stranger.code(), ErrorCode::kStorage);
    Result<int64_t> no_version =
        txn.AddStance(MakeStance(n, Id('e'), "1", party, StanceKind::kAgree));
    EXPECT_EQ(no_version.status().code(), ErrorCode::kStorage);
    Status no_negotiation =
        txn.AddShare(Share{0, n + 9, Id('a'), party, "t", "me", "e-mail"})
            .status();
    EXPECT_EQ(no_negotiation.code(), ErrorCode::kStorage);
    // PostgreSQL text holds no NUL: refused, never cut short.
    Version with_nul = MakeVersion(n, 'f', "nul", party, {});
    with_nul.text = std::string("a\0b", 3);
    EXPECT_EQ(txn.AddVersion(with_nul).code(), ErrorCode::kStorage);

    // The failures left the transaction usable.
    EXPECT_TRUE(txn.AddParty({0, n, "Kestria", PartyKind::kParty}).ok());
  });
  Read(*store, [](Transaction& txn) {
    const int64_t n = txn.Negotiations().value().at(0).id;
    EXPECT_EQ(txn.Parties(n)->size(), 2u);
    EXPECT_EQ(txn.Versions(n, false)->size(), 1u);
    EXPECT_TRUE(txn.Stances(n, "")->empty());
    EXPECT_TRUE(txn.Shares(n)->empty());
  });
}

TEST_F(PostgresStoreTest, FailedWorkRollsBackEverything) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Transact(true, [](Transaction& txn) {
    const int64_t n = txn.AddNegotiation({0, "talks", "t"}).value();
    EXPECT_TRUE(txn.AddParty({0, n, "Norland", PartyKind::kParty}).ok());
    return Status::NotFound("no such version: 1234");
  });
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_EQ(status.message(), "no such version: 1234");
  Read(*store, [](Transaction& txn) { EXPECT_TRUE(txn.Empty().value()); });
  // The store is still usable, and writes again.
  Write(*store, [](Transaction& txn) {
    EXPECT_TRUE(txn.AddNegotiation({0, "talks", "t"}).ok());
  });
}

TEST_F(PostgresStoreTest, ReadTransactionsRefuseWrites) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Transact(false, [](Transaction& txn) {
    return txn.AddNegotiation({0, "talks", "t"}).status();
  });
  EXPECT_EQ(status.code(), ErrorCode::kStorage);
  EXPECT_EQ(status.message(),
            "adding a negotiation: cannot execute INSERT in a read-only "
            "transaction");
}

// Holds the write lock of `store` from another thread until released.
class HeldWriteLock {
 public:
  explicit HeldWriteLock(Store& store) {
    std::promise<void> locked;
    std::future<void> is_locked = locked.get_future();
    thread_ = std::thread([&store, &locked, this] {
      status_ = store.Transact(true, [&](Transaction& txn) {
        Status added = txn.AddNegotiation({0, "first", "t"}).status();
        locked.set_value();
        release_.get_future().wait();
        return added;
      });
    });
    is_locked.wait();
  }
  ~HeldWriteLock() { Release(); }

  // Commits the holder's transaction; returns its status.
  Status Release() {
    if (thread_.joinable()) {
      release_.set_value();
      thread_.join();
    }
    return status_;
  }

 private:
  std::promise<void> release_;
  std::thread thread_;
  Status status_;
};

TEST_F(PostgresStoreTest, SecondWriterWaitsForTheFirst) {
  std::unique_ptr<Store> first = Open();
  StoreOptions patient;
  patient.busy_timeout_ms = 20000;
  std::unique_ptr<Store> second = Open(patient);
  ASSERT_TRUE(first != nullptr && second != nullptr);

  Status second_status;
  std::vector<std::string> seen;
  steady_clock::time_point started;
  steady_clock::time_point done;
  {
    HeldWriteLock lock(*first);
    std::thread writer([&] {
      started = steady_clock::now();
      second_status = second->Transact(true, [&](Transaction& txn) {
        // Under the lock, the first writer's commit is visible.
        const std::vector<Negotiation> all = txn.Negotiations().value();
        for (const Negotiation& n : all) {
          seen.push_back(n.name);
        }
        return txn.AddNegotiation({0, "second", "t"}).status();
      });
      done = steady_clock::now();
    });
    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_TRUE(lock.Release().ok());
    writer.join();
  }
  ASSERT_TRUE(second_status.ok()) << second_status.message();
  EXPECT_GE(done - started, milliseconds(250));
  EXPECT_EQ(seen, std::vector<std::string>{"first"});
  Read(*first, [](Transaction& txn) {
    std::vector<Negotiation> all = txn.Negotiations().value();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].name, "first");
    EXPECT_EQ(all[1].name, "second");
  });
}

TEST_F(PostgresStoreTest, WriterGivesUpWithBusyAfterTheTimeout) {
  std::unique_ptr<Store> first = Open();
  StoreOptions hasty;
  hasty.busy_timeout_ms = 100;
  std::unique_ptr<Store> second = Open(hasty);
  StoreOptions no_wait;
  no_wait.busy_timeout_ms = 0;
  std::unique_ptr<Store> third = Open(no_wait);
  ASSERT_TRUE(first != nullptr && second != nullptr && third != nullptr);

  HeldWriteLock lock(*first);
  const steady_clock::time_point started = steady_clock::now();
  bool ran = false;
  Status status = second->Transact(true, [&](Transaction&) {
    ran = true;
    return Status::Ok();
  });
  EXPECT_GE(steady_clock::now() - started, milliseconds(90));
  EXPECT_FALSE(ran);
  EXPECT_EQ(status.code(), ErrorCode::kBusy);
  EXPECT_EQ(status.message(),
            "the store is busy: another redline is writing to it; retry");
  EXPECT_EQ(
      third->Transact(true, [](Transaction&) { return Status::Ok(); }).code(),
      ErrorCode::kBusy);

  // Readers do not wait for the writer, and see only what it committed.
  Read(*second, [](Transaction& txn) { EXPECT_TRUE(txn.Empty().value()); });

  ASSERT_TRUE(lock.Release().ok());
  // Once the lock is free, the same store writes.
  Write(*second,
        [](Transaction& txn) { EXPECT_EQ(txn.Negotiations()->size(), 1u); });
}

TEST_F(PostgresStoreTest, NewerSchemaIsRefusedAndLeftAlone) {
  ASSERT_NE(Open(), nullptr);
  ASSERT_TRUE(database_
                  ->Exec("UPDATE schema_info SET version = $1",
                         PgParams().Int(kSchemaVersion + 1))
                  .ok());
  Result<std::unique_ptr<Store>> store =
      OpenPostgresStore(database_->url(), StoreOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kStorage);
  EXPECT_EQ(store.status().message(),
            database_->url() + " was written by a newer redline (schema " +
                std::to_string(kSchemaVersion + 1) + ", this build knows " +
                std::to_string(kSchemaVersion) + ")");
  Result<PgResult> version = database_->Exec("SELECT version FROM schema_info");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->Int(0, 0), kSchemaVersion + 1);
}

TEST_F(PostgresStoreTest, ReconnectsAfterTheServerDropsTheConnection) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Result<PgResult> killed = database_->Exec(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
      " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_TRUE(killed.ok()) << killed.status().message();
  EXPECT_EQ(killed->Int(0, 0), 1);
  Write(*store, [](Transaction& txn) {
    EXPECT_TRUE(txn.AddNegotiation({0, "talks", "t"}).ok());
  });
}

// These need no server.

TEST(PostgresConnectTest, OnlyPostgresUrlsArePostgresLocations) {
  EXPECT_TRUE(IsPostgresLocation("postgresql://ann@db.example/talks"));
  EXPECT_TRUE(IsPostgresLocation("postgres://localhost/redline"));
  EXPECT_FALSE(IsPostgresLocation("postgresql.db"));
  EXPECT_FALSE(IsPostgresLocation("./postgresql://x"));
  EXPECT_FALSE(IsPostgresLocation("host=db dbname=talks"));
  EXPECT_FALSE(IsPostgresLocation(""));
}

TEST(PostgresConnectTest, RefusedConnectionNamesTheServerNotThePassword) {
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(
      "postgresql://ann:s3cret@127.0.0.1:1/talks", StoreOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kStorage);
  const std::string& message = store.status().message();
  EXPECT_TRUE(
      message.starts_with("cannot connect to PostgreSQL (host "
                          "127.0.0.1, port 1, database talks): "))
      << message;
  EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
}

TEST(PostgresConnectTest, MalformedUrlIsStorageWithoutThePassword) {
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(
      "postgresql://ann:s3%zzcret@127.0.0.1/talks", StoreOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kStorage);
  EXPECT_EQ(store.status().message(),
            "malformed PostgreSQL URL postgresql://ann@127.0.0.1/talks");

  store = OpenPostgresStore("postgresql://ann:pw@127.0.0.1/talks?colour=red",
                            StoreOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kStorage);
  EXPECT_EQ(store.status().message(),
            "malformed PostgreSQL URL postgresql://ann@127.0.0.1/talks"
            "?colour=red: invalid URI query parameter: \"colour\"");
}

TEST(PostgresConnectTest, RedactsPasswords) {
  EXPECT_EQ(RedactPostgresUrl("postgresql://ann:s3cret@db:5433/talks"),
            "postgresql://ann@db:5433/talks");
  EXPECT_EQ(RedactPostgresUrl("postgres://ann:@db/talks"),
            "postgres://ann@db/talks");
  EXPECT_EQ(RedactPostgresUrl("postgresql://ann@db/talks"),
            "postgresql://ann@db/talks");
  EXPECT_EQ(RedactPostgresUrl("postgresql://db/talks"),
            "postgresql://db/talks");
  EXPECT_EQ(RedactPostgresUrl(
                "postgresql://db/talks?password=x&sslmode=require&password=y"),
            "postgresql://db/talks?sslmode=require");
  EXPECT_EQ(RedactPostgresUrl("postgresql://ann:pw@db/t?password=x"),
            "postgresql://ann@db/t");
  EXPECT_EQ(RedactPostgresUrl("host=db password='a b\\' c' dbname=talks"),
            "host=db dbname=talks");
  EXPECT_EQ(RedactPostgresUrl("password=x"), "");
}

}  // namespace
}  // namespace redline
