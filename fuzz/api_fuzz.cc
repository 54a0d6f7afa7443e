// Fuzzes the server's API behind HTTP: requests with arbitrary methods,
// targets, session headers and bodies go to the routes of a real SQLite
// store holding a negotiation, parties, versions and one session per kind
// of member. Every reply must be a status from 200 to 599, and every error
// the JSON Error object; nothing may crash. The input's lines: the method,
// the target, the session to use (m, p, o or none; 'c' first for the
// cookie, without CSRF token), then the body.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "redline/accounts.h"
#include "redline/audit.h"
#include "redline/record.h"
#include "redline/store.h"
#include "server/api.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// Tokens of sessions made directly in the store (logging in would spend
// argon2's 19 MiB on every input).
constexpr char kMediatorToken[] = "mediator-session-token-for-the-fuzzer-0001";
constexpr char kPartyToken[] = "party-session-token-for-the-fuzzer-000002";
constexpr char kObserverToken[] = "observer-session-token-for-the-fuzzer-03";

redline::Api* MakeApi() {
  using namespace redline;
  char pattern[] = "/tmp/redline_api_fuzz_XXXXXX";
  Check(mkdtemp(pattern) != nullptr);
  const std::string dir = pattern;
  const std::string db = dir + "/redline.db";
  StoreOptions options;
  options.create = true;
  Result<std::unique_ptr<Store>> store = OpenStore(db, options);
  Check(store.ok());
  const Status made = (*store)->Transact(true, [](Transaction& txn) {
    Result<int64_t> n =
        txn.AddNegotiation({0, "Fuzz talks", "2026-01-01T00:00:00Z"});
    if (!n.ok()) return n.status();
    struct Member {
      const char* party;
      PartyKind kind;
      const char* user;
      const char* token;
    };
    for (const Member& member :
         {Member{"Mediator", PartyKind::kMediator, "mara", kMediatorToken},
          Member{"Norland", PartyKind::kParty, "nils", kPartyToken},
          Member{"Mission", PartyKind::kObserver, "otto", kObserverToken}}) {
      Result<int64_t> party = txn.AddParty({0, *n, member.party, member.kind});
      if (!party.ok()) return party.status();
      User user;
      user.name = member.user;
      user.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$unused";
      user.created_at = "2026-01-01T00:00:00Z";
      Result<int64_t> id = txn.AddUser(user);
      if (!id.ok()) return id.status();
      Status status = txn.SetMembership({*id, *n, *party});
      if (!status.ok()) return status;
      status = txn.AddSession({TokenHash(member.token), *id,
                               "2026-01-01T00:00:00Z", "9999-01-01T00:00:00Z"});
      if (!status.ok()) return status;
    }
    ImportRequest draft;
    draft.text = "Fuzz plan\n1. A ceasefire.\n2. An exchange of prisoners.\n";
    draft.label = "draft";
    draft.by = "Mediator";
    draft.at = "2026-01-01T00:00:00Z";
    Result<ImportOutcome> imported = ImportVersion(txn, *n, draft);
    if (!imported.ok()) return imported.status();
    return ShareVersion(txn, *n, "draft", "Norland", "mara", "e-mail",
                        "2026-01-01T00:00:00Z")
        .status();
  });
  Check(made.ok());
  Result<AuditKey> key = LoadAuditKey(dir + "/audit.key", /*create=*/true);
  Check(key.ok());
  ApiOptions api_options;
  api_options.store = db;
  api_options.audit_key = *key;
  Result<std::unique_ptr<Api>> api = Api::Create(api_options);
  Check(api.ok());
  return api->release();  // lives as long as the fuzzer
}

std::string_view NextLine(std::string_view* input) {
  const size_t end = input->find('\n');
  const std::string_view line = input->substr(0, end);
  *input = end == std::string_view::npos ? std::string_view()
                                         : input->substr(end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static redline::Api* const api = MakeApi();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  redline::HttpRequest request;
  request.method = std::string(NextLine(&input));
  request.target = std::string(NextLine(&input));
  std::string_view session = NextLine(&input);
  request.body = std::string(input);
  request.remote = "127.0.0.1";
  const bool cookie = !session.empty() && session[0] == 'c';
  if (cookie) session.remove_prefix(1);
  const char* token = session == "m"   ? kMediatorToken
                      : session == "p" ? kPartyToken
                      : session == "o" ? kObserverToken
                                       : nullptr;
  if (token != nullptr) {
    if (cookie) {
      request.headers.emplace_back("cookie",
                                   std::string("redline_session=") + token);
    } else {
      request.headers.emplace_back("authorization",
                                   std::string("Bearer ") + token);
    }
  }
  request.headers.emplace_back("content-type", "application/json");
  const redline::HttpResponse response = api->Handle(request);
  Check(response.status >= 200 && response.status <= 599);
  if (response.status >= 400) {
    const nlohmann::json body =
        nlohmann::json::parse(response.body, nullptr, false);
    Check(body.is_object() && body.contains("error") &&
          body["error"].contains("code") && body["error"]["code"].is_string());
  }
  return 0;
}
