#include "redline/audit.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace redline {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  return hex;
}

// The entry hash as audit.h documents it, written independently of
// audit.cc: BLAKE2b-256 over length-prefixed fields.
std::string DocumentedHashBytes(const AuditEntry& e) {
  std::string message;
  for (const std::string& field :
       {std::string("redline-audit-v1"), std::to_string(e.seq), e.at, e.user,
        e.action, e.object, e.outcome, e.detail, e.prev_hash}) {
    uint64_t n = field.size();
    for (int i = 0; i < 8; ++i, n >>= 8) message.push_back(char(n & 0xFF));
    message += field;
  }
  std::string hash(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), 32,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), nullptr, 0);
  return hash;
}

std::string DocumentedMac(const std::string& hash_bytes, const AuditKey& key) {
  std::string mac(32, '\0');
  crypto_auth(reinterpret_cast<unsigned char*>(mac.data()),
              reinterpret_cast<const unsigned char*>(hash_bytes.data()),
              hash_bytes.size(),
              reinterpret_cast<const unsigned char*>(key.bytes.data()));
  return Hex(mac);
}

std::vector<AuditEvent> Events(int first, int count) {
  std::vector<AuditEvent> events;
  for (int i = first; i < first + count; ++i) {
    AuditEvent e;
    e.at = "2026-11-27T17:05:" + std::string(i % 60 < 10 ? "0" : "") +
           std::to_string(i % 60) + "Z";
    e.user = i % 3 == 0 ? "" : "alice";
    e.action = i % 2 == 0 ? "login" : "import";
    e.object = "negotiation/1/version/" + std::to_string(i);
    e.outcome = i % 4 == 3 ? "forbidden" : "ok";
    e.detail = "{\"n\":" + std::to_string(i) + "}";
    events.push_back(e);
  }
  return events;
}

// The audit log of a real SQLite store in a temporary directory, tampered
// with through SQLite directly.
class AuditTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/redline_audit_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    Reopen();
    Result<AuditKey> key = LoadAuditKey(dir_ + "/audit.key", true);
    ASSERT_TRUE(key.ok()) << key.status().message();
    key_ = *key;
    other_key_.bytes = std::string(32, '\x5a');
  }
  void TearDown() override {
    store_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }

  void Reopen() {
    store_.reset();
    StoreOptions options;
    options.create = true;
    Result<std::unique_ptr<Store>> store =
        OpenStore(dir_ + "/store.db", options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  void Append(const AuditKey& key, const std::vector<AuditEvent>& events) {
    const Status status = store_->Transact(
        true, [&](Transaction& txn) { return AppendAudit(txn, key, events); });
    ASSERT_TRUE(status.ok()) << status.message();
  }

  AuditReport Verify(const std::optional<std::string>& head = std::nullopt,
                     const AuditKey* key = nullptr) {
    Result<AuditReport> report = Status::Internal("not run");
    const Status status = store_->Transact(false, [&](Transaction& txn) {
      report = VerifyAudit(txn, key ? *key : key_, head);
      return report.status();
    });
    EXPECT_TRUE(status.ok()) << status.message();
    return report.value_or(AuditReport{});
  }

  AuditHead Head() {
    Result<AuditHead> head = Status::Internal("not run");
    store_->Transact(false, [&](Transaction& txn) {
      head = CurrentAuditHead(txn);
      return head.status();
    });
    EXPECT_TRUE(head.ok()) << head.status().message();
    return head.value_or(AuditHead{});
  }

  std::vector<AuditEntry> Entries() {
    std::vector<AuditEntry> entries;
    store_->Transact(false, [&](Transaction& txn) {
      Result<std::vector<AuditEntry>> all = txn.AuditEntries(0, 1 << 30);
      if (all.ok()) entries = *all;
      return all.status();
    });
    return entries;
  }

  // Runs SQL on the store's file directly, as an attacker with write access
  // to the database (but not to the key) would.
  void Tamper(const std::string& sql) {
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ + "/store.db").c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
    Reopen();
  }

  // An INSERT of `e` as a row of audit_entry.
  static std::string InsertSql(const AuditEntry& e) {
    char* sql = sqlite3_mprintf(
        "INSERT INTO audit_entry (seq, at, user_name, action, object, "
        "outcome, detail, prev_hash, hash, mac) VALUES "
        "(%lld, %Q, %Q, %Q, %Q, %Q, %Q, %Q, %Q, %Q);",
        static_cast<long long>(e.seq), e.at.c_str(), e.user.c_str(),
        e.action.c_str(), e.object.c_str(), e.outcome.c_str(), e.detail.c_str(),
        e.prev_hash.c_str(), e.hash.c_str(), e.mac.c_str());
    std::string result = sql;
    sqlite3_free(sql);
    return result;
  }

  void ExpectProblem(const AuditReport& report, int64_t sound,
                     const std::string& problem) {
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.problem, problem);
    EXPECT_EQ(report.entries, sound);
    EXPECT_EQ(report.head.seq, sound);
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  AuditKey key_;
  AuditKey other_key_;
};

