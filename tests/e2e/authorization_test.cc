// A randomized authorization test of the server: thousands of requests by
// random users on random objects, each judged against a model of the access
// policy written here from docs/api.md ("Who may do what") alone, never from
// the server's code, so that the two are independent. The same procedure,
// run against `redline_mutant` with one access rule switched off at a time,
// must notice every missing rule (MutationCheck).
//
// Longer than the usual 500 lines: the model, the procedure that drives the
// server and the judge of each reply only make sense read together, and
// splitting them would put a test-only model in the test library.
//
// Where docs/api.md leaves room, the model takes the stricter reading:
// - a member of a party sees ledger entries whose `party` is its own party
//   (not shares of versions its party wrote to others);
// - `carried_forward` in an import's reply counts only carried stances the
//   importer may see (a count of hidden stances tells that they exist);
// - a non-administrator creating a negotiation gets 403 even for a name in
//   use (409 would tell that a negotiation they cannot see exists);
// - importing a text stored in another negotiation is a new text here (409
//   would reveal the other negotiation's text);
// - the documented 409 for a text or label stored out of the importer's
//   sight is a limit of importing: one who may not import (an observer)
//   gets 403, and 409 counts as an unauthorized read;
// - an action on a visible object that the policy forbids answers 403
//   `forbidden` (the docs' own examples: an observer setting a stance, a
//   party sharing a version); another refusal, such as a 400 from a lower
//   layer, means the rule is missing and something else refused.
// Where it leaves room without a leak either way, the model accepts both
// outcomes: which of two refusals comes first (403 or 404 for an observer
// naming an unknown parent or point), whether a status cell whose current
// stance is hidden shows the party's last visible stance or nothing, and
// whether reading a version through diff, align or synopsis counts as the
// member's first opening in the ledger.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "redline/record.h"
#include "server_fixture.h"

namespace redline_e2e {
namespace {

// ---------------------------------------------------------------------------
// The texts: a title (the preamble, different in every version) and five
// numbered points, each in one of four wordings that share most words, so
// that alignment pairs point k with point k and finds it `same` exactly when
// the wording is the same. That makes the stances an import carries forward
// predictable.

constexpr int kPoints = 5;
constexpr int kWordings = 4;

const char* const kClauses[kPoints][kWordings] = {
    {"The ceasefire along the Orva line takes effect at 06:00 on the day "
     "after signature.",
     "The ceasefire along the Orva line takes effect at midnight on the day "
     "of signature.",
     "The ceasefire along the Orva line takes effect at once and holds "
     "without limit of time.",
     "The ceasefire along the Orva line takes effect when both parliaments "
     "have ratified this text."},
    {"Heavy weapons are withdrawn 20 km from the lake shore within 30 days.",
     "Heavy weapons are withdrawn 15 km from the lake shore within 45 days.",
     "Heavy weapons and artillery are withdrawn 30 km from the lake shore "
     "within 60 days.",
     "Heavy weapons are withdrawn from the whole lake shore within 90 days, "
     "as the commission decides."},
    {"A joint commission of three members from each side monitors "
     "compliance.",
     "A joint commission of five members from each side, chaired by the "
     "Mission, monitors compliance.",
     "A joint commission of two members from each side monitors compliance "
     "and reports weekly.",
     "A joint commission of three members from each side and one neutral "
     "chair monitors compliance."},
    {"Prisoners are exchanged all for all within 14 days under Red Cross "
     "supervision.",
     "Prisoners are exchanged all for all within 30 days under Red Cross "
     "supervision.",
     "Prisoners are exchanged in three rounds, all for all, under Red Cross "
     "supervision.",
     "Prisoners are exchanged all for all within 7 days, and the Red Cross "
     "visits every camp."},
    {"Fishing rights on Lake Orva are shared equally pending a final "
     "settlement.",
     "Fishing rights on Lake Orva follow the 1998 quotas pending a final "
     "settlement.",
     "Fishing rights on Lake Orva are suspended for both sides pending a "
     "final settlement.",
     "Fishing rights on Lake Orva are shared equally, the northern bays "
     "excepted, until a settlement."},
};

const char* const kStanceKinds[] = {"agree", "agree-with-changes", "dispute",
                                    "red-line", "open"};

std::string MakeText(const std::string& title, const std::vector<int>& words) {
  std::string text = "Lake Orva ceasefire: " + title + "\n\n";
  for (int k = 0; k < kPoints; ++k) {
    text += std::to_string(k + 1) + ". " + kClauses[k][words[k]] + "\n";
  }
  return text;
}

// A text whose version id starts with `prefix` (any text when it is empty):
// tries nonces in the title. Remembered, as every run asks the same.
std::string MinedText(const std::string& label, const std::vector<int>& words,
                      const std::string& prefix, uint64_t nonce) {
  if (prefix.empty()) {
    return MakeText(label + " (" + std::to_string(nonce) + ")", words);
  }
  static std::map<std::tuple<std::string, std::vector<int>, std::string>,
                  std::string>
      mined;
  const auto key = std::make_tuple(label, words, prefix);
  if (auto it = mined.find(key); it != mined.end()) return it->second;
  std::string text;
  for (uint64_t n = 0; n < 4'000'000; ++n) {
    text = MakeText(label + " (" + std::to_string(n) + ")", words);
    if (redline::VersionId(text).compare(0, prefix.size(), prefix) == 0) break;
  }
  mined[key] = text;
  return text;
}

// ---------------------------------------------------------------------------
// The model: what the store holds, as the test has made it.

enum class Role { kMediator, kParty, kObserver };

const char* RoleName(Role role) {
  switch (role) {
    case Role::kMediator:
      return "mediator";
    case Role::kParty:
      return "party";
    case Role::kObserver:
      return "observer";
  }
  return "";
}

Role ParseRole(const std::string& kind, Role fallback) {
  if (kind == "mediator") return Role::kMediator;
  if (kind == "party") return Role::kParty;
  if (kind == "observer") return Role::kObserver;
  return fallback;
}

struct MParty {
  std::string name;
  Role role = Role::kParty;
};

struct MVersion {
  std::string id;
  std::string label;
  std::string author;                // the party's name
  std::vector<std::string> parents;  // ids, in order
  std::string text;
  std::vector<int> words;  // the wording of each point (kClauses)
};

struct MStance {
  std::string version;  // id
  std::string point;
  std::string party;
  std::string stance;
  std::string note;  // unique per stance set; carried copies keep it
  bool internal = false;
  std::string inherited_from;
  int64_t seq = 0;  // 0 until seen (carried stances)
};

struct MShare {
  std::string version;
  std::string party;
  std::string channel;
};

// version id, party, member.
using Opening = std::tuple<std::string, std::string, std::string>;

struct MNegotiation {
  int64_t id = 0;
  std::string name;
  std::vector<MParty> parties;                 // in order of creation
  std::map<std::string, std::string> members;  // user -> party name
  std::deque<MVersion> versions;               // in order of import
  std::deque<MStance> stances;                 // in order of recording
  std::vector<MShare> shares;
  std::set<std::pair<std::string, std::string>> shared;  // version, party
  std::set<Opening> openings;  // first GET of a version by a member
  // Reads through diff, align and synopsis: docs/api.md does not say
  // whether they count as openings, so the ledger may or may not list them.
  std::set<Opening> maybe_openings;

