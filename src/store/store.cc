// What both backends share: the names of kinds and stances, and choosing a
// backend by location.

#include "redline/store.h"

#include <array>
#include <utility>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace redline {

namespace {

constexpr std::array<std::pair<PartyKind, const char*>, 3> kPartyKinds = {{
    {PartyKind::kMediator, "mediator"},
    {PartyKind::kParty, "party"},
    {PartyKind::kObserver, "observer"},
}};

constexpr std::array<std::pair<StanceKind, const char*>, 5> kStanceKinds = {{
    {StanceKind::kAgree, "agree"},
    {StanceKind::kAgreeWithChanges, "agree-with-changes"},
    {StanceKind::kDispute, "dispute"},
    {StanceKind::kRedLine, "red-line"},
    {StanceKind::kOpen, "open"},
}};

}  // namespace

const char* PartyKindName(PartyKind kind) {
  for (const auto& [k, name] : kPartyKinds) {
    if (k == kind) return name;
  }
  return "party";
}

Result<PartyKind> ParsePartyKind(const std::string& name) {
  for (const auto& [kind, n] : kPartyKinds) {
    if (name == n) return kind;
  }
  return Status::Usage("unknown party kind '" + name +
                       "' (use mediator, party or observer)");
}

const char* StanceKindName(StanceKind kind) {
  for (const auto& [k, name] : kStanceKinds) {
    if (k == kind) return name;
  }
  return "open";
}

Result<StanceKind> ParseStanceKind(const std::string& name) {
  for (const auto& [kind, n] : kStanceKinds) {
    if (name == n) return kind;
  }
  return Status::Usage("unknown stance '" + name +
                       "' (use agree, agree-with-changes, dispute, red-line "
                       "or open)");
}

bool IsPostgresLocation(std::string_view location) {
  return location.starts_with("postgresql://") ||
         location.starts_with("postgres://");
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location,
                                         const StoreOptions& options) {
  if (IsPostgresLocation(location)) {
    return OpenPostgresStore(location, options);
  }
  return OpenSqliteStore(location, options);
}

}  // namespace redline
