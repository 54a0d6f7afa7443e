// Fuzzes text checking and the point parser: any bytes are either refused
// with a message or parsed into points that tile the text exactly.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <unordered_set>

#include "redline/points.h"
#include "redline/text.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const redline::Status status = redline::CheckText(text, {});
  if (!status.ok()) {
    Check(!status.message().empty());
    return 0;
  }
  const redline::Document doc = redline::ParsePoints(text);
  std::unordered_set<std::string_view> ids;
  uint32_t at = doc.preamble_end;
  for (int root : doc.roots) {
    Check(doc.points[root].begin == at);
    at = doc.points[root].end;
  }
  Check(at == size);
  for (const redline::Point& point : doc.points) {
    Check(ids.insert(point.id).second);
    Check(point.begin < point.end && point.end <= size);
    Check(point.begin <= point.body_end && point.body_end <= point.end);
    uint32_t child_at = point.body_end;
    for (int child : point.children) {
      Check(doc.points[child].begin == child_at);
      child_at = doc.points[child].end;
    }
    Check(point.children.empty() || child_at == point.end);
  }
  return 0;
}
