#include "server/api.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "fmt/format.h"
#include "formats/json_string.h"
#include "nlohmann/json.hpp"
#include "redline/accounts.h"
#include "redline/align.h"
#include "redline/align_format.h"
#include "redline/diff.h"
#include "redline/diff_format.h"
#include "redline/points.h"
#include "redline/record.h"
#include "redline/synopsis.h"
#include "redline/text.h"
#include "server/openapi.h"
#include "server/policy.h"
#include "util/sodium_util.h"
#include "util/utc_time.h"

namespace redline {

using Json = nlohmann::json;

// One request's state.
struct Api::Context {
  explicit Context(const HttpRequest& r) : request(r) {}
  const HttpRequest& request;
  std::string path;                   // decoded, without the query
  std::vector<std::string> segments;  // of the path, decoded
  std::multimap<std::string, std::string> query;
  std::string now;
  std::string token;  // the session token presented, if any
  bool token_from_cookie = false;
  Store* store = nullptr;
  // Audit events of this request that are not part of a write transaction
  // (reads, denials): queued after the reply is built.
  std::vector<AuditEvent> reads;
  std::string user;  // the authenticated user's name, for audit entries
};

namespace {

constexpr char kCookieName[] = "redline_session";
constexpr char kCsrfHeader[] = "x-csrf-token";

// A reply carrying a failed Status; the HTTP status and code follow the
// ErrorCode (docs/api.md). Storage and internal failures say nothing of
// their cause to the client (it goes to the server's log).
HttpResponse StatusResponse(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kOk:
      return ErrorResponse(500, "internal", "internal error");
    case ErrorCode::kUsage:
      return ErrorResponse(400, "bad_request", status.message());
    case ErrorCode::kBadInput:
      return ErrorResponse(422, "bad_input", status.message());
    case ErrorCode::kNotFound:
      return ErrorResponse(404, "not_found", status.message());
    case ErrorCode::kBusy:
      return ErrorResponse(503, "busy", "the store is busy; retry");
    case ErrorCode::kUnauthenticated:
      return ErrorResponse(401, "unauthenticated", status.message());
    case ErrorCode::kForbidden:
      return ErrorResponse(403, "forbidden", status.message());
    case ErrorCode::kThrottled:
      return ErrorResponse(429, "throttled", status.message());
    case ErrorCode::kStorage:
    case ErrorCode::kInternal:
      break;
  }
  std::cerr << "redline serve: " << status.message() << '\n';
  return ErrorResponse(500, "internal", "internal error");
}

HttpResponse JsonResponse(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

// The code a reply's audit entry records: "ok" or the error code.
std::string Outcome(const HttpResponse& response) {
  if (response.status < 400) return "ok";
  Json body = Json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object() &&
      body["error"].contains("code") && body["error"]["code"].is_string()) {
    return body["error"]["code"].get<std::string>();
  }
  return std::to_string(response.status);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `text` ('+' as space when `plus_is_space`). False for a
// malformed escape or a decoded NUL.
bool PercentDecode(std::string_view text, bool plus_is_space,
                   std::string* out) {
  out->clear();
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return false;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return false;
    out->push_back(c);
  }
  return true;
}

// Splits the target into decoded path segments and query parameters. False
// when the target is malformed.
bool ParseTarget(Api::Context& context) {
  std::string_view target = context.request.target;
  if (target.empty() || target[0] != '/') return false;
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view()
                                            : query.substr(amp + 1);
      if (pair.empty()) continue;
      const size_t equals = pair.find('=');
      std::string key, value;
      if (!PercentDecode(pair.substr(0, equals), true, &key)) return false;
      if (equals != std::string_view::npos &&
          !PercentDecode(pair.substr(equals + 1), true, &value)) {
        return false;
      }
      context.query.emplace(std::move(key), std::move(value));
    }
  }
  context.path = std::string(path);
  std::string_view rest = path.substr(1);
  while (true) {
    const size_t slash = rest.find('/');
    std::string segment;
    if (!PercentDecode(rest.substr(0, slash), false, &segment)) return false;
    context.segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  if (!context.segments.empty() && context.segments.back().empty()) {
    context.segments.pop_back();  // a trailing slash
  }
  return true;
}

std::string QueryValue(const Api::Context& context, const std::string& key) {
  auto it = context.query.find(key);
  return it == context.query.end() ? std::string() : it->second;
}

// The value of cookie `name` in the Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semicolon = header.find(';');
    std::string_view pair = header.substr(0, semicolon);
    header = semicolon == std::string_view::npos ? std::string_view()
                                                 : header.substr(semicolon + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return "";
}

// The CSRF token that goes with a session token: cookie sessions must send
// it in X-CSRF-Token on every request that changes something. A page of
// another site can make the browser send the cookie, but cannot read the
// token (it is only in the login reply), nor compute it without the cookie.
std::string CsrfToken(std::string_view token) {
  unsigned char hash[32];
  static constexpr char kContext[] = "redline csrf";
  crypto_generichash(
      hash, sizeof hash, reinterpret_cast<const unsigned char*>(token.data()),
      token.size(), reinterpret_cast<const unsigned char*>(kContext),
      sizeof kContext - 1);
  return Hex(hash, sizeof hash);
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The request's body as a JSON object, or an error reply.
Result<Json> BodyObject(const HttpRequest& request) {
  const std::string_view type = request.Header("content-type");
  if (type.substr(0, 16) != "application/json") {
    return Status::Usage(
        "the body must be JSON (Content-Type: application/json)");
  }
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return Status::Usage("the body is not valid JSON");
  if (!body.is_object()) return Status::Usage("the body must be a JSON object");
  return body;
}

// Field `name` of `body` as a string: required, or "" when absent and not.
Result<std::string> StringField(const Json& body, const char* name,
                                bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::Usage(fmt::format("'{}' is missing", name));
    return std::string();
  }
  if (!it->is_string()) {
    return Status::Usage(fmt::format("'{}' must be a string", name));
  }
  std::string value = it->get<std::string>();
  Status utf8 = ValidateUtf8(value);
  if (!utf8.ok()) {
    return Status::Usage(fmt::format("'{}' is not valid UTF-8", name));
  }
  return value;
}

Result<bool> BoolField(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean()) {
    return Status::Usage(fmt::format("'{}' must be true or false", name));
  }
  return it->get<bool>();
}