  const MParty* Party(const std::string& party) const {
    for (const MParty& p : parties) {
      if (p.name == party) return &p;
    }
    return nullptr;
  }
  const MParty* Membership(const std::string& user) const {
    const auto it = members.find(user);
    return it == members.end() ? nullptr : Party(it->second);
  }
  const MVersion* Version(const std::string& version_id) const {
    for (const MVersion& v : versions) {
      if (v.id == version_id) return &v;
    }
    return nullptr;
  }
  const MVersion* Labelled(const std::string& label) const {
    for (const MVersion& v : versions) {
      if (v.label == label) return &v;
    }
    return nullptr;
  }
  MStance* Stance(const std::string& version, const std::string& note) {
    for (MStance& s : stances) {
      if (s.version == version && s.note == note) return &s;
    }
    return nullptr;
  }
  void AddShare(const MShare& share) {
    shares.push_back(share);
    shared.insert({share.version, share.party});
  }
};

// ---------------------------------------------------------------------------
// The access policy of docs/api.md, "Who may do what", written from the
// documentation alone. A user who is no member of a negotiation sees nothing
// in it.

bool IsAdmin(const std::string& user) { return user == "admin"; }

bool SeesVersion(const MNegotiation& n, const std::string& user,
                 const MVersion& v) {
  const MParty* member = n.Membership(user);
  if (member == nullptr) return false;
  const bool shared = n.shared.count({v.id, member->name}) > 0;
  switch (member->role) {
    case Role::kMediator:
      return true;
    case Role::kParty:
      return v.author == member->name || shared;
    case Role::kObserver:
      return shared;
  }
  return false;
}

bool MayAddParty(const MParty& member) {
  return member.role == Role::kMediator;
}
bool MayImport(const MParty& member) { return member.role != Role::kObserver; }
bool MayShare(const MParty& member) { return member.role == Role::kMediator; }
bool MaySetStance(const MParty& member) {
  return member.role != Role::kObserver;
}
bool MaySeeStatus(const MParty& member) {
  return member.role != Role::kObserver;
}

bool SeesStance(const MNegotiation& n, const std::string& user,
                const MStance& s) {
  const MParty* member = n.Membership(user);
  const MVersion* v = n.Version(s.version);
  if (member == nullptr || v == nullptr || !SeesVersion(n, user, *v)) {
    return false;
  }
  switch (member->role) {
    case Role::kMediator:
      return s.party == member->name || !s.internal;
    case Role::kParty:
      return s.party == member->name;
    case Role::kObserver:
      return false;
  }
  return false;
}

// The columns of a status table: every mediator and party for a mediator,
// the member's own party for a party.
std::set<std::string> StatusColumns(const MNegotiation& n,
                                    const std::string& user) {
  std::set<std::string> columns;
  const MParty* member = n.Membership(user);
  if (member == nullptr || member->role == Role::kObserver) return columns;
  if (member->role == Role::kParty) return {member->name};
  for (const MParty& p : n.parties) {
    if (p.role != Role::kObserver) columns.insert(p.name);
  }
  return columns;
}

// Ledger entries (shares, openings) are about a party.
bool SeesLedgerEntry(const MNegotiation& n, const std::string& user,
                     const std::string& party) {
  const MParty* member = n.Membership(user);
  if (member == nullptr) return false;
  return member->role == Role::kMediator || party == member->name;
}

std::vector<std::string> VisibleParents(const MNegotiation& n,
                                        const std::string& user,
                                        const MVersion& v) {
  std::vector<std::string> parents;
  for (const std::string& id : v.parents) {
    const MVersion* parent = n.Version(id);
    if (parent != nullptr && SeesVersion(n, user, *parent)) {
      parents.push_back(id);
    }
  }
  return parents;
}

bool IsHex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

// A version reference resolved among the versions the user may see: the
// full id, an exact label, then a unique id prefix of 4+ hex digits.
const MVersion* Resolve(const MNegotiation& n, const std::string& user,
                        const std::string& ref) {
  std::vector<const MVersion*> visible;
  for (const MVersion& v : n.versions) {
    if (SeesVersion(n, user, v)) visible.push_back(&v);
  }
  for (const MVersion* v : visible) {
    if (v->id == ref) return v;
  }
  for (const MVersion* v : visible) {
    if (v->label == ref) return v;
  }
  if (ref.size() < 4 || !IsHex(ref)) return nullptr;
  const MVersion* match = nullptr;
  for (const MVersion* v : visible) {
    if (v->id.compare(0, ref.size(), ref) != 0) continue;
    if (match != nullptr) return nullptr;  // ambiguous
    match = v;
  }
  return match;
}

// The stances an import carries forward (record.h, ImportVersion): parent
// by parent, the current stance of each (point, party) on a point whose
// wording the child keeps, unless an earlier parent carried one already.
std::vector<MStance> CarriedStances(const MNegotiation& n,
                                    const std::string& child,
                                    const std::vector<int>& words,
                                    const std::vector<std::string>& parents) {
  std::set<std::pair<std::string, std::string>> carried_keys;
  std::vector<MStance> carried;
  for (const std::string& parent_id : parents) {
    const MVersion* parent = n.Version(parent_id);
    if (parent == nullptr || parent->words.size() != kPoints ||
        words.size() != kPoints) {
      continue;
    }
    std::map<std::pair<std::string, std::string>, const MStance*> current;
    for (const MStance& s : n.stances) {
      if (s.version == parent_id) current[{s.point, s.party}] = &s;
    }
    for (const auto& [key, stance] : current) {
      const int point = std::atoi(key.first.c_str());  // 0: the preamble
      if (point < 1 || point > kPoints ||
          parent->words[point - 1] != words[point - 1] ||
          !carried_keys.insert(key).second) {
        continue;
      }
      MStance copy = *stance;
      copy.version = child;
      copy.inherited_from = parent_id;
      copy.seq = 0;
      carried.push_back(copy);
    }
  }
  return carried;
}

// The last stance of `party` on `point` of a version; with `viewer`, the
// last one the viewer may see.
const MStance* LatestStance(const MNegotiation& n, const std::string& version,
                            const std::string& party, const std::string& point,
                            const std::string* viewer) {
  const MStance* latest = nullptr;
  for (const MStance& s : n.stances) {
    if (s.version == version && s.party == party && s.point == point &&
        (viewer == nullptr || SeesStance(n, *viewer, s))) {
      latest = &s;
    }
  }
  return latest;
}

// ---------------------------------------------------------------------------
// Reading replies without trusting their shape.

const Json& Field(const Json& json, const char* key) {
  static const Json kNull;
  if (!json.is_object()) return kNull;
  const auto it = json.find(key);
  return it == json.end() ? kNull : *it;
}

const Json& Array(const Json& json) {
  static const Json kEmpty = Json::array();
  return json.is_array() ? json : kEmpty;
}

std::string Str(const Json& json) {
  return json.is_string() ? json.get<std::string>() : std::string();
}

int64_t Int(const Json& json) {
  return json.is_number_integer() ? json.get<int64_t>() : -1;
}

std::string Short(const std::string& id) { return id.substr(0, 12); }

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < 8; ++i) {
    out += (i == 0 ? "" : ", ") + items[i];
  }
  if (items.size() > 8) out += ", ... (" + std::to_string(items.size()) + ")";
  return out.empty() ? "nothing" : out;
}

// ---------------------------------------------------------------------------
// The procedure.

using Codes = std::set<int>;

struct Counts {
  int unauthorized_reads = 0;   // the server showed what the model hides
  int unauthorized_writes = 0;  // the server did what the model refuses
  int wrongly_refused = 0;      // the server refused or hid what it allows
  // The server refused what the policy forbids, but not with 403
  // `forbidden`: the rule is missing and something else refused.
  int misrefused = 0;
  int mismatches = 0;      // none of these: a wrong code, body or count
  int internal_leaks = 0;  // of unauthorized_reads: internal stances
  int count_leaks = 0;     // of unauthorized_reads: counts of hidden stances
  int violations() const {
    return unauthorized_reads + unauthorized_writes + wrongly_refused +
           misrefused;
  }
  // What proves a rule of the mutant missing. Count leaks are left out:
  // a server that counts hidden carried stances does so whichever rule is
  // off, and they would hide a missing rule that the model fails to notice.
  int rule_violations() const { return violations() - count_leaks; }
};

struct Tally {
  int allowed = 0;
  int refused = 0;
};

struct RunResult {
  Counts counts;
  std::map<std::string, Tally> actions;  // by the model's verdict
  std::vector<std::string> examples;     // the first few of each kind
  int requests = 0;
  std::string error;  // set when the run could not start
};

// The action kinds; each must be exercised allowed and refused.
const char* const kActions[] = {
    "negotiation", "parties", "add-party", "create-negotiation",
    "versions",    "version", "import",    "share",
    "set-stance",  "stances", "status",    "ledger",
    "diff",        "align",   "synopsis"};

const char* const kUsers[] = {"mara", "nils",  "kira",
                              "otto", "admin", "nobody"};

// Drives one server: seeds the record, then sends random requests, judging
// each reply against the model. Not thread-safe.
class AuthorizationRun {
 public:
  AuthorizationRun(uint16_t port, std::map<std::string, std::string> tokens,
                   uint32_t seed)
      : client_(port), tokens_(std::move(tokens)), rng_(seed) {}

  // Finds the sample negotiation; false (with result().error) when absent.
  bool Start();
  // Imports, shares and stances every run begins with, and a second
  // negotiation that only admin is a member of.
  void Seed();
  void RandomRequests(int count) {
    for (int i = 0; i < count; ++i) RandomRequest();
  }
  const RunResult& result() const { return result_; }

 private:
  enum class Verdict { kSucceeded, kRefused, kUnexpectedSuccess, kWrong };

