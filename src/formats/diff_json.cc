// The JSON contract of a redline (docs/diff.md). Ops are written one at a
// time, by hand around nlohmann's string escaping, so that the keys keep
// their documented order and memory stays proportional to the largest op,
// not to the whole output.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "redline/diff_format.h"
#include "redline/text.h"

namespace redline {

namespace {

std::string_view Slice(std::string_view text, uint32_t begin, uint32_t end) {
  return text.substr(begin, end - begin);
}

// Writes `text` as a JSON string. The texts were validated as UTF-8, so
// their bytes go out as they are but for the escapes JSON requires; this is
// the same output as nlohmann's dump, without its three copies of every op
// (it was a tenth of the time of a 10 MB redline). A text that is not UTF-8
// falls back to nlohmann, which replaces what is invalid.
void WriteString(std::string_view text, std::ostream& out) {
  if (!ValidateUtf8(text).ok()) {
    out << nlohmann::json(text).dump(-1, ' ', false,
                                     nlohmann::json::error_handler_t::replace);
    return;
  }
  out << '"';
  size_t run = 0;  // start of the bytes not yet written
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.write(text.data() + run, static_cast<std::streamsize>(i - run));
    run = i + 1;
    switch (c) {
      case '"':
        out << "\\\"";
        break;
      case '\\':
        out << "\\\\";
        break;
      case '\n':
        out << "\\n";
        break;
      case '\r':
        out << "\\r";
        break;
      case '\t':
        out << "\\t";
        break;
      case '\b':
        out << "\\b";
        break;
      case '\f':
        out << "\\f";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.write(escape, sizeof escape);
        break;
      }
    }
  }
  out.write(text.data() + run, static_cast<std::streamsize>(text.size() - run));
  out << '"';
}

void WriteOps(const DiffInput& input, const std::vector<DiffOp>& ops,
              std::ostream& out);

void WriteOp(const DiffInput& input, const DiffOp& op, std::ostream& out) {
  const std::string_view old_bytes =
      Slice(input.old_text, op.old_begin, op.old_end);
  const std::string_view new_bytes =
      Slice(input.new_text, op.new_begin, op.new_end);
  out << "{\"op\":\"" << OpKindName(op.kind) << "\",\"text\":";
  WriteString(op.kind == OpKind::kInsert ? new_bytes : old_bytes, out);
  if (op.kind == OpKind::kEqual && old_bytes != new_bytes) {
    out << ",\"new_text\":";
    WriteString(new_bytes, out);
  }
  if (op.move > 0) out << ",\"move\":" << op.move;
  if (op.kind == OpKind::kInsert && !op.edits.empty()) {
    out << ",\"edits\":";
    WriteOps(input, op.edits, out);
  }
  out << '}';
}

void WriteOps(const DiffInput& input, const std::vector<DiffOp>& ops,
              std::ostream& out) {
  out << '[';
  for (size_t i = 0; i < ops.size(); ++i) {
    if (i > 0) out << ',';
    WriteOp(input, ops[i], out);
  }
  out << ']';
}

}  // namespace

void WriteDiffJson(const DiffInput& input, const Redline& redline,
                   std::ostream& out) {
  out << "{\"ops\":";
  WriteOps(input, redline.ops, out);
  out << ",\"stats\":{\"inserted_words\":" << redline.stats.inserted_words
      << ",\"deleted_words\":" << redline.stats.deleted_words
      << ",\"moved_words\":" << redline.stats.moved_words << "}}\n";
}

}  // namespace redline
