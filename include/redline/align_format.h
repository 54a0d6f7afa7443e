// Writing alignments (align.h) and synopses (synopsis.h) for people and
// programs: plain or coloured text, JSON (the contracts in docs/align.md),
// a standalone printable HTML page, and Markdown.
//
// Each aligned pair and each synopsis cell carries the redline (diff.h) of
// its points' own texts (OwnText): against the old side's points for a
// pair, against the base's points of the row for a cell. The JSON views
// compare the own texts as they are, one after another; the views for
// people compare each without the white space around it (the space after
// its number, the blank line before the next point), one a line, so that
// layout alone never shows as a change. Points that are not there show as
// "—".
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

// align --format text: a header line ("OLD → NEW"), then one line per pair
// ("12, 13 → 11  merged  renumbered  0.81", bold with colour) followed, for
// a pair that is not `same`, by the redline of its own texts, each display
// line indented by four spaces: coloured or with plain markers as
// WriteDiffText (a removed pair all deleted, an added one all inserted),
// control characters made visible. render.context is not used.
void WriteAlignText(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    const DiffRenderOptions& render, std::ostream& out);

// align --format html: a standalone printable page (no scripts, nothing
// fetched): the counts of the relations and a legend, then a table with one
// row per pair: old points, new points, relation badges and similarity,
// the text with its redline (<del>, <ins>, moves linked within the row).
// The table's header stays in view on screen and repeats on printed pages.
void WriteAlignHtml(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    std::ostream& out);

// align --format md: the counts of the relations and a legend, then a
// table (GitHub-flavoured) with one row per pair: old points, new points,
// relation, the text with ~~deleted~~ and **inserted** runs, its lines
// joined by "<br>". Labels and texts are escaped.
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

// synopsis --format text: the closeness table (rows "of", columns "in",
// cells "kept 80% · same 40% · sim 0.72"), then one block per row: for each
// version a line "LABEL: ids  relation  [renumbered]  [moved]" (the base's
// "LABEL (base): ids") and, under each other version's cell that is not
// `same` or whose text differs from the base's (a row may hold base points
// that this version merges nowhere), its redline against the base, as
// WriteAlignText shows it.
void WriteSynopsisText(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis,
                       const DiffRenderOptions& render, std::ostream& out);

// synopsis --format html: the four-column document, a standalone printable
// page (landscape): one column per version, the base's marked, with sticky
// headers that repeat on each printed page; one row per provision, never
// split across pages where it fits on one; each cell its points' ids, a
// relation badge and their text with the redline against the base (the
// base's own cells plain). The closeness table (percentages) and a legend
// above it.
void WriteSynopsisHtml(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis, std::ostream& out);

// synopsis --format md: the closeness table, then a table with one column
// per version (the base's marked) and one row per provision; each cell its
// points' ids, relation and text with the redline against the base, as
// WriteAlignMarkdown shows it.
void WriteSynopsisMarkdown(const std::vector<VersionText>& versions,
                           const Synopsis& synopsis, std::ostream& out);

}  // namespace redline

#endif  // REDLINE_ALIGN_FORMAT_H_
