// The weighted terms of each point of two versions, for alignment: words
// case-folded (NFC), stemmed by script, weighted by TF-IDF over the points of
// both versions. Private to src/align.
//
// Thread-safety: all functions are thread-safe; the types are plain values.

#ifndef REDLINE_ALIGN_TERM_VECTORS_H_
#define REDLINE_ALIGN_TERM_VECTORS_H_

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "redline/points.h"

namespace redline {

// A sparse vector of term weights, sorted by term, each term once.
struct TermVector {
  std::vector<std::pair<uint32_t, double>> terms;
};

// The terms of every point of both versions.
struct PointTerms {
  std::vector<TermVector> old_vectors;  // one per old point, TF-IDF weights
  std::vector<TermVector> new_vectors;
  // Comparison keys of each point's own text under the default key options
  // (NFC, case kept), white space at both ends dropped: equal keys mean the
  // points are the same.
  std::vector<std::vector<uint32_t>> old_keys;
  std::vector<std::vector<uint32_t>> new_keys;
  // How many points of both versions hold each term.
  std::vector<uint32_t> document_frequency;
};

// Builds the terms of every point of both documents.
// REQUIRES: each document was parsed from its text.
PointTerms BuildPointTerms(std::string_view old_text, const Document& old_doc,
                           std::string_view new_text, const Document& new_doc);

// The Euclidean length of `vector`.
double Norm(const TermVector& vector);

// Cosine of the angle between two vectors; 0 when either is empty.
double Cosine(const TermVector& a, const TermVector& b);

// The share of `part`'s total weight held by terms that `whole` also has; 0
// when `part` is empty.
double Containment(const TermVector& part, const TermVector& whole);

// The sum of the given vectors.
TermVector Sum(const std::vector<const TermVector*>& vectors);

}  // namespace redline

#endif  // REDLINE_ALIGN_TERM_VECTORS_H_