Result<std::vector<std::string>> StringListField(const Json& body,
                                                 const char* name) {
  std::vector<std::string> out;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return Status::Usage(fmt::format("'{}' must be a list of strings", name));
  }
  for (const Json& item : *it) {
    if (!item.is_string()) {
      return Status::Usage(fmt::format("'{}' must be a list of strings", name));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Json PartyJson(const Party& party) {
  return {{"id", party.id},
          {"name", party.name},
          {"kind", PartyKindName(party.kind)}};
}

const Party* PartyById(const std::vector<Party>& parties, int64_t id) {
  for (const Party& party : parties) {
    if (party.id == id) return &party;
  }
  return nullptr;
}

std::string PartyName(const std::vector<Party>& parties, int64_t id) {
  const Party* party = PartyById(parties, id);
  return party == nullptr ? std::string() : party->name;
}

std::string VersionObject(int64_t negotiation, const std::string& id) {
  return fmt::format("negotiation/{}/version/{}", negotiation, id);
}

// What the viewer may see of one negotiation, loaded once per request.
struct Scope {
  Negotiation negotiation;
  Viewer viewer;
  std::vector<Party> parties;
};

// The viewer's party. Only members get this far (MaySeeNegotiation); a
// placeholder that matches nothing keeps the server safe should that rule
// ever let a non-member through.
const Party& PartyOf(const Scope& scope) {
  static const Party* const kNobody =
      new Party{-1, -1, "", PartyKind::kObserver};
  return scope.viewer.party.has_value() ? *scope.viewer.party : *kNobody;
}

bool IsFullId(const std::string& reference) {
  return reference.size() == 64 &&
         std::all_of(reference.begin(), reference.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Whether `version` is visible in the scope (one store lookup for a party).
Result<bool> Visible(Transaction& txn, const Scope& scope,
                     const Version& version) {
  bool shared = false;
  if (scope.viewer.party.has_value() &&
      scope.viewer.party->kind != PartyKind::kMediator &&
      version.author != scope.viewer.party->id) {
    Result<bool> result = txn.SharedWith(scope.negotiation.id, version.id,
                                         scope.viewer.party->id);
    if (!result.ok()) return result.status();
    shared = *result;
  }
  return MaySeeVersion(scope.viewer, version, shared);
}

// The versions of the negotiation the viewer may see, in order of import,
// without texts.
Result<std::vector<Version>> VisibleVersions(Transaction& txn,
                                             const Scope& scope) {
  Result<std::vector<Version>> all =
      txn.Versions(scope.negotiation.id, /*with_text=*/false);
  if (!all.ok()) return all.status();
  std::set<std::string> shared;
  if (scope.viewer.party.has_value()) {
    Result<std::vector<Share>> shares = txn.Shares(scope.negotiation.id);
    if (!shares.ok()) return shares.status();
    for (const Share& share : *shares) {
      if (share.party == scope.viewer.party->id) shared.insert(share.version);
    }
  }
  std::vector<Version> out;
  for (Version& version : *all) {
    if (MaySeeVersion(scope.viewer, version, shared.count(version.id) > 0)) {
      out.push_back(std::move(version));
    }
  }
  return out;
}

Status NoSuchVersion(const std::string& reference) {
  return Status::NotFound(
      fmt::format("no version '{}' in this negotiation", reference));
}

// Resolves a reference among the versions the viewer may see: a full id, an
// exact label, then a unique id prefix of at least 4 hex digits. Versions
// the viewer may not see are treated as absent, so the answer never tells
// them apart. The version comes with its text.
Result<Version> ResolveVisible(Transaction& txn, const Scope& scope,
                               const std::string& reference) {
  std::string id;
  // A version found among the visible ones needs no second look.
  bool known_visible = false;
  if (IsFullId(reference)) {
    id = reference;
  } else {
    Result<std::vector<Version>> visible = VisibleVersions(txn, scope);
    if (!visible.ok()) return visible.status();
    for (const Version& version : *visible) {
      if (version.label == reference) id = version.id;
    }
    if (id.empty() && reference.size() >= 4 && reference.size() < 64) {
      std::vector<std::string> matches;
      for (const Version& version : *visible) {
        if (version.id.compare(0, reference.size(), reference) == 0) {
          matches.push_back(version.id);
        }
      }
      if (matches.size() > 1) {
        return Status::NotFound(fmt::format(
            "'{}' is ambiguous: {} versions have ids starting so; give more "
            "digits",
            reference, matches.size()));
      }
      if (matches.size() == 1) id = matches[0];
    }
    if (id.empty()) return NoSuchVersion(reference);
    known_visible = true;
  }
  Result<std::optional<Version>> found =
      txn.FindVersion(scope.negotiation.id, id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NoSuchVersion(reference);
  if (!known_visible) {
    Result<bool> visible = Visible(txn, scope, **found);
    if (!visible.ok()) return visible.status();
    if (!*visible) return NoSuchVersion(reference);
  }
  return std::move(**found);
}

// The version as JSON, without its text; of its parents, only those in
// `visible` (ids of the versions the viewer may see) are listed.
Json VersionJson(const Scope& scope, const Version& version,
                 const std::set<std::string>& visible) {
  Json parents = Json::array();
  for (const std::string& parent : version.parents) {
    if (visible.count(parent) > 0) parents.push_back(parent);
  }
  return {{"id", version.id},
          {"label", version.label},
          {"author", PartyName(scope.parties, version.author)},
          {"parents", std::move(parents)},
          {"created_at", version.created_at},
          {"note", version.note},
          {"seq", version.seq}};
}

// The same for one version, looking up which of its parents (if it has
// any) the viewer may see.
Result<Json> VersionJson(Transaction& txn, const Scope& scope,
                         const Version& version) {
  std::set<std::string> visible;
  if (!version.parents.empty()) {
    Result<std::vector<Version>> versions = VisibleVersions(txn, scope);
    if (!versions.ok()) return versions.status();
    for (const Version& v : *versions) visible.insert(v.id);
  }
  return VersionJson(scope, version, visible);
}

Json StanceJson(const Scope& scope, const Stance& stance) {
  return {{"seq", stance.seq},
          {"version", stance.version},
          {"point", stance.point},
          {"party", PartyName(scope.parties, stance.party)},
          {"stance", StanceKindName(stance.stance)},
          {"note", stance.note},
          {"internal", stance.internal},
          {"author", stance.author},
          {"at", stance.at},
          {"inherited_from", stance.inherited_from}};
}

Json NegotiationJson(const Negotiation& negotiation, const Party& party) {
  return {{"id", negotiation.id},
          {"name", negotiation.name},
          {"created_at", negotiation.created_at},
          {"party", PartyJson(party)}};
}

}  // namespace

// The routes, with access to the Api's pool and audit queue.
struct ApiRoutes {
  ApiRoutes(Api& a, Api::Context& c) : api(a), context(c) {}
  Api& api;
  Api::Context& context;

  Transaction* txn = nullptr;  // inside Run
  std::optional<User> user;

  // Runs `work` in a transaction that first authenticates the request.
  // The reply is built inside; for a write, `audit` events are appended in
  // the same transaction when the reply succeeds.
  HttpResponse Run(
      bool write,
      const std::function<HttpResponse(std::vector<AuditEvent>*)>& work) {
    HttpResponse response;
    Status status = context.store->Transact(write, [&](Transaction& t) {
      txn = &t;
      Result<User> who = Authenticate(t, context.token, context.now);
      if (!who.ok()) {
        response = StatusResponse(who.status());
        return Status::Ok();
      }
      user = *who;
      context.user = who->name;
      std::vector<AuditEvent> events;
      response = work(&events);
      if (response.status >= 400) {
        // Nothing of a refused request is kept.
        return Status::Usage("refused");
      }
      if (write && !events.empty()) {
        return AppendAudit(t, api.options_.audit_key, events);
      }
      return Status::Ok();
    });
    txn = nullptr;
    if (!status.ok() && response.status < 400) return StatusResponse(status);
    return response;
  }

  AuditEvent Event(std::string action, std::string object,
                   std::string detail = "{}") const {
    AuditEvent event;
    event.at = context.now;
    event.user = context.user;
    event.action = std::move(action);
    event.object = std::move(object);
    event.detail = std::move(detail);
    return event;
  }

  // Loads the negotiation in segment 2 as the viewer sees it: kNotFound
  // when it does not exist or the user is not a member of it.
  Result<Scope> LoadScope() {
    const std::string& id_text = context.segments[2];
    int64_t id = 0;
    const bool digits = !id_text.empty() && id_text.size() <= 18 &&
                        std::all_of(id_text.begin(), id_text.end(), [](char c) {
                          return c >= '0' && c <= '9';
                        });
    const Status absent = Status::NotFound(
        fmt::format("no negotiation '{}'", id_text.substr(0, 80)));
    if (!digits) return absent;
    id = std::stoll(id_text);
    Scope scope;
    scope.viewer.user = user->name;
    scope.viewer.admin = user->admin;
    Result<std::vector<Membership>> memberships = txn->Memberships(user->id);
    if (!memberships.ok()) return memberships.status();
    std::optional<int64_t> party_id;
    for (const Membership& membership : *memberships) {
      if (membership.negotiation == id) party_id = membership.party;
    }
    Result<std::vector<Party>> parties = txn->Parties(id);
    if (!parties.ok()) return parties.status();
    scope.parties = std::move(*parties);
    if (party_id.has_value()) {
      const Party* party = PartyById(scope.parties, *party_id);
      if (party != nullptr) scope.viewer.party = *party;
    }
    if (!MaySeeNegotiation(scope.viewer)) return absent;
    Result<std::vector<Negotiation>> all = txn->Negotiations();
    if (!all.ok()) return all.status();
    for (const Negotiation& negotiation : *all) {
      if (negotiation.id == id) scope.negotiation = negotiation;
    }
    if (scope.negotiation.id != id) return absent;
    return scope;
  }

  // --- routes without a session ---

  HttpResponse PostLogin() {
    Result<Json> body = BodyObject(context.request);
    if (!body.ok()) return StatusResponse(body.status());
    Result<std::string> name = StringField(*body, "user", true);
    if (!name.ok()) return StatusResponse(name.status());
    Result<std::string> password = StringField(*body, "password", true);
    if (!password.ok()) return StatusResponse(password.status());
    HttpResponse response;
    Status status =
        context.store->Transact(true, [&](Transaction& t) -> Status {
          Result<LoginOutcome> outcome = redline::Login(
              t, *name, *password, context.now, api.options_.session_seconds);
          AuditEvent event;
          event.at = context.now;
          event.user = name->substr(0, 64);
          event.object = "user/" + event.user;
          if (!outcome.ok()) {
            response = StatusResponse(outcome.status());
            event.action = "login-failed";
            event.outcome = Outcome(response);
            // Committed: the failure counts towards throttling.
            return AppendAudit(t, api.options_.audit_key, {event});
          }
          event.action = "login";
          response =
              JsonResponse(200, {{"token", outcome->token},
                                 {"expires_at", outcome->expires_at},
                                 {"csrf_token", CsrfToken(outcome->token)},
                                 {"user", outcome->user.name}});
          response.headers.emplace_back(
              "Set-Cookie",
              fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; "
                          "Max-Age={}{}",
                          kCookieName, outcome->token,
                          api.options_.session_seconds,
                          api.options_.secure_cookie ? "; Secure" : ""));
          return AppendAudit(t, api.options_.audit_key, {event});
        });
    if (!status.ok()) return StatusResponse(status);
    return response;
  }

  HttpResponse PostLogout() {
    return Run(true, [&](std::vector<AuditEvent>* events) {
      Status status = redline::Logout(*txn, context.token);
      if (!status.ok()) return StatusResponse(status);
      events->push_back(Event("logout", "user/" + user->name));
      HttpResponse response;
      response.status = 204;
      response.headers.emplace_back(
          "Set-Cookie",
          fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
                      kCookieName));
      return response;
    });
  }

  // --- routes with a session ---

  HttpResponse Me() {
    return Run(false, [&](std::vector<AuditEvent>*) {
      Result<Json> memberships = MembershipsJson();
      if (!memberships.ok()) return StatusResponse(memberships.status());
      return JsonResponse(200, {{"user", user->name},
                                {"admin", user->admin},
                                {"negotiations", std::move(*memberships)}});
    });
  }

  // The negotiations the user is a member of, with their party.
  Result<Json> MembershipsJson() {
    Result<std::vector<Membership>> memberships = txn->Memberships(user->id);
    if (!memberships.ok()) return memberships.status();
    Result<std::vector<Negotiation>> all = txn->Negotiations();
    if (!all.ok()) return all.status();
    Json out = Json::array();
    for (const Negotiation& negotiation : *all) {
      for (const Membership& membership : *memberships) {
        if (membership.negotiation != negotiation.id) continue;
        Result<std::vector<Party>> parties = txn->Parties(negotiation.id);
        if (!parties.ok()) return parties.status();
        const Party* party = PartyById(*parties, membership.party);
        if (party == nullptr) continue;
        Viewer viewer{user->name, user->admin, *party};
        if (MaySeeNegotiation(viewer)) {
          out.push_back(NegotiationJson(negotiation, *party));
        }
      }
    }
    return out;
  }

  HttpResponse ListNegotiations() {
    return Run(false, [&](std::vector<AuditEvent>*) {
      Result<Json> list = MembershipsJson();
      if (!list.ok()) return StatusResponse(list.status());
      return JsonResponse(200, {{"negotiations", std::move(*list)}});
    });
  }

  HttpResponse CreateNegotiation() {
    return Run(true, [&](std::vector<AuditEvent>* events) {
      const Result<Json> body = BodyObject(context.request);
      if (!body.ok()) return StatusResponse(body.status());
      Result<std::string> name = StringField(*body, "name", true);
      if (!name.ok()) return StatusResponse(name.status());
      Result<std::string> mediator = StringField(*body, "mediator", true);
      if (!mediator.ok()) return StatusResponse(mediator.status());
      if (name->empty() || mediator->empty()) {
        return ErrorResponse(400, "bad_request",
                             "'name' and 'mediator' must not be empty");
      }
      Viewer viewer{user->name, user->admin, std::nullopt};
      if (!MayCreateNegotiation(viewer)) {
        return ErrorResponse(403, "forbidden",
                             "only administrators create negotiations");
      }
      Result<std::vector<Negotiation>> all = txn->Negotiations();
      if (!all.ok()) return StatusResponse(all.status());
      for (const Negotiation& negotiation : *all) {
        if (negotiation.name == *name) {
          return ErrorResponse(
              409, "conflict",
              fmt::format("a negotiation named '{}' exists", *name));
        }
      }
      Negotiation negotiation{0, *name, context.now};
      Result<int64_t> id = txn->AddNegotiation(negotiation);
      if (!id.ok()) return StatusResponse(id.status());
      negotiation.id = *id;
      Party party{0, *id, *mediator, PartyKind::kMediator};
      Result<int64_t> party_id = txn->AddParty(party);
      if (!party_id.ok()) return StatusResponse(party_id.status());
      party.id = *party_id;
      Status grant = txn->SetMembership({user->id, *id, *party_id});
      if (!grant.ok()) return StatusResponse(grant);
      events->push_back(
          Event("create-negotiation", fmt::format("negotiation/{}", *id),
                Json({{"name", *name}, {"mediator", *mediator}}).dump()));
      return JsonResponse(201, NegotiationJson(negotiation, party));
    });
  }

  // Runs a route on one negotiation: loads the scope, answers 404 when the
  // user may not see it.
  HttpResponse InNegotiation(
      bool write,
      const std::function<HttpResponse(Scope&, std::vector<AuditEvent>*)>&
          work) {
    return Run(write, [&](std::vector<AuditEvent>* events) {
      Result<Scope> scope = LoadScope();
      if (!scope.ok()) return StatusResponse(scope.status());
      return work(*scope, events);
    });
  }

  HttpResponse GetNegotiation() {
    return InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
      return JsonResponse(200,
                          NegotiationJson(scope.negotiation, PartyOf(scope)));
    });
  }

  HttpResponse ListParties() {
    return InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
      Json list = Json::array();
      for (const Party& party : scope.parties) list.push_back(PartyJson(party));
      return JsonResponse(200, {{"parties", std::move(list)}});
    });
  }

  HttpResponse PostParty(const Result<Json>& parsed) {
    return InNegotiation(true, [&](Scope& scope,
                                   std::vector<AuditEvent>* events) {
      if (!parsed.ok()) return StatusResponse(parsed.status());
      const Json& body = *parsed;
      Result<std::string> name = StringField(body, "name", true);
      if (!name.ok()) return StatusResponse(name.status());
      Result<std::string> kind_name = StringField(body, "kind", false);
      if (!kind_name.ok()) return StatusResponse(kind_name.status());
      Result<PartyKind> kind =
          ParsePartyKind(kind_name->empty() ? "party" : *kind_name);
      if (!kind.ok()) return StatusResponse(kind.status());
      if (name->empty() || name->size() > 200) {
        return ErrorResponse(400, "bad_request",
                             "a party's name has 1 to 200 bytes");
      }
      if (!MayManageParties(scope.viewer)) {
        return ErrorResponse(403, "forbidden",
                             "only the mediator adds parties");
      }
      for (const Party& party : scope.parties) {
        if (party.name == *name) {
          return ErrorResponse(409, "conflict",
                               fmt::format("a party named '{}' exists", *name));
        }
      }
      Party party{0, scope.negotiation.id, *name, *kind};
      Result<int64_t> id = txn->AddParty(party);
      if (!id.ok()) return StatusResponse(id.status());
      party.id = *id;
      events->push_back(Event(
          "add-party",
          fmt::format("negotiation/{}/party/{}", scope.negotiation.id, *id),
          Json({{"name", *name}, {"kind", PartyKindName(*kind)}}).dump()));
      return JsonResponse(201, PartyJson(party));
    });
  }

  HttpResponse ListVersions() {
    return InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
      Result<std::vector<Version>> visible = VisibleVersions(*txn, scope);
      if (!visible.ok()) return StatusResponse(visible.status());
      std::set<std::string> ids;
      for (const Version& version : *visible) ids.insert(version.id);
      Json list = Json::array();
      for (const Version& version : *visible) {
        list.push_back(VersionJson(scope, version, ids));
      }
      return JsonResponse(200, {{"versions", std::move(list)}});
    });
  }

  HttpResponse PostVersion(const Result<Json>& parsed) {
    return InNegotiation(true, [&](Scope& scope,
                                   std::vector<AuditEvent>* events) {
      if (!parsed.ok()) return StatusResponse(parsed.status());
      const Json& body = *parsed;
      Result<std::string> text = StringField(body, "text", true);
      if (!text.ok()) return StatusResponse(text.status());
      Result<std::string> label = StringField(body, "label", true);
      if (!label.ok()) return StatusResponse(label.status());
      Result<std::string> note = StringField(body, "note", false);
      if (!note.ok()) return StatusResponse(note.status());
      Result<std::vector<std::string>> parents =
          StringListField(body, "parents");
      if (!parents.ok()) return StatusResponse(parents.status());
      if (label->empty() || label->size() > 200) {
        return ErrorResponse(400, "bad_request",
                             "a version's label has 1 to 200 bytes");
      }
      Status checked = CheckText(*text, TextLimits());
      if (!checked.ok()) return StatusResponse(checked);
      if (!MayImport(scope.viewer)) {
        return ErrorResponse(403, "forbidden", "observers import no versions");
      }
      ImportRequest request;
      for (const std::string& parent : *parents) {
        Result<Version> version = ResolveVisible(*txn, scope, parent);
        if (!version.ok()) return StatusResponse(version.status());
        request.parents.push_back(version->id);
      }
      // The same text stored already: it is the caller's version if they
      // may see it; otherwise nothing about it is told but the conflict.
      const std::string id = VersionId(*text);
      Result<std::optional<Version>> existing =
          txn->FindVersion(scope.negotiation.id, id);
      if (!existing.ok()) return StatusResponse(existing.status());
      if (existing->has_value()) {
        Result<bool> visible = Visible(*txn, scope, **existing);
        if (!visible.ok()) return StatusResponse(visible.status());
        if (!*visible) {
          return ErrorResponse(409, "conflict",
                               "this text is already stored in the "
                               "negotiation");
        }
        Result<Json> json = VersionJson(*txn, scope, **existing);
        if (!json.ok()) return StatusResponse(json.status());
        return JsonResponse(200, {{"version", std::move(*json)},
                                  {"existed", true},
                                  {"carried_forward", 0}});
      }
      Result<std::vector<Version>> all =
          txn->Versions(scope.negotiation.id, false);
      if (!all.ok()) return StatusResponse(all.status());
      for (const Version& version : *all) {
        if (version.label == *label) {
          return ErrorResponse(409, "conflict",
                               fmt::format("the label '{}' is in use", *label));
        }
      }
      request.text = *text;
      request.label = *label;
      request.by = PartyOf(scope).name;
      request.note = *note;
      request.at = context.now;
      Result<ImportOutcome> outcome =
          redline::ImportVersion(*txn, scope.negotiation.id, request);
      if (!outcome.ok()) return StatusResponse(outcome.status());
      events->push_back(Event(
          "import", VersionObject(scope.negotiation.id, outcome->version.id),
          Json({{"label", *label},
                {"by", request.by},
                {"carried_forward", outcome->carried_forward}})
              .dump()));
      Result<Json> json = VersionJson(*txn, scope, outcome->version);
      if (!json.ok()) return StatusResponse(json.status());
      // Only the carried stances the importer may see are counted: the
      // number would otherwise tell of other parties' (internal) stances.
      Result<std::vector<Stance>> carried =
          txn->Stances(scope.negotiation.id, outcome->version.id);
      if (!carried.ok()) return StatusResponse(carried.status());
      const auto visible = std::count_if(
          carried->begin(), carried->end(), [&](const Stance& stance) {
            return MaySeeStance(scope.viewer, stance);
          });
      return JsonResponse(201, {{"version", std::move(*json)},
                                {"existed", false},
                                {"carried_forward", visible}});
    });
  }

  HttpResponse GetVersion(const std::string& reference) {
    bool first_opening = false;
    std::string version_id;
    int64_t negotiation = 0;
    int64_t party = 0;
    HttpResponse response =
        InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
          Result<Version> version = ResolveVisible(*txn, scope, reference);
          if (!version.ok()) return StatusResponse(version.status());
          Result<bool> opened = txn->Opened(scope.negotiation.id, version->id,
                                            PartyOf(scope).id, user->name);
          if (!opened.ok()) return StatusResponse(opened.status());
          first_opening = !*opened;
          version_id = version->id;
          negotiation = scope.negotiation.id;
          party = PartyOf(scope).id;
          Result<Json> json = VersionJson(*txn, scope, *version);
          if (!json.ok()) return StatusResponse(json.status());
          // The text, often the bulk of the reply, escaped by the fast
          // writer rather than through a JSON tree.
          HttpResponse reply = JsonResponse(200, *json);
          reply.body.pop_back();  // the closing brace
          reply.body += ",\"text\":";
          AppendJsonString(version->text, &reply.body);
          reply.body += '}';
          return reply;
        });
    if (response.status != 200) return response;
    AuditEvent read =
        Event("read-version", VersionObject(negotiation, version_id));
    if (!first_opening) {
      context.reads.push_back(std::move(read));
      return response;
    }
    // The first opening by this member goes into the ledger, with its audit
    // entry, before the text leaves the server.
    Status status = context.store->Transact(true, [&](Transaction& t) {
      Result<bool> opened =
          t.Opened(negotiation, version_id, party, user->name);
      if (!opened.ok()) return opened.status();
      if (*opened) return AppendAudit(t, api.options_.audit_key, {read});
      Opening opening;
      opening.negotiation = negotiation;
      opening.version = version_id;
      opening.party = party;
      opening.member = user->name;
      opening.at = context.now;
      Status added = t.AddOpening(opening);
      if (!added.ok()) return added;
      read.detail = R"({"first_opening":true})";
      return AppendAudit(t, api.options_.audit_key, {read});
    });
    if (!status.ok()) return StatusResponse(status);
    return response;
  }

  HttpResponse ListStances(const std::string& reference) {
    return InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
      Result<Version> version = ResolveVisible(*txn, scope, reference);
      if (!version.ok()) return StatusResponse(version.status());
      Result<std::vector<Stance>> stances =
          txn->Stances(scope.negotiation.id, version->id);
      if (!stances.ok()) return StatusResponse(stances.status());
      Json list = Json::array();
      for (const Stance& stance : *stances) {
        if (MaySeeStance(scope.viewer, stance)) {
          list.push_back(StanceJson(scope, stance));
        }
      }
      return JsonResponse(200, {{"stances", std::move(list)}});
    });
  }

  HttpResponse PostStance(const std::string& reference,
                          const Result<Json>& parsed) {
    return InNegotiation(
        true, [&](Scope& scope, std::vector<AuditEvent>* events) {
          if (!parsed.ok()) return StatusResponse(parsed.status());
          const Json& body = *parsed;
          Result<std::string> point = StringField(body, "point", true);
          if (!point.ok()) return StatusResponse(point.status());
          Result<std::string> stance_name = StringField(body, "stance", true);
          if (!stance_name.ok()) return StatusResponse(stance_name.status());
          Result<StanceKind> kind = ParseStanceKind(*stance_name);
          if (!kind.ok()) return StatusResponse(kind.status());
          Result<std::string> note = StringField(body, "note", false);
          if (!note.ok()) return StatusResponse(note.status());
          Result<bool> internal = BoolField(body, "internal");
          if (!internal.ok()) return StatusResponse(internal.status());
          Result<Version> version = ResolveVisible(*txn, scope, reference);
          if (!version.ok()) return StatusResponse(version.status());
          if (!MaySetStance(scope.viewer)) {
            return ErrorResponse(403, "forbidden", "observers take no stances");
          }
          StanceRequest request;
          request.version = version->id;
          request.point = *point;
          request.party = PartyOf(scope).name;
          request.stance = *kind;
          request.note = *note;
          request.internal = *internal;
          request.author = user->name;
          request.at = context.now;
          Result<Stance> stance =
              redline::SetStance(*txn, scope.negotiation.id, request);
          if (!stance.ok()) return StatusResponse(stance.status());
          events->push_back(Event(
              "set-stance", VersionObject(scope.negotiation.id, version->id),
              Json({{"point", *point},
                    {"party", request.party},
                    {"stance", StanceKindName(*kind)},
                    {"internal", *internal}})
                  .dump()));
          return JsonResponse(201, StanceJson(scope, *stance));
        });
  }

  HttpResponse GetStatus(const std::string& reference) {
    return InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
      Result<Version> version = ResolveVisible(*txn, scope, reference);
      if (!version.ok()) return StatusResponse(version.status());
      if (!MaySeeStatus(scope.viewer)) {
        return ErrorResponse(403, "forbidden", "observers see no stances");
      }
      StatusFilter filter;
      const Viewer& viewer = scope.viewer;
      const Party& own = PartyOf(scope);
      filter.column = [&own](const Party& party) {
        return own.kind == PartyKind::kMediator || party.id == own.id;
      };
      filter.stance = [&viewer](const Stance& stance) {
        return MaySeeStance(viewer, stance);
      };
      Result<StatusTable> table =
          VersionStatus(*txn, scope.negotiation.id, version->id, filter);
      if (!table.ok()) return StatusResponse(table.status());
      Json parties = Json::array();
      for (const Party& party : table->parties) parties.push_back(party.name);
      Json rows = Json::array();
      for (size_t p = 0; p < table->points.size(); ++p) {
        Json cells = Json::array();
        for (const std::optional<Stance>& cell : table->cells[p]) {
          cells.push_back(cell.has_value() ? StanceJson(scope, *cell)
                                           : Json(nullptr));
        }
        rows.push_back({{"point", table->points[p]}, {"stances", cells}});
      }
      return JsonResponse(200, {{"version", version->id},
                                {"parties", std::move(parties)},
                                {"points", std::move(rows)},
                                {"counts",
                                 {{"agreed_by_all", table->agreed_by_all},
                                  {"disputed", table->disputed},
                                  {"red_lines", table->red_lines},
                                  {"open", table->open}}}});
    });
  }

  HttpResponse PostShare(const std::string& reference,
                         const Result<Json>& parsed) {
    return InNegotiation(
        true, [&](Scope& scope, std::vector<AuditEvent>* events) {
          if (!parsed.ok()) return StatusResponse(parsed.status());
          const Json& body = *parsed;
          Result<std::string> party_name = StringField(body, "party", true);
          if (!party_name.ok()) return StatusResponse(party_name.status());
          Result<std::string> channel = StringField(body, "channel", false);
          if (!channel.ok()) return StatusResponse(channel.status());
          if (channel->empty()) *channel = "server";
          Result<Version> version = ResolveVisible(*txn, scope, reference);
          if (!version.ok()) return StatusResponse(version.status());
          if (!MayShare(scope.viewer)) {
            return ErrorResponse(403, "forbidden",
                                 "only the mediator shares versions");
          }
          Result<redline::Share> share =
              ShareVersion(*txn, scope.negotiation.id, version->id, *party_name,
                           user->name, *channel, context.now);
          if (!share.ok()) return StatusResponse(share.status());
          events->push_back(Event(
              "share", VersionObject(scope.negotiation.id, version->id),
              Json({{"party", *party_name}, {"channel", *channel}}).dump()));
          return JsonResponse(201, ShareJson(scope, *share));
        });
  }

  static Json ShareJson(const Scope& scope, const redline::Share& share) {
    return {{"seq", share.seq},
            {"version", share.version},
            {"party", PartyName(scope.parties, share.party)},
            {"at", share.at},
            {"by", share.by},
            {"channel", share.channel}};
  }

  // Whether a party has seen the version or one derived from it: the
  // mediator may ask about any party, a member about their own.
  HttpResponse GetSeen(const std::string& reference) {
    return InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
      Result<Version> version = ResolveVisible(*txn, scope, reference);
      if (!version.ok()) return StatusResponse(version.status());
      std::string party_name = QueryValue(context, "party");
      if (party_name.empty()) party_name = PartyOf(scope).name;
      const Party* party = nullptr;
      for (const Party& candidate : scope.parties) {
        if (candidate.name == party_name) party = &candidate;
      }
      if (party == nullptr) {
        return ErrorResponse(404, "not_found",
                             fmt::format("no party '{}'", party_name));
      }
      if (!MaySeeLedgerEntry(scope.viewer, party->id)) {
        return ErrorResponse(403, "forbidden",
                             "only the mediator asks about other parties");
      }
      Result<std::optional<SeenEvidence>> seen =
          Seen(*txn, scope.negotiation.id, party->name, version->id);
      if (!seen.ok()) return StatusResponse(seen.status());
      Json evidence = nullptr;
      if (seen->has_value()) {
        evidence = {{"version", (*seen)->version},
                    {"at", (*seen)->at},
                    {"channel", (*seen)->channel}};
      }
      return JsonResponse(200, {{"party", party->name},
                                {"version", version->id},
                                {"seen", seen->has_value()},
                                {"evidence", std::move(evidence)}});
    });
  }

  HttpResponse Ledger() {
    return InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
      Result<std::vector<redline::Share>> shares =
          txn->Shares(scope.negotiation.id);
      if (!shares.ok()) return StatusResponse(shares.status());
      Result<std::vector<Opening>> openings =
          txn->Openings(scope.negotiation.id);
      if (!openings.ok()) return StatusResponse(openings.status());
      Json share_list = Json::array();
      for (const redline::Share& share : *shares) {
        if (MaySeeLedgerEntry(scope.viewer, share.party)) {
          share_list.push_back(ShareJson(scope, share));
        }
      }
      Json opening_list = Json::array();
      for (const Opening& opening : *openings) {
        if (MaySeeLedgerEntry(scope.viewer, opening.party)) {
          opening_list.push_back(
              {{"seq", opening.seq},
               {"version", opening.version},
               {"party", PartyName(scope.parties, opening.party)},
               {"member", opening.member},
               {"at", opening.at}});
        }
      }
      return JsonResponse(200, {{"shares", std::move(share_list)},
                                {"openings", std::move(opening_list)}});
    });
  }

  // diff, align and synopsis of stored versions the viewer may see.
  HttpResponse GetComparison(const std::string& what) {
    std::string format = QueryValue(context, "format");
    if (format.empty()) format = "json";
    if (format != "json" && format != "html" && format != "text" &&
        format != "md") {
      return ErrorResponse(400, "bad_request",
                           "format must be json, html, text or md");
    }
    std::vector<std::string> references;
    if (what == "synopsis") {
      std::string list = QueryValue(context, "versions");
      size_t start = 0;
      while (start <= list.size() && !list.empty()) {
        const size_t comma = list.find(',', start);
        references.push_back(list.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (references.size() < 2 ||
          references.size() > static_cast<size_t>(kMaxSynopsisVersions)) {
        return ErrorResponse(
            400, "bad_request",
            fmt::format(
                "'versions' lists 2 to {} versions, separated by commas",
                kMaxSynopsisVersions));
      }
    } else {
      references = {QueryValue(context, "old"), QueryValue(context, "new")};
      if (references[0].empty() || references[1].empty()) {
        return ErrorResponse(400, "bad_request",
                             "'old' and 'new' name the versions to compare");
      }
    }
    int64_t negotiation = 0;
    std::vector<Version> versions;
    HttpResponse response =
        InNegotiation(false, [&](Scope& scope, std::vector<AuditEvent>*) {
          negotiation = scope.negotiation.id;
          for (const std::string& reference : references) {
            Result<Version> version = ResolveVisible(*txn, scope, reference);
            if (!version.ok()) return StatusResponse(version.status());
            versions.push_back(std::move(*version));
          }
          return HttpResponse();
        });
    if (response.status != 200) return response;
    for (const Version& version : versions) {
      context.reads.push_back(Event("read-version",
                                    VersionObject(negotiation, version.id),
                                    Json({{"via", what}}).dump()));
    }
    std::ostringstream out;
    DiffRenderOptions render;
    if (what == "diff") {
      DiffOptions options;
      options.ignore_case = QueryValue(context, "ignore_case") == "true";
      options.ignore_punctuation =
          QueryValue(context, "ignore_punctuation") == "true";
      options.ignore_whitespace =
          QueryValue(context, "ignore_whitespace") == "true";
      options.ignore_renumbering =
          QueryValue(context, "ignore_renumbering") == "true";
      options.moves = QueryValue(context, "moves") != "false";
      const Redline redline =
          redline::Compare(versions[0].text, versions[1].text, options);
      DiffInput input;
      input.old_text = versions[0].text;
      input.new_text = versions[1].text;
      input.old_label = versions[0].label;
      input.new_label = versions[1].label;
      if (format == "json") WriteDiffJson(input, redline, out);
      if (format == "html") WriteDiffHtml(input, redline, out);
      if (format == "md") WriteDiffMarkdown(input, redline, render, out);
      if (format == "text") WriteDiffText(input, redline, render, out);
    } else {
      std::vector<Document> docs;
      docs.reserve(versions.size());
      std::vector<VersionText> texts;
      for (const Version& version : versions) {
        docs.push_back(ParsePoints(version.text));
      }
      for (size_t i = 0; i < versions.size(); ++i) {
        texts.push_back({versions[i].label, versions[i].text, &docs[i]});
      }
      if (what == "align") {
        const Alignment alignment =
            AlignPoints(texts[0].text, docs[0], texts[1].text, docs[1]);
        if (format == "json")
          WriteAlignJson(texts[0], texts[1], alignment, out);
        if (format == "html")
          WriteAlignHtml(texts[0], texts[1], alignment, out);
        if (format == "md") {
          WriteAlignMarkdown(texts[0], texts[1], alignment, out);
        }
        if (format == "text") {
          WriteAlignText(texts[0], texts[1], alignment, render, out);
        }
      } else {
        int base = 0;
        const std::string base_reference = QueryValue(context, "base");
        if (!base_reference.empty()) {
          base = -1;
          for (size_t i = 0; i < references.size(); ++i) {
            if (references[i] == base_reference) base = static_cast<int>(i);
          }
          if (base < 0) {
            return ErrorResponse(400, "bad_request",
                                 "'base' must be one of 'versions'");
          }
        }
        const Synopsis synopsis = BuildSynopsis(texts, base);
        if (format == "json") WriteSynopsisJson(texts, synopsis, out);
        if (format == "html") WriteSynopsisHtml(texts, synopsis, out);
        if (format == "md") WriteSynopsisMarkdown(texts, synopsis, out);
        if (format == "text") WriteSynopsisText(texts, synopsis, render, out);
      }
    }
    HttpResponse reply;
    reply.body = std::move(out).str();
    if (format == "html") reply.content_type = "text/html; charset=utf-8";
    if (format == "md") reply.content_type = "text/markdown; charset=utf-8";
    if (format == "text") reply.content_type = "text/plain; charset=utf-8";
    return reply;
  }
};

namespace {

bool IsUnsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

// A store connection borrowed from the pool for one request.
class Api::Lease {
 public:
  explicit Lease(Api& api) : api_(api) {}
  ~Lease() {
    if (store_ != nullptr) api_.Release(std::move(store_));
  }
  Status Take() {
    Result<std::unique_ptr<Store>> store = api_.Acquire();
    if (!store.ok()) return store.status();
    store_ = std::move(*store);
    return Status::Ok();
  }
  Store* get() const { return store_.get(); }

 private:
  Api& api_;
  std::unique_ptr<Store> store_;
};

Api::Api(const ApiOptions& options) : options_(options) {}

Result<std::unique_ptr<Api>> Api::Create(const ApiOptions& options) {
  if (!SodiumReady()) return Status::Internal("libsodium failed to start");
  std::unique_ptr<Api> api(new Api(options));
  Result<std::unique_ptr<Store>> store = api->Acquire();
  if (!store.ok()) return store.status();
  api->Release(std::move(*store));
  api->audit_writer_ = std::thread([raw = api.get()] { raw->AuditWriter(); });
  return api;
}

Api::~Api() {
  {
    std::lock_guard<std::mutex> lock(audit_mutex_);
    stopping_ = true;
  }
  audit_wake_.notify_all();
  if (audit_writer_.joinable()) audit_writer_.join();
  Status status = FlushAudit();
  if (!status.ok()) {
    std::cerr << "redline serve: audit entries lost at exit: "
              << status.message() << '\n';
  }
}

Result<std::unique_ptr<Store>> Api::Acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!pool_.empty()) {
      std::unique_ptr<Store> store = std::move(pool_.back());
      pool_.pop_back();
      return store;
    }
  }
  return OpenStore(options_.store, StoreOptions());
}

