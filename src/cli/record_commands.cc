// The record commands: init, party add, import, versions, show, stance set,
// status, share, seen, dump, restore. Each is one transaction on the store.

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/store_access.h"
#include "fmt/format.h"
#include "redline/points.h"
#include "redline/record.h"

namespace redline {

namespace {

// Runs `work` on the negotiation of `args` in one transaction of the store
// found for `args`, and reports failure.
int OnNegotiation(const RecordArgs& args, bool write,
                  const std::function<Status(Transaction&, int64_t)>& work) {
  Result<std::unique_ptr<Store>> store = OpenFoundStore(args.store);
  if (!store.ok()) return ReportError(store.status());
  const Status status =
      (*store)->Transact(write, [&](Transaction& txn) -> Status {
        Result<Negotiation> negotiation =
            FindNegotiation(txn, args.store.negotiation);
        if (!negotiation.ok()) return negotiation.status();
        return work(txn, negotiation->id);
      });
  if (!status.ok()) return ReportError(status);
  std::cout.flush();
  return std::cout
             ? 0
             : ReportError(Status::Internal("cannot write to standard output"));
}

// The location init and restore create the store at: --db, or
// .redline/redline.db here (the directory is made).
Result<std::string> NewStoreLocation(const StoreArgs& args) {
  if (!args.db.empty()) return args.db;
  if (::mkdir(".redline", 0755) != 0 && errno != EEXIST) {
    return Status::Storage(
        fmt::format(".redline: cannot create: {}", std::strerror(errno)));
  }
  return std::string(".redline/redline.db");
}

// The latest version of the negotiation: the default of status and seen.
Result<std::string> LatestVersion(Transaction& txn, int64_t negotiation) {
  Result<std::vector<Version>> versions = txn.Versions(negotiation, false);
  if (!versions.ok()) return versions.status();
  if (versions->empty()) {
    return Status::NotFound("the negotiation has no versions yet");
  }
  return versions->back().id;
}

// A cell of the status table: the stance, with "*" when inherited.
std::string CellText(const std::optional<Stance>& stance) {
  if (!stance.has_value()) return "-";
  std::string text = StanceKindName(stance->stance);
  if (!stance->inherited_from.empty()) text += "*";
  return text;
}

}  // namespace

int RunInit(const RecordArgs& args) {
  Result<std::string> location = NewStoreLocation(args.store);
  if (!location.ok()) return ReportError(location.status());
  StoreOptions options;
  options.create = true;
  Result<std::unique_ptr<Store>> store = OpenStore(*location, options);
  if (!store.ok()) return ReportError(store.status());
  const std::string name =
      args.store.negotiation.empty() ? "negotiation" : args.store.negotiation;
  const Status status = (*store)->Transact(true, [&](Transaction& txn) {
    Result<std::vector<Negotiation>> all = txn.Negotiations();
    if (!all.ok()) return all.status();
    for (const Negotiation& n : *all) {
      if (n.name == name) {
        return Status::Usage(
            fmt::format("{} already holds the negotiation '{}'",
                        (*store)->Describe(), name));
      }
    }
    Negotiation negotiation;
    negotiation.name = name;
    negotiation.created_at = Now();
    return txn.AddNegotiation(negotiation).status();
  });
  if (!status.ok()) return ReportError(status);
  std::cout << "initialised " << (*store)->Describe()
            << " with the negotiation '" << name << "'\n";
  return 0;
}

int RunPartyAdd(const RecordArgs& args) {
  Result<PartyKind> kind = ParsePartyKind(args.kind);
  if (!kind.ok()) return ReportError(kind.status());
  return OnNegotiation(args, true, [&](Transaction& txn, int64_t n) -> Status {
    if (args.name.empty()) return Status::Usage("a party needs a name");
    if (FindParty(txn, n, args.name).ok()) {
      return Status::Usage(
          fmt::format("there is a party named '{}' already", args.name));
    }
    Party party;
    party.negotiation = n;
    party.name = args.name;
    party.kind = *kind;
    Result<int64_t> id = txn.AddParty(party);
    if (!id.ok()) return id.status();
    std::cout << "added " << PartyKindName(*kind) << " '" << args.name << "'\n";
    return Status::Ok();
  });
}

int RunImport(const RecordArgs& args) {
  Result<InputText> text = ReadText(args.file, args.limits);
  if (!text.ok()) return ReportError(text.status());
  ImportRequest request;
  request.text = std::string(text->view());
  request.label = args.label;
  request.by = args.by;
  request.parents = args.parents;
  request.note = args.note;
  request.at = Now();
  return OnNegotiation(args, true, [&](Transaction& txn, int64_t n) -> Status {
    Result<ImportOutcome> outcome = ImportVersion(txn, n, request);
    if (!outcome.ok()) return outcome.status();
    const Version& v = outcome->version;
    if (outcome->existed) {
      std::cout << "exists " << ShortId(v.id) << ' ' << v.label
                << " (the same text; nothing imported)\n";
    } else {
      std::cout << "imported " << ShortId(v.id) << ' ' << v.label;
      if (outcome->carried_forward > 0) {
        std::cout << " (" << outcome->carried_forward
                  << " stances carried forward)";
      }
      std::cout << '\n';
    }
    return Status::Ok();
  });
}

int RunVersions(const RecordArgs& args) {
  return OnNegotiation(args, false, [&](Transaction& txn, int64_t n) -> Status {
    Result<std::vector<Party>> parties = txn.Parties(n);
    if (!parties.ok()) return parties.status();
    std::map<int64_t, std::string> party_names;
    for (const Party& p : *parties) party_names[p.id] = p.name;
    Result<std::vector<Version>> versions = txn.Versions(n, false);
    if (!versions.ok()) return versions.status();
    std::map<std::string, std::string> labels;
    for (const Version& v : *versions) labels[v.id] = v.label;
    // Newest first, as a log; each with the versions it came from.
    for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
      std::cout << "* " << ShortId(it->id) << "  " << it->label << "  ("
                << party_names[it->author] << ", " << it->created_at << ")\n";
      for (const std::string& parent : it->parents) {
        std::cout << "|   from " << ShortId(parent) << "  " << labels[parent]
                  << '\n';
      }
      if (!it->note.empty()) std::cout << "|   " << it->note << '\n';
    }
    return Status::Ok();
  });
}

