// Keys are handed out by two hash tables over one arena of bytes:
//  - `normalized_` maps each distinct normalised text to its key (the dense
//    numbering that the header promises);
//  - `spellings_` maps each distinct non-ASCII token text as written to its
//    key, so that ICU normalises each spelling once, not once per token.
// ASCII tokens skip the second table: they need no ICU work (ASCII is
// invariant under NFC, NFKC and quote unification, and folds byte by byte).

#include "redline/token_keys.h"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/utypes.h>

#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <string>

// Header-only use of xxHash: no library to link.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace redline {
namespace {

// The n <= 8 bytes at p in one integer, read in at most two fixed loads
// (overlapping when n < 8); with n, it determines the bytes.
uint64_t ShortBytes(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t first = 0, last = 0;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    return (uint64_t{last} << 32) | first;
  }
  if (n == 0) return 0;
  const auto byte = [p](size_t i) {
    return uint64_t{static_cast<unsigned char>(p[i])};
  };
  return byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
}

uint32_t Hash(std::string_view s) {
  const size_t n = s.size();
  if (n <= 8) {
    // Most tokens are short words: their bytes, then one multiply.
    const uint64_t mixed =
        (ShortBytes(s.data(), n) ^ (uint64_t{n} << 59)) * 0x9E3779B97F4A7C15ull;
    return static_cast<uint32_t>(mixed >> 32);
  }
  return static_cast<uint32_t>(XXH3_64bits(s.data(), n));
}

bool IsAscii(std::string_view s) {
  unsigned char bits = 0;
  for (char c : s) bits |= static_cast<unsigned char>(c);
  return bits < 0x80;
}

// The ASCII replacement of the typographic quote or dash that starts `s`
// (see KeyOptions::unify_quotes_and_dashes), or 0 if `s` does not start with
// one. Sets *len to the length of the replaced character.
char UnifiedPrefix(std::string_view s, size_t* len) {
  const auto byte = [&](size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
  };
  const unsigned char b0 = byte(0);
  if (b0 == 0xC2) {  // « U+00AB, » U+00BB
    *len = 2;
    return byte(1) == 0xAB || byte(1) == 0xBB ? '"' : 0;
  }
  if (b0 != 0xE2) return 0;
  *len = 3;
  const unsigned char b1 = byte(1);
  const unsigned char b2 = byte(2);
  if (b1 == 0x88) return b2 == 0x92 ? '-' : 0;  // − U+2212
  if (b1 != 0x80) return 0;
  if (b2 >= 0x90 && b2 <= 0x95) return '-';  // ‐ ‑ ‒ – — ― U+2010..2015
  if (b2 >= 0x98 && b2 <= 0x9B) return '\'';  // ‘ ’ ‚ ‛ U+2018..201B
  if (b2 >= 0x9C && b2 <= 0x9F) return '"';   // “ ” „ ‟ U+201C..201F
  if (b2 == 0xB2) return '\'';                // ′ U+2032
  if (b2 == 0xB3) return '"';                 // ″ U+2033
  return 0;
}

// Writes `in` with its typographic quotes and dashes replaced to *out and
// returns true, or returns false (leaving *out alone) if there are none.
bool UnifyQuotesAndDashes(std::string_view in, std::string* out) {
  size_t i = 0;
  size_t len = 0;
  while (i < in.size() && UnifiedPrefix(in.substr(i), &len) == 0) ++i;
  if (i == in.size()) return false;
  out->assign(in.data(), i);
  while (i < in.size()) {
    const char c = UnifiedPrefix(in.substr(i), &len);
    if (c != 0) {
      out->push_back(c);
      i += len;
    } else {
      out->push_back(in[i++]);
    }
  }
  return true;
}

// Copies of strings that never move. Not thread-safe.
class Arena {
 public:
  std::string_view Store(std::string_view s) {
    if (s.size() > kChunkBytes / 4) {
      chunks_.push_back(std::make_unique<char[]>(s.size()));
      std::memcpy(chunks_.back().get(), s.data(), s.size());
      return std::string_view(chunks_.back().get(), s.size());
    }
    if (s.size() > left_) {
      chunks_.push_back(std::make_unique<char[]>(kChunkBytes));
      next_ = chunks_.back().get();
      left_ = kChunkBytes;
    }
    if (!s.empty()) std::memcpy(next_, s.data(), s.size());
    const std::string_view stored(next_, s.size());
    next_ += s.size();
    left_ -= s.size();
    return stored;
  }

