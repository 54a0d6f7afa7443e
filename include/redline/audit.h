// The audit log: an append-only, hash-chained record of every
// security-relevant event (logins, writes, shares, reads of versions,
// denied requests). Each entry carries the hash of the one before and a MAC
// of its own hash under a server key kept outside the store, so that
// editing an entry, deleting, inserting or reordering entries, or
// recomputing the whole chain without the key, is detected by VerifyAudit.
// Truncating the tail is detected against a head exported earlier.
//
// The chain, exactly (docs should repeat this; tests keep it true):
//   hash = hex(BLAKE2b-256(F("redline-audit-v1") F(seq) F(at) F(user)
//          F(action) F(object) F(outcome) F(detail) F(prev_hash)))
//   where F(s) is the byte length of s as 8 bytes little-endian followed by
//   s's bytes, and seq is written in decimal ("42");
//   mac  = hex(HMAC-SHA-512-256(key, the 32 bytes of the hash))
//          (libsodium's crypto_auth).
// Hex is lowercase; the first entry's prev_hash is "".
//
// Thread-safety: the functions are thread-safe; the Transaction is not.

#ifndef REDLINE_AUDIT_H_
#define REDLINE_AUDIT_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "redline/status.h"
#include "redline/store.h"

namespace redline {

// The server's audit key: 32 random bytes.
struct AuditKey {
  std::string bytes;
};

// Reads the key file at `path` (64 hex digits and a newline). With
// `create`, a missing file is created (mode 0600) holding a new random key;
// the file appears complete or not at all, and when several processes
// create it at once they all get the same key. kNotFound for a missing
// file (without `create`); kBadInput for a malformed or unreadable file,
// one that is not a regular file, or one that group or others may access
// (like ssh's private keys: chmod 600 it); kStorage when it cannot be
// created.
Result<AuditKey> LoadAuditKey(const std::string& path, bool create);

// An event to log; the chain fields are filled in by AppendAudit.
struct AuditEvent {
  std::string at;
  std::string user;
  std::string action;
  std::string object;
  std::string outcome = "ok";
  std::string detail = "{}";  // a JSON object
};

// Appends events to the log, in order, inside a write transaction: reads
// the current last entry and continues the chain from it (it does not check
// the existing log). kUsage for a key that is not 32 bytes.
Status AppendAudit(Transaction& txn, const AuditKey& key,
                   const std::vector<AuditEvent>& events);

// The hash of the last entry ("" for an empty log) and its seq.
struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};
Result<AuditHead> CurrentAuditHead(Transaction& txn);

struct AuditReport {
  bool ok = true;
  int64_t entries = 0;  // found sound, from the start of the log
  std::string problem;  // the first problem found, naming the entry's seq
  AuditHead head;       // the last sound entry
};

// Checks the whole log: seq numbers 1, 2, ... without gaps; each entry's
// prev_hash is its predecessor's hash, its hash recomputes from its fields,
// and its MAC is valid under `key`. With `expected_head` (a hash exported
// earlier by `audit head`), the entry with that hash must still be in the
// log (an empty expected head is in every log). Stops at the first problem;
// the problem names the entry:
//   "entry 7 is missing: ..."            a seq gap (deleted entries)
//   "entry 7 does not follow entry 6..." prev_hash mismatch (deleted,
//                                        inserted or reordered entries)
//   "entry 7 was altered: ..."           its fields do not match its hash
//   "entry 7 has an invalid MAC: ..."    forged or rewritten without the key
//   "the log ends before the exported head ..." (truncated)
// Problems are reported in the AuditReport, not as a failed Status (which
// means the store could not be read, kUsage a key that is not 32 bytes or
// an expected head that is not 64 hex digits). Reads the log in pages, so
// its size is not limited by memory.
Result<AuditReport> VerifyAudit(
    Transaction& txn, const AuditKey& key,
    const std::optional<std::string>& expected_head);

// Writes the log as JSON lines, one entry per line with every field as
// stored: {"seq":1,"at":"...","user":"...","action":"...","object":"...",
// "outcome":"ok","detail":"{}","prev_hash":"","hash":"...","mac":"..."}
// (detail is the JSON text as a string, so that the hash can be recomputed
// from the export). kStorage when `out` fails.
Status ExportAudit(Transaction& txn, std::ostream& out);

}  // namespace redline

#endif  // REDLINE_AUDIT_H_
