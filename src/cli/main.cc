// The `redline` program: parses the command line and runs one command.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "util/memory.h"
#include "util/parallel.h"
#include "util/sanitizers.h"

namespace redline {
namespace {

// Parses "1048576", "512K", "10M", "1G" (binary units) into bytes.
std::string ParseSize(const std::string& text, uint64_t* bytes) {
  uint64_t value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [rest, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || rest == begin) {
    return "expected a size such as 1048576, 512K, 10M or 1G";
  }
  int shift = 0;
  if (rest != end) {
    const std::string unit(rest, end);
    if (unit == "K" || unit == "k") {
      shift = 10;
    } else if (unit == "M" || unit == "m") {
      shift = 20;
    } else if (unit == "G" || unit == "g") {
      shift = 30;
    } else {
      return "unknown unit '" + unit + "' (use K, M or G)";
    }
  }
  if (value > (kMaxTextBytes >> shift)) {
    return "too large: the most is 1G - 1 bytes";
  }
  *bytes = value << shift;
  return "";
}

void AddMaxSize(CLI::App* command, TextLimits* limits) {
  command
      ->add_option_function<std::string>(
          "--max-size",
          [limits](const std::string& text) {
            std::string error = ParseSize(text, &limits->max_bytes);
            if (!error.empty()) throw CLI::ValidationError("--max-size", error);
          },
          "Largest accepted input text (default 256M)")
      ->type_name("SIZE");
}

// OLD, NEW and --label, as every comparison command takes them (read back
// by ReadTwoTexts).
void AddTwoTexts(CLI::App* command, std::string* old_path,
                 std::string* new_path, std::vector<std::string>* labels) {
  command->add_option("OLD", *old_path, "The earlier text (\"-\": stdin)")
      ->required();
  command->add_option("NEW", *new_path, "The later text")->required();
  command
      ->add_option("--label", *labels,
                   "Name shown for OLD, then NEW (default: file names)")
      ->type_name("LABEL");
}

void AddStoreOptions(CLI::App* command, StoreArgs* store) {
  command
      ->add_option("--db", store->db,
                   "The store: an SQLite file or a postgresql:// URL "
                   "(default: .redline/redline.db here or in a parent)")
      ->type_name("PATH|URL");
  command
      ->add_option("--negotiation", store->negotiation,
                   "The negotiation (default: the only one)")
      ->type_name("NAME");
}

// Everything the command line can say, and the commands registered.
struct Cli {
  PointsArgs points;
  DiffArgs diff;
  AlignArgs align;
  SynopsisArgs synopsis;
  RecordArgs record;  // the negotiation record's commands
  ServerArgs server;  // the server, its accounts and its audit log
  // The commands that run something; null when not registered.
  CLI::App* points_command = nullptr;
  CLI::App* diff_command = nullptr;
  CLI::App* align_command = nullptr;
  CLI::App* synopsis_command = nullptr;
  CLI::App* init_command = nullptr;
  CLI::App* party_add = nullptr;
  CLI::App* import_command = nullptr;
  CLI::App* versions_command = nullptr;
  CLI::App* show_command = nullptr;
  CLI::App* stance_set = nullptr;
  CLI::App* status_command = nullptr;
  CLI::App* share_command = nullptr;
  CLI::App* seen_command = nullptr;
  CLI::App* dump_command = nullptr;
  CLI::App* restore_command = nullptr;
  CLI::App* serve_command = nullptr;
  CLI::App* user_add = nullptr;
  CLI::App* user_passwd = nullptr;
  CLI::App* user_remove = nullptr;
  CLI::App* user_grant = nullptr;
  CLI::App* user_list = nullptr;
  CLI::App* audit_head = nullptr;
  CLI::App* audit_verify = nullptr;
  CLI::App* audit_export = nullptr;
};

void AddPointsCommand(CLI::App* app, Cli* cli) {
  PointsArgs& points = cli->points;
  CLI::App* points_command = app->add_subcommand(
      "points", "Show the numbered points of a text (\"-\" reads stdin)");
  points_command->add_option("FILE", points.files, "Text file(s) to parse")
      ->required();
  points_command->add_option("--format", points.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  AddMaxSize(points_command, &points.limits);
  cli->points_command = points_command;
}

void AddDiffCommand(CLI::App* app, Cli* cli) {
  DiffArgs& diff = cli->diff;
  CLI::App* diff_command = app->add_subcommand(
      "diff",
      "Word-level redline of two texts, with moved text found. Exit 0 when "
      "equal, 1 when different");
  AddTwoTexts(diff_command, &diff.old_path, &diff.new_path, &diff.labels);
  diff_command
      ->add_option("--format", diff.format,
                   "text (inline, coloured), json, html (printable page) or "
                   "md")
      ->check(CLI::IsMember({"text", "json", "html", "md"}))
      ->default_str("text");
  diff_command->add_option("--color", diff.color, "Colour the text format")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  diff_command
      ->add_option("--context", diff.context,
                   "Unchanged lines shown around each change (-1: all)")
      ->check(CLI::Range(-1, 1000000))
      ->default_str("2");
  diff_command->add_flag("--ignore-case", diff.options.ignore_case,
                         "Letter case is no change");
  diff_command->add_flag("--ignore-punctuation",
                         diff.options.ignore_punctuation,
                         "Punctuation is no change");
  diff_command->add_flag(
      "--ignore-whitespace", diff.options.ignore_whitespace,
      "White space, line wrapping and CRLF/LF are no change");
  diff_command->add_flag("--ignore-renumbering",
                         diff.options.ignore_renumbering,
                         "Point numbers (7. -> 8.) are no change");
  diff_command->add_flag_callback(
      "--no-moves", [&diff] { diff.options.moves = false; },
      "Show moved text as deleted and inserted");
  diff_command
      ->add_option("--move-min-words", diff.options.move_min_words,
                   "Shortest run reported as moved, in words")
      ->check(CLI::Range(1, 1000000))
      ->default_str("10");
  diff_command
      ->add_option("--move-min-similarity", diff.options.move_min_similarity,
                   "Least share of a moved run's words left unchanged")
      ->check(CLI::Range(0.0, 1.0))
      ->default_str("0.6");
  AddMaxSize(diff_command, &diff.limits);
  AddStoreOptions(diff_command, &diff.store);
  cli->diff_command = diff_command;
}

void AddAlignCommand(CLI::App* app, Cli* cli) {
  AlignArgs& align = cli->align;
  CLI::App* align_command = app->add_subcommand(
      "align",
      "Which point of OLD became which point of NEW, found by content. Exit "
      "0 when every point is the same, 1 otherwise");
  AddTwoTexts(align_command, &align.old_path, &align.new_path, &align.labels);
  align_command
      ->add_option("--format", align.format,
                   "text (with each pair's redline), json, html (printable "
                   "page) or md")
      ->check(CLI::IsMember({"text", "json", "html", "md"}))
      ->default_str("text");
  align_command->add_option("--color", align.color, "Colour the text format")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  AddMaxSize(align_command, &align.limits);
  AddStoreOptions(align_command, &align.store);
  cli->align_command = align_command;
}

void AddSynopsisCommand(CLI::App* app, Cli* cli) {
  SynopsisArgs& synopsis = cli->synopsis;
  CLI::App* synopsis_command = app->add_subcommand(
      "synopsis",
      "The points of 2 to 16 versions side by side, one row per provision, "
      "each against the base, and how close each version is to each other. "
      "Exit 0 when all versions have the same points, 1 otherwise");
  synopsis_command
      ->add_option("VERSION", synopsis.files,
                   "Text files, in column order (one may be \"-\": stdin)")
      ->required();
  synopsis_command
      ->add_option("--label", synopsis.labels,
                   "Name of each version, in order (repeat; default: file "
                   "names)")
      ->type_name("LABEL");
  synopsis_command
      ->add_option("--base", synopsis.base,
                   "The version the others are compared with: its label or "
                   "its position (default: the first)")
      ->type_name("LABEL|N");
  synopsis_command
      ->add_option("--format", synopsis.format,
                   "text, json, html (printable four-column document) or md")
      ->check(CLI::IsMember({"text", "json", "html", "md"}))
      ->default_str("text");
  synopsis_command
      ->add_option("--color", synopsis.color, "Colour the text format")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  AddMaxSize(synopsis_command, &synopsis.limits);
  AddStoreOptions(synopsis_command, &synopsis.store);
  cli->synopsis_command = synopsis_command;
}

void AddInitCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* init_command = app->add_subcommand(
      "init",
      "Create a store (.redline/redline.db here, or --db) and a negotiation "
      "in it");
  AddStoreOptions(init_command, &record.store);
  cli->init_command = init_command;
}

void AddPartyCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* party_command =
      app->add_subcommand("party", "Manage the parties of the negotiation");
  party_command->require_subcommand(1);
  CLI::App* party_add = party_command->add_subcommand("add", "Add a party");
  party_add->add_option("NAME", record.name, "The party's name")->required();
  party_add->add_option("--kind", record.kind, "mediator, party or observer")
      ->check(CLI::IsMember({"mediator", "party", "observer"}))
      ->default_str("party");
  AddStoreOptions(party_add, &record.store);
  cli->party_add = party_add;
}

void AddImportCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* import_command = app->add_subcommand(
      "import", "Store a text as a new version (the same text again: nothing)");
  import_command->add_option("FILE", record.file, "The text (\"-\": stdin)")
      ->required();
  import_command->add_option("--label", record.label, "The version's name")
      ->required();
  import_command->add_option("--by", record.by, "The authoring party")
      ->required();
  import_command
      ->add_option("--parent", record.parents,
                   "A version it was derived from (repeat for several)")
      ->type_name("VERSION");
  import_command->add_option("--note", record.note, "A note on the version");
  AddMaxSize(import_command, &record.limits);
  AddStoreOptions(import_command, &record.store);
  cli->import_command = import_command;
}

void AddVersionsCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* versions_command = app->add_subcommand(
      "versions", "The versions, newest first, with what each came from");
  AddStoreOptions(versions_command, &record.store);
  cli->versions_command = versions_command;
}

void AddShowCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* show_command =
      app->add_subcommand("show", "Print a stored version, or one point of it");
  show_command->add_option("VERSION", record.version, "A label or id prefix")
      ->required();
  show_command->add_option("--point", record.point, "A point id, or preamble");
  AddStoreOptions(show_command, &record.store);
  cli->show_command = show_command;
}

void AddStanceCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* stance_command =
      app->add_subcommand("stance", "Record the parties' stances");
  stance_command->require_subcommand(1);
  CLI::App* stance_set = stance_command->add_subcommand(
      "set", "A party's stance on a point of a version (kept with history)");
  stance_set->add_option("VERSION", record.version, "A label or id prefix")
      ->required();
  stance_set->add_option("POINT", record.point, "A point id, or preamble")
      ->required();
  stance_set->add_option("PARTY", record.party, "The party")->required();
  stance_set
      ->add_option("STANCE", record.stance,
                   "agree, agree-with-changes, dispute, red-line or open")
      ->required();
  stance_set->add_option("--note", record.note, "Why, in a sentence");
  stance_set->add_flag("--internal", record.internal,
                       "Never shown outside the party");
  AddStoreOptions(stance_set, &record.store);
  cli->stance_set = stance_set;
}

void AddStatusCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* status_command = app->add_subcommand(
      "status",
      "Each party's stance on each point of a version (default: the "
      "latest), with counts");
  status_command->add_option("VERSION", record.version, "A label or id prefix");
  AddStoreOptions(status_command, &record.store);
  cli->status_command = status_command;
}

void AddShareCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* share_command = app->add_subcommand(
      "share", "Record that a version was shown to a party (the ledger)");
  share_command->add_option("VERSION", record.version, "A label or id prefix")
      ->required();
  share_command->add_option("--with", record.party, "The party")->required();
  share_command
      ->add_option("--via", record.channel,
                   "The channel: e-mail, meeting, server, ...")
      ->default_str("e-mail");
  AddStoreOptions(share_command, &record.store);
  cli->share_command = share_command;
}

void AddSeenCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* seen_command = app->add_subcommand(
      "seen",
      "Whether a party has seen a version (default: the latest) or one "
      "derived from it: yes VERSION TIME CHANNEL, or no");
  seen_command->add_option("--party", record.party, "The party")->required();
  seen_command->add_option("--version", record.version, "A label or id prefix");
  AddStoreOptions(seen_command, &record.store);
  cli->seen_command = seen_command;
}

void AddDumpCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* dump_command = app->add_subcommand(
      "dump", "The whole store as JSON, to standard output");
  AddStoreOptions(dump_command, &record.store);
  cli->dump_command = dump_command;
}