 private:
  static constexpr size_t kChunkBytes = 64 << 10;

  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

// A map from strings, which the caller stores, to uint32 values: open
// addressing with linear probing. A lookup does not allocate. Not
// thread-safe.
class StringIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  StringIndex() : slots_(kInitialSlots) {}

  // The value of `s` (whose Hash is `hash`), or kAbsent.
  uint32_t Find(std::string_view s, uint32_t hash) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.entry == kEmpty) return kAbsent;
      const Entry& e = entries_[slot.entry];
      if (slot.hash == hash && e.text == s) return e.value;
    }
  }

  // Adds `stored` (absent so far, and kept alive by the caller) with `value`.
  void Insert(std::string_view stored, uint32_t hash, uint32_t value) {
    entries_.push_back(Entry{stored, value});
    if (2 * entries_.size() > slots_.size()) {
      slots_.assign(2 * slots_.size(), Slot{});
      for (uint32_t i = 0; i < entries_.size(); ++i) {
        Place(Hash(entries_[i].text), i);
      }
    } else {
      Place(hash, static_cast<uint32_t>(entries_.size() - 1));
    }
  }

  size_t size() const { return entries_.size(); }

 private:
  static constexpr size_t kInitialSlots = 1024;  // a power of two
  static constexpr uint32_t kEmpty = UINT32_MAX;

  struct Slot {
    uint32_t hash = 0;
    uint32_t entry = kEmpty;
  };
  struct Entry {
    std::string_view text;
    uint32_t value;
  };

  void Place(uint32_t hash, uint32_t entry) {
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    while (slots_[i].entry != kEmpty) i = (i + 1) & mask;
    slots_[i] = Slot{hash, entry};
  }

  std::vector<Slot> slots_;  // size a power of two, at most half full
  std::vector<Entry> entries_;
};

// A map from token texts of 2 to 16 bytes, as written, to their keys: each
// text packed into two integers, so a lookup is a multiply and integer
// compares (most words are this short). Not thread-safe.
class ShortIndex {
 public:
  static constexpr size_t kMaxBytes = 16;

  ShortIndex() : slots_(kInitialSlots) {}

  // The key of `s` (2 <= s.size() <= kMaxBytes), or StringIndex::kAbsent.
  uint32_t Find(std::string_view s) const {
    const Packed packed = Pack(s);
    const size_t mask = slots_.size() - 1;
    for (size_t i = Spread(packed) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.packed.size == 0) return StringIndex::kAbsent;
      if (slot.packed == packed) return slot.key;
    }
  }

  // Adds `s`, absent so far, with `key`.
  void Insert(std::string_view s, uint32_t key) {
    if (2 * (count_ + 1) > slots_.size()) {
      std::vector<Slot> old(2 * slots_.size());
      old.swap(slots_);
      for (const Slot& slot : old) {
        if (slot.packed.size != 0) Place(slot);
      }
    }
    Place(Slot{Pack(s), key});
    ++count_;
  }

 private:
  static constexpr size_t kInitialSlots = 1024;  // a power of two

  // The bytes of a text (ShortBytes of its first and last eight when it is
  // longer), which with its size determine it; size 0: an empty slot.
  struct Packed {
    uint64_t low = 0, high = 0;
    uint32_t size = 0;
    bool operator==(const Packed&) const = default;
  };
  struct Slot {
    Packed packed;
    uint32_t key = 0;
  };

  static Packed Pack(std::string_view s) {
    const size_t n = s.size();
    Packed packed;
    packed.size = static_cast<uint32_t>(n);
    if (n > 8) {
      packed.low = ShortBytes(s.data(), 8);
      packed.high = ShortBytes(s.data() + n - 8, 8);
    } else {
      packed.low = ShortBytes(s.data(), n);
    }
    return packed;
  }

  static size_t Spread(const Packed& packed) {
    const uint64_t mixed = (packed.low * 0x9E3779B97F4A7C15ull) ^
                           (packed.high * 0xC2B2AE3D27D4EB4Full) ^ packed.size;
    return static_cast<size_t>(mixed ^ (mixed >> 29));
  }

  void Place(const Slot& slot) {
    const size_t mask = slots_.size() - 1;
    size_t i = Spread(slot.packed) & mask;
    while (slots_[i].packed.size != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }

  std::vector<Slot> slots_;  // size a power of two, at most half full
  size_t count_ = 0;
};