TEST_F(AuditTest, EmptyLogVerifies) {
  AuditHead head = Head();
  EXPECT_EQ(head.seq, 0);
  EXPECT_EQ(head.hash, "");
  AuditReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 0);
  EXPECT_TRUE(Verify("").ok);
}

TEST_F(AuditTest, AppendedLogVerifies) {
  Append(key_, Events(1, 3));
  Append(key_, Events(4, 2));  // continues the chain
  AuditReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 5);
  AuditHead head = Head();
  EXPECT_EQ(head.seq, 5);
  EXPECT_EQ(report.head.seq, 5);
  EXPECT_EQ(report.head.hash, head.hash);
  EXPECT_TRUE(Verify(head.hash).ok);
}

TEST_F(AuditTest, ChainFollowsTheDocumentedFormat) {
  Append(key_, Events(1, 4));
  std::vector<AuditEntry> entries = Entries();
  ASSERT_EQ(entries.size(), 4u);
  std::string prev;
  for (size_t i = 0; i < entries.size(); ++i) {
    const AuditEntry& e = entries[i];
    const AuditEvent expected = Events(1, 4)[i];
    EXPECT_EQ(e.seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(e.at, expected.at);
    EXPECT_EQ(e.user, expected.user);
    EXPECT_EQ(e.detail, expected.detail);
    EXPECT_EQ(e.prev_hash, prev);
    const std::string hash = DocumentedHashBytes(e);
    EXPECT_EQ(e.hash, Hex(hash));
    EXPECT_EQ(e.mac, DocumentedMac(hash, key_));
    prev = e.hash;
  }
}

TEST_F(AuditTest, FieldBoundariesMatter) {
  // The same bytes split differently between fields hash differently.
  AuditEvent a = Events(1, 1)[0], b = a;
  a.user = "ab";
  a.action = "c";
  b.user = "a";
  b.action = "bc";
  AuditEntry ea{1,         a.at,     a.user, a.action, a.object,
                a.outcome, a.detail, "",     "",       ""};
  AuditEntry eb{1,         b.at,     b.user, b.action, b.object,
                b.outcome, b.detail, "",     "",       ""};
  EXPECT_NE(DocumentedHashBytes(ea), DocumentedHashBytes(eb));
}

TEST_F(AuditTest, DetectsAnEditedField) {
  Append(key_, Events(1, 5));
  Tamper("UPDATE audit_entry SET detail = '{\"n\":99}' WHERE seq = 3");
  ExpectProblem(Verify(), 2,
                "entry 3 was altered: its fields do not match its hash");
}

TEST_F(AuditTest, DetectsAnEditWithTheHashRecomputed) {
  Append(key_, Events(1, 5));
  AuditEntry e = Entries()[2];
  e.user = "mallory";
  e.hash = Hex(DocumentedHashBytes(e));
  Tamper("DELETE FROM audit_entry WHERE seq = 3; " + InsertSql(e));
  ExpectProblem(Verify(), 2,
                "entry 3 has an invalid MAC: it was written without the audit "
                "key (forged, or the chain was recomputed), or the key is not "
                "this log's");
}

TEST_F(AuditTest, DetectsADeletedEntry) {
  Append(key_, Events(1, 5));
  Tamper("DELETE FROM audit_entry WHERE seq = 3");
  ExpectProblem(Verify(), 2,
                "entry 3 is missing: the log goes from seq 2 to seq 4 "
                "(entries were deleted)");
}

TEST_F(AuditTest, DetectsADeletedFirstEntry) {
  Append(key_, Events(1, 3));
  Tamper("DELETE FROM audit_entry WHERE seq = 1");
  ExpectProblem(Verify(), 0,
                "entry 1 is missing: the log goes from seq 0 to seq 2 "
                "(entries were deleted)");
}

TEST_F(AuditTest, DetectsADeletedEntryWithTheRestRenumbered) {
  Append(key_, Events(1, 5));
  Tamper(
      "DELETE FROM audit_entry WHERE seq = 3; "
      "UPDATE audit_entry SET seq = seq - 1 WHERE seq > 3");
  ExpectProblem(Verify(), 2,
                "entry 3 does not follow entry 2: its prev_hash is not that "
                "entry's hash (entries were deleted, inserted or reordered)");
}

TEST_F(AuditTest, DetectsAnInsertedEntry) {
  Append(key_, Events(1, 5));
  std::vector<AuditEntry> entries = Entries();
  // A well-formed entry chained after entry 2, without the key's MAC; the
  // later entries move up one.
  AuditEntry forged = entries[2];
  forged.seq = 3;
  forged.action = "share";
  forged.prev_hash = entries[1].hash;
  forged.hash = Hex(DocumentedHashBytes(forged));
  forged.mac = DocumentedMac(DocumentedHashBytes(forged), other_key_);
  Tamper(
      "UPDATE audit_entry SET seq = seq + 1000 WHERE seq >= 3; "
      "UPDATE audit_entry SET seq = seq - 999 WHERE seq > 1000; " +
      InsertSql(forged));
  ExpectProblem(Verify(), 2,
                "entry 3 has an invalid MAC: it was written without the audit "
                "key (forged, or the chain was recomputed), or the key is not "
                "this log's");
}

TEST_F(AuditTest, DetectsAnEntryAppendedWithoutTheKey) {
  Append(key_, Events(1, 5));
  Append(other_key_, Events(6, 1));
  ExpectProblem(Verify(), 5,
                "entry 6 has an invalid MAC: it was written without the audit "
                "key (forged, or the chain was recomputed), or the key is not "
                "this log's");
}

TEST_F(AuditTest, DetectsSwappedEntries) {
  Append(key_, Events(1, 5));
  Tamper(
      "UPDATE audit_entry SET seq = 1002 WHERE seq = 2; "
      "UPDATE audit_entry SET seq = 2 WHERE seq = 4; "
      "UPDATE audit_entry SET seq = 4 WHERE seq = 1002");
  ExpectProblem(Verify(), 1,
                "entry 2 does not follow entry 1: its prev_hash is not that "
                "entry's hash (entries were deleted, inserted or reordered)");
}

TEST_F(AuditTest, DetectsAChainRecomputedWithAnotherKey) {
  Append(key_, Events(1, 5));
  // Rewrite history from entry 3 on: a consistent chain, but not under our
  // key.
  std::vector<AuditEvent> rewritten = Events(3, 3);
  rewritten[0].outcome = "ok";
  rewritten[0].detail = "{\"n\":0}";
  Tamper("DELETE FROM audit_entry WHERE seq >= 3");
  Append(other_key_, rewritten);
  ExpectProblem(Verify(), 2,
                "entry 3 has an invalid MAC: it was written without the audit "
                "key (forged, or the chain was recomputed), or the key is not "
                "this log's");
  // Under the forger's key the chain is sound from 3 on, but 1 and 2 fail.
  AuditReport report = Verify(std::nullopt, &other_key_);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.entries, 0);
}

