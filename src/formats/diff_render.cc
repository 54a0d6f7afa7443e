#include "formats/diff_render.h"

#include <algorithm>
#include <deque>
#include <utility>

#include "fmt/format.h"

namespace redline {

namespace {

std::string_view Slice(std::string_view text, uint32_t begin, uint32_t end) {
  return text.substr(begin, end - begin);
}

Segment OpSegment(const DiffInput& input, const DiffOp& op) {
  Segment segment;
  segment.new_offset = op.new_begin;
  switch (op.kind) {
    case OpKind::kEqual:
      segment.text = Slice(input.new_text, op.new_begin, op.new_end);
      break;
    case OpKind::kDelete:
      segment.kind =
          op.move > 0 ? SegmentKind::kMovedFrom : SegmentKind::kDelete;
      segment.text = Slice(input.old_text, op.old_begin, op.old_end);
      break;
    case OpKind::kInsert:
      segment.kind = op.move > 0 ? SegmentKind::kMovedTo : SegmentKind::kInsert;
      segment.text = Slice(input.new_text, op.new_begin, op.new_end);
      break;
  }
  segment.move = op.move;
  segment.move_end = op.move > 0;
  return segment;
}

// The length of the line break at text[i], or 0.
size_t BreakAt(std::string_view text, size_t i) {
  if (text[i] == '\n') return 1;
  if (text[i] != '\r') return 0;
  return i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
}

}  // namespace

void ForEachSegment(const DiffInput& input, const Redline& redline,
                    const std::function<void(const Segment&)>& visit) {
  for (const DiffOp& op : redline.ops) {
    if (op.kind != OpKind::kInsert || op.move == 0 || op.edits.empty()) {
      visit(OpSegment(input, op));
      continue;
    }
    for (size_t i = 0; i < op.edits.size(); ++i) {
      Segment segment = OpSegment(input, op.edits[i]);
      if (segment.kind == SegmentKind::kEqual) {
        segment.kind = SegmentKind::kMovedTo;
      }
      segment.move = op.move;
      segment.move_end = i + 1 == op.edits.size();
      visit(segment);
    }
  }
}

namespace {

// Cuts segments into display lines.
class LineCutter {
 public:
  explicit LineCutter(const std::function<void(const Line&)>& visit)
      : visit_(visit) {}

  void Cut(const Segment& segment);
  void Finish() {
    if (!line_.pieces.empty()) visit_(line_);
  }

 private:
  void Add(const Segment& segment, size_t begin, size_t end, bool last);

  const std::function<void(const Line&)>& visit_;
  Line line_;
  // A "\r" ended the last unchanged segment: a "\n" opening the next one
  // completes the same "\r\n" break rather than adding a line.
  bool after_cr_ = false;
};

void LineCutter::Add(const Segment& segment, size_t begin, size_t end,
                     bool last) {
  Segment piece = segment;
  piece.text = segment.text.substr(begin, end - begin);
  piece.new_offset += ShowsOld(segment.kind) ? 0 : begin;
  piece.move_end = segment.move_end && last;
  if (piece.text.empty() && !IsChange(piece.kind)) return;
  line_.changed = line_.changed || IsChange(piece.kind);
  line_.pieces.push_back(piece);
}

void LineCutter::Cut(const Segment& segment) {
  const std::string_view text = segment.text;
  const uint32_t advance = ShowsOld(segment.kind) ? 0 : 1;
  size_t begin = 0;
  if (after_cr_ && segment.kind == SegmentKind::kEqual && !text.empty() &&
      text[0] == '\n') {
    begin = 1;
    line_.new_offset = segment.new_offset + 1;
  }
  if (!text.empty()) after_cr_ = false;
  for (size_t i = begin; i < text.size(); ++i) {
    const size_t length = BreakAt(text, i);
    if (length == 0) continue;
    Add(segment, begin, i, i + length == text.size());
    visit_(line_);
    line_.pieces.clear();
    line_.changed = false;
    line_.new_offset = segment.new_offset + advance * (i + length);
    after_cr_ = segment.kind == SegmentKind::kEqual &&
                i + length == text.size() && text[i] == '\r' && length == 1;
    begin = i + length;
    i = begin - 1;
  }
  if (begin < text.size()) Add(segment, begin, text.size(), true);
}

}  // namespace

void ForEachLine(const DiffInput& input, const Redline& redline,
                 const std::function<void(const Line&)>& visit) {
  LineCutter cutter(visit);
  ForEachSegment(input, redline,
                 [&cutter](const Segment& segment) { cutter.Cut(segment); });
  cutter.Finish();
}

DiffView::DiffView(const DiffInput& input, const Redline& redline)
    : new_text_(input.new_text), doc_(ParsePoints(input.new_text)) {
  for (const DiffOp& op : redline.ops) {
    if (op.move == 0) continue;
    auto& places = moves_.try_emplace(op.move, -1, -1).first->second;
    if (op.kind == OpKind::kDelete) {
      places.first = PointOfChange(SegmentKind::kMovedFrom, op.new_begin);
    } else {
      places.second = PointOfChange(SegmentKind::kMovedTo, op.new_begin);
    }
  }
}

int DiffView::PointAt(uint32_t offset) const {
  if (offset >= new_text_.size()) {
    if (new_text_.empty()) return -1;
    offset = new_text_.size() - 1;
  }
  if (offset < doc_.preamble_end || doc_.points.empty()) return -1;
  // The last point that begins at or before `offset` is the innermost one
  // holding it, unless `offset` lies past its end, in an ancestor's tail.
  auto after = std::upper_bound(
      doc_.points.begin(), doc_.points.end(), offset,
      [](uint32_t at, const Point& point) { return at < point.begin; });
  if (after == doc_.points.begin()) return -1;
  int index = static_cast<int>(after - doc_.points.begin()) - 1;
  while (index >= 0 && offset >= doc_.points[index].end) {
    index = doc_.points[index].parent;
  }
  return index;
}

int DiffView::PointOfChange(SegmentKind kind, uint32_t new_offset) const {
  if (ShowsOld(kind) && new_offset > 0) return PointAt(new_offset - 1);
  return PointAt(new_offset);
}

int DiffView::PointOfLine(const Line& line) const {
  for (const Segment& piece : line.pieces) {
    if (!ShowsOld(piece.kind) && !piece.text.empty()) {
      return PointAt(piece.new_offset);
    }
  }
  return PointOfChange(SegmentKind::kDelete, line.new_offset);
}

uint32_t DiffView::PointBegin(int point) const {
  return point < 0 ? 0 : doc_.points[point].begin;
}

std::string DiffView::PointName(int point) const {
  if (point < 0) return "preamble";
  return "point " + doc_.points[point].id;
}

int DiffView::MovedFromPoint(int move) const {
  auto it = moves_.find(move);
  return it == moves_.end() ? -1 : it->second.first;
}

int DiffView::MovedToPoint(int move) const {
  auto it = moves_.find(move);
  return it == moves_.end() ? -1 : it->second.second;
}

namespace {

constexpr int kNoHeader = -2;  // -1 is the preamble

// Buffers the lines of one region, so that its headers can be placed.
class RegionWriter {
 public:
  RegionWriter(const DiffView& view, int context, RegionSink* sink)
      : view_(view), context_(context), sink_(sink) {}

