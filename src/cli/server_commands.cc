// The server's commands: serve, user add|passwd|remove|grant|list, and
// audit head|verify|export.

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/store_access.h"
#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "redline/accounts.h"
#include "redline/audit.h"
#include "redline/record.h"
#include "redline/server.h"

namespace redline {

namespace {

// --audit-key, else REDLINE_AUDIT_KEY, else audit.key beside an SQLite
// store. A PostgreSQL store has no "beside": the key must be named.
Result<std::string> AuditKeyPath(const ServerArgs& args,
                                 const std::string& location) {
  if (!args.audit_key.empty()) return args.audit_key;
  if (const char* env = std::getenv("REDLINE_AUDIT_KEY"); env && *env) {
    return std::string(env);
  }
  if (IsPostgresLocation(location)) {
    return Status::Usage(
        "a PostgreSQL store needs --audit-key FILE (or REDLINE_AUDIT_KEY): "
        "the key is kept outside the database");
  }
  const size_t slash = location.rfind('/');
  if (slash == std::string::npos) return std::string("audit.key");
  return location.substr(0, slash + 1) + "audit.key";
}

// The audit log's key for the store found for `args` (AuditKeyPath); made
// if missing when `create`.
Result<AuditKey> LoadStoreAuditKey(const ServerArgs& args, bool create) {
  Result<std::string> location = FindStoreLocation(args.store);
  if (!location.ok()) return location.status();
  Result<std::string> path = AuditKeyPath(args, *location);
  if (!path.ok()) return path.status();
  return LoadAuditKey(*path, create);
}

// The password: the first line of --password-file, else of standard input
// when it is not a terminal, else typed at a prompt without echo.
Result<std::string> ReadPassword(const ServerArgs& args) {
  std::string password;
  if (!args.password_file.empty()) {
    std::ifstream in(args.password_file);
    if (!in) {
      return Status::NotFound(
          fmt::format("{}: cannot open the password file", args.password_file));
    }
    std::getline(in, password);
  } else if (!isatty(STDIN_FILENO)) {
    std::getline(std::cin, password);
  } else {
    std::cerr << "Password: " << std::flush;
    termios saved{};
    const bool have_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (have_tty) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::getline(std::cin, password);
    if (have_tty) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << '\n';
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

// Runs `work` in one transaction of the store found for `args`.
int OnStore(const StoreArgs& args, bool write,
            const std::function<Status(Transaction&)>& work) {
  Result<std::unique_ptr<Store>> store = OpenFoundStore(args);
  if (!store.ok()) return ReportError(store.status());
  const Status status = (*store)->Transact(write, work);
  if (!status.ok()) return ReportError(status);
  std::cout.flush();
  return std::cout
             ? 0
             : ReportError(Status::Internal("cannot write to standard output"));
}

}  // namespace

int RunServe(const ServerArgs& args) {
  Result<std::string> location = FindStoreLocation(args.store);
  if (!location.ok()) return ReportError(location.status());
  Result<std::string> key = AuditKeyPath(args, *location);
  if (!key.ok()) return ReportError(key.status());
  ServeOptions options;
  options.store = *location;
  options.listen = args.listen;
  options.audit_key = *key;
  options.session_seconds = static_cast<int64_t>(args.session_hours * 3600);
  options.threads = args.threads;
  options.secure_cookie = args.secure_cookie;
  options.on_listening = [](const std::string& url) {
    std::cout << "redline serve: listening on " << url << std::endl;
  };
  const Status status = Serve(options);
  if (!status.ok()) return ReportError(status);
  return 0;
}

// Runs an account change in one write transaction together with its audit
// entry: accounts are changed on the command line, but the audit log records
// them as it records the server's writes. The key is the server's
// (AuditKeyPath), made if missing.
int ChangeAccounts(const ServerArgs& args, const std::string& action,
                   const nlohmann::json& detail,
                   const std::function<Status(Transaction&)>& work) {
  Result<AuditKey> key = LoadStoreAuditKey(args, /*create=*/true);
  if (!key.ok()) return ReportError(key.status());
  return OnStore(args.store, true, [&](Transaction& txn) -> Status {
    Status status = work(txn);
    if (!status.ok()) return status;
    AuditEvent event;
    event.at = Now();
    event.user = CurrentUser();
    event.action = action;
    event.object = "user/" + args.user;
    event.detail = detail.dump();
    return AppendAudit(txn, *key, {event});
  });
}

int RunUserAdd(const ServerArgs& args) {
  Result<std::string> password = ReadPassword(args);
  if (!password.ok()) return ReportError(password.status());
  return ChangeAccounts(
      args, "user-add", {{"admin", args.admin}}, [&](Transaction& txn) {
        Result<User> user =
            AddUser(txn, args.user, *password, args.admin, Now());
        if (!user.ok()) return user.status();
        std::cout << "added user " << user->name
                  << (user->admin ? " (administrator)" : "") << '\n';
        return Status::Ok();
      });
}

int RunUserPasswd(const ServerArgs& args) {
  Result<std::string> password = ReadPassword(args);
  if (!password.ok()) return ReportError(password.status());
  return ChangeAccounts(args, "user-passwd", nlohmann::json::object(),
                        [&](Transaction& txn) {
                          return ChangePassword(txn, args.user, *password);
                        });
}

int RunUserRemove(const ServerArgs& args) {
  return ChangeAccounts(
      args, "user-remove", nlohmann::json::object(),
      [&](Transaction& txn) { return RemoveUser(txn, args.user); });
}

int RunUserGrant(const ServerArgs& args) {
  return ChangeAccounts(args, "user-grant", {{"party", args.party}},
                        [&](Transaction& txn) -> Status {
                          Result<Negotiation> negotiation =
                              FindNegotiation(txn, args.store.negotiation);
                          if (!negotiation.ok()) return negotiation.status();
                          Status status = Grant(txn, args.user, negotiation->id,
                                                args.party);
                          if (!status.ok()) return status;
                          std::cout << args.user << " acts for " << args.party
                                    << " in " << negotiation->name << '\n';
                          return Status::Ok();
                        });
}

int RunUserList(const ServerArgs& args) {
  return OnStore(args.store, false, [&](Transaction& txn) -> Status {
    Result<std::vector<User>> users = txn.Users();
    if (!users.ok()) return users.status();
    Result<std::vector<Negotiation>> negotiations = txn.Negotiations();
    if (!negotiations.ok()) return negotiations.status();
    for (const User& user : *users) {
      std::cout << user.name << (user.admin ? "  administrator" : "");
      Result<std::vector<Membership>> memberships = txn.Memberships(user.id);
      if (!memberships.ok()) return memberships.status();
      for (const Membership& membership : *memberships) {
        Result<std::vector<Party>> parties =
            txn.Parties(membership.negotiation);
        if (!parties.ok()) return parties.status();
        for (const Negotiation& n : *negotiations) {
          if (n.id != membership.negotiation) continue;
          for (const Party& party : *parties) {
            if (party.id == membership.party) {
              std::cout << "  " << n.name << ": " << party.name;
            }
          }
        }
      }
      std::cout << '\n';
    }
    return Status::Ok();
  });
}

int RunAuditHead(const ServerArgs& args) {
  return OnStore(args.store, false, [&](Transaction& txn) -> Status {
    Result<AuditHead> head = CurrentAuditHead(txn);
    if (!head.ok()) return head.status();
    if (head->seq == 0) return Status::NotFound("the audit log is empty");
    std::cout << head->hash << '\n';
    return Status::Ok();
  });
}

int RunAuditVerify(const ServerArgs& args) {
  Result<AuditKey> key = LoadStoreAuditKey(args, /*create=*/false);
  if (!key.ok()) return ReportError(key.status());
  std::optional<std::string> head;
  if (!args.head.empty()) head = args.head;
  bool intact = true;
  const int code = OnStore(args.store, false, [&](Transaction& txn) -> Status {
    Result<AuditReport> report = VerifyAudit(txn, *key, head);
    if (!report.ok()) return report.status();
    intact = report->ok;
    if (report->ok) {
      std::cout << fmt::format(
          "audit log intact: {} entries, head {}\n", report->entries,
          report->head.hash.empty() ? "(empty)" : report->head.hash);
    } else {
      std::cout << "audit log TAMPERED: " << report->problem << '\n';
    }
    return Status::Ok();
  });
  if (code != 0) return code;
  return intact ? 0 : 1;
}

int RunAuditExport(const ServerArgs& args) {
  return OnStore(args.store, false,
                 [&](Transaction& txn) { return ExportAudit(txn, std::cout); });
}

}  // namespace redline
