// Writing alignments (align.h) and synopses (synopsis.h) for people and
// programs: plain or coloured text, JSON (the contracts in docs/align.md),
// a standalone printable HTML page, and Markdown.
//
// Each aligned pair and each synopsis cell carries the redline (diff.h) of
// its points' own texts (OwnText): against the old side's points for a
// pair, against the base's points of the row for a cell.
//
// Thread-safety: the functions are thread-safe.

#ifndef REDLINE_ALIGN_FORMAT_H_
#define REDLINE_ALIGN_FORMAT_H_

#include <ostream>
#include <vector>

#include "redline/align.h"
#include "redline/diff_format.h"
#include "redline/synopsis.h"

namespace redline {

// align --format json:
//   {"old": {"label": "...", "points": [ids]}, "new": {...},
//    "pairs": [{"old": [ids], "new": [ids], "relation": "merged",
//               "renumbered": true, "moved": false, "similarity": 0.81,
//               "diff": {"ops": [...], "stats": {...}}}]}
// "points" lists "preamble" first when the preamble is a block.
void WriteAlignJson(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    std::ostream& out);

// align --format text: a header line, then one line per pair ("12, 13 → 11
// merged renumbered 0.81") followed, for a pair that is not `same`, by the
// redline of its own texts (coloured or with plain markers, as
// WriteDiffText; render.context is not used).
void WriteAlignText(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    const DiffRenderOptions& render, std::ostream& out);

// align --format html: a standalone printable page, a table with one row
// per pair (old points, new points, relation, redline).
void WriteAlignHtml(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    std::ostream& out);

// align --format md: a Markdown table, one row per pair.
void WriteAlignMarkdown(const VersionText& old_version,
                        const VersionText& new_version,
                        const Alignment& alignment, std::ostream& out);

// synopsis --format json:
//   {"versions": [{"label": "...", "points": [ids]}], "base": i,
//    "rows": [{"cells": [null | {"points": [ids], "relation": "...",
//                                "renumbered": b, "moved": b,
//                                "similarity": x, "diff": {...}}]}],
//    "closeness": [{"of": i, "in": j, "kept": x, "unchanged": x,
//                   "similarity": x}]}
void WriteSynopsisJson(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis, std::ostream& out);

// synopsis --format text: the closeness table, then one block per row: the
// base's points and, for each other version, its points, relation and
// redline against the base.
void WriteSynopsisText(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis,
                       const DiffRenderOptions& render, std::ostream& out);

// synopsis --format html: the four-column document, a standalone printable
// page: one column per version with sticky headers, one row per provision,
// each cell its points' text with the redline against the base; the
// closeness table above it.
void WriteSynopsisHtml(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis, std::ostream& out);

// synopsis --format md: the closeness table and a Markdown table, one
// column per version.
void WriteSynopsisMarkdown(const std::vector<VersionText>& versions,
                           const Synopsis& synopsis, std::ostream& out);

}  // namespace redline

#endif  // REDLINE_ALIGN_FORMAT_H_
