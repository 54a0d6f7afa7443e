#include "server/policy.h"

#include <cstdlib>
#include <cstring>

namespace redline {

namespace {

// The mutation check of the authorization test builds this file a second
// time with REDLINE_POLICY_MUTATIONS defined (target redline_mutant, never
// installed): then REDLINE_POLICY_MUTATION=<rule> disables one rule, and the
// test must notice. The product build has no such switch.
#ifdef REDLINE_POLICY_MUTATIONS
bool Disabled(const char* rule) {
  const char* mutation = std::getenv("REDLINE_POLICY_MUTATION");
  return mutation != nullptr && std::strcmp(mutation, rule) == 0;
}
#else
constexpr bool Disabled(const char* /*rule*/) { return false; }
#endif

bool IsKind(const Viewer& viewer, PartyKind kind) {
  return viewer.party.has_value() && viewer.party->kind == kind;
}

}  // namespace

bool MaySeeNegotiation(const Viewer& viewer) {
  if (Disabled("member")) return true;
  return viewer.party.has_value();
}

bool MayCreateNegotiation(const Viewer& viewer) {
  if (Disabled("admin")) return true;
  return viewer.admin;
}

bool MayManageParties(const Viewer& viewer) {
  if (Disabled("manage-parties")) return true;
  return IsKind(viewer, PartyKind::kMediator);
}

bool MaySeeVersion(const Viewer& viewer, const Version& version,
                   bool shared_with_viewer) {
  if (Disabled("see-version")) return true;
  if (!viewer.party.has_value()) return false;
  return viewer.party->kind == PartyKind::kMediator ||
         version.author == viewer.party->id || shared_with_viewer;
}

bool MayImport(const Viewer& viewer) {
  if (Disabled("import")) return true;
  return IsKind(viewer, PartyKind::kMediator) ||
         IsKind(viewer, PartyKind::kParty);
}

bool MayShare(const Viewer& viewer) {
  if (Disabled("share")) return true;
  return IsKind(viewer, PartyKind::kMediator);
}

bool MaySetStance(const Viewer& viewer) {
  if (Disabled("set-stance")) return true;
  return IsKind(viewer, PartyKind::kMediator) ||
         IsKind(viewer, PartyKind::kParty);
}

bool MaySeeStance(const Viewer& viewer, const Stance& stance) {
  if (Disabled("see-stance")) return true;
  if (!viewer.party.has_value()) return false;
  if (stance.party == viewer.party->id) return true;
  if (Disabled("internal-stance")) {
    return viewer.party->kind == PartyKind::kMediator;
  }
  return viewer.party->kind == PartyKind::kMediator && !stance.internal;
}

bool MaySeeStatus(const Viewer& viewer) {
  if (Disabled("see-status")) return true;
  return IsKind(viewer, PartyKind::kMediator) ||
         IsKind(viewer, PartyKind::kParty);
}

bool MaySeeLedgerEntry(const Viewer& viewer, int64_t party) {
  if (Disabled("see-ledger")) return true;
  if (!viewer.party.has_value()) return false;
  return viewer.party->kind == PartyKind::kMediator ||
         viewer.party->id == party;
}

}  // namespace redline