void AddRestoreCommand(CLI::App* app, Cli* cli) {
  RecordArgs& record = cli->record;
  CLI::App* restore_command =
      app->add_subcommand("restore", "Load a dump into a new or empty store");
  restore_command->add_option("FILE", record.file, "A dump (\"-\": stdin)")
      ->required();
  AddStoreOptions(restore_command, &record.store);
  cli->restore_command = restore_command;
}

void AddServeCommand(CLI::App* app, Cli* cli) {
  ServerArgs& server = cli->server;
  CLI::App* serve_command = app->add_subcommand(
      "serve",
      "Serve the record over HTTP/JSON (docs/api.md) until interrupted");
  serve_command
      ->add_option("--listen", server.listen,
                   "ADDRESS:PORT to listen on (port 0: any free port)")
      ->default_str("127.0.0.1:8080");
  serve_command
      ->add_option("--audit-key", server.audit_key,
                   "The audit log's key file, kept outside the store; made "
                   "if missing (default: audit.key beside an SQLite store)")
      ->type_name("FILE");
  serve_command
      ->add_option("--session-hours", server.session_hours,
                   "How long a login lasts")
      ->check(CLI::Range(0.01, 24.0 * 30))
      ->default_str("8");
  serve_command
      ->add_option("--threads", server.threads,
                   "Threads doing store work (default: by the machine)")
      ->check(CLI::Range(1, 256));
  serve_command->add_flag("--secure-cookie", server.secure_cookie,
                          "Mark the session cookie Secure (behind HTTPS)");
  AddStoreOptions(serve_command, &server.store);
  cli->serve_command = serve_command;
}