  // The actions; each computes the model's expectation, sends the request,
  // judges the reply and, for a write that succeeded, updates the model.
  void GetNegotiation(const std::string& user, int64_t nid);
  void ListNegotiations(const std::string& user);
  void ListParties(const std::string& user, int64_t nid);
  void AddParty(const std::string& user, int64_t nid, const std::string& name,
                Role role);
  void CreateNegotiation(const std::string& user, const std::string& name,
                         const std::string& mediator);
  void ListVersions(const std::string& user, int64_t nid);
  void GetVersion(const std::string& user, int64_t nid, const std::string& ref);
  void Import(const std::string& user, int64_t nid, const std::string& label,
              const std::string& text, const std::vector<int>& words,
              const std::vector<std::string>& parent_refs);
  void ModelImport(const std::string& request, const std::string& user,
                   MNegotiation& n, bool expected, const Json& answer,
                   const std::string& text, const std::vector<int>& words,
                   const std::vector<std::string>& parents);
  void Share(const std::string& user, int64_t nid, const std::string& ref,
             const std::string& party, const std::string& channel);
  void SetStance(const std::string& user, int64_t nid, const std::string& ref,
                 const std::string& point, const std::string& stance,
                 bool internal, const std::string& claimed_party = "");
  void ListStances(const std::string& user, int64_t nid,
                   const std::string& ref);
  void Status(const std::string& user, int64_t nid, const std::string& ref);
  void CheckStatus(const std::string& request, MNegotiation& n,
                   const std::string& user, const MVersion& v,
                   const Json& body);
  void Ledger(const std::string& user, int64_t nid);
  void Compare(const std::string& kind, const std::string& user, int64_t nid,
               const std::string& old_ref, const std::string& new_ref);
  void Synopsis(const std::string& user, int64_t nid,
                const std::vector<std::string>& refs, const std::string& base);

  void RandomRequest();
  void RandomImport(const std::string& user, int64_t nid);

  // Random choices.
  int Uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }
  bool Chance(int percent) { return Uniform(0, 99) < percent; }
  std::string PickUser();
  int64_t PickNegotiation();
  std::string PickRef(int64_t nid, const std::string& user);
  std::string RefTo(const MVersion& v);
  std::string RandomHex(int digits);
  std::string NewText(const std::string& label, const std::vector<int>& words,
                      const std::string& prefix) {
    return MinedText(label, words, prefix, rng_());
  }

  MNegotiation* Find(int64_t nid) {
    const auto it = negotiations_.find(nid);
    return it == negotiations_.end() ? nullptr : &it->second;
  }
  std::string Path(int64_t nid) {
    return "/api/negotiations/" + std::to_string(nid);
  }
  std::string IdOf(int64_t nid, const std::string& label) {
    const MNegotiation* n = Find(nid);
    const MVersion* v = n == nullptr ? nullptr : n->Labelled(label);
    return v == nullptr ? "" : v->id;
  }
  std::string Describe(const MNegotiation& n, const std::string& id) {
    const MVersion* v = n.Version(id);
    return (v == nullptr ? std::string("?") : v->label) + ":" + Short(id);
  }

  HttpReply Send(const std::string& user, const std::string& method,
                 const std::string& target, const Json& body,
                 std::string* request);
  // Compares a reply's status with the model's. `leaks`: refusals that
  // would tell the user something the model hides.
  Verdict Judge(const std::string& action, const std::string& request,
                bool write, const Codes& expected, const HttpReply& reply,
                const Codes& leaks = {});
  void Report(int* counter, const std::string& kind, const std::string& text);
  void Mismatch(const std::string& text) {
    Report(&result_.counts.mismatches, "mismatch", text);
  }
  // More than the model allows is an unauthorized read, less a wrong
  // refusal.
  void CompareSets(const std::string& what, const std::string& request,
                   const std::set<std::string>& expected,
                   const std::set<std::string>& got);
  void CheckParents(const std::string& request, const MNegotiation& n,
                    const std::string& user, const MVersion& v,
                    const Json& version);

  HttpClient client_;
  std::map<std::string, std::string> tokens_;
  std::mt19937 rng_;
  std::map<int64_t, MNegotiation> negotiations_;
  int64_t lake_ = 0;                     // the sample negotiation's id
  int labels_ = 0;                       // fresh labels: v1, v2, ...
  int notes_ = 0;                        // stance notes: s1, s2, ...
  std::map<std::string, int> reported_;  // examples kept, by kind
  RunResult result_;
};

HttpReply AuthorizationRun::Send(const std::string& user,
                                 const std::string& method,
                                 const std::string& target, const Json& body,
                                 std::string* request) {
  *request = user + " " + method + " " + target;
  std::string payload;
  if (!body.is_null()) {
    payload = body.dump();
    Json shown = body;
    if (shown.contains("text")) {
      shown["text"] =
          "<text " + Short(redline::VersionId(Str(body["text"]))) + "...>";
    }
    *request += " " + shown.dump();
  }
  ++result_.requests;
  return client_.Send(method, target, payload, tokens_.at(user));
}

AuthorizationRun::Verdict AuthorizationRun::Judge(
    const std::string& action, const std::string& request, bool write,
    const Codes& expected, const HttpReply& reply, const Codes& leaks) {
  const auto success = [](int code) { return code >= 200 && code < 300; };
  const bool may_succeed = std::any_of(expected.begin(), expected.end(),
                                       [&](int c) { return success(c); });
  const bool succeeded = success(reply.status);
  Tally& tally = result_.actions[action];
  if (expected.count(reply.status) > 0) {
    ++(succeeded ? tally.allowed : tally.refused);
    const std::string code = reply.error_code();
    if ((reply.status == 403 && code != "forbidden") ||
        (reply.status == 404 && code != "not_found")) {
      Mismatch(request + ": " + std::to_string(reply.status) +
               " with the code '" + code + "'");
    }
    return succeeded ? Verdict::kSucceeded : Verdict::kRefused;
  }
  ++(may_succeed ? tally.allowed : tally.refused);
  std::string codes;
  for (int code : expected) {
    codes += (codes.empty() ? "" : " or ") + std::to_string(code);
  }
  const std::string text = request + ": expected " + codes + ", got " +
                           std::to_string(reply.status) + " " +
                           reply.body.substr(0, 160);
  if (succeeded && !may_succeed) {
    if (write) {
      Report(&result_.counts.unauthorized_writes, "unauthorized write", text);
    } else {
      Report(&result_.counts.unauthorized_reads, "unauthorized read", text);
    }
    return Verdict::kUnexpectedSuccess;
  }
  if (succeeded) {  // another success code than documented
    Mismatch(text);
    return Verdict::kSucceeded;
  }
  if (may_succeed) {
    Report(&result_.counts.wrongly_refused, "wrongly refused", text);
  } else if (leaks.count(reply.status) > 0 ||
             (reply.status == 403 && expected.count(404) > 0)) {
    // 403 tells that the object exists.
    Report(&result_.counts.unauthorized_reads, "unauthorized read", text);
  } else if (expected.count(403) > 0) {
    // The user may see the object but not act on it: the docs say 403
    // `forbidden`, not a refusal that a lower layer happens to make.
    Report(&result_.counts.misrefused, "refused otherwise", text);
  } else {
    Mismatch(text);
  }
  return Verdict::kWrong;
}

void AuthorizationRun::Report(int* counter, const std::string& kind,
                              const std::string& text) {
  ++*counter;
  if (reported_[kind]++ < 6) result_.examples.push_back(kind + ": " + text);
}

void AuthorizationRun::CompareSets(const std::string& what,
                                   const std::string& request,
                                   const std::set<std::string>& expected,
                                   const std::set<std::string>& got) {
  std::vector<std::string> extra;
  std::vector<std::string> missing;
  std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(),
                      std::back_inserter(extra));
  std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(),
                      std::back_inserter(missing));
  if (!extra.empty()) {
    Report(&result_.counts.unauthorized_reads, "unauthorized read",
           request + ": " + what + " shows " + Join(extra));
  }
  if (!missing.empty()) {
    Report(&result_.counts.wrongly_refused, "wrongly refused",
           request + ": " + what + " hides " + Join(missing));
  }
}

// The parents listed for a version are only those the user may see.
void AuthorizationRun::CheckParents(const std::string& request,
                                    const MNegotiation& n,
                                    const std::string& user, const MVersion& v,
                                    const Json& version) {
  std::set<std::string> listed;
  for (const Json& parent : Array(Field(version, "parents"))) {
    const std::string id = Str(parent);
    if (std::find(v.parents.begin(), v.parents.end(), id) == v.parents.end()) {
      Mismatch(request + ": " + v.label + " lists a parent it has not: " + id);
    } else {
      listed.insert(Describe(n, id));
    }
  }
  std::set<std::string> expected;
  for (const std::string& id : VisibleParents(n, user, v)) {
    expected.insert(Describe(n, id));
  }
  CompareSets("the parents of " + v.label, request, expected, listed);
}

// ---------------------------------------------------------------------------
// The actions.

