#include "redline/status.h"

#include <gtest/gtest.h>

namespace redline {
namespace {

TEST(StatusTest, ExitCodesAreTheSameForEveryCommand) {
  EXPECT_EQ(ExitCode(Status::Ok()), 0);
  EXPECT_EQ(ExitCode(Status::Usage("x")), 2);
  EXPECT_EQ(ExitCode(Status::BadInput("x")), 3);
  EXPECT_EQ(ExitCode(Status::NotFound("x")), 4);
  EXPECT_EQ(ExitCode(Status::Busy("x")), 5);
  EXPECT_EQ(ExitCode(Status::Storage("x")), 6);
  EXPECT_EQ(ExitCode(Status::Internal("x")), 6);
}

TEST(StatusTest, WithContextPrefixesTheMessageAndKeepsTheCode) {
  const Status status = Status::BadInput("bad byte").WithContext("plan.txt");
  EXPECT_EQ(status.code(), ErrorCode::kBadInput);
  EXPECT_EQ(status.message(), "plan.txt: bad byte");
  EXPECT_TRUE(Status::Ok().WithContext("plan.txt").ok());
  EXPECT_EQ(Status::Ok().WithContext("plan.txt").message(), "");
}

TEST(ResultTest, HoldsAValueOrAnError) {
  Result<std::string> value(std::string("text"));
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "text");
  EXPECT_EQ(value->size(), 4u);
  Result<std::string> error(Status::NotFound("no such version"));
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(error.status().message(), "no such version");
}

}  // namespace
}  // namespace redline
