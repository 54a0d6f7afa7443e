#include "redline/record.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>

#include "store/pg_test_database.h"

namespace redline {
namespace {

const char kDraft[] =
    "Lake Orva framework\n"
    "1. A ceasefire takes effect at noon on the day of signature.\n"
    "2. Prisoners of war are exchanged all for all within thirty days.\n"
    "3. A joint commission supervises the river crossings.\n";

// Point 2 reworded, 1 and 3 unchanged, a new point 4.
const char kCounter[] =
    "Lake Orva framework\n"
    "1. A ceasefire takes effect at noon on the day of signature.\n"
    "2. Prisoners of war are exchanged all for all within ten days.\n"
    "3. A joint commission supervises the river crossings.\n"
    "4. Mine clearance teams work together on both banks.\n";

// The same tests on both backends: "sqlite" (a file in a temporary
// directory) and "postgres" (a fresh database on the REDLINE_TEST_PG server,
// skipped without one unless CI=true).
class RecordTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/redline_record_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    if (std::string(GetParam()) == "postgres" && PgTestServerUrl().empty()) {
      if (PgTestServerRequired()) FAIL() << "REDLINE_TEST_PG is not set";
      GTEST_SKIP() << "no PostgreSQL server (set REDLINE_TEST_PG)";
    }
    store_ = NewStore("main");
    ASSERT_NE(store_, nullptr);
    Write([&](Transaction& txn) -> Status {
      Result<int64_t> id =
          txn.AddNegotiation({0, "Lake Orva talks", "2026-11-01T09:00:00Z"});
      if (!id.ok()) return id.status();
      negotiation_ = *id;
      for (const auto& [name, kind] :
           {std::pair{"Mediator", PartyKind::kMediator},
            std::pair{"Norland", PartyKind::kParty},
            std::pair{"Kestria", PartyKind::kParty},
            std::pair{"Mission", PartyKind::kObserver}}) {
        Result<int64_t> party = txn.AddParty({0, *id, name, kind});
        if (!party.ok()) return party.status();
      }
      return Status::Ok();
    });
  }
  void TearDown() override {
    store_.reset();
    databases_.clear();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }

  // An empty store of this test's backend (null after a fatal failure).
  std::unique_ptr<Store> NewStore(const std::string& name) {
    StoreOptions options;
    options.create = true;
    std::string location = dir_ + "/" + name + ".db";
    if (std::string(GetParam()) == "postgres") {
      databases_.push_back(std::make_unique<PgTestDatabase>(PgTestServerUrl()));
      if (!databases_.back()->status().ok()) {
        ADD_FAILURE() << databases_.back()->status().message();
        return nullptr;
      }
      location = databases_.back()->url();
    }
    Result<std::unique_ptr<Store>> store = OpenStore(location, options);
    if (!store.ok()) {
      ADD_FAILURE() << store.status().message();
      return nullptr;
    }
    return std::move(*store);
  }

  // Runs `work` in a write transaction and expects it to succeed.
  void Write(const std::function<Status(Transaction&)>& work) {
    const Status status = store_->Transact(true, work);
    ASSERT_TRUE(status.ok()) << status.message();
  }

  Result<ImportOutcome> Import(const std::string& text,
                               const std::string& label, const std::string& by,
                               std::vector<std::string> parents = {}) {
    ImportRequest request;
    request.text = text;
    request.label = label;
    request.by = by;
    request.parents = std::move(parents);
    request.at = "2026-11-02T10:00:00Z";
    Result<ImportOutcome> outcome = Status::Internal("not run");
    const Status status = store_->Transact(true, [&](Transaction& txn) {
      outcome = ImportVersion(txn, negotiation_, request);
      return outcome.status();
    });
    if (!status.ok()) return status;
    return outcome;
  }