void AuthorizationRun::GetNegotiation(const std::string& user, int64_t nid) {
  const MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  std::string request;
  const HttpReply reply = Send(user, "GET", Path(nid), Json(), &request);
  if (Judge("negotiation", request, false, {member ? 200 : 404}, reply) !=
      Verdict::kSucceeded) {
    return;
  }
  const Json body = reply.json();
  if (Str(Field(body, "name")) != n->name ||
      Str(Field(Field(body, "party"), "name")) != member->name) {
    Mismatch(request + ": expected " + n->name + " as " + member->name +
             ", got " + reply.body.substr(0, 160));
  }
}

void AuthorizationRun::ListNegotiations(const std::string& user) {
  std::string request;
  const HttpReply reply =
      Send(user, "GET", "/api/negotiations", Json(), &request);
  if (Judge("negotiation", request, false, {200}, reply) !=
      Verdict::kSucceeded) {
    return;
  }
  std::set<std::string> expected;
  for (const auto& [id, n] : negotiations_) {
    if (n.Membership(user) != nullptr) expected.insert(n.name);
  }
  std::set<std::string> got;
  const Json listed = reply.json();
  for (const Json& item : Array(Field(listed, "negotiations"))) {
    got.insert(Str(Field(item, "name")));
  }
  CompareSets("the negotiations", request, expected, got);
}

void AuthorizationRun::ListParties(const std::string& user, int64_t nid) {
  const MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  std::string request;
  const HttpReply reply =
      Send(user, "GET", Path(nid) + "/parties", Json(), &request);
  if (Judge("parties", request, false, {member ? 200 : 404}, reply) !=
      Verdict::kSucceeded) {
    return;
  }
  std::set<std::string> expected;
  for (const MParty& p : n->parties) {
    expected.insert(p.name + " (" + RoleName(p.role) + ")");
  }
  std::set<std::string> got;
  const Json listed = reply.json();
  for (const Json& item : Array(Field(listed, "parties"))) {
    got.insert(Str(Field(item, "name")) + " (" + Str(Field(item, "kind")) +
               ")");
  }
  // Every member sees every party: a difference is no leak.
  if (got != expected) {
    Mismatch(request + ": expected parties " +
             Join(std::vector<std::string>(expected.begin(), expected.end())) +
             ", got " + Join(std::vector<std::string>(got.begin(), got.end())));
  }
}

void AuthorizationRun::AddParty(const std::string& user, int64_t nid,
                                const std::string& name, Role role) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  Codes expected{404};
  if (member != nullptr) {
    const bool taken = n->Party(name) != nullptr;
    if (!MayAddParty(*member)) {
      expected = taken ? Codes{403, 409} : Codes{403};
    } else {
      expected = {taken ? 409 : 201};
    }
  }
  std::string request;
  const HttpReply reply =
      Send(user, "POST", Path(nid) + "/parties",
           Json{{"name", name}, {"kind", RoleName(role)}}, &request);
  const Verdict verdict = Judge("add-party", request, true, expected, reply);
  if (verdict != Verdict::kSucceeded &&
      verdict != Verdict::kUnexpectedSuccess) {
    return;
  }
  if (n != nullptr && n->Party(name) == nullptr) {
    n->parties.push_back(
        {name, ParseRole(Str(Field(reply.json(), "kind")), role)});
  }
}

void AuthorizationRun::CreateNegotiation(const std::string& user,
                                         const std::string& name,
                                         const std::string& mediator) {
  const MNegotiation* same_name = nullptr;
  for (const auto& [id, n] : negotiations_) {
    if (n.name == name) same_name = &n;
  }
  Codes expected{403};
  if (IsAdmin(user)) expected = {same_name != nullptr ? 409 : 201};
  // A negotiation a user is not a member of does not exist for them.
  Codes leaks;
  if (same_name != nullptr && same_name->Membership(user) == nullptr) {
    leaks = {409};
  }
  std::string request;
  const HttpReply reply =
      Send(user, "POST", "/api/negotiations",
           Json{{"name", name}, {"mediator", mediator}}, &request);
  const Verdict verdict =
      Judge("create-negotiation", request, true, expected, reply, leaks);
  if (verdict != Verdict::kSucceeded &&
      verdict != Verdict::kUnexpectedSuccess) {
    return;
  }
  const int64_t id = Int(Field(reply.json(), "id"));
  if (id <= 0 || Find(id) != nullptr) {
    Mismatch(request + ": a new negotiation without a new id: " +
             reply.body.substr(0, 160));
    return;
  }
  MNegotiation& n = negotiations_[id];
  n.id = id;
  n.name = name;
  n.parties.push_back({mediator, Role::kMediator});
  n.members[user] = mediator;  // the creator joins its mediator party
}

void AuthorizationRun::ListVersions(const std::string& user, int64_t nid) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  std::string request;
  const HttpReply reply =
      Send(user, "GET", Path(nid) + "/versions", Json(), &request);
  if (Judge("versions", request, false, {member ? 200 : 404}, reply) !=
      Verdict::kSucceeded) {
    return;
  }
  std::set<std::string> expected;
  for (const MVersion& v : n->versions) {
    if (SeesVersion(*n, user, v)) expected.insert(Describe(*n, v.id));
  }
  std::set<std::string> got;
  const Json listed = reply.json();
  for (const Json& item : Array(Field(listed, "versions"))) {
    const MVersion* v = n->Version(Str(Field(item, "id")));
    if (v == nullptr) {
      Mismatch(request + ": an unknown version " + item.dump().substr(0, 160));
      continue;
    }
    got.insert(Describe(*n, v->id));
    if (SeesVersion(*n, user, *v)) CheckParents(request, *n, user, *v, item);
  }
  CompareSets("the versions", request, expected, got);
}

void AuthorizationRun::GetVersion(const std::string& user, int64_t nid,
                                  const std::string& ref) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  const MVersion* v = member == nullptr ? nullptr : Resolve(*n, user, ref);
  std::string request;
  const HttpReply reply =
      Send(user, "GET", Path(nid) + "/versions/" + ref, Json(), &request);
  const Verdict verdict =
      Judge("version", request, false, {v ? 200 : 404}, reply);
  const Json body = reply.json();
  const MVersion* shown =
      n == nullptr ? nullptr : n->Version(Str(Field(body, "id")));
  if (verdict == Verdict::kUnexpectedSuccess && shown != nullptr &&
      member != nullptr) {
    n->maybe_openings.insert({shown->id, member->name, user});
  }
  if (verdict != Verdict::kSucceeded) return;
  if (shown != v) {
    if (shown != nullptr && !SeesVersion(*n, user, *shown)) {
      Report(&result_.counts.unauthorized_reads, "unauthorized read",
             request + ": resolved to " + Describe(*n, shown->id) +
                 ", which the user may not see, instead of " +
                 Describe(*n, v->id));
    } else {
      Mismatch(request + ": resolved to " + Str(Field(body, "id")) +
               " instead of " + Describe(*n, v->id));
    }
    return;
  }
  if (Str(Field(body, "text")) != v->text ||
      Str(Field(body, "author")) != v->author) {
    Mismatch(request + ": another text or author than imported");
  }
  CheckParents(request, *n, user, *v, body);
  n->openings.insert({v->id, member->name, user});
}

void AuthorizationRun::Import(const std::string& user, int64_t nid,
                              const std::string& label, const std::string& text,
                              const std::vector<int>& words,
                              const std::vector<std::string>& parent_refs) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  Codes expected{404};
  Codes leaks;
  std::vector<std::string> parents;  // resolved, without repeats
  if (member != nullptr) {
    bool parents_found = true;
    for (const std::string& ref : parent_refs) {
      const MVersion* parent = Resolve(*n, user, ref);
      if (parent == nullptr) {
        parents_found = false;
      } else if (std::find(parents.begin(), parents.end(), parent->id) ==
                 parents.end()) {
        parents.push_back(parent->id);
      }
    }
    const MVersion* stored = n->Version(redline::VersionId(text));
    const MVersion* labelled = n->Labelled(label);
    const bool label_taken = labelled != nullptr;
    if (!MayImport(*member)) {
      expected = parents_found ? Codes{403} : Codes{403, 404};
      // The documented 409 for a text or label stored out of sight is a
      // limit of importing; to one who may not import it only tells.
      if ((stored != nullptr && !SeesVersion(*n, user, *stored)) ||
          (labelled != nullptr && !SeesVersion(*n, user, *labelled))) {
        leaks = {409};
      }
    } else if (stored != nullptr) {
      // The same text again: the stored version, if the user may see it;
      // 409 if not (a documented limit).
      const int code = SeesVersion(*n, user, *stored) ? 200 : 409;
      expected = parents_found ? Codes{code} : Codes{code, 404};
    } else if (!parents_found) {
      expected = label_taken ? Codes{404, 409} : Codes{404};
    } else {
      expected = {label_taken ? 409 : 201};
    }
  }
  const Json body = {{"text", text},
                     {"label", label},
                     {"note", "by " + user},
                     {"parents", parent_refs}};
  std::string request;
  const HttpReply reply =
      Send(user, "POST", Path(nid) + "/versions", body, &request);
  const Verdict verdict =
      Judge("import", request, true, expected, reply, leaks);
  if (n == nullptr || (verdict != Verdict::kSucceeded &&
                       verdict != Verdict::kUnexpectedSuccess)) {
    return;
  }
  const Json answer = reply.json();
  if (reply.status == 200) {  // the text was stored already
    const MVersion* stored =
        n->Version(Str(Field(Field(answer, "version"), "id")));
    if (Field(answer, "existed") != Json(true) || stored == nullptr) {
      Mismatch(request + ": 200 without the stored version");
    } else if (member != nullptr) {
      CheckParents(request, *n, user, *stored, Field(answer, "version"));
    }
    return;
  }
  ModelImport(request, user, *n, verdict == Verdict::kSucceeded, answer, text,
              words, parents);
}

