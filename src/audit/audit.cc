#include "redline/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "fmt/format.h"
#include "util/sodium_util.h"

namespace redline {

namespace {

constexpr size_t kKeyBytes = crypto_auth_KEYBYTES;       // 32
constexpr size_t kHashBytes = crypto_generichash_BYTES;  // 32: BLAKE2b-256
constexpr int64_t kPageSize = 1000;
// The first field hashed: keeps entry hashes apart from any other BLAKE2b
// hash of length-prefixed fields, and names the format's version.
constexpr char kHashDomain[] = "redline-audit-v1";

static_assert(crypto_auth_BYTES == 32);

// The bytes of exactly `size` hex digits (either case), or nullopt.
std::optional<std::string> FromHex(std::string_view hex, size_t size) {
  if (hex.size() != 2 * size) return std::nullopt;
  std::string bytes(size, '\0');
  size_t written = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), size,
                     hex.data(), hex.size(), nullptr, &written, nullptr) != 0 ||
      written != size) {
    return std::nullopt;
  }
  return bytes;
}

void Append(crypto_generichash_state* state, std::string_view field) {
  unsigned char length[8];
  uint64_t n = field.size();
  for (unsigned char& byte : length) {
    byte = static_cast<unsigned char>(n & 0xFF);
    n >>= 8;
  }
  crypto_generichash_update(state, length, sizeof length);
  crypto_generichash_update(
      state, reinterpret_cast<const unsigned char*>(field.data()),
      field.size());
}

// BLAKE2b-256 of the entry's fields, each as an 8-byte little-endian length
// and its bytes (audit.h documents the exact bytes).
std::string EntryHashBytes(const AuditEntry& e) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kHashBytes);
  const std::string seq = std::to_string(e.seq);
  const std::array<std::string_view, 9> fields = {
      kHashDomain, seq,       e.at,     e.user,     e.action,
      e.object,    e.outcome, e.detail, e.prev_hash};
  for (std::string_view field : fields) {
    Append(&state, field);
  }
  std::string hash(kHashBytes, '\0');
  crypto_generichash_final(
      &state, reinterpret_cast<unsigned char*>(hash.data()), hash.size());
  return hash;
}

std::string Mac(const std::string& hash_bytes, const AuditKey& key) {
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(hash_bytes.data()),
              hash_bytes.size(),
              reinterpret_cast<const unsigned char*>(key.bytes.data()));
  return Hex(mac, sizeof mac);
}

bool MacValid(const AuditEntry& e, const std::string& hash_bytes,
              const AuditKey& key) {
  std::optional<std::string> mac = FromHex(e.mac, crypto_auth_BYTES);
  return mac &&
         crypto_auth_verify(
             reinterpret_cast<const unsigned char*>(mac->data()),
             reinterpret_cast<const unsigned char*>(hash_bytes.data()),
             hash_bytes.size(),
             reinterpret_cast<const unsigned char*>(key.bytes.data())) == 0;
}

Status CheckKey(const AuditKey& key) {
  if (key.bytes.size() != kKeyBytes) {
    return Status::Usage(fmt::format("the audit key has {} bytes, not {}",
                                     key.bytes.size(), kKeyBytes));
  }
  if (!SodiumReady()) return Status::Internal("libsodium failed to start");
  return Status::Ok();
}

std::string ErrnoText() { return std::strerror(errno); }

// Reads an existing key file. nullopt when it does not exist.
Result<std::optional<AuditKey>> ReadKeyFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<AuditKey>();
    return Status::BadInput(fmt::format("cannot open the audit key file {}: {}",
                                        path, ErrnoText()));
  }
  struct stat st;
  std::string text(80, '\0');
  ssize_t got = -1;
  std::string problem;
  if (fstat(fd, &st) != 0) {
    problem = ErrnoText();
  } else if (!S_ISREG(st.st_mode)) {
    problem = "not a regular file";
  } else if ((st.st_mode & 077) != 0) {
    // As ssh does with private keys: a key others may read protects nothing.
    problem = fmt::format(
        "readable or writable by others (mode {:03o}); chmod 600 it",
        st.st_mode & 0777);
  } else {
    size_t total = 0;
    while (total < text.size()) {
      got = read(fd, text.data() + total, text.size() - total);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      total += static_cast<size_t>(got);
    }
    if (got < 0) problem = ErrnoText();
    text.resize(total);
  }
  close(fd);
  if (problem.empty()) {
    std::string_view hex = text;
    if (!hex.empty() && hex.back() == '\n') hex.remove_suffix(1);
    std::optional<std::string> bytes = FromHex(hex, kKeyBytes);
    sodium_memzero(text.data(), text.size());
    if (bytes) return std::optional<AuditKey>(AuditKey{std::move(*bytes)});
    problem =
        fmt::format("expected {} hex digits and a newline", 2 * kKeyBytes);
  }
  return Status::BadInput(fmt::format("audit key file {}: {}", path, problem));
}