void AddUserCommand(CLI::App* app, Cli* cli) {
  ServerArgs& server = cli->server;
  CLI::App* user_command =
      app->add_subcommand("user", "Manage the server's user accounts");
  user_command->require_subcommand(1);
  auto add_password_file = [&server](CLI::App* command) {
    command
        ->add_option("--password-file", server.password_file,
                     "Read the password from the first line of FILE "
                     "(default: standard input, or a prompt)")
        ->type_name("FILE");
  };
  // Account changes are written to the audit log under the server's key.
  auto add_audit_key = [&server](CLI::App* command) {
    command
        ->add_option("--audit-key", server.audit_key,
                     "The audit log's key file (default: REDLINE_AUDIT_KEY, "
                     "else audit.key beside an SQLite store)")
        ->type_name("FILE");
  };
  CLI::App* user_add = user_command->add_subcommand("add", "Add a user");
  user_add->add_option("USER", server.user, "The user name")->required();
  user_add->add_flag("--admin", server.admin,
                     "May create negotiations through the server");
  add_password_file(user_add);
  add_audit_key(user_add);
  AddStoreOptions(user_add, &server.store);
  CLI::App* user_passwd = user_command->add_subcommand(
      "passwd", "Set a user's password (ends their sessions)");
  user_passwd->add_option("USER", server.user, "The user name")->required();
  add_password_file(user_passwd);
  add_audit_key(user_passwd);
  AddStoreOptions(user_passwd, &server.store);
  CLI::App* user_remove = user_command->add_subcommand(
      "remove", "Remove a user with their memberships and sessions");
  user_remove->add_option("USER", server.user, "The user name")->required();
  add_audit_key(user_remove);
  AddStoreOptions(user_remove, &server.store);
  CLI::App* user_grant = user_command->add_subcommand(
      "grant", "Make a user a member of a party of the negotiation");
  user_grant->add_option("USER", server.user, "The user name")->required();
  user_grant->add_option("--party", server.party, "The party")->required();
  add_audit_key(user_grant);
  AddStoreOptions(user_grant, &server.store);
  CLI::App* user_list = user_command->add_subcommand(
      "list", "The users, with the parties they act for");
  AddStoreOptions(user_list, &server.store);
  cli->user_add = user_add;
  cli->user_passwd = user_passwd;
  cli->user_remove = user_remove;
  cli->user_grant = user_grant;
  cli->user_list = user_list;
}

void AddAuditCommand(CLI::App* app, Cli* cli) {
  ServerArgs& server = cli->server;
  CLI::App* audit_command =
      app->add_subcommand("audit", "Check and export the server's audit log");
  audit_command->require_subcommand(1);
  CLI::App* audit_head = audit_command->add_subcommand(
      "head",
      "Print the hash of the log's last entry (keep it to check "
      "later that nothing was cut off)");
  AddStoreOptions(audit_head, &server.store);
  CLI::App* audit_verify = audit_command->add_subcommand(
      "verify",
      "Check the whole log against its key: exit 0 when intact, 1 when an "
      "entry was changed, deleted, inserted or reordered, or the log ends "
      "before --head");
  audit_verify
      ->add_option("--head", server.head,
                   "A head printed earlier by `audit head`: it must still "
                   "be in the log")
      ->type_name("HASH");
  audit_verify
      ->add_option("--audit-key", server.audit_key,
                   "The key file (default: audit.key beside an SQLite store)")
      ->type_name("FILE");
  AddStoreOptions(audit_verify, &server.store);
  CLI::App* audit_export = audit_command->add_subcommand(
      "export", "The log as JSON lines, to standard output");
  AddStoreOptions(audit_export, &server.store);
  cli->audit_head = audit_head;
  cli->audit_verify = audit_verify;
  cli->audit_export = audit_export;
}

// The top-level commands, in the order `redline --help` lists them.
struct CommandEntry {
  std::string_view name;
  void (*add)(CLI::App* app, Cli* cli);
};
constexpr CommandEntry kCommands[] = {
    {"points", AddPointsCommand},   {"diff", AddDiffCommand},
    {"align", AddAlignCommand},     {"synopsis", AddSynopsisCommand},
    {"init", AddInitCommand},       {"party", AddPartyCommand},
    {"import", AddImportCommand},   {"versions", AddVersionsCommand},
    {"show", AddShowCommand},       {"stance", AddStanceCommand},
    {"status", AddStatusCommand},   {"share", AddShareCommand},
    {"seen", AddSeenCommand},       {"dump", AddDumpCommand},
    {"restore", AddRestoreCommand}, {"serve", AddServeCommand},
    {"user", AddUserCommand},       {"audit", AddAuditCommand},
};

bool Parsed(const CLI::App* command) {
  return command != nullptr && command->parsed();
}