// Adds an imported version, and the stances it carried forward, to the
// model; checks the reply when the model expected the import.
void AuthorizationRun::ModelImport(const std::string& request,
                                   const std::string& user, MNegotiation& n,
                                   bool expected, const Json& answer,
                                   const std::string& text,
                                   const std::vector<int>& words,
                                   const std::vector<std::string>& parents) {
  const Json& version = Field(answer, "version");
  MVersion added;
  added.id = Str(Field(version, "id"));
  added.label = Str(Field(version, "label"));
  added.author = Str(Field(version, "author"));
  added.text = text;
  added.words = words;
  for (const Json& parent : Array(Field(version, "parents"))) {
    added.parents.push_back(Str(parent));
  }
  if (expected) {
    const MParty* member = n.Membership(user);
    if (added.id != redline::VersionId(text) || added.author != member->name ||
        added.parents != parents || Field(answer, "existed") != Json(false)) {
      Mismatch(request + ": the reply does not describe the import: " +
               version.dump().substr(0, 200));
    }
    added.id = redline::VersionId(text);
    added.author = member->name;
    added.parents = parents;
  }
  if (added.id.empty() || n.Version(added.id) != nullptr) return;
  const std::vector<MStance> carried =
      CarriedStances(n, added.id, words, added.parents);
  n.versions.push_back(added);
  int visible = 0;
  for (const MStance& s : carried) {
    n.stances.push_back(s);
    visible += SeesStance(n, user, s) ? 1 : 0;
  }
  const int64_t reported = Int(Field(answer, "carried_forward"));
  if (!expected || reported == visible) return;
  const std::string text_of =
      request + ": carried_forward is " + std::to_string(reported) +
      "; the model carries " + std::to_string(carried.size()) +
      " stances, of which the importer may see " + std::to_string(visible);
  if (reported == static_cast<int64_t>(carried.size())) {
    ++result_.counts.count_leaks;
    Report(&result_.counts.unauthorized_reads, "unauthorized read (count)",
           text_of + ": the count reveals hidden stances");
  } else {
    Mismatch(text_of);
  }
}

void AuthorizationRun::Share(const std::string& user, int64_t nid,
                             const std::string& ref, const std::string& party,
                             const std::string& channel) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  const MVersion* v = member == nullptr ? nullptr : Resolve(*n, user, ref);
  Codes expected{404};
  if (v != nullptr) {
    const bool known = n->Party(party) != nullptr;
    if (!MayShare(*member)) {
      expected = known ? Codes{403} : Codes{403, 404};
    } else {
      expected = {known ? 201 : 404};
    }
  }
  Json body = {{"party", party}};
  if (!channel.empty()) body["channel"] = channel;
  std::string request;
  const HttpReply reply = Send(
      user, "POST", Path(nid) + "/versions/" + ref + "/shares", body, &request);
  const Verdict verdict = Judge("share", request, true, expected, reply);
  if (n == nullptr || (verdict != Verdict::kSucceeded &&
                       verdict != Verdict::kUnexpectedSuccess)) {
    return;
  }
  const Json answer = reply.json();
  MShare share{Str(Field(answer, "version")), Str(Field(answer, "party")),
               Str(Field(answer, "channel"))};
  const std::string expected_channel = channel.empty() ? "server" : channel;
  if (verdict == Verdict::kSucceeded &&
      (share.version != v->id || share.party != party ||
       share.channel != expected_channel)) {
    Mismatch(request + ": the reply does not describe the share: " +
             reply.body.substr(0, 200));
    share.version = v->id;
    share.party = party;
    share.channel = expected_channel;
  }
  n->AddShare(share);
}

// A stance is always for the member's own party: `claimed_party` (if not
// empty) names another in the body, which the server may refuse (400) or
// ignore, but not follow.
void AuthorizationRun::SetStance(const std::string& user, int64_t nid,
                                 const std::string& ref,
                                 const std::string& point,
                                 const std::string& stance, bool internal,
                                 const std::string& claimed_party) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  const MVersion* v = member == nullptr ? nullptr : Resolve(*n, user, ref);
  const int number = std::atoi(point.c_str());
  const bool point_exists =
      point == "preamble" ||
      (number >= 1 && number <= kPoints && point == std::to_string(number));
  Codes expected{404};
  if (v != nullptr) {
    if (!MaySetStance(*member)) {
      expected = point_exists ? Codes{403} : Codes{403, 404};
    } else {
      expected = {point_exists ? 201 : 404};
    }
  }
  const std::string note = "s" + std::to_string(++notes_);
  Json body = {{"point", point},
               {"stance", stance},
               {"note", note},
               {"internal", internal}};
  if (!claimed_party.empty()) {
    body["party"] = claimed_party;
    expected.insert(400);  // a field the API does not know
  }
  std::string request;
  const HttpReply reply =
      Send(user, "POST", Path(nid) + "/versions/" + ref + "/stances", body,
           &request);
  const Verdict verdict = Judge("set-stance", request, true, expected, reply);
  if (n == nullptr || (verdict != Verdict::kSucceeded &&
                       verdict != Verdict::kUnexpectedSuccess)) {
    return;
  }
  const Json answer = reply.json();
  MStance added;
  added.version = Str(Field(answer, "version"));
  added.point = Str(Field(answer, "point"));
  added.party = Str(Field(answer, "party"));
  added.stance = Str(Field(answer, "stance"));
  added.note = Str(Field(answer, "note"));
  added.internal = Field(answer, "internal") == Json(true);
  added.seq = Int(Field(answer, "seq"));
  if (verdict == Verdict::kSucceeded && added.party != member->name) {
    Report(&result_.counts.unauthorized_writes, "unauthorized write",
           request + ": the stance is recorded for " + added.party +
               ", not for " + member->name);
  } else if (verdict == Verdict::kSucceeded &&
             (added.version != v->id || added.point != point ||
              added.stance != stance || added.note != note ||
              added.internal != internal)) {
    Mismatch(request + ": the reply does not describe the stance: " +
             reply.body.substr(0, 200));
    added.version = v->id;
    added.point = point;
    added.stance = stance;
    added.note = note;
    added.internal = internal;
  }
  n->stances.push_back(added);
}

void AuthorizationRun::ListStances(const std::string& user, int64_t nid,
                                   const std::string& ref) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  const MVersion* v = member == nullptr ? nullptr : Resolve(*n, user, ref);
  std::string request;
  const HttpReply reply =
      Send(user, "GET", Path(nid) + "/versions/" + ref + "/stances", Json(),
           &request);
  if (Judge("stances", request, false, {v ? 200 : 404}, reply) !=
      Verdict::kSucceeded) {
    return;
  }
  const auto key = [](const MStance& s) {
    return s.note + "@" + Short(s.version) + " (" + s.party +
           (s.internal ? ", internal)" : ")");
  };
  std::set<std::string> expected;
  for (const MStance& s : n->stances) {
    if (s.version == v->id && SeesStance(*n, user, s)) expected.insert(key(s));
  }
  std::set<std::string> got;
  bool internal_leak = false;
  const Json listed = reply.json();
  for (const Json& item : Array(Field(listed, "stances"))) {
    MStance* s =
        n->Stance(Str(Field(item, "version")), Str(Field(item, "note")));
    if (s == nullptr || s->version != v->id) {
      Mismatch(request + ": an unknown stance " + item.dump().substr(0, 160));
      continue;
    }
    if (s->seq == 0) s->seq = Int(Field(item, "seq"));
    if (s->seq != Int(Field(item, "seq")) ||
        s->party != Str(Field(item, "party")) ||
        s->point != Str(Field(item, "point")) ||
        s->internal != (Field(item, "internal") == Json(true))) {
      Mismatch(request + ": stance " + s->note +
               " changed: " + item.dump().substr(0, 200));
    }
    got.insert(key(*s));
    internal_leak = internal_leak || (s->internal && !SeesStance(*n, user, *s));
  }
  if (internal_leak) ++result_.counts.internal_leaks;
  CompareSets("the stances", request, expected, got);
}

