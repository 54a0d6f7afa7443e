#include "redline/record.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "fmt/format.h"
#include "redline/align.h"
#include "redline/points.h"

namespace redline {

namespace {

constexpr size_t kMinPrefix = 4;

bool IsHex(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

std::string Names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out.empty() ? "none" : out;
}

// The ids of a version's points in document order, the preamble first when
// it is a block (as alignment and the synopsis list them).
std::vector<std::string> PointIds(const std::string& text,
                                  const Document& doc) {
  std::vector<std::string> ids;
  for (int index : AlignedIndices(text, doc)) {
    ids.emplace_back(PointId(doc, index));
  }
  return ids;
}

// The current stance of each (point, party) of a version: the last one.
std::map<std::pair<std::string, int64_t>, Stance> Current(
    const std::vector<Stance>& history) {
  std::map<std::pair<std::string, int64_t>, Stance> current;
  for (const Stance& stance : history) {
    current[{stance.point, stance.party}] = stance;
  }
  return current;
}

// Carries the current stances on `parent`'s points that alignment finds
// `same` in `child` (a version just added) forward to the child, unless
// `already` holds one for that (point, party); adds what it carries to
// `already`.
Result<int> CarryForward(Transaction& txn, int64_t negotiation,
                         const Version& parent, const Version& child,
                         const std::string& at,
                         std::set<std::pair<std::string, int64_t>>* already) {
  const Document parent_doc = ParsePoints(parent.text);
  const Document child_doc = ParsePoints(child.text);
  const Alignment alignment =
      AlignPoints(parent.text, parent_doc, child.text, child_doc);
  std::map<std::string, std::string> same;  // parent point -> child point
  for (const AlignedPair& pair : alignment.pairs) {
    if (pair.relation != Relation::kSame) continue;
    same[std::string(PointId(parent_doc, pair.old_points[0]))] =
        std::string(PointId(child_doc, pair.new_points[0]));
  }
  Result<std::vector<Stance>> parent_stances =
      txn.Stances(negotiation, parent.id);
  if (!parent_stances.ok()) return parent_stances.status();
  std::vector<Stance> carried;
  for (const auto& [key, stance] : Current(*parent_stances)) {
    auto it = same.find(key.first);
    if (it == same.end() || !already->insert({it->second, key.second}).second) {
      continue;
    }
    Stance inherited = stance;
    inherited.version = child.id;
    inherited.point = it->second;
    inherited.at = at;
    inherited.inherited_from = parent.id;
    carried.push_back(std::move(inherited));
  }
  Status status = txn.AddStances(carried);
  if (!status.ok()) return status;
  return static_cast<int>(carried.size());
}

}  // namespace

std::string VersionId(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string normalized;
  normalized.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    }
    normalized.push_back(text[i]);
  }
  unsigned char hash[crypto_generichash_BYTES];  // 32: BLAKE2b-256
  crypto_generichash(hash, sizeof hash,
                     reinterpret_cast<const unsigned char*>(normalized.data()),
                     normalized.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(2 * sizeof hash);
  for (unsigned char byte : hash) {
    id.push_back(kHex[byte >> 4]);
    id.push_back(kHex[byte & 15]);
  }
  return id;
}

std::string ShortId(const std::string& id) { return id.substr(0, 12); }

Result<Negotiation> FindNegotiation(Transaction& txn, const std::string& name) {
  Result<std::vector<Negotiation>> all = txn.Negotiations();
  if (!all.ok()) return all.status();
  std::vector<std::string> names;
  for (const Negotiation& n : *all) {
    if (!name.empty() && n.name == name) return n;
    names.push_back(n.name);
  }
  if (name.empty() && all->size() == 1) return all->front();
  if (all->empty()) {
    return Status::NotFound(
        "the store holds no negotiation (run redline init)");
  }
  if (name.empty()) {
    return Status::NotFound(
        fmt::format("the store holds {} negotiations: name one with "
                    "--negotiation ({})",
                    all->size(), Names(names)));
  }
  return Status::NotFound(fmt::format(
      "no negotiation named '{}' (there is: {})", name, Names(names)));
}

Result<Party> FindParty(Transaction& txn, int64_t negotiation,
                        const std::string& name) {
  Result<std::vector<Party>> parties = txn.Parties(negotiation);
  if (!parties.ok()) return parties.status();
  std::vector<std::string> names;
  for (const Party& party : *parties) {
    if (party.name == name) return party;
    names.push_back(party.name);
  }
  return Status::NotFound(
      fmt::format("no party named '{}' (parties: {})", name, Names(names)));
}

