// Fuzzes the redline with two inputs: the first byte picks the options, the
// rest is split at the first NUL into OLD and NEW. Every valid pair must be
// rebuilt exactly from the ops, moves must pair up, and equal texts must
// come out equal.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "redline/diff.h"
#include "redline/text.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckRebuilds(std::string_view old_text, std::string_view new_text,
                   const redline::Redline& redline) {
  uint32_t old_at = 0, new_at = 0;
  std::map<int, int> moves;
  for (const redline::DiffOp& op : redline.ops) {
    Check(op.old_begin == old_at && op.new_begin == new_at);
    Check(op.old_begin <= op.old_end && op.new_begin <= op.new_end);
    if (op.kind == redline::OpKind::kInsert) Check(op.old_end == op.old_begin);
    if (op.kind == redline::OpKind::kDelete) Check(op.new_end == op.new_begin);
    if (op.move != 0) ++moves[op.move];
    old_at = op.old_end;
    new_at = op.new_end;
  }
  Check(old_at == old_text.size() && new_at == new_text.size());
  for (const auto& [move, count] : moves) Check(count == 2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1,
                               size - 1);
  const size_t split = input.find('\0');
  const std::string_view old_text = input.substr(0, split);
  const std::string_view new_text = split == std::string_view::npos
                                        ? std::string_view()
                                        : input.substr(split + 1);
  if (!redline::CheckText(old_text, {}).ok() ||
      !redline::CheckText(new_text, {}).ok()) {
    return 0;
  }
  redline::DiffOptions options;
  options.ignore_case = flags & 1;
  options.ignore_punctuation = flags & 2;
  options.ignore_whitespace = flags & 4;
  options.ignore_renumbering = flags & 8;
  options.moves = !(flags & 16);
  options.move_min_words = 1 + (flags >> 5);
  CheckRebuilds(old_text, new_text,
                redline::Compare(old_text, new_text, options));
  const redline::Redline same = redline::Compare(old_text, old_text, options);
  Check(same.same());
  CheckRebuilds(old_text, old_text, same);
  return 0;
}