void AuthorizationRun::Status(const std::string& user, int64_t nid,
                              const std::string& ref) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  const MVersion* v = member == nullptr ? nullptr : Resolve(*n, user, ref);
  Codes expected{404};
  if (v != nullptr) expected = {MaySeeStatus(*member) ? 200 : 403};
  std::string request;
  const HttpReply reply =
      Send(user, "GET", Path(nid) + "/versions/" + ref + "/status", Json(),
           &request);
  if (Judge("status", request, false, expected, reply) == Verdict::kSucceeded) {
    CheckStatus(request, *n, user, *v, reply.json());
  }
}

// The columns the user may see; in each cell, nothing the user may not see
// and the party's current stance as far as the user may see it; counts that
// count only the cells shown.
void AuthorizationRun::CheckStatus(const std::string& request, MNegotiation& n,
                                   const std::string& user, const MVersion& v,
                                   const Json& body) {
  std::vector<std::string> columns;
  for (const Json& column : Array(Field(body, "parties"))) {
    columns.push_back(Str(column));
  }
  CompareSets("the status columns", request, StatusColumns(n, user),
              std::set<std::string>(columns.begin(), columns.end()));
  int agreed = 0, disputed = 0, red_lines = 0, open = 0;
  bool internal_leak = false;
  for (const Json& row : Array(Field(body, "points"))) {
    const std::string point = Str(Field(row, "point"));
    const Json& cells = Array(Field(row, "stances"));
    if (cells.size() != columns.size()) {
      Mismatch(request + ": a row without a cell per column");
      continue;
    }
    bool all_agree = !columns.empty(), any_dispute = false, any_red = false,
         any_open = false;
    for (size_t c = 0; c < columns.size(); ++c) {
      const MStance* latest = LatestStance(n, v.id, columns[c], point, nullptr);
      const MStance* visible = LatestStance(n, v.id, columns[c], point, &user);
      const std::string kind = Str(Field(cells[c], "stance"));
      all_agree =
          all_agree && (kind == "agree" || kind == "agree-with-changes");
      any_dispute = any_dispute || kind == "dispute";
      any_red = any_red || kind == "red-line";
      any_open = any_open || kind == "open" || cells[c].is_null();
      if (cells[c].is_null()) {
        if (visible != nullptr && visible == latest) {
          Report(&result_.counts.wrongly_refused, "wrongly refused",
                 request + ": the cell " + columns[c] + "/" + point +
                     " hides stance " + visible->note);
        }
        continue;
      }
      const MStance* shown = n.Stance(Str(Field(cells[c], "version")),
                                      Str(Field(cells[c], "note")));
      if (shown == nullptr || shown->party != columns[c] ||
          shown->point != point) {
        Mismatch(request + ": cell " + columns[c] + "/" + point + " holds " +
                 cells[c].dump().substr(0, 160));
      } else if (!SeesStance(n, user, *shown)) {
        internal_leak = internal_leak || shown->internal;
        Report(&result_.counts.unauthorized_reads, "unauthorized read",
               request + ": the cell " + columns[c] + "/" + point +
                   " shows stance " + shown->note +
                   (shown->internal ? " (internal)" : ""));
      } else if (shown != visible) {
        Mismatch(request + ": the cell " + columns[c] + "/" + point +
                 " shows " + shown->note + ", not the current stance");
      }
    }
    agreed += all_agree ? 1 : 0;
    disputed += any_dispute ? 1 : 0;
    red_lines += any_red ? 1 : 0;
    open += any_open ? 1 : 0;
  }
  if (internal_leak) ++result_.counts.internal_leaks;
  const Json& counts = Field(body, "counts");
  if (Int(Field(counts, "agreed_by_all")) != agreed ||
      Int(Field(counts, "disputed")) != disputed ||
      Int(Field(counts, "red_lines")) != red_lines ||
      Int(Field(counts, "open")) != open) {
    Mismatch(request + ": counts " + counts.dump() +
             " are not those of the cells shown (agreed " +
             std::to_string(agreed) + ", disputed " + std::to_string(disputed) +
             ", red lines " + std::to_string(red_lines) + ", open " +
             std::to_string(open) + ")");
  }
}

void AuthorizationRun::Ledger(const std::string& user, int64_t nid) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  std::string request;
  const HttpReply reply =
      Send(user, "GET", Path(nid) + "/ledger", Json(), &request);
  if (Judge("ledger", request, false, {member ? 200 : 404}, reply) !=
      Verdict::kSucceeded) {
    return;
  }
  const Json body = reply.json();
  // Shares by content and occurrence: the reply to a share does not carry
  // the seq the ledger gives it.
  std::set<std::string> expected;
  std::map<std::string, int> occurrences;
  const auto share = [&](const std::string& version, const std::string& party,
                         const std::string& channel) {
    const std::string key = "share of " + Describe(*n, version) + " with " +
                            party + " by " + channel;
    return key + " #" + std::to_string(++occurrences[key]);
  };
  for (const MShare& s : n->shares) {
    if (SeesLedgerEntry(*n, user, s.party)) {
      expected.insert(share(s.version, s.party, s.channel));
    }
  }
  occurrences.clear();
  std::set<std::string> got;
  for (const Json& item : Array(Field(body, "shares"))) {
    got.insert(share(Str(Field(item, "version")), Str(Field(item, "party")),
                     Str(Field(item, "channel"))));
  }
  const auto opening = [&](const Opening& o) {
    return "opening of " + Describe(*n, std::get<0>(o)) + " by " +
           std::get<2>(o) + " of " + std::get<1>(o);
  };
  for (const Opening& o : n->openings) {
    if (SeesLedgerEntry(*n, user, std::get<1>(o))) expected.insert(opening(o));
  }
  for (const Json& item : Array(Field(body, "openings"))) {
    const Opening o{Str(Field(item, "version")), Str(Field(item, "party")),
                    Str(Field(item, "member"))};
    if (n->maybe_openings.count(o) > 0 && n->openings.count(o) == 0 &&
        SeesLedgerEntry(*n, user, std::get<1>(o))) {
      continue;  // may or may not be listed
    }
    got.insert(opening(o));
  }
  CompareSets("the ledger", request, expected, got);
}

void AuthorizationRun::Compare(const std::string& kind, const std::string& user,
                               int64_t nid, const std::string& old_ref,
                               const std::string& new_ref) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  const MVersion* a = member == nullptr ? nullptr : Resolve(*n, user, old_ref);
  const MVersion* b = member == nullptr ? nullptr : Resolve(*n, user, new_ref);
  std::string request;
  const HttpReply reply =
      Send(user, "GET",
           Path(nid) + "/" + kind + "?old=" + old_ref + "&new=" + new_ref,
           Json(), &request);
  if (Judge(kind, request, false, {a && b ? 200 : 404}, reply) ==
      Verdict::kSucceeded) {
    n->maybe_openings.insert({a->id, member->name, user});
    n->maybe_openings.insert({b->id, member->name, user});
  }
}

void AuthorizationRun::Synopsis(const std::string& user, int64_t nid,
                                const std::vector<std::string>& refs,
                                const std::string& base) {
  MNegotiation* n = Find(nid);
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  std::vector<const MVersion*> versions;
  std::set<const MVersion*> distinct;
  for (const std::string& ref : refs) {
    versions.push_back(member == nullptr ? nullptr : Resolve(*n, user, ref));
    distinct.insert(versions.back());
  }
  Codes expected{404};
  if (distinct.count(nullptr) == 0) {
    // Two references to one version: the docs do not say.
    expected = distinct.size() == refs.size() ? Codes{200} : Codes{200, 400};
  }
  std::string target = Path(nid) + "/synopsis?versions=";
  for (size_t i = 0; i < refs.size(); ++i) {
    target += (i == 0 ? "" : ",") + refs[i];
  }
  if (!base.empty()) target += "&base=" + base;
  std::string request;
  const HttpReply reply = Send(user, "GET", target, Json(), &request);
  if (Judge("synopsis", request, false, expected, reply) ==
      Verdict::kSucceeded) {
    for (const MVersion* v : versions) {
      n->maybe_openings.insert({v->id, member->name, user});
    }
  }
}

// ---------------------------------------------------------------------------
// Seeding and random requests.

