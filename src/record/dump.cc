// The dump of a whole store and its restore (docs/store.md).

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "fmt/format.h"
#include "redline/record.h"
#include "redline/text.h"

namespace redline {

namespace {

// The version of the dump's format (its "schema" field). It changes only
// when the negotiation record's tables do: the store's later tables
// (accounts, sessions, the audit log) are not part of a dump.
constexpr int kDumpSchema = 1;

using Json = nlohmann::ordered_json;

constexpr char kFormat[] = "redline-dump";

Result<Json> DumpNegotiation(Transaction& txn, const Negotiation& n) {
  Json out;
  out["name"] = n.name;
  out["created_at"] = n.created_at;
  Result<std::vector<Party>> parties = txn.Parties(n.id);
  if (!parties.ok()) return parties.status();
  std::map<int64_t, std::string> party_names;
  out["parties"] = Json::array();
  for (const Party& p : *parties) {
    party_names[p.id] = p.name;
    out["parties"].push_back(
        {{"name", p.name}, {"kind", PartyKindName(p.kind)}});
  }
  Result<std::vector<Version>> versions = txn.Versions(n.id, true);
  if (!versions.ok()) return versions.status();
  out["versions"] = Json::array();
  for (const Version& v : *versions) {
    out["versions"].push_back({{"id", v.id},
                               {"label", v.label},
                               {"author", party_names[v.author]},
                               {"parents", v.parents},
                               {"created_at", v.created_at},
                               {"note", v.note},
                               {"text", v.text}});
  }
  Result<std::vector<Stance>> stances = txn.Stances(n.id, "");
  if (!stances.ok()) return stances.status();
  out["stances"] = Json::array();
  for (const Stance& s : *stances) {
    out["stances"].push_back({{"version", s.version},
                              {"point", s.point},
                              {"party", party_names[s.party]},
                              {"stance", StanceKindName(s.stance)},
                              {"note", s.note},
                              {"internal", s.internal},
                              {"author", s.author},
                              {"at", s.at},
                              {"inherited_from", s.inherited_from}});
  }
  Result<std::vector<Share>> shares = txn.Shares(n.id);
  if (!shares.ok()) return shares.status();
  out["shares"] = Json::array();
  for (const Share& s : *shares) {
    out["shares"].push_back({{"version", s.version},
                             {"party", party_names[s.party]},
                             {"at", s.at},
                             {"by", s.by},
                             {"channel", s.channel}});
  }
  Result<std::vector<Opening>> openings = txn.Openings(n.id);
  if (!openings.ok()) return openings.status();
  out["openings"] = Json::array();
  for (const Opening& o : *openings) {
    out["openings"].push_back({{"version", o.version},
                               {"party", party_names[o.party]},
                               {"member", o.member},
                               {"at", o.at}});
  }
  return out;
}

// Reads a field of a dump object, or says where it is missing or wrong.
class Reader {
 public:
  explicit Reader(std::string where) : where_(std::move(where)) {}

  std::string String(const Json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) {
      Fail(fmt::format("{}: \"{}\" must be a string", where_, key));
      return "";
    }
    return it->get<std::string>();
  }
  bool Bool(const Json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_boolean()) {
      Fail(fmt::format("{}: \"{}\" must be true or false", where_, key));
      return false;
    }
    return it->get<bool>();
  }
  const Json& Array(const Json& object, const char* key) {
    static const Json kEmpty = Json::array();
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array()) {
      Fail(fmt::format("{}: \"{}\" must be a list", where_, key));
      return kEmpty;
    }
    return *it;
  }
  void Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  Status status() const {
    return error_.empty() ? Status::Ok() : Status::BadInput(error_);
  }

 private:
  std::string where_;
  std::string error_;
};