TEST_F(AuditTest, DetectsTruncationBehindAnExportedHead) {
  Append(key_, Events(1, 5));
  const AuditHead exported = Head();
  ASSERT_EQ(exported.seq, 5);
  Tamper("DELETE FROM audit_entry WHERE seq >= 4");
  // What remains is a sound log: only the exported head shows the loss.
  EXPECT_TRUE(Verify().ok);
  const std::string problem = "the log ends before the exported head " +
                              exported.hash +
                              ": its last entry is seq 3 (entries were "
                              "removed from the end)";
  ExpectProblem(Verify(exported.hash), 3, problem);
  // Appending other entries in place of the removed ones does not hide it.
  Append(key_, Events(10, 3));
  AuditReport report = Verify(exported.hash);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.entries, 6);
}

TEST_F(AuditTest, AnOlderHeadIsFoundInALongerLog) {
  Append(key_, Events(1, 3));
  const AuditHead exported = Head();
  Append(key_, Events(4, 3));
  AuditReport report = Verify(exported.hash);
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 6);
}

TEST_F(AuditTest, RefusesMalformedHeadsAndKeys) {
  Append(key_, Events(1, 2));
  Result<AuditReport> report = Status::Internal("not run");
  store_->Transact(false, [&](Transaction& txn) {
    report = VerifyAudit(txn, key_, std::string("abc"));
    return Status::Ok();
  });
  EXPECT_EQ(report.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(report.status().message(),
            "the expected audit head must be 64 hex digits");
  // Upper case is the same head.
  std::string upper = Head().hash;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  EXPECT_TRUE(Verify(upper).ok);

  AuditKey short_key{std::string(31, 'k')};
  const Status status = store_->Transact(true, [&](Transaction& txn) {
    return AppendAudit(txn, short_key, Events(3, 1));
  });
  EXPECT_EQ(status.code(), ErrorCode::kUsage);
  EXPECT_EQ(status.message(), "the audit key has 31 bytes, not 32");
}

TEST_F(AuditTest, VerifiesAcrossPages) {
  Append(key_, Events(1, 2500));
  AuditReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 2500);
  EXPECT_EQ(report.head.seq, 2500);
  Tamper("UPDATE audit_entry SET at = '2030-01-01T00:00:00Z' WHERE seq = 2001");
  ExpectProblem(Verify(), 2000,
                "entry 2001 was altered: its fields do not match its hash");
}