Result<Version> ResolveVersion(Transaction& txn, int64_t negotiation,
                               const std::string& reference) {
  Result<std::vector<Version>> versions = txn.Versions(negotiation, false);
  if (!versions.ok()) return versions.status();
  const Version* found = nullptr;
  for (const Version& v : *versions) {
    if (v.label == reference) found = &v;
  }
  if (found == nullptr && reference.size() >= kMinPrefix && IsHex(reference)) {
    std::vector<const Version*> matches;
    for (const Version& v : *versions) {
      if (v.id.rfind(reference, 0) == 0) matches.push_back(&v);
    }
    if (matches.size() > 1) {
      std::string candidates;
      for (const Version* v : matches) {
        if (!candidates.empty()) candidates += ", ";
        candidates += ShortId(v->id) + " (" + v->label + ")";
      }
      return Status::NotFound(
          fmt::format("version '{}' is ambiguous: {}", reference, candidates));
    }
    if (matches.size() == 1) found = matches[0];
  }
  if (found == nullptr) {
    return Status::NotFound(fmt::format(
        "no version '{}' (a label, or an id prefix of {}+ hex digits)",
        reference, kMinPrefix));
  }
  Result<std::optional<Version>> full = txn.FindVersion(negotiation, found->id);
  if (!full.ok()) return full.status();
  if (!full->has_value()) {
    return Status::Internal("version " + found->id + " vanished");
  }
  return std::move(**full);
}

Result<ImportOutcome> ImportVersion(Transaction& txn, int64_t negotiation,
                                    const ImportRequest& request) {
  ImportOutcome outcome;
  const std::string id = VersionId(request.text);
  Result<std::optional<Version>> existing = txn.FindVersion(negotiation, id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    outcome.version = std::move(**existing);
    outcome.version.text.clear();
    outcome.existed = true;
    return outcome;
  }
  Result<Party> author = FindParty(txn, negotiation, request.by);
  if (!author.ok()) return author.status();
  if (author->kind == PartyKind::kObserver) {
    return Status::Usage(fmt::format(
        "'{}' is an observer: observers author no versions", author->name));
  }
  if (request.label.empty()) return Status::Usage("a version needs a label");
  Result<std::vector<Version>> versions = txn.Versions(negotiation, false);
  if (!versions.ok()) return versions.status();
  for (const Version& v : *versions) {
    if (v.label == request.label) {
      return Status::Usage(fmt::format("the label '{}' is taken by version {}",
                                       request.label, ShortId(v.id)));
    }
  }
  std::vector<Version> parents;
  Version version;
  version.id = id;
  version.negotiation = negotiation;
  version.label = request.label;
  version.author = author->id;
  version.created_at = request.at;
  version.note = request.note;
  version.text = request.text;
  for (const std::string& reference : request.parents) {
    Result<Version> parent = ResolveVersion(txn, negotiation, reference);
    if (!parent.ok()) return parent.status().WithContext("--parent");
    if (std::find(version.parents.begin(), version.parents.end(), parent->id) !=
        version.parents.end()) {
      continue;
    }
    version.parents.push_back(parent->id);
    parents.push_back(std::move(*parent));
  }
  Status status = txn.AddVersion(version);
  if (!status.ok()) return status;
  std::set<std::pair<std::string, int64_t>> carried_keys;
  for (const Version& parent : parents) {
    Result<int> carried = CarryForward(txn, negotiation, parent, version,
                                       request.at, &carried_keys);
    if (!carried.ok()) return carried.status();
    outcome.carried_forward += *carried;
  }
  Result<std::optional<Version>> stored = txn.FindVersion(negotiation, id);
  if (!stored.ok()) return stored.status();
  outcome.version = std::move(**stored);
  outcome.version.text.clear();
  return outcome;
}

Result<Stance> SetStance(Transaction& txn, int64_t negotiation,
                         const StanceRequest& request) {
  Result<Version> version = ResolveVersion(txn, negotiation, request.version);
  if (!version.ok()) return version.status();
  Result<Party> party = FindParty(txn, negotiation, request.party);
  if (!party.ok()) return party.status();
  if (party->kind == PartyKind::kObserver) {
    return Status::Usage(fmt::format(
        "'{}' is an observer: observers take no stances", party->name));
  }
  const Document doc = ParsePoints(version->text);
  const std::vector<std::string> ids = PointIds(version->text, doc);
  if (std::find(ids.begin(), ids.end(), request.point) == ids.end()) {
    return Status::NotFound(fmt::format("version {} ({}) has no point '{}'",
                                        ShortId(version->id), version->label,
                                        request.point));
  }
  Stance stance;
  stance.negotiation = negotiation;
  stance.version = version->id;
  stance.point = request.point;
  stance.party = party->id;
  stance.stance = request.stance;
  stance.note = request.note;
  stance.internal = request.internal;
  stance.author = request.author;
  stance.at = request.at;
  Result<int64_t> seq = txn.AddStance(stance);
  if (!seq.ok()) return seq.status();
  stance.seq = *seq;
  return stance;
}