void Api::Release(std::unique_ptr<Store> store) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  pool_.push_back(std::move(store));
}

void Api::Enqueue(AuditEvent event) {
  std::lock_guard<std::mutex> lock(audit_mutex_);
  audit_queue_.push_back(std::move(event));
}

void Api::AuditWriter() {
  std::unique_lock<std::mutex> lock(audit_mutex_);
  while (!stopping_) {
    audit_wake_.wait_for(lock,
                         std::chrono::milliseconds(options_.audit_flush_ms));
    if (stopping_) break;
    if (audit_queue_.empty()) continue;
    lock.unlock();
    Status status = FlushAudit();
    if (!status.ok()) {
      std::cerr << "redline serve: cannot write audit entries (will retry): "
                << status.message() << '\n';
    }
    lock.lock();
  }
}

Status Api::FlushAudit() {
  std::vector<AuditEvent> events;
  {
    std::lock_guard<std::mutex> lock(audit_mutex_);
    events.swap(audit_queue_);
  }
  if (events.empty()) return Status::Ok();
  Lease lease(*this);
  Status status = lease.Take();
  if (status.ok()) {
    status = lease.get()->Transact(true, [&](Transaction& txn) {
      return AppendAudit(txn, options_.audit_key, events);
    });
  }
  if (!status.ok()) {
    // Put them back in front of newer ones, to be retried.
    std::lock_guard<std::mutex> lock(audit_mutex_);
    events.insert(events.end(), std::make_move_iterator(audit_queue_.begin()),
                  std::make_move_iterator(audit_queue_.end()));
    audit_queue_.swap(events);
  }
  return status;
}

