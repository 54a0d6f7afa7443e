// The negotiation record: the rules over the store (store.h). Parties of
// three kinds, immutable content-addressed versions with their parents,
// stances with their history, and the distribution ledger; the status table
// of a version and "has this party seen that version". The command line
// and (later) the server call these; they hold no rule of their own.
//
// Each function works inside the caller's transaction and leaves it
// unchanged when it fails.
//
// Thread-safety: the functions are thread-safe; the Transaction is not.

#ifndef REDLINE_RECORD_H_
#define REDLINE_RECORD_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redline/status.h"
#include "redline/store.h"

namespace redline {

// The id of a text: the hex BLAKE2b-256 of its bytes after removing a
// leading BOM and turning every CRLF into LF. 64 hex digits; 12 are shown.
std::string VersionId(std::string_view text);

// The first 12 hex digits of a version id, as commands show it.
std::string ShortId(const std::string& id);

// The negotiation named `name`, or, if `name` is empty, the only one.
// kNotFound when there is none or (without a name) several, naming them.
Result<Negotiation> FindNegotiation(Transaction& txn, const std::string& name);

// The party named `name` (exact) in the negotiation, or kNotFound naming
// the parties there are.
Result<Party> FindParty(Transaction& txn, int64_t negotiation,
                        const std::string& name);

// Resolves a reference to a stored version: an exact label, then a unique
// id prefix of at least 4 hex digits. kNotFound when nothing matches or a
// prefix is ambiguous (the message lists the candidates). The version comes
// with its text.
Result<Version> ResolveVersion(Transaction& txn, int64_t negotiation,
                               const std::string& reference);

struct ImportRequest {
  std::string text;                  // checked UTF-8 (CheckText)
  std::string label;                 // unique in the negotiation
  std::string by;                    // the authoring party's name
  std::vector<std::string> parents;  // references (ResolveVersion)
  std::string note;
  std::string at;  // the time of import
};

struct ImportOutcome {
  Version version;          // without its text
  bool existed = false;     // the same text was already stored
  int carried_forward = 0;  // stances inherited from the parents
};

// Imports a text as a new version. Identical text (same VersionId) already
// stored: returns it with `existed` and changes nothing. Otherwise the label
// must be new and the author a mediator or party (an observer authors
// nothing); the stances on the parents' points that alignment finds `same`
// in the new version are carried forward, marked inherited (the first
// parent first; a later parent adds only what earlier ones did not).
Result<ImportOutcome> ImportVersion(Transaction& txn, int64_t negotiation,
                                    const ImportRequest& request);

struct StanceRequest {
  std::string version;  // a reference
  std::string point;    // a point id of that version, or "preamble"
  std::string party;    // its name
  StanceKind stance = StanceKind::kOpen;
  std::string note;
  bool internal = false;
  std::string author;
  std::string at;
};

// Records a stance. kNotFound for an unknown version, point or party;
// kUsage when the party is an observer (observers take no stances).
Result<Stance> SetStance(Transaction& txn, int64_t negotiation,
                         const StanceRequest& request);

// The status of a version: its points in document order (the preamble
// first when it is a block), each party's current stance on each (null when
// it has none), and the counts.
struct StatusTable {
  Version version;                  // without its text
  std::vector<Party> parties;       // mediators and parties, in order
  std::vector<std::string> points;  // ids in document order
  // cells[p][k]: the current stance of parties[k] on points[p].
  std::vector<std::vector<std::optional<Stance>>> cells;
  // Points every party agrees to (agree or agree-with-changes).
  int agreed_by_all = 0;
  int disputed = 0;   // points some party disputes
  int red_lines = 0;  // points some party holds a red line on
  int open = 0;       // points some party has no stance on, or "open"
};

// What a status table shows: by default every mediator and party column
// and every stance. The server narrows it to what the viewer may see; the
// counts then count only what is shown.
struct StatusFilter {
  std::function<bool(const Party&)> column;   // null: every column
  std::function<bool(const Stance&)> stance;  // null: every stance
};

Result<StatusTable> VersionStatus(Transaction& txn, int64_t negotiation,
                                  const std::string& reference,
                                  const StatusFilter& filter = StatusFilter());

// Records that a version was shown to a party.
Result<Share> ShareVersion(Transaction& txn, int64_t negotiation,
                           const std::string& version, const std::string& party,
                           const std::string& by, const std::string& channel,
                           const std::string& at);

// Whether a party has seen a version: the version, or a version descending
// from it in the parent graph, was shared with the party or opened by one
// of its members. The earliest such event, or nullopt.
struct SeenEvidence {
  std::string version;  // the version shared or opened (full id)
  std::string at;
  std::string channel;  // the share's channel, or "opened" for an opening
};
Result<std::optional<SeenEvidence>> Seen(Transaction& txn, int64_t negotiation,
                                         const std::string& party,
                                         const std::string& version);

// The whole store as one JSON document (docs/store.md), deterministic:
// dump, restore and dump again give the same bytes.
Result<std::string> DumpStore(Transaction& txn);

// Loads a dump into an empty store. kUsage when the store holds data;
// kBadInput when the document is not a redline dump (naming what is wrong:
// malformed JSON, an unknown format or schema, a missing field, a version
// whose text does not match its id, a reference to an unknown party or
// version).
Status RestoreStore(Transaction& txn, std::string_view dump);

}  // namespace redline

#endif  // REDLINE_RECORD_H_
