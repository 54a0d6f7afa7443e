#include "redline/diff.h"

#include <algorithm>

#include "diff/moves.h"
#include "diff/unit_ops.h"
#include "diff/units.h"

namespace redline {

namespace {

DiffOp ToBytes(const UnitPair& units, const UnitOp& op) {
  DiffOp out;
  out.kind = op.kind;
  out.old_begin = units.old_units.begin(op.a_begin);
  out.old_end =
      op.a_end > op.a_begin ? units.old_units.end(op.a_end - 1) : out.old_begin;
  out.new_begin = units.new_units.begin(op.b_begin);
  out.new_end =
      op.b_end > op.b_begin ? units.new_units.end(op.b_end - 1) : out.new_begin;
  if (op.kind == OpKind::kInsert) out.old_end = out.old_begin;
  if (op.kind == OpKind::kDelete) out.new_end = out.new_begin;
  out.move = op.move;
  for (const UnitOp& edit : op.edits) {
    DiffOp converted = ToBytes(units, edit);
    if (converted.old_begin != converted.old_end ||
        converted.new_begin != converted.new_end) {
      out.edits.push_back(std::move(converted));
    }
  }
  return out;
}

}  // namespace

const char* OpKindName(OpKind kind) {
  switch (kind) {
    case OpKind::kEqual:
      return "equal";
    case OpKind::kDelete:
      return "delete";
    case OpKind::kInsert:
      return "insert";
  }
  return "?";
}

uint64_t WordCount(std::string_view text) {
  return CountWords(text, 0, static_cast<uint32_t>(text.size()));
}

bool Redline::same() const {
  return std::all_of(ops.begin(), ops.end(), [](const DiffOp& op) {
    return op.kind == OpKind::kEqual;
  });
}

Redline Compare(std::string_view old_text, std::string_view new_text,
                const DiffOptions& options) {
  const UnitPair units = BuildUnits(old_text, new_text, options);
  std::vector<UnitOp> unit_ops = DiffUnits(
      units, options, 0, units.old_units.size(), 0, units.new_units.size());
  if (options.moves) FindMoves(units, options, &unit_ops);

  Redline redline;
  redline.ops.reserve(unit_ops.size());
  for (const UnitOp& op : unit_ops) {
    DiffOp converted = ToBytes(units, op);
    if (converted.old_begin == converted.old_end &&
        converted.new_begin == converted.new_end) {
      continue;  // an end marker with nothing after it
    }
    switch (converted.kind) {
      case OpKind::kEqual:
        break;
      case OpKind::kDelete:
        redline.stats.deleted_words +=
            CountWords(old_text, converted.old_begin, converted.old_end);
        break;
      case OpKind::kInsert: {
        const uint64_t words =
            CountWords(new_text, converted.new_begin, converted.new_end);
        redline.stats.inserted_words += words;
        if (converted.move != 0) redline.stats.moved_words += words;
        break;
      }
    }
    redline.ops.push_back(std::move(converted));
  }
  return redline;
}

}  // namespace redline
