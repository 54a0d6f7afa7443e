// End-to-end tests of the negotiation record commands on an SQLite store.

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cli_fixture.h"

namespace {

using redline_e2e::CliTest;
using redline_e2e::Example;
using redline_e2e::Outcome;
using redline_e2e::ReadFile;
using redline_e2e::WriteFile;

class RecordCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    setenv("REDLINE_NOW", "2026-11-02T09:00:00Z", 1);
    setenv("REDLINE_USER", "desk", 1);
    db_ = "--db '" + dir_ + "/record.db'";
  }
  void TearDown() override {
    unsetenv("REDLINE_NOW");
    unsetenv("REDLINE_USER");
    CliTest::TearDown();
  }

  // Runs a record command on this test's store and expects `code`.
  Outcome Run(const std::string& args, int code = 0,
              const std::string& input = "") {
    Outcome run = Redline(args + " " + db_, input);
    EXPECT_EQ(run.exit_code, code) << args << "\n" << run.err;
    return run;
  }

  // A store with four parties and the mediator's draft.
  void Replay() {
    Run("init --negotiation 'Framework for Peace'");
    Run("party add Mediation --kind mediator");
    Run("party add Norland");
    Run("party add Kestria");
    Run("party add Mission --kind observer");
    Run("import '" + Example("plan-mediator.txt") +
        "' --label Draft --by Mediation");
  }

  std::string db_;
};

TEST_F(RecordCliTest, ReplayOfASmallNegotiation) {
  Replay();
  Run("stance set Draft 1 Norland agree");
  Run("stance set Draft 1 Kestria agree --note 'fine as it is'");
  Run("stance set Draft 2 Kestria dispute");
  Run("stance set Draft 21 Norland red-line --internal");
  Outcome counter = Run("import '" + Example("plan-norland.txt") +
                        "' --label Counter --by Norland --parent Draft");
  EXPECT_EQ(counter.out.rfind("imported ", 0), 0u) << counter.out;
  // Point 1 is the same in Norland's counter-proposal: both agreements
  // come along; point 2 was reworded and 21 rewritten.
  EXPECT_NE(counter.out.find("(2 stances carried forward)"), std::string::npos);
  Outcome status = Run("status Draft");
  EXPECT_NE(status.out.find("42 points: 0 agreed by all, 1 disputed, 1 red "
                            "lines, 42 open"),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("\n1         -                    agree      "
                            "          agree\n"),
            std::string::npos)
      << status.out;
  Outcome latest = Run("status");
  EXPECT_NE(latest.out.find("Counter"), std::string::npos);
  EXPECT_NE(latest.out.find("agree*"), std::string::npos);

  Run("share Counter --with Mission --via server");
  EXPECT_EQ(Run("seen --party Mission --version Draft").out.substr(0, 4),
            "yes ");
  EXPECT_EQ(Run("seen --party Kestria --version Draft").out, "no\n");
  EXPECT_EQ(Run("seen --party Mission").out.substr(0, 4), "yes ");

  Outcome versions = Run("versions");
  EXPECT_EQ(versions.out.rfind("* ", 0), 0u);
  EXPECT_NE(versions.out.find("|   from "), std::string::npos);

  // Stored versions work wherever a file does.
  Outcome diff = Run("diff Draft Counter --format json", 1);
  EXPECT_TRUE(nlohmann::json::parse(diff.out)["ops"].is_array());
  Outcome synopsis = Run("synopsis Draft Counter --format json", 1);
  EXPECT_EQ(nlohmann::json::parse(synopsis.out)["versions"][1]["label"],
            "Counter");
  EXPECT_NE(Run("show Counter --point 4").out.find("humanitarian demining"),
            std::string::npos);
}

TEST_F(RecordCliTest, DumpRestoreDumpIsByteIdenticalAndStatusTheSame) {
  Replay();
  Run("stance set Draft 3 Norland agree-with-changes --note 'two weeks'");
  Run("share Draft --with Kestria --via meeting");
  const std::string dump = Run("dump").out;
  WriteFile(dir_ + "/dump.json", dump);
  const std::string copy = "--db '" + dir_ + "/copy.db'";
  Outcome restore = Redline("restore '" + dir_ + "/dump.json' " + copy);
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_EQ(Redline("dump " + copy).out, dump);
  EXPECT_EQ(Redline("status Draft " + copy).out, Run("status Draft").out);
  // A second restore into the same store is refused; the store is as it
  // was.
  Outcome again = Redline("restore '" + dir_ + "/dump.json' " + copy);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err,
            "redline: the store already holds data: restore only into an "
            "empty store\n");
  EXPECT_EQ(Redline("dump " + copy).out, dump);
}

