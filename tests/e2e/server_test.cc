// End-to-end tests of `redline serve`: real server processes on SQLite and
// PostgreSQL stores, every JSON reply checked against its schema in the
// server's own OpenAPI document.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <set>
#include <sstream>
#include <thread>

#include "server_fixture.h"

namespace redline_e2e {
namespace {

const char kDraft[] =
    "Lake Orva framework\n"
    "1. A ceasefire takes effect at noon on the day of signature.\n"
    "2. Prisoners of war are exchanged all for all within thirty days.\n"
    "3. A joint commission supervises the river crossings.\n";

const char kCounter[] =
    "Lake Orva framework\n"
    "1. A ceasefire takes effect at noon on the day of signature.\n"
    "2. Prisoners of war are exchanged all for all within ten days.\n"
    "3. A joint commission supervises the river crossings.\n"
    "4. Mine clearance teams work together on both banks.\n";

class ServerFlowTest : public ServerTest,
                       public testing::WithParamInterface<std::string> {
 protected:
  std::string Backend() const override { return GetParam(); }

  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    MakeSample();
    if (HasFatalFailure()) return;
    server_ =
        std::make_unique<ServerProcess>(REDLINE_BINARY, db(), audit_key());
    ASSERT_TRUE(server_->ok()) << "the server did not start";
    client_ = std::make_unique<HttpClient>(server_->port());
    HttpReply document = client_->Get("/api/openapi.json", "");
    ASSERT_EQ(document.status, 200);
    schemas_ = std::make_unique<Schemas>(document.json());
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    ServerTest::TearDown();
  }

  // Sends a request and checks its reply against the document.
  HttpReply Call(const std::string& method, const std::string& target,
                 const std::string& path, const std::string& token,
                 const Json& body = Json()) {
    HttpReply reply =
        client_->Send(method, target, body.is_null() ? "" : body.dump(), token);
    std::string lower = method;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    EXPECT_EQ(schemas_->Check(reply, path, lower), "");
    return reply;
  }