TEST_F(AuditTest, ExportWritesOneJsonObjectPerEntry) {
  std::vector<AuditEvent> events = Events(1, 1200);
  events[7].detail = "{\"note\":\"line one\\nline \\\"two\\\" \xC3\xA9\"}";
  events[8].object = "tab\there\nnewline";
  Append(key_, events);
  std::ostringstream out;
  const Status status = store_->Transact(
      false, [&](Transaction& txn) { return ExportAudit(txn, out); });
  ASSERT_TRUE(status.ok()) << status.message();

  std::vector<AuditEntry> entries = Entries();
  std::istringstream in(out.str());
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ASSERT_LT(n, entries.size());
    const nlohmann::json json = nlohmann::json::parse(line);
    const AuditEntry& e = entries[n++];
    EXPECT_EQ(json.size(), 10u);
    EXPECT_EQ(json.at("seq").get<int64_t>(), e.seq);
    EXPECT_EQ(json.at("at").get<std::string>(), e.at);
    EXPECT_EQ(json.at("user").get<std::string>(), e.user);
    EXPECT_EQ(json.at("action").get<std::string>(), e.action);
    EXPECT_EQ(json.at("object").get<std::string>(), e.object);
    EXPECT_EQ(json.at("outcome").get<std::string>(), e.outcome);
    EXPECT_EQ(json.at("detail").get<std::string>(), e.detail);
    EXPECT_EQ(json.at("prev_hash").get<std::string>(), e.prev_hash);
    EXPECT_EQ(json.at("hash").get<std::string>(), e.hash);
    EXPECT_EQ(json.at("mac").get<std::string>(), e.mac);
  }
  EXPECT_EQ(n, 1200u);
  EXPECT_EQ(entries[7].detail, events[7].detail);
}

// Key files.

class AuditKeyTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/redline_audit_key_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/audit.key";
  }
  void TearDown() override {
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }

  void Write(const std::string& text, mode_t mode = 0600) {
    std::ofstream(path_, std::ios::binary) << text;
    ASSERT_EQ(chmod(path_.c_str(), mode), 0);
  }

  std::string dir_;
  std::string path_;
};

TEST_F(AuditKeyTest, CreatesAPrivateKeyFileAndReloadsIt) {
  Result<AuditKey> key = LoadAuditKey(path_, true);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->bytes.size(), 32u);
  struct stat st;
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(path_, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  EXPECT_EQ(text, Hex(key->bytes) + "\n");

  for (bool create : {false, true}) {
    Result<AuditKey> again = LoadAuditKey(path_, create);
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(again->bytes, key->bytes);
  }
  // No temporary file is left behind.
  EXPECT_EQ(std::system(("test \"$(ls '" + dir_ + "')\" = audit.key").c_str()),
            0);
}

TEST_F(AuditKeyTest, NewKeysDiffer) {
  Result<AuditKey> a = LoadAuditKey(path_, true);
  Result<AuditKey> b = LoadAuditKey(path_ + "2", true);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->bytes, b->bytes);
}

TEST_F(AuditKeyTest, ConcurrentCreatorsAgreeOnOneKey) {
  std::vector<Result<AuditKey>> keys(4, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (auto& key : keys) {
    threads.emplace_back([&] { key = LoadAuditKey(path_, true); });
  }
  for (std::thread& t : threads) t.join();
  for (const Result<AuditKey>& key : keys) {
    ASSERT_TRUE(key.ok()) << key.status().message();
    EXPECT_EQ(key->bytes, keys[0]->bytes);
  }
}

TEST_F(AuditKeyTest, MissingFileIsNotFoundWithoutCreate) {
  Result<AuditKey> key = LoadAuditKey(path_, false);
  EXPECT_EQ(key.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(key.status().message(),
            "audit key file " + path_ + " does not exist");
  EXPECT_NE(access(path_.c_str(), F_OK), 0);
}

TEST_F(AuditKeyTest, ReadsAWrittenKeyWithOrWithoutNewline) {
  const std::string hex =
      "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F";
  for (const std::string& text : {hex + "\n", hex}) {
    Write(text);
    Result<AuditKey> key = LoadAuditKey(path_, false);
    ASSERT_TRUE(key.ok()) << key.status().message();
    EXPECT_EQ(
        Hex(key->bytes),
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  }
}

TEST_F(AuditKeyTest, RefusesMalformedKeys) {
  const std::string hex(64, 'a');
  for (const std::string& text :
       {std::string(), std::string("\n"), hex.substr(1) + "\n", hex + "a\n",
        hex + "\n\n", hex + " \n", "0x" + hex.substr(2) + "\n",
        std::string(63, 'a') + "g\n", std::string(200, 'a')}) {
    Write(text);
    for (bool create : {false, true}) {
      Result<AuditKey> key = LoadAuditKey(path_, create);
      ASSERT_FALSE(key.ok()) << text;
      EXPECT_EQ(key.status().code(), ErrorCode::kBadInput);
      EXPECT_EQ(
          key.status().message(),
          "audit key file " + path_ + ": expected 64 hex digits and a newline");
    }
  }
}

TEST_F(AuditKeyTest, RefusesKeysOthersMayRead) {
  Write(std::string(64, 'a') + "\n", 0640);
  Result<AuditKey> key = LoadAuditKey(path_, true);
  EXPECT_EQ(key.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(key.status().message(),
            "audit key file " + path_ +
                ": readable or writable by others (mode 640); chmod 600 it");
}

TEST_F(AuditKeyTest, RefusesADirectory) {
  ASSERT_EQ(mkdir(path_.c_str(), 0700), 0);
  Result<AuditKey> key = LoadAuditKey(path_, true);
  EXPECT_EQ(key.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(key.status().message(),
            "audit key file " + path_ + ": not a regular file");
}

}  // namespace
}  // namespace redline
