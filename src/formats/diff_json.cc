// The JSON contract of a redline (docs/diff.md). Ops are written one at a
// time, by hand around nlohmann's string escaping, so that the keys keep
// their documented order and memory stays proportional to the largest op,
// not to the whole output.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "formats/json_string.h"
#include "redline/diff_format.h"

namespace redline {

namespace {

std::string_view Slice(std::string_view text, uint32_t begin, uint32_t end) {
  return text.substr(begin, end - begin);
}

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Output gathered in a buffer and handed to the stream in large pieces: a
// redline of a long text is tens of thousands of short strings.
class JsonSink {
 public:
  explicit JsonSink(std::ostream& out) : out_(out) {
    buffer_.reserve(kFlushAt + 4096);
  }
  ~JsonSink() { Flush(); }
  JsonSink(const JsonSink&) = delete;
  JsonSink& operator=(const JsonSink&) = delete;

  void Append(std::string_view s) {
    buffer_.append(s);
    if (buffer_.size() >= kFlushAt) Flush();
  }
  void Append(char c) { buffer_.push_back(c); }
  void Append(uint64_t n) {
    const std::string digits = std::to_string(n);
    const std::string_view view = digits;
    Append(view);
  }

  // Writes whole[begin, end) as a JSON string (AppendJsonString): the same
  // output as nlohmann's dump, without its copies of every op.
  void String(std::string_view whole, uint32_t begin, uint32_t end);

  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

 private:
  static constexpr size_t kFlushAt = 64 << 10;

  std::ostream& out_;
  std::string buffer_;
};

void JsonSink::String(std::string_view whole, uint32_t begin, uint32_t end) {
  const std::string_view text = Slice(whole, begin, end);
  // The texts are valid UTF-8, so a slice of one is too when both its ends
  // fall between characters. One that does not (ops of another text) goes
  // through nlohmann, which replaces what is invalid.
  if ((begin < whole.size() && IsContinuation(whole[begin])) ||
      (end < whole.size() && IsContinuation(whole[end]))) {
    Append(nlohmann::json(text).dump(-1, ' ', false,
                                     nlohmann::json::error_handler_t::replace));
    return;
  }
  AppendJsonString(text, &buffer_);
  if (buffer_.size() >= kFlushAt) Flush();
}

void WriteOps(const DiffInput& input, const std::vector<DiffOp>& ops,
              JsonSink* out);

void WriteOp(const DiffInput& input, const DiffOp& op, JsonSink* out) {
  const std::string_view old_bytes =
      Slice(input.old_text, op.old_begin, op.old_end);
  const std::string_view new_bytes =
      Slice(input.new_text, op.new_begin, op.new_end);
  out->Append("{\"op\":\"");
  out->Append(OpKindName(op.kind));
  out->Append("\",\"text\":");
  if (op.kind == OpKind::kInsert) {
    out->String(input.new_text, op.new_begin, op.new_end);
  } else {
    out->String(input.old_text, op.old_begin, op.old_end);
  }
  if (op.kind == OpKind::kEqual && old_bytes != new_bytes) {
    out->Append(",\"new_text\":");
    out->String(input.new_text, op.new_begin, op.new_end);
  }
  if (op.move > 0) {
    out->Append(",\"move\":");
    out->Append(static_cast<uint64_t>(op.move));
  }
  if (op.kind == OpKind::kInsert && !op.edits.empty()) {
    out->Append(",\"edits\":");
    WriteOps(input, op.edits, out);
  }
  out->Append('}');
}

void WriteOps(const DiffInput& input, const std::vector<DiffOp>& ops,
              JsonSink* out) {
  out->Append('[');
  for (size_t i = 0; i < ops.size(); ++i) {
    if (i > 0) out->Append(',');
    WriteOp(input, ops[i], out);
  }
  out->Append(']');
}

}  // namespace

void WriteDiffJson(const DiffInput& input, const Redline& redline,
                   std::ostream& out) {
  JsonSink sink(out);
  sink.Append("{\"ops\":");
  WriteOps(input, redline.ops, &sink);
  sink.Append(",\"stats\":{\"inserted_words\":");
  sink.Append(redline.stats.inserted_words);
  sink.Append(",\"deleted_words\":");
  sink.Append(redline.stats.deleted_words);
  sink.Append(",\"moved_words\":");
  sink.Append(redline.stats.moved_words);
  sink.Append("}}\n");
}

}  // namespace redline