// Writes a new random key to `path` unless the file exists: written to a
// temporary file first and linked into place, so that another process never
// reads a half-written key and two creators agree on one key.
Status CreateKeyFile(const std::string& path) {
  std::string temp = path + ".XXXXXX";
  const int fd = mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) {
    return Status::Storage(fmt::format(
        "cannot create the audit key file {}: {}", path, ErrnoText()));
  }
  unsigned char key[kKeyBytes];
  randombytes_buf(key, sizeof key);
  std::string text = Hex(key, sizeof key) + "\n";
  sodium_memzero(key, sizeof key);
  bool written = write(fd, text.data(), text.size()) ==
                     static_cast<ssize_t>(text.size()) &&
                 fsync(fd) == 0;
  std::string problem = written ? "" : ErrnoText();
  sodium_memzero(text.data(), text.size());
  close(fd);
  if (written && link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    problem = ErrnoText();
  }
  unlink(temp.c_str());
  if (!problem.empty()) {
    return Status::Storage(
        fmt::format("cannot create the audit key file {}: {}", path, problem));
  }
  // Make the new name durable too: a key lost in a crash would make the
  // whole log unverifiable.
  const size_t slash = path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    fsync(dir_fd);
    close(dir_fd);
  }
  return Status::Ok();
}

nlohmann::json EntryJson(const AuditEntry& e) {
  return {{"seq", e.seq},       {"at", e.at},
          {"user", e.user},     {"action", e.action},
          {"object", e.object}, {"outcome", e.outcome},
          {"detail", e.detail}, {"prev_hash", e.prev_hash},
          {"hash", e.hash},     {"mac", e.mac}};
}

// Checks one entry against its predecessor's seq and hash. "" when it is
// sound, else the problem.
std::string CheckEntry(const AuditEntry& e, int64_t prev_seq,
                       const std::string& prev_hash, const AuditKey& key) {
  if (e.seq != prev_seq + 1) {
    if (e.seq > prev_seq + 1) {
      return fmt::format(
          "entry {} is missing: the log goes from seq {} to seq {} (entries "
          "were deleted)",
          prev_seq + 1, prev_seq, e.seq);
    }
    return fmt::format("entry {} comes after entry {} (out of order)", e.seq,
                       prev_seq);
  }
  if (e.prev_hash != prev_hash) {
    return fmt::format(
        "entry {} does not follow entry {}: its prev_hash is not that "
        "entry's hash (entries were deleted, inserted or reordered)",
        e.seq, prev_seq);
  }
  const std::string hash_bytes = EntryHashBytes(e);
  if (Hex(reinterpret_cast<const unsigned char*>(hash_bytes.data()),
          hash_bytes.size()) != e.hash) {
    return fmt::format("entry {} was altered: its fields do not match its hash",
                       e.seq);
  }
  if (!MacValid(e, hash_bytes, key)) {
    return fmt::format(
        "entry {} has an invalid MAC: it was written without the audit key "
        "(forged, or the chain was recomputed), or the key is not this log's",
        e.seq);
  }
  return "";
}

}  // namespace

Result<AuditKey> LoadAuditKey(const std::string& path, bool create) {
  if (!SodiumReady()) return Status::Internal("libsodium failed to start");
  Result<std::optional<AuditKey>> key = ReadKeyFile(path);
  if (!key.ok()) return key.status();
  if (key->has_value()) return std::move(**key);
  if (!create) {
    return Status::NotFound(
        fmt::format("audit key file {} does not exist", path));
  }
  if (Status status = CreateKeyFile(path); !status.ok()) return status;
  key = ReadKeyFile(path);
  if (!key.ok()) return key.status();
  if (!key->has_value()) {
    return Status::Storage(fmt::format(
        "audit key file {} vanished right after it was created", path));
  }
  return std::move(**key);
}