bool AuthorizationRun::Start() {
  const HttpReply reply = client_.Get("/api/negotiations", tokens_.at("mara"));
  const Json listed = reply.json();
  for (const Json& item : Array(Field(listed, "negotiations"))) {
    if (Str(Field(item, "name")) == "Lake Orva talks") {
      lake_ = Int(Field(item, "id"));
    }
  }
  if (lake_ <= 0) {
    result_.error =
        "mara does not see Lake Orva talks: " + std::to_string(reply.status) +
        " " + reply.body;
    return false;
  }
  MNegotiation& n = negotiations_[lake_];
  n.id = lake_;
  n.name = "Lake Orva talks";
  n.parties = {{"Mediator", Role::kMediator},
               {"Norland", Role::kParty},
               {"Kestria", Role::kParty},
               {"Mission", Role::kObserver}};
  n.members = {{"mara", "Mediator"},
               {"nils", "Norland"},
               {"kira", "Kestria"},
               {"otto", "Mission"}};
  return true;
}

void AuthorizationRun::Seed() {
  const int64_t lake = lake_;
  // The mediator's first draft, shown to both parties and the observer.
  const std::vector<int> m1 = {0, 0, 0, 0, 0};
  Import("mara", lake, "m1", NewText("m1", m1, ""), m1, {});
  for (const char* party : {"Norland", "Kestria", "Mission"}) {
    Share("mara", lake, "m1", party, "e-mail");
  }
  // The parties' counters. Kestria's id begins with the same four hex
  // digits as Norland's: a 4-digit prefix names one version for each party
  // but is ambiguous for the mediator.
  const std::vector<int> n1 = {0, 1, 0, 1, 0};
  const std::vector<int> k1 = {0, 0, 2, 0, 2};
  Import("nils", lake, "n1", NewText("n1", n1, ""), n1, {"m1"});
  Import("kira", lake, "k1", NewText("k1", k1, IdOf(lake, "n1").substr(0, 4)),
         k1, {"m1"});
  // Stances, some internal, that the next imports carry forward.
  SetStance("nils", lake, "m1", "1", "agree", false);
  SetStance("nils", lake, "m1", "2", "dispute", true);
  SetStance("nils", lake, "m1", "3", "red-line", false);
  SetStance("kira", lake, "m1", "1", "agree", true);
  SetStance("kira", lake, "m1", "4", "dispute", false);
  SetStance("kira", lake, "m1", "preamble", "open", false);
  SetStance("mara", lake, "m1", "5", "open", true);
  SetStance("mara", lake, "m1", "2", "agree", false);
  SetStance("nils", lake, "n1", "2", "agree", false);
  SetStance("nils", lake, "n1", "4", "red-line", true);
  SetStance("kira", lake, "k1", "3", "dispute", true);
  // The mediator's second draft from both counters, shown to Norland only,
  // and Norland's answer to it.
  const std::vector<int> m2 = {0, 1, 2, 0, 0};
  Import("mara", lake, "m2", NewText("m2", m2, ""), m2,
         {IdOf(lake, "n1"), IdOf(lake, "k1")});
  Share("mara", lake, "m2", "Norland", "");
  const std::vector<int> n2 = {0, 1, 2, 3, 0};
  Import("nils", lake, "n2", NewText("n2", n2, ""), n2, {"m2"});
  // A negotiation of admin alone, whose first version's id begins like m1's.
  CreateNegotiation("admin", "Harbor talks", "Chair");
  int64_t harbor = 0;
  for (const auto& [id, n] : negotiations_) {
    if (n.name == "Harbor talks") harbor = id;
  }
  const std::vector<int> h1 = {1, 1, 1, 1, 1};
  Import("admin", harbor, "h1",
         NewText("h1", h1, IdOf(lake, "m1").substr(0, 4)), h1, {});
  AddParty("admin", harbor, "Dockers", Role::kParty);
}

std::string AuthorizationRun::PickUser() {
  static const char* const kWeighted[] = {
      "mara", "mara", "mara", "nils", "nils",  "nils",  "kira",
      "kira", "kira", "otto", "otto", "admin", "nobody"};
  return kWeighted[Uniform(0, std::size(kWeighted) - 1)];
}

int64_t AuthorizationRun::PickNegotiation() {
  const int r = Uniform(0, 99);
  if (r < 85) return lake_;
  if (r < 97) {
    auto it = negotiations_.begin();
    std::advance(it, Uniform(0, static_cast<int>(negotiations_.size()) - 1));
    return it->first;
  }
  return negotiations_.rbegin()->first + 7;  // no such negotiation
}

std::string AuthorizationRun::RandomHex(int digits) {
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (int i = 0; i < digits; ++i) hex += kHex[Uniform(0, 15)];
  return hex;
}

// By full id, label or an id prefix (mostly of 4 digits, where two
// versions may share one).
std::string AuthorizationRun::RefTo(const MVersion& v) {
  const int r = Uniform(0, 99);
  if (r < 30) return v.id;
  if (r < 60) return v.label;
  return v.id.substr(0, r < 85 ? 4 : Uniform(5, 12));
}

// A version of the negotiation the user may see (a quarter of the time),
// any version of it, a version of another negotiation, or none at all.
std::string AuthorizationRun::PickRef(int64_t nid, const std::string& user) {
  const MNegotiation* n = Find(nid);
  const int r = Uniform(0, 99);
  if (n != nullptr && !n->versions.empty()) {
    if (r < 25) {
      std::vector<const MVersion*> visible;
      for (const MVersion& v : n->versions) {
        if (SeesVersion(*n, user, v)) visible.push_back(&v);
      }
      if (!visible.empty()) {
        return RefTo(*visible[Uniform(0, visible.size() - 1)]);
      }
    }
    if (r < 80) return RefTo(n->versions[Uniform(0, n->versions.size() - 1)]);
  }
  if (r < 90) {
    std::vector<const MVersion*> others;
    for (const auto& [id, other] : negotiations_) {
      if (id == nid) continue;
      for (const MVersion& v : other.versions) others.push_back(&v);
    }
    if (!others.empty()) return RefTo(*others[Uniform(0, others.size() - 1)]);
  }
  switch (Uniform(0, 2)) {
    case 0:
      return RandomHex(64);
    case 1:
      return RandomHex(Uniform(4, 8));
    default:
      return "v99999";
  }
}

void AuthorizationRun::RandomImport(const std::string& user, int64_t nid) {
  const MNegotiation* n = Find(nid);
  const bool has_versions = n != nullptr && !n->versions.empty();
  static const int kParentCounts[] = {0, 1, 1, 1, 2};
  const int parent_count = kParentCounts[Uniform(0, 4)];
  std::vector<std::string> parents;
  for (int i = 0; i < parent_count; ++i) parents.push_back(PickRef(nid, user));
  std::string label = "v" + std::to_string(++labels_);
  if (has_versions && Chance(15)) {
    label = n->versions[Uniform(0, n->versions.size() - 1)].label;
  }
  if (Chance(12)) {
    // A text stored already: mostly here, sometimes in another negotiation.
    const MNegotiation* source = n;
    if (!has_versions || Chance(20)) {
      auto it = negotiations_.begin();
      std::advance(it, Uniform(0, static_cast<int>(negotiations_.size()) - 1));
      source = &it->second;
    }
    if (source != nullptr && !source->versions.empty()) {
      const MVersion& v =
          source->versions[Uniform(0, source->versions.size() - 1)];
      Import(user, nid, label, v.text, v.words, parents);
      return;
    }
  }
  // Most points keep the wording of the first parent the user may see.
  const MParty* member = n == nullptr ? nullptr : n->Membership(user);
  const MVersion* base = member == nullptr || parents.empty()
                             ? nullptr
                             : Resolve(*n, user, parents[0]);
  std::vector<int> words(kPoints);
  for (int k = 0; k < kPoints; ++k) {
    const int keep = Uniform(0, 99);
    const int fresh = Uniform(0, kWordings - 1);
    words[k] = base != nullptr && keep < 60 ? base->words[k] : fresh;
  }
  std::string prefix;
  if (has_versions && Chance(3)) {
    prefix = n->versions[Uniform(0, n->versions.size() - 1)].id.substr(0, 4);
  }
  Import(user, nid, label, NewText(label, words, prefix), words, parents);
}