HttpResponse Api::Handle(const HttpRequest& request) {
  Context context(request);
  context.now = UtcNow();
  if (!ParseTarget(context)) {
    return ErrorResponse(400, "bad_request", "malformed request target");
  }
  const std::string_view authorization = request.Header("authorization");
  if (authorization.substr(0, 7) == "Bearer ") {
    context.token = std::string(authorization.substr(7));
  } else {
    context.token = CookieValue(request.Header("cookie"), kCookieName);
    context.token_from_cookie = !context.token.empty();
  }
  HttpResponse response;
  if (context.token_from_cookie && IsUnsafe(request.method) &&
      !ConstantTimeEqual(std::string(request.Header(kCsrfHeader)),
                         CsrfToken(context.token))) {
    response = ErrorResponse(
        403, "csrf",
        "a request with the session cookie must carry X-CSRF-Token");
  } else {
    Lease lease(*this);
    Status status = lease.Take();
    if (!status.ok()) return StatusResponse(status);
    context.store = lease.get();
    response = Route(context);
  }
  // Refusals of data routes are audited (grouped, like reads).
  if ((response.status == 401 || response.status == 403 ||
       response.status == 404) &&
      context.segments.size() >= 2 && context.segments[0] == "api" &&
      context.segments[1] != "openapi.json") {
    AuditEvent denied;
    denied.at = context.now;
    denied.user = context.user;
    denied.action = "denied";
    denied.object = request.method + " " + context.path.substr(0, 300);
    denied.outcome = Outcome(response);
    context.reads.push_back(std::move(denied));
  }
  for (AuditEvent& event : context.reads) Enqueue(std::move(event));
  return response;
}