Status AppendAudit(Transaction& txn, const AuditKey& key,
                   const std::vector<AuditEvent>& events) {
  if (Status status = CheckKey(key); !status.ok()) return status;
  if (events.empty()) return Status::Ok();
  Result<std::optional<AuditEntry>> last = txn.LastAuditEntry();
  if (!last.ok()) return last.status();
  int64_t seq = last->has_value() ? (*last)->seq : 0;
  std::string prev_hash = last->has_value() ? (*last)->hash : "";
  std::vector<AuditEntry> entries;
  entries.reserve(events.size());
  for (const AuditEvent& event : events) {
    AuditEntry e;
    e.seq = ++seq;
    e.at = event.at;
    e.user = event.user;
    e.action = event.action;
    e.object = event.object;
    e.outcome = event.outcome;
    e.detail = event.detail;
    e.prev_hash = std::move(prev_hash);
    const std::string hash_bytes = EntryHashBytes(e);
    e.hash = Hex(reinterpret_cast<const unsigned char*>(hash_bytes.data()),
                 hash_bytes.size());
    e.mac = Mac(hash_bytes, key);
    prev_hash = e.hash;
    entries.push_back(std::move(e));
  }
  return txn.AddAuditEntries(entries);
}

Result<AuditHead> CurrentAuditHead(Transaction& txn) {
  Result<std::optional<AuditEntry>> last = txn.LastAuditEntry();
  if (!last.ok()) return last.status();
  if (!last->has_value()) return AuditHead{};
  return AuditHead{(*last)->seq, (*last)->hash};
}

Result<AuditReport> VerifyAudit(
    Transaction& txn, const AuditKey& key,
    const std::optional<std::string>& expected_head) {
  if (Status status = CheckKey(key); !status.ok()) return status;
  std::string expected;
  if (expected_head) {
    if (!expected_head->empty() && !FromHex(*expected_head, kHashBytes)) {
      return Status::Usage(fmt::format(
          "the expected audit head must be {} hex digits", 2 * kHashBytes));
    }
    expected = *expected_head;
    for (char& c : expected) c = (c >= 'A' && c <= 'F') ? c - 'A' + 'a' : c;
  }
  // The empty head (of an empty log) is in every log.
  bool head_found = expected.empty();

  AuditReport report;
  int64_t after = 0;
  for (;;) {
    Result<std::vector<AuditEntry>> page = txn.AuditEntries(after, kPageSize);
    if (!page.ok()) return page.status();
    for (const AuditEntry& e : *page) {
      std::string problem =
          CheckEntry(e, report.head.seq, report.head.hash, key);
      if (!problem.empty()) {
        report.ok = false;
        report.problem = std::move(problem);
        return report;
      }
      ++report.entries;
      report.head = {e.seq, e.hash};
      if (e.hash == expected) head_found = true;
    }
    if (static_cast<int64_t>(page->size()) < kPageSize) break;
    after = page->back().seq;
  }
  if (!head_found) {
    report.ok = false;
    report.problem = fmt::format(
        "the log ends before the exported head {}: its last entry is seq {} "
        "(entries were removed from the end)",
        expected, report.head.seq);
  }
  return report;
}

Status ExportAudit(Transaction& txn, std::ostream& out) {
  int64_t after = 0;
  for (;;) {
    Result<std::vector<AuditEntry>> page = txn.AuditEntries(after, kPageSize);
    if (!page.ok()) return page.status();
    for (const AuditEntry& e : *page) {
      // Invalid UTF-8 (only in a tampered log) is replaced rather than
      // thrown over: the export must not fail on the log it should show.
      out << EntryJson(e).dump(-1, ' ', false,
                               nlohmann::json::error_handler_t::replace)
          << '\n';
    }
    if (!out) return Status::Storage("cannot write the audit log export");
    if (static_cast<int64_t>(page->size()) < kPageSize) break;
    after = page->back().seq;
  }
  return Status::Ok();
}

}  // namespace redline