Status RestoreNegotiation(Transaction& txn, const Json& in, size_t index) {
  Reader read(fmt::format("negotiation {}", index + 1));
  if (!in.is_object())
    return Status::BadInput(
        fmt::format("negotiation {}: not an object", index + 1));
  Negotiation n;
  n.name = read.String(in, "name");
  n.created_at = read.String(in, "created_at");
  if (!read.status().ok()) return read.status();
  Result<int64_t> id = txn.AddNegotiation(n);
  if (!id.ok()) return id.status();
  std::map<std::string, int64_t> parties;
  for (const Json& p : read.Array(in, "parties")) {
    Party party;
    party.negotiation = *id;
    party.name = read.String(p, "name");
    Result<PartyKind> kind = ParsePartyKind(read.String(p, "kind"));
    if (!read.status().ok()) return read.status();
    if (!kind.ok()) return Status::BadInput(kind.status().message());
    party.kind = *kind;
    Result<int64_t> party_id = txn.AddParty(party);
    if (!party_id.ok()) return party_id.status();
    parties[party.name] = *party_id;
  }
  const auto party_of = [&](const std::string& name) -> Result<int64_t> {
    auto it = parties.find(name);
    if (it == parties.end()) {
      return Status::BadInput(
          fmt::format("negotiation '{}': unknown party '{}'", n.name, name));
    }
    return it->second;
  };
  for (const Json& v : read.Array(in, "versions")) {
    Version version;
    version.negotiation = *id;
    version.id = read.String(v, "id");
    version.label = read.String(v, "label");
    const std::string author = read.String(v, "author");
    version.created_at = read.String(v, "created_at");
    version.note = read.String(v, "note");
    version.text = read.String(v, "text");
    for (const Json& parent : read.Array(v, "parents")) {
      if (!parent.is_string()) read.Fail("a parent must be a version id");
      if (parent.is_string())
        version.parents.push_back(parent.get<std::string>());
    }
    if (!read.status().ok()) return read.status();
    Status text = CheckText(version.text, TextLimits());
    if (!text.ok()) return text.WithContext("version " + version.id);
    if (VersionId(version.text) != version.id) {
      return Status::BadInput(fmt::format(
          "version '{}': its text does not match its id", version.label));
    }
    Result<int64_t> author_id = party_of(author);
    if (!author_id.ok()) return author_id.status();
    version.author = *author_id;
    Status status = txn.AddVersion(version);
    if (!status.ok()) return status.WithContext("version " + version.label);
  }
  std::vector<Stance> stances;
  for (const Json& s : read.Array(in, "stances")) {
    Stance stance;
    stance.negotiation = *id;
    stance.version = read.String(s, "version");
    stance.point = read.String(s, "point");
    const std::string party = read.String(s, "party");
    Result<StanceKind> kind = ParseStanceKind(read.String(s, "stance"));
    stance.note = read.String(s, "note");
    stance.internal = read.Bool(s, "internal");
    stance.author = read.String(s, "author");
    stance.at = read.String(s, "at");
    stance.inherited_from = read.String(s, "inherited_from");
    if (!read.status().ok()) return read.status();
    if (!kind.ok()) return Status::BadInput(kind.status().message());
    stance.stance = *kind;
    Result<int64_t> party_id = party_of(party);
    if (!party_id.ok()) return party_id.status();
    stance.party = *party_id;
    stances.push_back(std::move(stance));
  }
  Status added = txn.AddStances(stances);
  if (!added.ok()) return added;
  for (const Json& s : read.Array(in, "shares")) {
    Share share;
    share.negotiation = *id;
    share.version = read.String(s, "version");
    const std::string party = read.String(s, "party");
    share.at = read.String(s, "at");
    share.by = read.String(s, "by");
    share.channel = read.String(s, "channel");
    if (!read.status().ok()) return read.status();
    Result<int64_t> party_id = party_of(party);
    if (!party_id.ok()) return party_id.status();
    share.party = *party_id;
    Status status = txn.AddShare(share).status();
    if (!status.ok()) return status;
  }
  for (const Json& o : read.Array(in, "openings")) {
    Opening opening;
    opening.negotiation = *id;
    opening.version = read.String(o, "version");
    const std::string party = read.String(o, "party");
    opening.member = read.String(o, "member");
    opening.at = read.String(o, "at");
    if (!read.status().ok()) return read.status();
    Result<int64_t> party_id = party_of(party);
    if (!party_id.ok()) return party_id.status();
    opening.party = *party_id;
    Status status = txn.AddOpening(opening);
    if (!status.ok()) return status;
  }
  return read.status();
}

}  // namespace

Result<std::string> DumpStore(Transaction& txn) {
  Json dump;
  dump["format"] = kFormat;
  dump["schema"] = kDumpSchema;
  dump["negotiations"] = Json::array();
  Result<std::vector<Negotiation>> negotiations = txn.Negotiations();
  if (!negotiations.ok()) return negotiations.status();
  for (const Negotiation& n : *negotiations) {
    Result<Json> one = DumpNegotiation(txn, n);
    if (!one.ok()) return one.status();
    dump["negotiations"].push_back(std::move(*one));
  }
  return dump.dump(1) + "\n";
}

Status RestoreStore(Transaction& txn, std::string_view dump) {
  Result<bool> empty = txn.Empty();
  if (!empty.ok()) return empty.status();
  if (!*empty) {
    return Status::Usage(
        "the store already holds data: restore only into an empty store");
  }
  const Json in = Json::parse(dump.begin(), dump.end(), nullptr,
                              /*allow_exceptions=*/false);
  if (in.is_discarded()) {
    return Status::BadInput("not a redline dump: malformed JSON");
  }
  if (!in.is_object() || in.value("format", "") != kFormat) {
    return Status::BadInput(
        "not a redline dump: \"format\" is not \"redline-dump\"");
  }
  const auto schema = in.find("schema");
  if (schema == in.end() || !schema->is_number_integer() ||
      schema->get<int64_t>() > kDumpSchema) {
    return Status::BadInput(fmt::format(
        "the dump's schema is not one this build reads (it reads up to {})",
        kDumpSchema));
  }
  const auto negotiations = in.find("negotiations");
  if (negotiations == in.end() || !negotiations->is_array()) {
    return Status::BadInput("not a redline dump: no \"negotiations\" list");
  }
  for (size_t k = 0; k < negotiations->size(); ++k) {
    Status status = RestoreNegotiation(txn, (*negotiations)[k], k);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace redline