void AuthorizationRun::RandomRequest() {
  const std::string user = PickUser();
  const int64_t nid = PickNegotiation();
  const MNegotiation* n = Find(nid);
  const int action = Uniform(0, 99);
  if (action < 4) {
    if (Chance(30)) {
      ListNegotiations(user);
    } else {
      GetNegotiation(user, nid);
    }
  } else if (action < 8) {
    ListParties(user, nid);
  } else if (action < 11) {
    std::string name = "Delegation " + std::to_string(Uniform(1, 6));
    if (n != nullptr && Chance(25)) {
      name = n->parties[Uniform(0, n->parties.size() - 1)].name;
    }
    static const Role kRoles[] = {Role::kMediator, Role::kParty,
                                  Role::kParty,    Role::kParty,
                                  Role::kObserver, Role::kObserver};
    AddParty(user, nid, name, kRoles[Uniform(0, 5)]);
  } else if (action < 13) {
    const int r = Uniform(0, 99);
    const std::string name = r < 20 ? "Lake Orva talks"
                             : r < 35
                                 ? "Harbor talks"
                                 : "Talks " + std::to_string(Uniform(1, 4));
    CreateNegotiation(user, name, "Chair");
  } else if (action < 21) {
    ListVersions(user, nid);
  } else if (action < 32) {
    GetVersion(user, nid, PickRef(nid, user));
  } else if (action < 42) {
    RandomImport(user, nid);
  } else if (action < 50) {
    const std::string ref = PickRef(nid, user);
    const int r = Uniform(0, 99);
    std::string party = "Atlantis";
    if (n != nullptr && r < 80) {
      party = n->parties[Uniform(0, n->parties.size() - 1)].name;
    } else if (r >= 90) {
      party = "Chair";  // the mediator party of other negotiations
    }
    static const char* const kChannels[] = {"", "", "e-mail", "courier"};
    Share(user, nid, ref, party, kChannels[Uniform(0, 3)]);
  } else if (action < 62) {
    const std::string ref = PickRef(nid, user);
    const int r = Uniform(0, 99);
    const std::string point = r < 80   ? std::to_string(Uniform(1, kPoints))
                              : r < 90 ? "preamble"
                                       : std::to_string(kPoints + 1);
    const std::string stance = kStanceKinds[Uniform(0, 4)];
    const bool internal = Chance(35);
    std::string claimed;
    if (n != nullptr && Chance(15)) {
      claimed = n->parties[Uniform(0, n->parties.size() - 1)].name;
    }
    SetStance(user, nid, ref, point, stance, internal, claimed);
  } else if (action < 71) {
    ListStances(user, nid, PickRef(nid, user));
  } else if (action < 79) {
    Status(user, nid, PickRef(nid, user));
  } else if (action < 85) {
    Ledger(user, nid);
  } else if (action < 95) {
    const std::string old_ref = PickRef(nid, user);
    const std::string new_ref = PickRef(nid, user);
    Compare(action < 90 ? "diff" : "align", user, nid, old_ref, new_ref);
  } else {
    std::vector<std::string> refs;
    const int count = Uniform(2, 4);
    for (int i = 0; i < count; ++i) refs.push_back(PickRef(nid, user));
    const std::string base = Chance(30) ? refs[Uniform(0, count - 1)] : "";
    Synopsis(user, nid, refs, base);
  }
}

// Runs the seeding and `requests` random requests against the server on
// `port`, whose store holds the sample (MakeSample) and nothing else;
// `tokens` are the sessions of every user.
RunResult RunAuthorization(uint16_t port,
                           const std::map<std::string, std::string>& tokens,
                           uint32_t seed, int requests) {
  AuthorizationRun run(port, tokens, seed);
  if (run.Start()) {
    run.Seed();
    run.RandomRequests(requests);
  }
  return run.result();
}

// ---------------------------------------------------------------------------
// The tests.

constexpr int kRequests = 3000;
constexpr int kMutationRequests = 1500;

uint32_t Seed() {
  const char* seed = std::getenv("REDLINE_AUTHZ_SEED");
  return seed != nullptr
             ? static_cast<uint32_t>(std::strtoul(seed, nullptr, 10))
             : 20261127u;
}

std::string Summary(const Counts& c) {
  return std::to_string(c.unauthorized_reads) + " unauthorized reads (" +
         std::to_string(c.internal_leaks) + " of internal stances, " +
         std::to_string(c.count_leaks) + " counts of hidden stances), " +
         std::to_string(c.unauthorized_writes) + " unauthorized writes, " +
         std::to_string(c.wrongly_refused) + " wrongly refused, " +
         std::to_string(c.misrefused) + " refused otherwise than 403, " +
         std::to_string(c.mismatches) + " other mismatches";
}

class AuthorizationTest : public ServerTest {
 protected:
  // Makes a fresh sample store named `name`, serves it with `binary` and
  // `environment`, logs every user in and runs the procedure.
  RunResult RunOn(const std::string& binary, const std::string& name,
                  const std::vector<std::string>& environment, int requests) {
    RunResult failed;
    failed.error = "could not start";
    db_ = dir_ + "/" + name + ".db";
    MakeSample();
    if (HasFatalFailure()) return failed;
    ServerProcess server(binary, db(), audit_key(), environment);
    if (!server.ok()) {
      failed.error = "the server " + binary + " did not start";
      return failed;
    }
    HttpClient client(server.port());
    std::map<std::string, std::string> tokens;
    for (const char* user : kUsers) {
      tokens[user] = Login(client, user);
      if (tokens[user].empty()) {
        failed.error = std::string("cannot log in as ") + user;
        return failed;
      }
    }
    return RunAuthorization(server.port(), tokens, Seed(), requests);
  }
};

TEST_F(AuthorizationTest, RandomizedAuthorization) {
  const auto start = std::chrono::steady_clock::now();
  std::printf("seed %u (REDLINE_AUTHZ_SEED overrides it)\n", Seed());
  const RunResult result = RunOn(REDLINE_BINARY, "redline", {}, kRequests);
  ASSERT_TRUE(result.error.empty()) << result.error;
  std::printf(
      "%d requests in %.1f s: %s\n", result.requests,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      Summary(result.counts).c_str());
  std::printf("%-20s %8s %8s\n", "action", "allowed", "refused");
  for (const char* action : kActions) {
    const auto it = result.actions.find(action);
    const Tally tally = it == result.actions.end() ? Tally() : it->second;
    std::printf("%-20s %8d %8d\n", action, tally.allowed, tally.refused);
    EXPECT_GT(tally.allowed, 0) << action << " was never allowed";
    EXPECT_GT(tally.refused, 0) << action << " was never refused";
  }
  for (const std::string& example : result.examples) {
    std::printf("  %s\n", example.c_str());
  }
  EXPECT_EQ(result.counts.unauthorized_reads, 0);
  EXPECT_EQ(result.counts.internal_leaks, 0)
      << "internal stances shown to other parties or the mediator";
  EXPECT_EQ(result.counts.count_leaks, 0)
      << "carried_forward counts stances the importer may not see";
  EXPECT_EQ(result.counts.unauthorized_writes, 0);
  EXPECT_EQ(result.counts.wrongly_refused, 0);
  EXPECT_EQ(result.counts.misrefused, 0);
  EXPECT_EQ(result.counts.mismatches, 0);
}

// Each rule switched off in the mutant must show up as a violation; the
// mutant with no rule switched off must show none. Where a lower layer
// refuses too (the record refuses observers' imports and stances), the
// missing rule shows as a refusal other than 403 `forbidden`.
TEST_F(AuthorizationTest, MutationCheck) {
  const auto start = std::chrono::steady_clock::now();
  std::printf("seed %u\n", Seed());
  const RunResult plain =
      RunOn(REDLINE_MUTANT_BINARY, "unmutated", {}, kMutationRequests);
  ASSERT_TRUE(plain.error.empty()) << plain.error;
  std::printf("%-16s %s\n", "(none)", Summary(plain.counts).c_str());
  EXPECT_EQ(plain.counts.violations(), 0);
  for (const std::string& example : plain.examples) {
    std::printf("  %s\n", example.c_str());
  }
  for (const char* rule : {"member", "admin", "manage-parties", "see-version",
                           "import", "share", "set-stance", "see-stance",
                           "internal-stance", "see-status", "see-ledger"}) {
    const RunResult mutant = RunOn(
        REDLINE_MUTANT_BINARY, rule,
        {std::string("REDLINE_POLICY_MUTATION=") + rule}, kMutationRequests);
    ASSERT_TRUE(mutant.error.empty()) << rule << ": " << mutant.error;
    std::printf("%-16s %s\n", rule, Summary(mutant.counts).c_str());
    std::map<std::string, int> shown;  // two examples of each kind
    for (const std::string& example : mutant.examples) {
      const std::string kind = example.substr(0, example.find(':'));
      if (kind != "unauthorized read (count)" && shown[kind]++ < 2) {
        std::printf("  %s\n", example.substr(0, 300).c_str());
      }
    }
    EXPECT_GT(mutant.counts.rule_violations(), 0)
        << "the model did not notice the rule '" << rule << "' missing";
  }
  std::printf("%.1f s\n", std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - start)
                              .count());
}

}  // namespace
}  // namespace redline_e2e
