// Renderings of a parsed text's points: the JSON contract that later
// modules and outside tools rely on, and a tree for people to read.
//
// Thread-safety: all functions are thread-safe.

#ifndef REDLINE_POINTS_FORMAT_H_
#define REDLINE_POINTS_FORMAT_H_

#include <ostream>
#include <string_view>

#include "redline/points.h"

namespace redline {

// Writes `doc`, parsed from `text`, as one JSON object:
//   {"preamble": {"id": "preamble", "text": "...", "start": 0, "end": 40},
//    "points": [{"id": "1", "number": "1.", "depth": 0, "text": "...",
//                "start": 40, "end": 160, "children": [...]}, ...]}
// `text` of a point is the source slice [start, end) in bytes, sub-points
// included. Top-level points are written one at a time, so memory stays
// proportional to the largest point, not to the whole output.
void WritePointsJson(std::string_view text, const Document& doc,
                     std::ostream& out);

// Writes a summary line naming `label`, then one line per point: indented
// by depth, its id, the number as printed and the start of its own text.
void WritePointsText(std::string_view label, std::string_view text,
                     const Document& doc, std::ostream& out);

}  // namespace redline

#endif  // REDLINE_POINTS_FORMAT_H_