std::array<uint32_t, 128> MakeByteKeys() {
  std::array<uint32_t, 128> keys;
  keys.fill(StringIndex::kAbsent);
  return keys;
}

}  // namespace

struct TokenKeys::Rep {
  explicit Rep(const KeyOptions& o) : options(o) {
    UErrorCode status = U_ZERO_ERROR;
    if (o.form == KeyOptions::Form::kNfc) {
      normalizer = icu::Normalizer2::getNFCInstance(status);
    } else if (o.form == KeyOptions::Form::kNfkc) {
      normalizer = icu::Normalizer2::getNFKCInstance(status);
    }
    // Without ICU's normalisation data, compare the bytes as written.
    if (U_FAILURE(status)) normalizer = nullptr;
  }

  // The key of an already normalised text.
  uint32_t Intern(std::string_view normalized) {
    const uint32_t hash = Hash(normalized);
    uint32_t key = normalized_.Find(normalized, hash);
    if (key == StringIndex::kAbsent) {
      key = static_cast<uint32_t>(texts.size());
      texts.push_back(arena.Store(normalized));
      normalized_.Insert(texts.back(), hash, key);
    }
    return key;
  }

  // The normalised text of a non-ASCII token. The result may point into
  // `text` or into a scratch buffer that the next call overwrites.
  std::string_view NormalizeNonAscii(std::string_view text);

  // Each step below writes into the scratch buffer that does not hold its
  // input, and returns false if ICU failed.
  std::string& ScratchFor(std::string_view in) {
    return in.data() == scratch[0].data() ? scratch[1] : scratch[0];
  }
  std::string_view FoldAscii(std::string_view in);
  bool Unify(std::string_view* s);
  bool NormalizeForm(std::string_view* s);
  bool FoldCase(std::string_view* s);

  KeyOptions options;
  // The key of each one-byte token seen so far, or kAbsent.
  std::array<uint32_t, 128> byte_keys = MakeByteKeys();
  // The key of each token of 2 to 16 bytes seen so far, as written.
  ShortIndex short_keys;
  const icu::Normalizer2* normalizer = nullptr;  // null: no normalisation
  Arena arena;
  std::vector<std::string_view> texts;  // normalised text by key, in arena
  StringIndex normalized_;              // normalised text -> key
  StringIndex spellings_;               // non-ASCII text as written -> key
  std::string scratch[2];
};

std::string_view TokenKeys::Rep::FoldAscii(std::string_view in) {
  size_t i = 0;
  while (i < in.size() && !(in[i] >= 'A' && in[i] <= 'Z')) ++i;
  if (i == in.size()) return in;
  std::string& out = ScratchFor(in);
  out.assign(in);
  for (; i < out.size(); ++i) {
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] += 'a' - 'A';
  }
  return out;
}

bool TokenKeys::Rep::Unify(std::string_view* s) {
  std::string& out = ScratchFor(*s);
  if (UnifyQuotesAndDashes(*s, &out)) *s = out;
  return true;
}

bool TokenKeys::Rep::NormalizeForm(std::string_view* s) {
  const icu::StringPiece in(s->data(), static_cast<int32_t>(s->size()));
  UErrorCode status = U_ZERO_ERROR;
  if (normalizer->isNormalizedUTF8(in, status)) return U_SUCCESS(status);
  if (U_FAILURE(status)) return false;
  std::string& out = ScratchFor(*s);
  out.clear();
  icu::StringByteSink<std::string> sink(&out, in.length());
  normalizer->normalizeUTF8(0, in, sink, nullptr, status);
  if (U_FAILURE(status)) return false;
  *s = out;
  return true;
}

