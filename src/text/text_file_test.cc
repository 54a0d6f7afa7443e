#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "redline/text.h"

namespace redline {
namespace {

class TextFileTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/redline_text_file_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    for (const std::string& file : files_) std::remove(file.c_str());
    rmdir(dir_.c_str());
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    files_.push_back(path);
    return path;
  }

  std::string dir_;
  std::vector<std::string> files_;
};

TEST_F(TextFileTest, ReadsTextByteForByte) {
  const std::string bytes =
      "\xEF\xBB\xBF"
      "1. Мир\r\n2. Peace\n";
  Result<InputText> text = ReadText(Write("plan.txt", bytes), TextLimits());
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->view(), bytes);
}

TEST_F(TextFileTest, EmptyFileIsAnEmptyText) {
  Result<InputText> text = ReadText(Write("empty.txt", ""), TextLimits());
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->view(), "");
}

TEST_F(TextFileTest, MissingFileIsNotFound) {
  Result<InputText> text = ReadText(dir_ + "/absent.txt", TextLimits());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(text.status().message(),
            dir_ + "/absent.txt: cannot open: No such file or directory");
}

TEST_F(TextFileTest, DirectoryIsBadInput) {
  Result<InputText> text = ReadText(dir_, TextLimits());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(text.status().message(),
            dir_ + ": is a directory, not a text file");
}

TEST_F(TextFileTest, BinaryFileIsBadInput) {
  const std::string path =
      Write("image.png", std::string("\x89PNG\r\n\0\0", 8));
  Result<InputText> text = ReadText(path, TextLimits());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(text.status().message(),
            path + ": binary data, not a text: NUL byte at byte 6");
}

TEST_F(TextFileTest, MalformedUtf8NamesTheFileAndOffset) {
  const std::string path = Write("latin1.txt", "caf\xE9 au lait");
  Result<InputText> text = ReadText(path, TextLimits());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            path +
                ": malformed UTF-8 at byte 3 (line 1, column 4): lead byte "
                "0xe9 is followed by 0x20, not a continuation byte");
}

TEST_F(TextFileTest, OversizedFileIsRefusedBeforeReading) {
  TextLimits limits;
  limits.max_bytes = 10;
  const std::string path = Write("long.txt", std::string(11, 'x'));
  Result<InputText> text = ReadText(path, limits);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(text.status().message(),
            path +
                ": text is larger than the limit of 10 bytes (raise it with "
                "--max-size)");
  EXPECT_TRUE(ReadText(Write("fits.txt", std::string(10, 'x')), limits).ok());
}

TEST_F(TextFileTest, LongFileIsReadByteForByteAndChecked) {
  // Long files are read straight into the text: the same bytes and checks.
  std::string bytes;
  for (int i = 0; bytes.size() < (200 << 10); ++i) {
    bytes += std::to_string(i) + ". Стороны — the Parties\r\n";
  }
  Result<InputText> text = ReadText(Write("long.txt", bytes), TextLimits());
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->view(), bytes);

  const size_t at = bytes.find("the", 150000);
  bytes[at] = '\xFF';
  const std::string bad = Write("bad.txt", bytes);
  Result<InputText> refused = ReadText(bad, TextLimits());
  ASSERT_FALSE(refused.ok());
  const std::string expected =
      bad + ": malformed UTF-8 at byte " + std::to_string(at) + " (";
  EXPECT_EQ(refused.status().message().rfind(expected, 0), 0u)
      << refused.status().message();

  TextLimits limits;
  limits.max_bytes = 100000;
  EXPECT_FALSE(ReadText(bad, limits).ok());
}

TEST(InputTextTest, MovedTextKeepsItsBytes) {
  // Short texts live inside std::string's own buffer: a moved InputText
  // must point at its new home, not the old one.
  InputText a(std::string("short"));
  InputText b(std::move(a));
  EXPECT_EQ(b.view(), "short");
  InputText c;
  c = std::move(b);
  EXPECT_EQ(c.view(), "short");
  EXPECT_EQ(b.view(), "");  // NOLINT(bugprone-use-after-move): moved-from state
}

TEST(CheckTextTest, AppliesSizeThenNulThenUtf8) {
  TextLimits limits;
  limits.max_bytes = 4;
  EXPECT_EQ(CheckText("abcde", limits).code(), ErrorCode::kBadInput);
  EXPECT_EQ(CheckText(std::string("a\0b", 3), TextLimits()).message(),
            "binary data, not a text: NUL byte at byte 1");
  EXPECT_EQ(CheckText("\xFF", TextLimits()).message(),
            "malformed UTF-8 at byte 0 (line 1, column 1): invalid byte 0xff");
  EXPECT_TRUE(CheckText("ok", TextLimits()).ok());
}

TEST(CheckTextTest, FindsANulAnywhereBeforeJudgingTheUtf8) {
  // A NUL is found in every stretch of the one-pass check (32-byte ASCII
  // blocks, 8-byte blocks, single bytes), and wins over malformed UTF-8
  // before it.
  for (size_t at : {0, 5, 31, 32, 70, 99}) {
    std::string bytes(100, 'x');
    bytes[at] = '\0';
    EXPECT_EQ(
        CheckText(bytes, TextLimits()).message(),
        "binary data, not a text: NUL byte at byte " + std::to_string(at));
  }
  EXPECT_EQ(CheckText(std::string("\xFFz\0", 3), TextLimits()).message(),
            "binary data, not a text: NUL byte at byte 2");
  EXPECT_EQ(CheckText(std::string("\xD0\x9C\0", 3), TextLimits()).message(),
            "binary data, not a text: NUL byte at byte 2");
}

}  // namespace
}  // namespace redline
