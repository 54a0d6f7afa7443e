// The commands of the `redline` program. main.cc parses the command line
// (CLI11 stays in that one file) and calls one of these; each returns the
// process exit code and writes its errors to standard error.

#ifndef REDLINE_CLI_COMMANDS_H_
#define REDLINE_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "cli/store_access.h"
#include "redline/diff.h"
#include "redline/text.h"

namespace redline {

struct PointsArgs {
  std::vector<std::string> files;  // "-" is standard input
  std::string format = "text";     // "text" or "json"
  TextLimits limits;
};

// `redline points FILE... [--format text|json]`.
int RunPoints(const PointsArgs& args);

struct DiffArgs {
  std::string old_path;  // "-" is standard input (for one side only)
  std::string new_path;
  std::vector<std::string> labels;  // up to two; file names otherwise
  std::string format = "text";      // "text", "json", "html" or "md"
  std::string color = "auto";       // "auto", "always" or "never"
  int context = 2;                  // lines around changes; -1 all
  DiffOptions options;
  StoreArgs store;  // where OLD and NEW are found when they are no files
  TextLimits limits;
};

// `redline diff OLD NEW`. Returns 0 when the texts are equal under the
// options, 1 when they differ, >= 2 on error.
int RunDiff(const DiffArgs& args);

struct AlignArgs {
  std::string old_path;  // "-" is standard input (for one side only)
  std::string new_path;
  std::vector<std::string> labels;  // up to two; file names otherwise
  std::string format = "text";      // "text", "json", "html" or "md"
  std::string color = "auto";       // "auto", "always" or "never"
  StoreArgs store;
  TextLimits limits;
};

// `redline align OLD NEW`. Returns 0 when every aligned pair is the same,
// 1 otherwise, >= 2 on error.
int RunAlign(const AlignArgs& args);

struct SynopsisArgs {
  std::vector<std::string> files;   // 2 to kMaxSynopsisVersions; one "-"
  std::vector<std::string> labels;  // in file order; file names otherwise
  std::string base;                 // a label or a 1-based position; ""
                                    // is the first version
  std::string format = "text";      // "text", "json", "html" or "md"
  std::string color = "auto";       // "auto", "always" or "never"
  StoreArgs store;
  TextLimits limits;
};

// `redline synopsis V1 V2 ... Vk`. Returns 0 when every version has the
// same points as the base, 1 otherwise, >= 2 on error.
int RunSynopsis(const SynopsisArgs& args);

// The arguments of the record commands (init, party add, import, versions,
// show, stance set, status, share, seen, dump, restore); each uses some.
struct RecordArgs {
  StoreArgs store;
  std::string name;  // party add: the party
  std::string kind = "party";
  std::string file;   // import, restore
  std::string label;  // import
  std::string by;     // import: the authoring party
  std::vector<std::string> parents;
  std::string note;     // import, stance set
  std::string version;  // show, stance set, status, share, seen (a reference)
  std::string point;    // show --point, stance set
  std::string party;    // stance set, share --with, seen --party
  std::string stance;   // stance set
  bool internal = false;
  std::string channel = "e-mail";  // share --via
  TextLimits limits;
};

// Each returns the process exit code, writing errors to standard error.
int RunInit(const RecordArgs& args);
int RunPartyAdd(const RecordArgs& args);
int RunImport(const RecordArgs& args);
int RunVersions(const RecordArgs& args);
int RunShow(const RecordArgs& args);
int RunStanceSet(const RecordArgs& args);
int RunStatus(const RecordArgs& args);
int RunShare(const RecordArgs& args);
int RunSeen(const RecordArgs& args);
int RunDump(const RecordArgs& args);
int RunRestore(const RecordArgs& args);

// The arguments of the server's commands (serve, user ..., audit ...).
struct ServerArgs {
  StoreArgs store;
  std::string listen = "127.0.0.1:8080";  // serve
  std::string audit_key;                  // serve, audit verify
  double session_hours = 8;               // serve
  int threads = 0;                        // serve
  bool secure_cookie = false;             // serve
  std::string user;                       // user ...
  bool admin = false;                     // user add
  std::string password_file;              // user add, user passwd
  std::string party;                      // user grant
  std::string head;                       // audit verify
};
int RunServe(const ServerArgs& args);
int RunUserAdd(const ServerArgs& args);
int RunUserPasswd(const ServerArgs& args);
int RunUserRemove(const ServerArgs& args);
int RunUserGrant(const ServerArgs& args);
int RunUserList(const ServerArgs& args);
int RunAuditHead(const ServerArgs& args);
// Exit 0 when the log is intact, 1 when it was tampered with.
int RunAuditVerify(const ServerArgs& args);
int RunAuditExport(const ServerArgs& args);

// Whether the text format is coloured under --color `mode`: "always",
// "never", or "auto" (a terminal that is not "dumb", NO_COLOR unset).
bool UseColor(const std::string& mode);

// The two texts a comparison command reads, with the labels shown for them.
struct TwoTexts {
  InputText old_text;
  InputText new_text;
  std::string old_label;
  std::string new_label;
};

// Reads OLD and NEW as every comparison command does: each a file, or when
// no such file exists a stored version (ReadTextOrVersion); at most one of
// them from standard input, --label at most twice, labels defaulting to the
// file names ("<stdin>" for "-") or the versions' labels. Fails with kUsage
// or the errors of reading.
Result<TwoTexts> ReadTwoTexts(const std::string& old_path,
                              const std::string& new_path,
                              const std::vector<std::string>& labels,
                              const StoreArgs& store, const TextLimits& limits);

// Prints "redline: <message>" to standard error and returns the exit code
// for `status`.
int ReportError(const Status& status);

}  // namespace redline

#endif  // REDLINE_CLI_COMMANDS_H_