Result<StatusTable> VersionStatus(Transaction& txn, int64_t negotiation,
                                  const std::string& reference,
                                  const StatusFilter& filter) {
  Result<Version> version = ResolveVersion(txn, negotiation, reference);
  if (!version.ok()) return version.status();
  StatusTable table;
  Result<std::vector<Party>> parties = txn.Parties(negotiation);
  if (!parties.ok()) return parties.status();
  for (const Party& party : *parties) {
    if (party.kind != PartyKind::kObserver &&
        (!filter.column || filter.column(party))) {
      table.parties.push_back(party);
    }
  }
  table.points = PointIds(version->text, ParsePoints(version->text));
  Result<std::vector<Stance>> history = txn.Stances(negotiation, version->id);
  if (!history.ok()) return history.status();
  if (filter.stance) {
    std::erase_if(*history,
                  [&](const Stance& stance) { return !filter.stance(stance); });
  }
  const auto current = Current(*history);
  for (const std::string& point : table.points) {
    std::vector<std::optional<Stance>> row;
    bool all_agree = !table.parties.empty(), dispute = false, red = false,
         open = false;
    for (const Party& party : table.parties) {
      auto it = current.find({point, party.id});
      if (it == current.end()) {
        row.emplace_back();
        all_agree = false;
        open = true;
        continue;
      }
      const StanceKind kind = it->second.stance;
      all_agree = all_agree && (kind == StanceKind::kAgree ||
                                kind == StanceKind::kAgreeWithChanges);
      dispute = dispute || kind == StanceKind::kDispute;
      red = red || kind == StanceKind::kRedLine;
      open = open || kind == StanceKind::kOpen;
      row.emplace_back(it->second);
    }
    table.agreed_by_all += all_agree ? 1 : 0;
    table.disputed += dispute ? 1 : 0;
    table.red_lines += red ? 1 : 0;
    table.open += open ? 1 : 0;
    table.cells.push_back(std::move(row));
  }
  table.version = std::move(*version);
  table.version.text.clear();
  return table;
}

Result<Share> ShareVersion(Transaction& txn, int64_t negotiation,
                           const std::string& version, const std::string& party,
                           const std::string& by, const std::string& channel,
                           const std::string& at) {
  Result<Version> v = ResolveVersion(txn, negotiation, version);
  if (!v.ok()) return v.status();
  Result<Party> p = FindParty(txn, negotiation, party);
  if (!p.ok()) return p.status();
  if (channel.empty()) return Status::Usage("a share needs a channel");
  Share share;
  share.negotiation = negotiation;
  share.version = v->id;
  share.party = p->id;
  share.at = at;
  share.by = by;
  share.channel = channel;
  Result<int64_t> seq = txn.AddShare(share);
  if (!seq.ok()) return seq.status();
  share.seq = *seq;
  return share;
}

Result<std::optional<SeenEvidence>> Seen(Transaction& txn, int64_t negotiation,
                                         const std::string& party,
                                         const std::string& version) {
  Result<Party> p = FindParty(txn, negotiation, party);
  if (!p.ok()) return p.status();
  Result<Version> v = ResolveVersion(txn, negotiation, version);
  if (!v.ok()) return v.status();
  Result<std::vector<Version>> all = txn.Versions(negotiation, false);
  if (!all.ok()) return all.status();
  // The version and its descendants: versions whose parents lead back to it.
  std::set<std::string> lineage = {v->id};
  for (bool grew = true; grew;) {
    grew = false;
    for (const Version& candidate : *all) {
      if (lineage.count(candidate.id) > 0) continue;
      for (const std::string& parent : candidate.parents) {
        if (lineage.count(parent) > 0) {
          lineage.insert(candidate.id);
          grew = true;
          break;
        }
      }
    }
  }
  std::optional<SeenEvidence> earliest;
  const auto consider = [&](const std::string& seen_version,
                            const std::string& at, const std::string& channel) {
    if (lineage.count(seen_version) == 0) return;
    if (!earliest.has_value() || at < earliest->at) {
      earliest = SeenEvidence{seen_version, at, channel};
    }
  };
  Result<std::vector<Share>> shares = txn.Shares(negotiation);
  if (!shares.ok()) return shares.status();
  for (const Share& share : *shares) {
    if (share.party == p->id) consider(share.version, share.at, share.channel);
  }
  Result<std::vector<Opening>> openings = txn.Openings(negotiation);
  if (!openings.ok()) return openings.status();
  for (const Opening& opening : *openings) {
    if (opening.party == p->id) consider(opening.version, opening.at, "opened");
  }
  return earliest;
}

}  // namespace redline