int Main(int argc, char** argv) {
  const std::string_view named = argc > 1 ? argv[1] : "";
  // The comparisons read and prepare their two texts side by side: the
  // helper thread starts while the command line is parsed.
  if (named == "diff" || named == "align" || named == "synopsis") {
    StartHelper();
  }
  CLI::App app{
      "redline: compare, align and track negotiated texts made of numbered "
      "points.\n"
      "Exit codes: 0 success, 1 differs (comparisons), 2 usage error, 3 bad "
      "input,\n"
      "4 not found or ambiguous, 5 busy, 6 storage or internal error."};
  app.name("redline");
  app.require_subcommand(1);
  app.set_version_flag("--version", "redline 0.1.0");

  // Registering every command's options costs about as much as a short
  // comparison: when the first argument names a command, only that one is
  // registered (its help and errors are the same).
  Cli cli;
  const bool one = std::any_of(
      std::begin(kCommands), std::end(kCommands),
      [named](const CommandEntry& command) { return command.name == named; });
  for (const CommandEntry& command : kCommands) {
    if (!one || command.name == named) command.add(&app, &cli);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  if (Parsed(cli.serve_command)) return RunServe(cli.server);
  // Every other command is one thread's work on possibly long texts: one
  // never-trimmed heap on huge pages (the server's threads would contend
  // for its single arena).
  UseOneHugePageHeap();
  if (Parsed(cli.points_command)) return RunPoints(cli.points);
  if (Parsed(cli.diff_command)) return RunDiff(cli.diff);
  if (Parsed(cli.align_command)) return RunAlign(cli.align);
  if (Parsed(cli.synopsis_command)) return RunSynopsis(cli.synopsis);
  if (Parsed(cli.init_command)) return RunInit(cli.record);
  if (Parsed(cli.party_add)) return RunPartyAdd(cli.record);
  if (Parsed(cli.import_command)) return RunImport(cli.record);
  if (Parsed(cli.versions_command)) return RunVersions(cli.record);
  if (Parsed(cli.show_command)) return RunShow(cli.record);
  if (Parsed(cli.stance_set)) return RunStanceSet(cli.record);
  if (Parsed(cli.status_command)) return RunStatus(cli.record);
  if (Parsed(cli.share_command)) return RunShare(cli.record);
  if (Parsed(cli.seen_command)) return RunSeen(cli.record);
  if (Parsed(cli.dump_command)) return RunDump(cli.record);
  if (Parsed(cli.restore_command)) return RunRestore(cli.record);
  if (Parsed(cli.user_add)) return RunUserAdd(cli.server);
  if (Parsed(cli.user_passwd)) return RunUserPasswd(cli.server);
  if (Parsed(cli.user_remove)) return RunUserRemove(cli.server);
  if (Parsed(cli.user_grant)) return RunUserGrant(cli.server);
  if (Parsed(cli.user_list)) return RunUserList(cli.server);
  if (Parsed(cli.audit_head)) return RunAuditHead(cli.server);
  if (Parsed(cli.audit_verify)) return RunAuditVerify(cli.server);
  if (Parsed(cli.audit_export)) return RunAuditExport(cli.server);
  return 2;
}

}  // namespace
}  // namespace redline

int main(int argc, char** argv) {
  // Output goes through std::cout only; unsynchronised it is several times
  // faster on the megabytes a redline of a long text writes.
  std::ios::sync_with_stdio(false);
  int code = 6;
  try {
    code = redline::Main(argc, argv);
  } catch (const std::exception& error) {
    // Out of memory, or a bug: never a crash without a word.
    std::cerr << "redline: internal error: " << error.what() << '\n';
  }
#if !defined(REDLINE_SANITIZED)
  // The command is done and has closed its files and stores: the output is
  // flushed and the process ends without running destructors and exit
  // handlers, whose teardown of a long comparison's structures costs a
  // short command a tenth of its time. (Under a sanitizer the exit handlers
  // run: they check for leaks.)
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(code);
#else
  return code;
#endif
}