TEST_F(RecordCliTest, ImportingTheSameTextChangesNothing) {
  Replay();
  const std::string dump = Run("dump").out;
  Outcome again = Run("import '" + Example("plan-mediator.txt") +
                      "' --label Other --by Norland");
  EXPECT_EQ(again.out.rfind("exists ", 0), 0u) << again.out;
  EXPECT_EQ(Run("dump").out, dump);
}

TEST_F(RecordCliTest, BadInputLeavesTheStoreUnchanged) {
  Replay();
  Run("import '" + Example("plan-norland.txt") + "' --label N --by Norland");
  const std::string dump = Run("dump").out;
  Outcome run = Run("stance set Draft 1 Tamsk agree", 4);
  EXPECT_EQ(run.err,
            "redline: no party named 'Tamsk' (parties: Mediation, Norland, "
            "Kestria, Mission)\n");
  run = Run("stance set Draft 99 Norland agree", 4);
  run = Run("stance set Nothing 1 Norland agree", 4);
  run = Run("stance set Draft 1 Norland maybe", 2);
  EXPECT_EQ(run.err,
            "redline: unknown stance 'maybe' (use agree, agree-with-changes, "
            "dispute, red-line or open)\n");
  run = Run("stance set Draft 1 Mission agree", 2);
  EXPECT_EQ(run.err,
            "redline: 'Mission' is an observer: observers take no stances\n");
  run = Run("import - --label Latin1 --by Norland", 3, "caf\xE9\n");
  EXPECT_NE(run.err.find("malformed UTF-8"), std::string::npos);
  run = Run("import - --label Binary --by Norland", 3,
            std::string("1. a\0b\n", 7));
  run = Run("import - --label Draft --by Norland", 2, "1. A new text.\n");
  run = Run("import - --label X --by Mission", 2, "1. A new text.\n");
  run = Run("share Draft --with Nobody", 4);
  run = Run("seen --party Nobody", 4);
  // Two versions whose ids share no prefix of 4 digits are not ambiguous;
  // a one-digit prefix is too short to be a reference at all.
  run = Run("show a", 4);
  EXPECT_EQ(Run("dump").out, dump);
}

TEST_F(RecordCliTest, StoreProblemsHaveTheirExitCodes) {
  // No store: not found.
  Outcome run = Redline("versions --db '" + dir_ + "/absent.db'");
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_EQ(run.err, "redline: " + dir_ +
                         "/absent.db: no store here (run redline init)\n");
  Replay();
  // Read-only: a storage error.
  ASSERT_EQ(chmod((dir_ + "/record.db").c_str(), 0444), 0);
  if (geteuid() != 0) {  // root writes anyway
    run = Run("party add Tamsk", 6);
  }
  ASSERT_EQ(chmod((dir_ + "/record.db").c_str(), 0644), 0);
  // A store from a newer redline: refused, unchanged.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/record.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  run = Run("versions", 6);
  EXPECT_NE(run.err.find("written by a newer redline (schema 99, this build "
                         "knows 2)"),
            std::string::npos)
      << run.err;
  // Not a database at all.
  WriteFile(dir_ + "/junk.db", "this is not a database, just some text\n");
  run = Redline("versions --db '" + dir_ + "/junk.db'");
  EXPECT_EQ(run.exit_code, 6) << run.err;
  EXPECT_EQ(ReadFile(dir_ + "/junk.db"),
            "this is not a database, just some text\n");
}

TEST_F(RecordCliTest, InitTwiceAndSeveralNegotiations) {
  Run("init --negotiation 'A talks'");
  Outcome twice = Run("init --negotiation 'A talks'", 2);
  Run("init --negotiation 'B talks'");
  Outcome which = Run("party add X", 4);
  EXPECT_EQ(which.err,
            "redline: the store holds 2 negotiations: name one with "
            "--negotiation (A talks, B talks)\n");
  Run("party add X --negotiation 'B talks'");
}