HttpResponse Api::Route(Context& context) {
  const std::vector<std::string>& s = context.segments;
  const std::string& method = context.request.method;
  const bool get = method == "GET" || method == "HEAD";
  const bool post = method == "POST";
  ApiRoutes routes(*this, context);
  auto not_allowed = [] {
    return ErrorResponse(405, "method_not_allowed",
                         "this route does not take that method");
  };
  auto unknown = [&] {
    return ErrorResponse(404, "not_found", "no such route");
  };
  if (s.size() < 2 || s[0] != "api") return unknown();
  if (s.size() == 2) {
    if (s[1] == "openapi.json") {
      if (!get) return not_allowed();
      HttpResponse response;
      response.body = OpenApiDocument();
      return response;
    }
    if (s[1] == "login") return post ? routes.PostLogin() : not_allowed();
    if (s[1] == "logout") return post ? routes.PostLogout() : not_allowed();
    if (s[1] == "me") return get ? routes.Me() : not_allowed();
    if (s[1] == "negotiations") {
      if (get) return routes.ListNegotiations();
      if (post) return routes.CreateNegotiation();
      return not_allowed();
    }
    return unknown();
  }
  if (s[1] != "negotiations") return unknown();
  // The body is parsed here but judged inside the handlers, after the
  // session and the access checks: a request without a session is 401
  // whatever its body.
  auto with_body = [&](auto&& handler) -> HttpResponse {
    return handler(BodyObject(context.request));
  };
  if (s.size() == 3) {
    return get ? routes.GetNegotiation() : not_allowed();
  }
  const std::string& what = s[3];
  if (s.size() == 4) {
    if (what == "parties") {
      if (get) return routes.ListParties();
      if (post) {
        return with_body(
            [&](const Result<Json>& body) { return routes.PostParty(body); });
      }
      return not_allowed();
    }
    if (what == "versions") {
      if (get) return routes.ListVersions();
      if (post) {
        return with_body(
            [&](const Result<Json>& body) { return routes.PostVersion(body); });
      }
      return not_allowed();
    }
    if (what == "ledger") return get ? routes.Ledger() : not_allowed();
    if (what == "diff" || what == "align" || what == "synopsis") {
      return get ? routes.GetComparison(what) : not_allowed();
    }
    return unknown();
  }
  if (what != "versions") return unknown();
  const std::string& reference = s[4];
  if (s.size() == 5) return get ? routes.GetVersion(reference) : not_allowed();
  if (s.size() == 6) {
    if (s[5] == "stances") {
      if (get) return routes.ListStances(reference);
      if (post) {
        return with_body([&](const Result<Json>& body) {
          return routes.PostStance(reference, body);
        });
      }
      return not_allowed();
    }
    if (s[5] == "status") {
      return get ? routes.GetStatus(reference) : not_allowed();
    }
    if (s[5] == "seen") return get ? routes.GetSeen(reference) : not_allowed();
    if (s[5] == "shares") {
      if (post) {
        return with_body([&](const Result<Json>& body) {
          return routes.PostShare(reference, body);
        });
      }
      return not_allowed();
    }
  }
  return unknown();
}

}  // namespace redline