bool TokenKeys::Rep::FoldCase(std::string_view* s) {
  const icu::StringPiece in(s->data(), static_cast<int32_t>(s->size()));
  UErrorCode status = U_ZERO_ERROR;
  std::string& out = ScratchFor(*s);
  out.clear();
  icu::StringByteSink<std::string> sink(&out, in.length());
  icu::CaseMap::utf8Fold(U_FOLD_CASE_DEFAULT, in, sink, nullptr, status);
  if (U_FAILURE(status)) return false;
  *s = out;
  return true;
}

std::string_view TokenKeys::Rep::NormalizeNonAscii(std::string_view text) {
  // ICU measures strings in int32_t; a larger token is kept as written.
  if (text.size() > INT32_MAX) return text;
  // Quotes and dashes go first: NFKC would turn ″ into ′′ rather than ".
  // Folding can denormalise, so normalisation runs again after it; NFKC can
  // yield a dash (from U+FE58), so unification runs again after NFKC.
  std::string_view s = text;
  bool ok = true;
  if (options.unify_quotes_and_dashes) ok = ok && Unify(&s);
  if (normalizer != nullptr) ok = ok && NormalizeForm(&s);
  if (options.fold_case) {
    ok = ok && FoldCase(&s);
    if (normalizer != nullptr) ok = ok && NormalizeForm(&s);
  }
  if (options.unify_quotes_and_dashes &&
      options.form == KeyOptions::Form::kNfkc) {
    ok = ok && Unify(&s);
  }
  return ok ? s : text;
}

TokenKeys::TokenKeys(const KeyOptions& options)
    : rep_(std::make_unique<Rep>(options)) {}

TokenKeys::~TokenKeys() = default;

const KeyOptions& TokenKeys::options() const { return rep_->options; }

uint32_t TokenKeys::Key(std::string_view token_text, TokenKind kind) {
  Rep& r = *rep_;
  // One-byte tokens (a space, a comma, a full stop) are half of most texts:
  // their keys are remembered by byte.
  if (token_text.size() == 1) {
    const auto byte = static_cast<unsigned char>(token_text[0]);
    uint32_t& cached = r.byte_keys[byte];
    if (cached == StringIndex::kAbsent) cached = KeyOf(token_text, kind);
    return cached;
  }
  // So are most words, by their bytes as written. (White space under
  // collapse_whitespace has a key of its own whatever its bytes.)
  if (token_text.size() >= 2 && token_text.size() <= ShortIndex::kMaxBytes &&
      !(r.options.collapse_whitespace && kind == TokenKind::kSpace)) {
    uint32_t key = r.short_keys.Find(token_text);
    if (key == StringIndex::kAbsent) {
      key = KeyOf(token_text, kind);
      r.short_keys.Insert(token_text, key);
    }
    return key;
  }
  return KeyOf(token_text, kind);
}

uint32_t TokenKeys::KeyOf(std::string_view token_text, TokenKind kind) {
  Rep& r = *rep_;
  if (r.options.collapse_whitespace && kind == TokenKind::kSpace) {
    return r.Intern(" ");
  }
  if (IsAscii(token_text)) {
    return r.Intern(r.options.fold_case ? r.FoldAscii(token_text) : token_text);
  }
  const uint32_t hash = Hash(token_text);
  uint32_t key = r.spellings_.Find(token_text, hash);
  if (key != StringIndex::kAbsent) return key;
  const std::string_view normalized = r.NormalizeNonAscii(token_text);
  key = r.Intern(normalized);
  // A spelling that normalisation left alone shares the interned copy.
  const std::string_view stored = normalized.data() == token_text.data()
                                      ? r.texts[key]
                                      : r.arena.Store(token_text);
  r.spellings_.Insert(stored, hash, key);
  return key;
}

std::vector<uint32_t> TokenKeys::Keys(std::string_view text,
                                      const std::vector<Token>& tokens) {
  std::vector<uint32_t> keys;
  keys.reserve(tokens.size());
  for (const Token& token : tokens) {
    keys.push_back(Key(token.In(text), token.kind));
  }
  return keys;
}

std::string_view TokenKeys::Normalized(uint32_t key) const {
  assert(key < size());
  return rep_->texts[key];
}

uint32_t TokenKeys::size() const {
  return static_cast<uint32_t>(rep_->texts.size());
}

}  // namespace redline