  void Add(const Line& line);
  void Finish();

 private:
  void Flush();

  const DiffView& view_;
  const int context_;
  RegionSink* const sink_;
  std::vector<Line> region_;  // the open region, empty when none
  std::deque<Line> before_;   // unchanged lines that may become context
  int after_ = 0;             // context lines still to add to the region
  bool elided_ = false;       // lines were left out since the last shown
};

void RegionWriter::Add(const Line& line) {
  if (line.changed) {
    if (region_.empty() && elided_) sink_->Elision();
    elided_ = false;
    region_.insert(region_.end(), before_.begin(), before_.end());
    before_.clear();
    region_.push_back(line);
    after_ = context_;
    return;
  }
  if (!region_.empty() && (context_ < 0 || after_ > 0)) {
    region_.push_back(line);
    if (after_ > 0) --after_;
    return;
  }
  before_.push_back(line);
  if (context_ >= 0 && before_.size() > static_cast<size_t>(context_)) {
    before_.pop_front();
    if (!region_.empty()) Flush();
    elided_ = true;
  }
}

void RegionWriter::Finish() {
  if (!region_.empty()) Flush();
  if (elided_ || !before_.empty()) sink_->Elision();
}

void RegionWriter::Flush() {
  std::vector<int> headers(region_.size(), kNoHeader);
  int current = kNoHeader;
  size_t after_change = 0;
  for (size_t i = 0; i < region_.size(); ++i) {
    if (!region_[i].changed) continue;
    const int point = view_.PointOfLine(region_[i]);
    if (point != current) {
      size_t at = after_change;
      while (at < i && region_[at].new_offset < view_.PointBegin(point)) ++at;
      headers[at] = point;
      current = point;
    }
    after_change = i + 1;
  }
  for (size_t i = 0; i < region_.size(); ++i) {
    if (headers[i] != kNoHeader) sink_->Header(headers[i]);
    sink_->ShowLine(region_[i]);
  }
  region_.clear();
}

}  // namespace

void WriteRegions(const DiffInput& input, const Redline& redline,
                  const DiffView& view, int context, RegionSink* sink) {
  if (redline.same()) return;
  RegionWriter writer(view, context, sink);
  ForEachLine(input, redline,
              [&writer](const Line& line) { writer.Add(line); });
  writer.Finish();
}

std::string Summary(const Redline& redline) {
  if (redline.same()) return "no differences";
  const DiffStats& stats = redline.stats;
  return fmt::format("{} word{} inserted, {} deleted, {} moved",
                     stats.inserted_words, stats.inserted_words == 1 ? "" : "s",
                     stats.deleted_words, stats.moved_words);
}

std::string SummarySentence(const Redline& redline) {
  std::string sentence = Summary(redline) + ".";
  if (sentence[0] >= 'a' && sentence[0] <= 'z') sentence[0] += 'A' - 'a';
  return sentence;
}

void AppendVisible(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t') {
      // U+2400 + c: the control pictures ("␛" for ESC).
      out->append({'\xE2', '\x90', static_cast<char>(0x80 + c)});
    } else if (c == 0x7F) {
      out->append("\u2421");
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      out->append("\uFFFD");  // a C1 control, U+0080..U+009F
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
}

}  // namespace redline