int RunShow(const RecordArgs& args) {
  return OnNegotiation(args, false, [&](Transaction& txn, int64_t n) -> Status {
    Result<Version> version = ResolveVersion(txn, n, args.version);
    if (!version.ok()) return version.status();
    if (args.point.empty()) {
      std::cout << version->text;
      return Status::Ok();
    }
    const Document doc = ParsePoints(version->text);
    if (args.point == "preamble") {
      std::cout << version->text.substr(0, doc.preamble_end);
      return Status::Ok();
    }
    const Point* point = doc.Find(args.point);
    if (point == nullptr) {
      return Status::NotFound(fmt::format("version {} ({}) has no point '{}'",
                                          ShortId(version->id), version->label,
                                          args.point));
    }
    std::cout << version->text.substr(point->begin, point->end - point->begin);
    return Status::Ok();
  });
}

int RunStanceSet(const RecordArgs& args) {
  Result<StanceKind> kind = ParseStanceKind(args.stance);
  if (!kind.ok()) return ReportError(kind.status());
  StanceRequest request;
  request.version = args.version;
  request.point = args.point;
  request.party = args.party;
  request.stance = *kind;
  request.note = args.note;
  request.internal = args.internal;
  request.author = CurrentUser();
  request.at = Now();
  return OnNegotiation(args, true, [&](Transaction& txn, int64_t n) -> Status {
    Result<Stance> stance = SetStance(txn, n, request);
    if (!stance.ok()) return stance.status();
    std::cout << args.party << " on " << ShortId(stance->version) << " point "
              << stance->point << ": " << StanceKindName(stance->stance)
              << (stance->internal ? " (internal)" : "") << '\n';
    return Status::Ok();
  });
}