  int64_t NegotiationId(const std::string& token) {
    HttpReply list =
        Call("GET", "/api/negotiations", "/api/negotiations", token);
    EXPECT_EQ(list.status, 200);
    const Json body = list.json();
    if (!body.contains("negotiations") || body["negotiations"].empty()) {
      return 0;
    }
    return body["negotiations"][0]["id"].get<int64_t>();
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<Schemas> schemas_;
};

TEST_P(ServerFlowTest, NegotiationThroughTheApi) {
  const std::string mara = Login(*client_, "mara");
  const std::string nils = Login(*client_, "nils");
  const std::string kira = Login(*client_, "kira");
  const std::string otto = Login(*client_, "otto");
  ASSERT_FALSE(mara.empty());
  ASSERT_FALSE(nils.empty());
  const int64_t id = NegotiationId(mara);
  ASSERT_GT(id, 0);
  const std::string base = "/api/negotiations/" + std::to_string(id);
  const std::string n = "/api/negotiations/{negotiation}";
  const std::string v = n + "/versions/{version}";

  HttpReply me = Call("GET", "/api/me", "/api/me", nils);
  EXPECT_EQ(me.json()["negotiations"][0]["party"]["name"], "Norland");

  // The mediator imports a draft; Norland cannot see it until it is shared.
  HttpReply draft = Call("POST", base + "/versions", n + "/versions", mara,
                         {{"text", kDraft}, {"label", "draft 1"}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  const std::string draft_id = draft.json()["version"]["id"];
  EXPECT_EQ(Call("GET", base + "/versions/" + draft_id, v, nils).status, 404);
  EXPECT_EQ(Call("GET", base + "/versions/draft%201", v, nils).status, 404);
  HttpReply share = Call("POST", base + "/versions/" + draft_id + "/shares",
                         v + "/shares", mara, {{"party", "Norland"}});
  ASSERT_EQ(share.status, 201) << share.body;
  EXPECT_EQ(share.json()["channel"], "server");
  EXPECT_EQ(share.json()["seq"], 1);
  HttpReply read = Call("GET", base + "/versions/draft%201", v, nils);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json()["text"], kDraft);
  EXPECT_EQ(read.json()["author"], "Mediator");

  // Norland answers with a counter-draft derived from it.
  HttpReply counter = Call("POST", base + "/versions", n + "/versions", nils,
                           {{"text", kCounter},
                            {"label", "Norland counter"},
                            {"parents", Json::array({"draft 1"})}});
  ASSERT_EQ(counter.status, 201) << counter.body;
  const std::string counter_id = counter.json()["version"]["id"];
  EXPECT_EQ(counter.json()["version"]["parents"], Json::array({draft_id}));
  // Kestria sees neither.
  HttpReply kestria_list =
      Call("GET", base + "/versions", n + "/versions", kira);
  EXPECT_TRUE(kestria_list.json()["versions"].empty());
  // The same text again is the same version.
  HttpReply again = Call("POST", base + "/versions", n + "/versions", nils,
                         {{"text", kCounter}, {"label", "whatever"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(again.json()["existed"].get<bool>());

  // Comparisons of stored versions.
  HttpReply diff =
      Call("GET", base + "/diff?old=draft%201&new=" + counter_id.substr(0, 8),
           n + "/diff", nils);
  ASSERT_EQ(diff.status, 200) << diff.body;
  EXPECT_EQ(diff.json()["stats"]["inserted_words"].get<int>() > 0, true);
  HttpReply html = client_->Get(
      base + "/diff?old=draft%201&new=Norland%20counter&format=html", nils);
  EXPECT_EQ(html.status, 200);
  EXPECT_EQ(html.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(html.body.find("<del"), std::string::npos);
  EXPECT_EQ(Call("GET", base + "/align?old=draft%201&new=Norland%20counter",
                 n + "/align", nils)
                .status,
            200);
  EXPECT_EQ(Call("GET", base + "/synopsis?versions=draft%201,Norland%20counter",
                 n + "/synopsis", nils)
                .status,
            200);
  // Kestria may not compare what it cannot see.
  EXPECT_EQ(Call("GET", base + "/diff?old=draft%201&new=Norland%20counter",
                 n + "/diff", kira)
                .status,
            404);

  // Stances: each party for itself; internal ones stay inside the party.
  HttpReply stance = Call(
      "POST", base + "/versions/" + counter_id + "/stances", v + "/stances",
      nils, {{"point", "2"}, {"stance", "red-line"}, {"note", "ten days"}});
  ASSERT_EQ(stance.status, 201) << stance.body;
  EXPECT_EQ(stance.json()["party"], "Norland");
  EXPECT_EQ(stance.json()["seq"], 1);
  HttpReply internal = Call(
      "POST", base + "/versions/" + counter_id + "/stances", v + "/stances",
      nils, {{"point", "4"}, {"stance", "dispute"}, {"internal", true}});
  ASSERT_EQ(internal.status, 201);
  HttpReply mediator_view =
      Call("GET", base + "/versions/" + counter_id + "/stances", v + "/stances",
           mara);
  ASSERT_EQ(mediator_view.status, 200);
  ASSERT_EQ(mediator_view.json()["stances"].size(), 1u);
  EXPECT_EQ(mediator_view.json()["stances"][0]["point"], "2");
  HttpReply own_view =
      Call("GET", base + "/versions/" + counter_id + "/stances", v + "/stances",
           nils);
  EXPECT_EQ(own_view.json()["stances"].size(), 2u);
  HttpReply status = Call("GET", base + "/versions/" + counter_id + "/status",
                          v + "/status", mara);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json()["counts"]["red_lines"], 1);
  EXPECT_EQ(status.json()["counts"]["disputed"], 0);  // internal: hidden

  // The observer sees only what was shared with it, and takes no stance.
  EXPECT_EQ(
      Call("POST", base + "/versions/" + draft_id + "/shares", v + "/shares",
           mara, {{"party", "Mission"}, {"channel", "meeting"}})
          .status,
      201);
  EXPECT_EQ(Call("GET", base + "/versions/" + draft_id, v, otto).status, 200);
  EXPECT_EQ(Call("POST", base + "/versions/" + draft_id + "/stances",
                 v + "/stances", otto, {{"point", "1"}, {"stance", "agree"}})
                .status,
            403);
  EXPECT_EQ(Call("POST", base + "/versions/" + draft_id + "/shares",
                 v + "/shares", nils, {{"party", "Kestria"}})
                .status,
            403);

  // The ledger: shares and first openings.
  HttpReply ledger = Call("GET", base + "/ledger", n + "/ledger", mara);
  ASSERT_EQ(ledger.status, 200);
  EXPECT_EQ(ledger.json()["shares"].size(), 2u);
  std::set<std::string> openers;
  const Json ledger_body = ledger.json();
  for (const Json& opening : ledger_body["openings"]) {
    openers.insert(opening["member"].get<std::string>());
  }
  EXPECT_EQ(openers, (std::set<std::string>{"nils", "otto"}));
  HttpReply nils_ledger = Call("GET", base + "/ledger", n + "/ledger", nils);
  EXPECT_EQ(nils_ledger.json()["shares"].size(), 1u);
  // "Has Norland seen the draft?" The mediator may ask about any party, a
  // member only about their own.
  HttpReply seen_by =
      Call("GET", base + "/versions/" + draft_id + "/seen?party=Norland",
           v + "/seen", mara);
  ASSERT_EQ(seen_by.status, 200) << seen_by.body;
  EXPECT_TRUE(seen_by.json()["seen"].get<bool>());
  EXPECT_EQ(seen_by.json()["evidence"]["channel"], "server");
  HttpReply not_seen =
      Call("GET", base + "/versions/" + counter_id + "/seen?party=Kestria",
           v + "/seen", mara);
  EXPECT_FALSE(not_seen.json()["seen"].get<bool>());
  EXPECT_TRUE(not_seen.json()["evidence"].is_null());
  EXPECT_EQ(
      Call("GET", base + "/versions/" + draft_id + "/seen", v + "/seen", nils)
          .json()["party"],
      "Norland");
  EXPECT_EQ(Call("GET", base + "/versions/" + draft_id + "/seen?party=Kestria",
                 v + "/seen", nils)
                .status,
            403);
  // The CLI sees the same record.
  Outcome seen = Cli("seen --party Norland --version 'draft 1'");
  EXPECT_EQ(seen.exit_code, 0) << seen.err;
  EXPECT_EQ(seen.out.substr(0, 3), "yes");

  // Parties: the mediator adds one; others may not.
  EXPECT_EQ(Call("POST", base + "/parties", n + "/parties", mara,
                 {{"name", "Varnia"}, {"kind", "party"}})
                .status,
            201);
  EXPECT_EQ(
      Call("POST", base + "/parties", n + "/parties", nils, {{"name", "Other"}})
          .status,
      403);
  EXPECT_EQ(Call("GET", base + "/parties", n + "/parties", otto)
                .json()["parties"]
                .size(),
            5u);

  // Users without a membership see no negotiation; admins create them.
  const std::string nobody = Login(*client_, "nobody");
  EXPECT_EQ(Call("GET", base, n, nobody).status, 404);
  EXPECT_EQ(Call("POST", "/api/negotiations", "/api/negotiations", nobody,
                 {{"name", "Other talks"}, {"mediator", "Chair"}})
                .status,
            403);
  const std::string admin = Login(*client_, "admin");
  HttpReply created =
      Call("POST", "/api/negotiations", "/api/negotiations", admin,
           {{"name", "Other talks"}, {"mediator", "Chair"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["party"]["kind"], "mediator");
  EXPECT_EQ(Call("GET",
                 "/api/negotiations/" +
                     std::to_string(created.json()["id"].get<int64_t>()),
                 n, mara)
                .status,
            404);

  // Logging out ends the session.
  EXPECT_EQ(Call("POST", "/api/logout", "/api/logout", nils).status, 204);
  EXPECT_EQ(Call("GET", "/api/me", "/api/me", nils).status, 401);

  // The audit log recorded it all and verifies.
  server_.reset();  // flushes queued entries
  Outcome verify = Cli("audit verify --audit-key '" + audit_key() + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  Outcome exported = Cli("audit export");
  ASSERT_EQ(exported.exit_code, 0);
  std::multiset<std::string> actions;
  std::istringstream lines(exported.out);
  for (std::string line; std::getline(lines, line);) {
    actions.insert(Json::parse(line)["action"].get<std::string>());
  }
  for (const char* action : {"user-add", "user-grant", "login", "import",
                             "share", "set-stance", "read-version", "denied",
                             "add-party", "create-negotiation", "logout"}) {
    EXPECT_GT(actions.count(action), 0u) << action;
  }
}

TEST_P(ServerFlowTest, SixteenClientsSetStancesConcurrently) {
  const std::string mara = Login(*client_, "mara");
  const int64_t id = NegotiationId(mara);
  const std::string base = "/api/negotiations/" + std::to_string(id);
  std::string text = "Concurrency check\n";
  for (int i = 1; i <= 40; ++i) {
    text += std::to_string(i) + ". Provision number " + std::to_string(i) +
            " of the settlement.\n";
  }
  HttpReply draft = client_->Post(base + "/versions",
                                  {{"text", text}, {"label", "draft"}}, mara);
  ASSERT_EQ(draft.status, 201);
  const std::string version = draft.json()["version"]["id"];
  for (const char* party : {"Norland", "Kestria"}) {
    ASSERT_EQ(client_
                  ->Post(base + "/versions/" + version + "/shares",
                         {{"party", party}}, mara)
                  .status,
              201);
  }
  const std::vector<std::string> tokens = {mara, Login(*client_, "nils"),
                                           Login(*client_, "kira")};
  constexpr int kClients = 16;
  constexpr int kEach = 25;
  std::vector<std::vector<int64_t>> acknowledged(kClients);
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(server_->port());
      for (int k = 0; k < kEach; ++k) {
        const std::string point = std::to_string(1 + (c * kEach + k) % 40);
        HttpReply reply =
            client.Post(base + "/versions/" + version + "/stances",
                        {{"point", point},
                         {"stance", k % 2 == 0 ? "agree" : "dispute"},
                         {"note", "client " + std::to_string(c)}},
                        tokens[c % tokens.size()]);
        if (reply.status == 201) {
          acknowledged[c].push_back(reply.json()["seq"].get<int64_t>());
        } else if (reply.status != 503) {
          ++failures;  // busy (503) is an honest refusal; nothing else is
        }
      }
    });
  }
  for (std::thread& thread : clients) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<int64_t> stored;
  for (const std::string& token : tokens) {
    HttpReply list =
        client_->Get(base + "/versions/" + version + "/stances", token);
    ASSERT_EQ(list.status, 200);
    const Json body = list.json();
    for (const Json& stance : body["stances"]) {
      stored.insert(stance["seq"].get<int64_t>());
    }
  }
  size_t total = 0;
  for (const auto& seqs : acknowledged) {
    total += seqs.size();
    for (int64_t seq : seqs) EXPECT_EQ(stored.count(seq), 1u) << seq;
  }
  EXPECT_GT(total, static_cast<size_t>(kClients * kEach * 9 / 10));
  EXPECT_EQ(stored.size(), total);
}

TEST_P(ServerFlowTest, BadInputChangesNothingAndTheServerKeepsServing) {
  const std::string mara = Login(*client_, "mara");
  const int64_t id = NegotiationId(mara);
  const std::string base = "/api/negotiations/" + std::to_string(id);
  ASSERT_EQ(
      client_
          ->Post(base + "/versions", {{"text", kDraft}, {"label", "d"}}, mara)
          .status,
      201);
  const std::string before = Cli("dump").out;

  struct Case {
    std::string method, target, body;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"POST", base + "/versions", "{not json", 400, "bad_request"},
      {"POST", base + "/versions", "[1, 2]", 400, "bad_request"},
      {"POST", base + "/versions", R"({"text": 5, "label": "x"})", 400,
       "bad_request"},
      {"POST", base + "/versions", R"({"label": "x"})", 400, "bad_request"},
      {"POST", base + "/versions", R"({"text": "a\u0000b", "label": "x"})", 422,
       "bad_input"},
      {"POST", base + "/versions/d/stances",
       R"({"point": "1", "stance": "maybe"})", 400, "bad_request"},
      {"POST", base + "/versions/d/stances",
       R"({"point": "99", "stance": "agree"})", 404, "not_found"},
      {"POST", base + "/parties", R"({"name": "X", "kind": "king"})", 400,
       "bad_request"},
      {"GET", "/api/nothing", "", 404, "not_found"},
      {"DELETE", base + "/versions", "", 405, "method_not_allowed"},
      {"GET", base + "/versions/..%2F..%2Fetc%2Fpasswd", "", 404, "not_found"},
      {"GET", "/api/negotiations/1%00", "", 400, "bad_request"},
      {"GET", "/api/negotiations/999999999999999999999", "", 404, "not_found"},
      {"GET", "/api/negotiations/-1", "", 404, "not_found"},
      {"GET", base + "/diff?old=d", "", 400, "bad_request"},
      {"GET", base + "/synopsis?versions=d", "", 400, "bad_request"},
      {"GET", base + "/diff?old=d&new=d&format=pdf", "", 400, "bad_request"},
  };
  for (const Case& c : cases) {
    HttpReply reply = client_->Send(c.method, c.target, c.body, mara);
    EXPECT_EQ(reply.status, c.status)
        << c.method << " " << c.target << " " << reply.body;
    EXPECT_EQ(reply.error_code(), c.code) << c.target;
  }
  // Tokens: none, forged, of another shape; the cookie without CSRF.
  EXPECT_EQ(client_->Get(base, "").status, 401);
  EXPECT_EQ(
      client_->Get(base, "forged-token-forged-token-forged-token-aaaaa").status,
      401);
  EXPECT_EQ(client_->Get(base, std::string(5000, 'x')).status, 401);
  HttpReply cookie_read = client_->Send(
      "GET", base, "", "", {{"Cookie", "redline_session=" + mara}});
  EXPECT_EQ(cookie_read.status, 200);
  HttpReply cookie_write =
      client_->Send("POST", base + "/parties", R"({"name": "Y"})", "",
                    {{"Cookie", "redline_session=" + mara}});
  EXPECT_EQ(cookie_write.status, 403);
  EXPECT_EQ(cookie_write.error_code(), "csrf");
  // An oversized body is refused from its declared length.
  HttpReply huge =
      client_->Send("POST", base + "/versions", "{}", mara,
                    {{"Content-Length", std::to_string(uint64_t{1} << 33)}});
  EXPECT_TRUE(huge.status == 413 || huge.status == 0) << huge.status;
  // Garbage instead of HTTP.
  const std::string garbage = client_->Raw("\x16\x03\x01 hello \r\n\r\n\r\n");
  EXPECT_TRUE(garbage.empty() || garbage.find(" 400 ") != std::string::npos)
      << garbage;
  const std::string big_header = client_->Raw(
      "GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'A') +
      "\r\n\r\n");
  EXPECT_NE(big_header.find(" 431 "), std::string::npos) << big_header;

  // Still serving, and nothing changed.
  EXPECT_EQ(client_->Get(base + "/versions", mara).status, 200);
  server_.reset();
  EXPECT_EQ(Cli("dump").out, before);
}

TEST_P(ServerFlowTest, LoginsAreThrottledAndSessionsExpireOnPasswordChange) {
  for (int i = 0; i < 5; ++i) {
    HttpReply wrong = client_->Post(
        "/api/login", {{"user", "nils"}, {"password", "wrong password"}}, "");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.error_code(), "unauthenticated");
  }
  HttpReply throttled = client_->Post(
      "/api/login", {{"user", "nils"}, {"password", kPassword}}, "");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.error_code(), "throttled");
  // Another user is not affected; an unknown one fails like a wrong
  // password.
  HttpReply unknown = client_->Post(
      "/api/login", {{"user", "nemo"}, {"password", kPassword}}, "");
  EXPECT_EQ(unknown.status, 401);
  HttpReply login = client_->Post(
      "/api/login", {{"user", "kira"}, {"password", kPassword}}, "");
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(schemas_->Check(login, "/api/login", "post"), "");
  const std::string token = login.json()["token"];
  EXPECT_EQ(token.size(), 43u);
  const std::string cookie = login.headers["set-cookie"];
  EXPECT_NE(cookie.find("redline_session=" + token), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(login.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(login.headers["x-frame-options"], "DENY");
  // The cookie with its CSRF token may write.
  HttpReply logout = client_->Send(
      "POST", "/api/logout", "", "",
      {{"Cookie", "redline_session=" + token},
       {"X-CSRF-Token", login.json()["csrf_token"].get<std::string>()}});
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(client_->Get("/api/me", token).status, 401);
  // A new password ends the sessions there are.
  const std::string again = Login(*client_, "kira");
  ASSERT_FALSE(again.empty());
  ASSERT_EQ(Cli("user passwd kira", "another long password\n").exit_code, 0);
  EXPECT_EQ(client_->Get("/api/me", again).status, 401);
}

TEST_P(ServerFlowTest, AuditVerifyDetectsTamperingWithTheStore) {
  const std::string mara = Login(*client_, "mara");
  const int64_t id = NegotiationId(mara);
  const std::string base = "/api/negotiations/" + std::to_string(id);
  ASSERT_EQ(
      client_
          ->Post(base + "/versions", {{"text", kDraft}, {"label", "d"}}, mara)
          .status,
      201);
  ASSERT_EQ(client_->Get(base + "/versions/d", mara).status, 200);
  server_.reset();
  const std::string key = " --audit-key '" + audit_key() + "'";
  ASSERT_EQ(Cli("audit verify" + key).exit_code, 0);
  const Outcome head = Cli("audit head");
  ASSERT_EQ(head.exit_code, 0);
  const std::string hash = head.out.substr(0, head.out.find('\n'));
  EXPECT_EQ(hash.size(), 64u);
  if (Backend() != "sqlite") return;  // the edits below use SQLite directly
  sqlite3* database = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &database), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(database,
                         "UPDATE audit_entry SET user_name = user_name || 'x' "
                         "WHERE seq = 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  Outcome edited = Cli("audit verify" + key);
  EXPECT_EQ(edited.exit_code, 1) << edited.out;
  EXPECT_NE(edited.out.find("entry 2"), std::string::npos) << edited.out;
  ASSERT_EQ(sqlite3_exec(database,
                         "UPDATE audit_entry SET user_name = substr(user_name, "
                         "1, length(user_name) - 1) WHERE seq = 2; DELETE FROM "
                         "audit_entry WHERE seq = "
                         "(SELECT MAX(seq) FROM audit_entry)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  // Cutting off the tail leaves a valid chain, but not the exported head.
  EXPECT_EQ(Cli("audit verify" + key).exit_code, 0);
  Outcome truncated = Cli("audit verify --head " + hash + key);
  EXPECT_EQ(truncated.exit_code, 1) << truncated.out;
  sqlite3_close(database);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerFlowTest,
                         testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

class TwoServersTest : public ServerTest {
 protected:
  std::string Backend() const override { return "postgres"; }
};

TEST_F(TwoServersTest, ShareOnePostgresStore) {
  MakeSample();
  ServerProcess first(REDLINE_BINARY, db(), audit_key());
  ServerProcess second(REDLINE_BINARY, db(), audit_key());
  ASSERT_TRUE(first.ok() && second.ok());
  HttpClient a(first.port());
  HttpClient b(second.port());
  // Log in on one, read and write on the other.
  const std::string mara = Login(a, "mara");
  const std::string nils = Login(b, "nils");
  ASSERT_FALSE(mara.empty());
  ASSERT_FALSE(nils.empty());
  HttpReply list = b.Get("/api/negotiations", mara);
  ASSERT_EQ(list.status, 200);
  const std::string base =
      "/api/negotiations/" +
      std::to_string(list.json()["negotiations"][0]["id"].get<int64_t>());
  HttpReply draft =
      b.Post(base + "/versions", {{"text", kDraft}, {"label", "d"}}, mara);
  ASSERT_EQ(draft.status, 201);
  ASSERT_EQ(
      a.Post(base + "/versions/d/shares", {{"party", "Norland"}}, mara).status,
      201);
  EXPECT_EQ(a.Get(base + "/versions/d", nils).status, 200);
  // Writes from both servers interleave on one audit chain.
  std::thread left([&] {
    for (int i = 0; i < 20; ++i) {
      a.Post(base + "/versions/d/stances",
             {{"point", "1"}, {"stance", "agree"}}, nils);
    }
  });
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(b.Get(base + "/versions/d", nils).status, 200);
  }
  left.join();
  // Throttling is shared too: failures on one count on the other.
  for (int i = 0; i < 3; ++i) {
    a.Post("/api/login", {{"user", "kira"}, {"password", "nope nope"}}, "");
    b.Post("/api/login", {{"user", "kira"}, {"password", "nope nope"}}, "");
  }
  EXPECT_EQ(
      a.Post("/api/login", {{"user", "kira"}, {"password", kPassword}}, "")
          .status,
      429);
  HttpReply logout = a.Send("POST", "/api/logout", "", nils);
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(b.Get("/api/me", nils).status, 401);
  first.Stop();
  second.Stop();
  Outcome verify = Cli("audit verify --audit-key '" + audit_key() + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace redline_e2e