// Starts `redline ARGS...` without waiting; output goes to /dev/null.
pid_t Spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(REDLINE_BINARY));
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execv(REDLINE_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// A long text of `points` numbered points; the seed changes the title and
// every tenth point.
std::string LongText(int points, int seed) {
  std::string text =
      "Protocol on the Orva crossings, draft " + std::to_string(seed) + "\n";
  for (int p = 1; p <= points; ++p) {
    text += std::to_string(p) + ". The commission for crossing " +
            std::to_string(p) + " shall meet " + std::to_string(p % 7 + 1) +
            " times a month and report on lane " + std::to_string(p * 3 + 1) +
            " within " + std::to_string(p % 30 + (p % 10 == 0 ? seed : 0)) +
            " days.\n";
  }
  return text;
}

TEST_F(RecordCliTest, KilledImportsLeaveTheStoreConsistent) {
  Replay();
  const std::string base = dir_ + "/base.txt";
  WriteFile(base, LongText(3000, 1));
  Run("import '" + base + "' --label Base --by Mediation");
  Run("stance set Base 7 Norland agree");
  std::mt19937 random(20261127);
  int killed = 0, finished = 0;
  for (int round = 0; round < 12; ++round) {
    const std::string file = dir_ + "/v" + std::to_string(round) + ".txt";
    WriteFile(file, LongText(3000, round + 2));
    const pid_t pid =
        Spawn({"import", file, "--label", "V" + std::to_string(round), "--by",
               "Norland", "--parent", "Base", "--db", dir_ + "/record.db"});
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 250));
    kill(pid, SIGKILL);
    const int code = Wait(pid);
    if (code == -SIGKILL) {
      ++killed;
    } else {
      EXPECT_EQ(code, 0);
      ++finished;
    }
    // Whatever happened, the store opens, and every version it lists is
    // whole: its text is there and its stance came along.
    Outcome versions = Run("versions");
    const bool listed = versions.out.find(" V" + std::to_string(round) +
                                          "  ") != std::string::npos;
    // A killed import may have committed just before the kill; one that
    // reported success is always there.
    if (code == 0) {
      EXPECT_TRUE(listed) << versions.out;
    }
    if (listed) {
      Outcome status = Run("status V" + std::to_string(round));
      EXPECT_NE(status.out.find("agree*"), std::string::npos);
    }
  }
  EXPECT_GT(killed, 0);  // the kills did land during imports
  Outcome dump = Run("dump");
  EXPECT_TRUE(nlohmann::json::accept(dump.out));
  // The store is still writable.
  Run("import '" + dir_ + "/v0.txt' --label Again --by Norland");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/record.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)),
               "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);
}

TEST_F(RecordCliTest, ConcurrentWritersSucceedOrAreToldToRetry) {
  Replay();
  std::vector<pid_t> writers;
  for (int w = 0; w < 6; ++w) {
    writers.push_back(
        Spawn({"stance", "set", "Draft", std::to_string(w + 1), "Norland",
               "dispute", "--db", dir_ + "/record.db"}));
    const std::string file = dir_ + "/w" + std::to_string(w) + ".txt";
    WriteFile(file, LongText(400, w + 50));
    writers.push_back(
        Spawn({"import", file, "--label", "W" + std::to_string(w), "--by",
               "Kestria", "--parent", "Draft", "--db", dir_ + "/record.db"}));
  }
  int done = 0;
  for (pid_t pid : writers) {
    const int code = Wait(pid);
    EXPECT_TRUE(code == 0 || code == 5) << code;  // 5: busy, retry
    done += code == 0 ? 1 : 0;
  }
  EXPECT_GT(done, 0);
  const nlohmann::json dump = nlohmann::json::parse(Run("dump").out);
  const auto& negotiation = dump["negotiations"][0];
  // Every import that reported success is there, whole.
  EXPECT_GE(negotiation["versions"].size(), 1u);
  for (const auto& version : negotiation["versions"]) {
    EXPECT_FALSE(version["text"].get<std::string>().empty());
  }
}

}  // namespace