  Status Stance(const std::string& version, const std::string& point,
                const std::string& party, StanceKind stance,
                bool internal = false) {
    StanceRequest request;
    request.version = version;
    request.point = point;
    request.party = party;
    request.stance = stance;
    request.note = "note on " + point;
    request.internal = internal;
    request.author = "desk officer";
    request.at = "2026-11-03T11:00:00Z";
    return store_->Transact(true, [&](Transaction& txn) {
      return SetStance(txn, negotiation_, request).status();
    });
  }

  std::string dir_;
  std::vector<std::unique_ptr<PgTestDatabase>> databases_;
  std::unique_ptr<Store> store_;
  int64_t negotiation_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, RecordTest,
                         testing::Values("sqlite", "postgres"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

TEST(VersionIdTest, IgnoresBomAndCrlfOnly) {
  EXPECT_EQ(VersionId("1. Peace\n"), VersionId("\xEF\xBB\xBF"
                                               "1. Peace\r\n"));
  EXPECT_NE(VersionId("1. Peace\n"), VersionId("1. Peace \n"));
  EXPECT_NE(VersionId("1. Peace\n"), VersionId("1. Peace\r"));
  // BLAKE2b-256 of the empty string.
  EXPECT_EQ(VersionId(""),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(ShortId(VersionId("")), "0e5751c026e5");
}

TEST_P(RecordTest, ImportIsContentAddressedAndIdempotent) {
  Result<ImportOutcome> first = Import(kDraft, "Mediator draft", "Mediator");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_FALSE(first->existed);
  EXPECT_EQ(first->version.id, VersionId(kDraft));
  EXPECT_EQ(first->version.seq, 1);
  // The same text again, even with CRLF and another label: the existing one.
  std::string crlf = kDraft;
  for (size_t at = crlf.find('\n'); at != std::string::npos;
       at = crlf.find('\n', at + 2)) {
    crlf.insert(at, "\r");
  }
  Result<ImportOutcome> again = Import(crlf, "Another label", "Norland");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->existed);
  EXPECT_EQ(again->version.label, "Mediator draft");
  store_->Transact(false, [&](Transaction& txn) {
    EXPECT_EQ(txn.Versions(negotiation_, false)->size(), 1u);
    return Status::Ok();
  });
}

TEST_P(RecordTest, ImportRefusals) {
  ASSERT_TRUE(Import(kDraft, "Draft", "Mediator").ok());
  Result<ImportOutcome> observer = Import(kCounter, "Mission text", "Mission");
  EXPECT_EQ(observer.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(observer.status().message(),
            "'Mission' is an observer: observers author no versions");
  Result<ImportOutcome> unknown = Import(kCounter, "X", "Tamsk");
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.status().message(),
            "no party named 'Tamsk' (parties: Mediator, Norland, Kestria, "
            "Mission)");
  Result<ImportOutcome> taken = Import(kCounter, "Draft", "Norland");
  EXPECT_EQ(taken.status().code(), ErrorCode::kUsage);
  Result<ImportOutcome> orphan =
      Import(kCounter, "Counter", "Norland", {"ffff"});
  EXPECT_EQ(orphan.status().code(), ErrorCode::kNotFound);
  // Nothing of the refused imports was stored.
  store_->Transact(false, [&](Transaction& txn) {
    EXPECT_EQ(txn.Versions(negotiation_, false)->size(), 1u);
    return Status::Ok();
  });
}

TEST_P(RecordTest, ReferencesResolveByLabelThenUniquePrefix) {
  ASSERT_TRUE(Import(kDraft, "Draft", "Mediator").ok());
  ASSERT_TRUE(Import(kCounter, "Counter", "Norland").ok());
  store_->Transact(false, [&](Transaction& txn) {
    EXPECT_EQ(ResolveVersion(txn, negotiation_, "Counter")->id,
              VersionId(kCounter));
    EXPECT_EQ(
        ResolveVersion(txn, negotiation_, VersionId(kDraft).substr(0, 4))->id,
        VersionId(kDraft));
    // Three hex digits are too few to be a reference.
    EXPECT_EQ(ResolveVersion(txn, negotiation_, VersionId(kDraft).substr(0, 3))
                  .status()
                  .code(),
              ErrorCode::kNotFound);
    EXPECT_EQ(ResolveVersion(txn, negotiation_, "nothing").status().message(),
              "no version 'nothing' (a label, or an id prefix of 4+ hex "
              "digits)");
    return Status::Ok();
  });
}

TEST_P(RecordTest, AmbiguousPrefixListsTheCandidates) {
  // Two short texts whose ids share their first four hex digits (found by
  // trying: about 300 tries on average).
  std::map<std::string, std::string> by_prefix;
  std::string first, second;
  for (int n = 0; second.empty(); ++n) {
    const std::string text = "1. Point number " + std::to_string(n) + ".\n";
    const std::string prefix = VersionId(text).substr(0, 4);
    auto [it, inserted] = by_prefix.emplace(prefix, text);
    if (!inserted) {
      first = it->second;
      second = text;
    }
  }
  ASSERT_TRUE(Import(first, "One", "Mediator").ok());
  ASSERT_TRUE(Import(second, "Two", "Mediator").ok());
  const std::string prefix = VersionId(first).substr(0, 4);
  store_->Transact(false, [&](Transaction& txn) {
    Result<Version> ambiguous = ResolveVersion(txn, negotiation_, prefix);
    EXPECT_EQ(ambiguous.status().code(), ErrorCode::kNotFound);
    EXPECT_EQ(ambiguous.status().message(),
              "version '" + prefix +
                  "' is ambiguous: " + ShortId(VersionId(first)) + " (One), " +
                  ShortId(VersionId(second)) + " (Two)");
    // One more digit tells them apart, unless they share it too.
    const std::string longer = VersionId(first).substr(0, 12);
    EXPECT_EQ(ResolveVersion(txn, negotiation_, longer)->label, "One");
    return Status::Ok();
  });
}

TEST_P(RecordTest, StancesKeepTheirHistoryAndCarryForwardWhenSame) {
  ASSERT_TRUE(Import(kDraft, "Draft", "Mediator").ok());
  ASSERT_TRUE(Stance("Draft", "1", "Norland", StanceKind::kAgree).ok());
  ASSERT_TRUE(Stance("Draft", "2", "Norland", StanceKind::kDispute).ok());
  ASSERT_TRUE(Stance("Draft", "2", "Norland", StanceKind::kRedLine).ok());
  ASSERT_TRUE(Stance("Draft", "3", "Kestria", StanceKind::kOpen, true).ok());
  // SetStance returns the stance with the number the store gave it.
  store_->Transact(true, [&](Transaction& txn) {
    StanceRequest request{
        "Draft", "1",   "Kestria",      StanceKind::kAgree,
        "",      false, "desk officer", "2026-11-03T11:00:00Z"};
    Result<redline::Stance> stance = SetStance(txn, negotiation_, request);
    EXPECT_TRUE(stance.ok());
    EXPECT_EQ(stance->seq, 5);
    return Status::Usage("rolled back");
  });
  Result<ImportOutcome> counter =
      Import(kCounter, "Counter", "Norland", {"Draft"});
  ASSERT_TRUE(counter.ok()) << counter.status().message();
  // 1 and 3 are the same in the counter-proposal; 2 was reworded.
  EXPECT_EQ(counter->carried_forward, 2);
  store_->Transact(false, [&](Transaction& txn) {
    Result<std::vector<redline::Stance>> draft =
        txn.Stances(negotiation_, VersionId(kDraft));
    EXPECT_EQ(draft->size(), 4u);  // the superseded dispute stays
    Result<std::vector<redline::Stance>> carried =
        txn.Stances(negotiation_, VersionId(kCounter));
    EXPECT_EQ(carried->size(), 2u);
    int64_t seq = 4;  // numbered on after the draft's four
    for (const redline::Stance& stance : *carried) {
      EXPECT_EQ(stance.inherited_from, VersionId(kDraft));
      EXPECT_EQ(stance.seq, ++seq);
    }
    EXPECT_EQ((*carried)[1].point, "3");
    EXPECT_TRUE((*carried)[1].internal);
    return Status::Ok();
  });
}

TEST_P(RecordTest, StanceRefusals) {
  ASSERT_TRUE(Import(kDraft, "Draft", "Mediator").ok());
  Status observer = Stance("Draft", "1", "Mission", StanceKind::kAgree);
  EXPECT_EQ(observer.code(), ErrorCode::kUsage);
  EXPECT_EQ(observer.message(),
            "'Mission' is an observer: observers take no stances");
  Status point = Stance("Draft", "9", "Norland", StanceKind::kAgree);
  EXPECT_EQ(point.code(), ErrorCode::kNotFound);
  EXPECT_EQ(point.message(), "version " + ShortId(VersionId(kDraft)) +
                                 " (Draft) has no point '9'");
  EXPECT_TRUE(Stance("Draft", "preamble", "Kestria", StanceKind::kAgree).ok());
  EXPECT_EQ(ParseStanceKind("maybe").status().message(),
            "unknown stance 'maybe' (use agree, agree-with-changes, dispute, "
            "red-line or open)");
}

TEST_P(RecordTest, StatusCountsThePoints) {
  ASSERT_TRUE(Import(kDraft, "Draft", "Mediator").ok());
  for (const char* party : {"Mediator", "Norland", "Kestria"}) {
    ASSERT_TRUE(Stance("Draft", "1", party, StanceKind::kAgree).ok());
    ASSERT_TRUE(Stance("Draft", "preamble", party, StanceKind::kAgree).ok());
  }
  ASSERT_TRUE(Stance("Draft", "2", "Norland", StanceKind::kDispute).ok());
  ASSERT_TRUE(Stance("Draft", "2", "Kestria", StanceKind::kRedLine).ok());
  ASSERT_TRUE(
      Stance("Draft", "3", "Mediator", StanceKind::kAgreeWithChanges).ok());
  store_->Transact(false, [&](Transaction& txn) {
    Result<StatusTable> table = VersionStatus(txn, negotiation_, "Draft");
    EXPECT_TRUE(table.ok()) << table.status().message();
    EXPECT_EQ(table->points,
              (std::vector<std::string>{"preamble", "1", "2", "3"}));
    EXPECT_EQ(table->parties.size(), 3u);  // the observer takes no stances
    EXPECT_EQ(table->agreed_by_all, 2);    // preamble and 1
    EXPECT_EQ(table->disputed, 1);
    EXPECT_EQ(table->red_lines, 1);
    EXPECT_EQ(table->open, 2);  // 2 (the mediator is silent) and 3
    EXPECT_FALSE(table->cells[3][1].has_value());
    EXPECT_EQ(table->cells[3][0]->stance, StanceKind::kAgreeWithChanges);
    return Status::Ok();
  });
}

TEST_P(RecordTest, SeenThroughTheVersionOrADescendant) {
  ASSERT_TRUE(Import(kDraft, "Draft", "Mediator").ok());
  ASSERT_TRUE(Import(kCounter, "Counter", "Norland", {"Draft"}).ok());
  Write([&](Transaction& txn) {
    return ShareVersion(txn, negotiation_, "Counter", "Kestria", "mediator",
                        "e-mail", "2026-11-05T08:00:00Z")
        .status();
  });
  store_->Transact(false, [&](Transaction& txn) {
    // Kestria saw the counter-proposal, which descends from the draft.
    Result<std::optional<SeenEvidence>> draft =
        Seen(txn, negotiation_, "Kestria", "Draft");
    EXPECT_TRUE(draft.ok());
    EXPECT_TRUE(draft->has_value());
    EXPECT_EQ((*draft)->version, VersionId(kCounter));
    EXPECT_EQ((*draft)->channel, "e-mail");
    EXPECT_EQ((*draft)->at, "2026-11-05T08:00:00Z");
    // Norland was shown nothing.
    EXPECT_FALSE(Seen(txn, negotiation_, "Norland", "Draft")->has_value());
    // The draft does not descend from the counter-proposal: Kestria's view
    // of the counter says nothing of a share of the draft, and vice versa.
    return Status::Ok();
  });
  Write([&](Transaction& txn) {
    return ShareVersion(txn, negotiation_, "Draft", "Norland", "mediator",
                        "meeting", "2026-11-06T08:00:00Z")
        .status();
  });
  store_->Transact(false, [&](Transaction& txn) {
    EXPECT_FALSE(Seen(txn, negotiation_, "Norland", "Counter")->has_value());
    EXPECT_TRUE(Seen(txn, negotiation_, "Norland", "Draft")->has_value());
    return Status::Ok();
  });
}

TEST_P(RecordTest, DumpRestoreDumpIsByteIdentical) {
  ASSERT_TRUE(Import(kDraft, "Draft", "Mediator").ok());
  ASSERT_TRUE(Stance("Draft", "2", "Norland", StanceKind::kDispute, true).ok());
  ASSERT_TRUE(Import(kCounter, "Counter", "Norland", {"Draft"}).ok());
  Write([&](Transaction& txn) {
    return ShareVersion(txn, negotiation_, "Counter", "Mission", "mediator",
                        "server", "2026-11-05T08:00:00Z")
        .status();
  });
  std::string first;
  store_->Transact(false, [&](Transaction& txn) {
    Result<std::string> dump = DumpStore(txn);
    EXPECT_TRUE(dump.ok());
    first = *dump;
    return Status::Ok();
  });
  StoreOptions options;
  options.create = true;
  Result<std::unique_ptr<Store>> copy = OpenStore(dir_ + "/copy.db", options);
  ASSERT_TRUE(copy.ok());
  ASSERT_TRUE(
      (*copy)
          ->Transact(true,
                     [&](Transaction& txn) { return RestoreStore(txn, first); })
          .ok());
  std::string second;
  (*copy)->Transact(false, [&](Transaction& txn) {
    second = *DumpStore(txn);
    return Status::Ok();
  });
  EXPECT_EQ(first, second);
  // A store with data refuses a restore, and stays as it was.
  const Status again = (*copy)->Transact(
      true, [&](Transaction& txn) { return RestoreStore(txn, first); });
  EXPECT_EQ(again.code(), ErrorCode::kUsage);
}

TEST_P(RecordTest, RestoreRefusesWhatIsNotADump) {
  const std::unique_ptr<Store> copy = NewStore("copy");
  ASSERT_NE(copy, nullptr);
  const auto restore = [&](const std::string& dump) {
    return copy->Transact(
        true, [&](Transaction& txn) { return RestoreStore(txn, dump); });
  };
  EXPECT_EQ(restore("{").message(), "not a redline dump: malformed JSON");
  EXPECT_EQ(restore("[]").code(), ErrorCode::kBadInput);
  EXPECT_EQ(restore(R"({"format": "redline-dump", "schema": 99,
                        "negotiations": []})")
                .message(),
            "the dump's schema is not one this build reads (it reads up to "
            "1)");
  // A version whose text was edited after the dump was made.
  const std::string tampered = R"({"format": "redline-dump", "schema": 1,
    "negotiations": [{"name": "n", "created_at": "t",
      "parties": [{"name": "M", "kind": "mediator"}],
      "versions": [{"id": "00ff", "label": "v", "author": "M", "parents": [],
                    "created_at": "t", "note": "", "text": "1. x\n"}],
      "stances": [], "shares": [], "openings": []}]})";
  EXPECT_EQ(restore(tampered).message(),
            "version 'v': its text does not match its id");
  // Nothing of the failed restores stayed.
  copy->Transact(false, [&](Transaction& txn) {
    EXPECT_TRUE(*txn.Empty());
    return Status::Ok();
  });
}

}  // namespace
}  // namespace redline
