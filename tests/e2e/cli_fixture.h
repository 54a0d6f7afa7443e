// The fixture of the end-to-end tests: runs the real `redline` binary in a
// temporary directory, as a user would.

#ifndef REDLINE_TESTS_E2E_CLI_FIXTURE_H_
#define REDLINE_TESTS_E2E_CLI_FIXTURE_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace redline_e2e {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string Example(const std::string& name) {
  return std::string(REDLINE_SOURCE_DIR) + "/examples/" + name;
}

class CliTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/redline_e2e_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }

  // Runs `redline ARGS` with `input` on standard input.
  Outcome Redline(const std::string& args, const std::string& input = "") {
    WriteFile(dir_ + "/stdin", input);
    const std::string command = std::string("'") + REDLINE_BINARY + "' " +
                                args + " <'" + dir_ + "/stdin' >'" + dir_ +
                                "/stdout' 2>'" + dir_ + "/stderr'";
    const int status = std::system(command.c_str());
    Outcome run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(dir_ + "/stdout");
    run.err = ReadFile(dir_ + "/stderr");
    return run;
  }

  std::string dir_;
};

}  // namespace redline_e2e

#endif  // REDLINE_TESTS_E2E_CLI_FIXTURE_H_
