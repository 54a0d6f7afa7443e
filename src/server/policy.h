// Who may see and do what in a negotiation: the server's access rules, in
// one place. Every route asks these functions about the exact object it
// touches; nothing else in the server decides access. Private to
// src/server.
//
// A user acts for at most one party per negotiation (a member). Members of
// the mediator party see everything in it (except other parties' internal
// stances), share versions and manage parties; members of a party see the
// versions their party wrote and those shared with it, and set stances only
// for it; members of an observer party read only what was shared with it.
//
// Thread-safety: the functions are pure.

#ifndef REDLINE_SERVER_POLICY_H_
#define REDLINE_SERVER_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "redline/store.h"

namespace redline {

// The user asking, and the party they act for in the negotiation at hand.
struct Viewer {
  std::string user;
  bool admin = false;
  std::optional<Party> party;  // nullopt: not a member of the negotiation
};

// The negotiation exists for the viewer only when they are a member.
bool MaySeeNegotiation(const Viewer& viewer);
// Creating a negotiation (with its mediator party): administrators.
bool MayCreateNegotiation(const Viewer& viewer);
// Adding parties: the mediator.
bool MayManageParties(const Viewer& viewer);
// A version: the mediator; its author party; a party it was shared with.
bool MaySeeVersion(const Viewer& viewer, const Version& version,
                   bool shared_with_viewer);
// Importing a version (authored by the viewer's party): not observers.
bool MayImport(const Viewer& viewer);
// Sharing a version with a party: the mediator.
bool MayShare(const Viewer& viewer);
// Setting a stance (always for the viewer's own party): not observers.
bool MaySetStance(const Viewer& viewer);
// A stance: its own party; the mediator too unless it is internal.
bool MaySeeStance(const Viewer& viewer, const Stance& stance);
// Reading the status table: mediators and parties (observers take no
// stances, and see none).
bool MaySeeStatus(const Viewer& viewer);
// A ledger entry (share or opening) about `party`: the mediator, or that
// party itself.
bool MaySeeLedgerEntry(const Viewer& viewer, int64_t party);

}  // namespace redline

#endif  // REDLINE_SERVER_POLICY_H_