int RunStatus(const RecordArgs& args) {
  return OnNegotiation(args, false, [&](Transaction& txn, int64_t n) -> Status {
    std::string reference = args.version;
    if (reference.empty()) {
      Result<std::string> latest = LatestVersion(txn, n);
      if (!latest.ok()) return latest.status();
      reference = *latest;
    }
    Result<StatusTable> table = VersionStatus(txn, n, reference);
    if (!table.ok()) return table.status();
    std::cout << ShortId(table->version.id) << "  " << table->version.label
              << '\n'
              << table->points.size() << " points: " << table->agreed_by_all
              << " agreed by all, " << table->disputed << " disputed, "
              << table->red_lines << " red lines, " << table->open
              << " open\n\n";
    size_t width = 8;
    for (const std::string& point : table->points) {
      width = std::max(width, point.size() + 2);
    }
    std::vector<size_t> widths;
    std::string header = fmt::format("{:<{}}", "point", width);
    for (const Party& party : table->parties) {
      widths.push_back(std::max<size_t>(party.name.size(), 19) + 2);
      header += fmt::format("{:<{}}", party.name, widths.back());
    }
    while (!header.empty() && header.back() == ' ') header.pop_back();
    std::cout << header << '\n';
    for (size_t p = 0; p < table->points.size(); ++p) {
      std::string line = fmt::format("{:<{}}", table->points[p], width);
      for (size_t k = 0; k < table->parties.size(); ++k) {
        line += fmt::format("{:<{}}", CellText(table->cells[p][k]), widths[k]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      std::cout << line << '\n';
    }
    std::cout << "\n* carried forward from an earlier version\n";
    return Status::Ok();
  });
}

int RunShare(const RecordArgs& args) {
  return OnNegotiation(args, true, [&](Transaction& txn, int64_t n) -> Status {
    Result<Share> share = ShareVersion(txn, n, args.version, args.party,
                                       CurrentUser(), args.channel, Now());
    if (!share.ok()) return share.status();
    std::cout << "shared " << ShortId(share->version) << " with " << args.party
              << " (" << share->channel << ")\n";
    return Status::Ok();
  });
}

int RunSeen(const RecordArgs& args) {
  return OnNegotiation(args, false, [&](Transaction& txn, int64_t n) -> Status {
    std::string reference = args.version;
    if (reference.empty()) {
      Result<std::string> latest = LatestVersion(txn, n);
      if (!latest.ok()) return latest.status();
      reference = *latest;
    }
    Result<std::optional<SeenEvidence>> seen =
        Seen(txn, n, args.party, reference);
    if (!seen.ok()) return seen.status();
    if (seen->has_value()) {
      std::cout << "yes " << ShortId((*seen)->version) << ' ' << (*seen)->at
                << ' ' << (*seen)->channel << '\n';
    } else {
      std::cout << "no\n";
    }
    return Status::Ok();
  });
}

int RunDump(const RecordArgs& args) {
  Result<std::unique_ptr<Store>> store = OpenFoundStore(args.store);
  if (!store.ok()) return ReportError(store.status());
  std::string dump;
  const Status status = (*store)->Transact(false, [&](Transaction& txn) {
    Result<std::string> text = DumpStore(txn);
    if (!text.ok()) return text.status();
    dump = std::move(*text);
    return Status::Ok();
  });
  if (!status.ok()) return ReportError(status);
  std::cout << dump;
  std::cout.flush();
  return std::cout
             ? 0
             : ReportError(Status::Internal("cannot write to standard output"));
}

int RunRestore(const RecordArgs& args) {
  TextLimits limits;
  limits.max_bytes = kMaxTextBytes;
  Result<InputText> dump = ReadText(args.file, limits);
  if (!dump.ok()) return ReportError(dump.status());
  // An existing store is found as every command finds it; where there is
  // none, one is created as init would.
  Result<std::string> location = FindStoreLocation(args.store);
  if (!location.ok()) location = NewStoreLocation(args.store);
  if (!location.ok()) return ReportError(location.status());
  StoreOptions options;
  options.create = true;
  Result<std::unique_ptr<Store>> store = OpenStore(*location, options);
  if (!store.ok()) return ReportError(store.status());
  const Status status = (*store)->Transact(
      true, [&](Transaction& txn) { return RestoreStore(txn, dump->view()); });
  if (!status.ok()) return ReportError(status);
  std::cout << "restored into " << (*store)->Describe() << '\n';
  return 0;
}

}  // namespace redline
