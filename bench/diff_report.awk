# Prints the tables and verdicts of bench/diff_bench.sh from its results
# file of "size<TAB>key<TAB>value" lines (size "unrelated" for the two
# unrelated 10 MiB texts). Variables: sizes and tools, space-separated, as
# the script ran them. The tables are Markdown, ready for BENCHMARKS.md.

BEGIN { FS = "\t" }
{ v[$1, $2] = $3 }

function label(size) {
  if (size >= 1048576 && size % 1048576 == 0) return (size / 1048576) " MiB"
  if (size >= 1024 && size % 1024 == 0) return (size / 1024) " KiB"
  return size " B"
}

function name(tool) {
  if (tool == "git") return "git"
  if (tool == "git-histogram") return "git --histogram"
  if (tool == "wdiff") return "wdiff"
  if (tool == "dwdiff") return "dwdiff"
  if (tool == "dmp-words") return "dmp words"
  if (tool == "dmp-chars") return "dmp chars"
  return tool
}

function has(size, key) { return ((size, key) in v) && v[size, key] != "-" }

function ok(size, tool) { return v[size, "status." tool] == "ok" }

# A tool's state when it has no number: DNF, ERR, "not built" or "-".
function missing(size, tool,   s) {
  s = v[size, "status." tool]
  if (s == "absent") return "not built"
  if (s == "") return "-"
  return s
}

function ms(us) {
  if (us < 100000) return sprintf("%.1f", us / 1000)
  return sprintf("%.0f", us / 1000)
}

function grouped(n,   s, out) {
  s = sprintf("%d", n)
  out = ""
  while (length(s) > 3) {
    out = "," substr(s, length(s) - 2) out
    s = substr(s, 1, length(s) - 3)
  }
  return s out
}

function time_cell(size, tool) {
  return ok(size, tool) ? ms(v[size, "us." tool]) : missing(size, tool)
}

function words_cell(size, tool) {
  if (!ok(size, tool)) return missing(size, tool)
  if (!has(size, "changed." tool)) return "?"
  return grouped(v[size, "changed." tool])
}

# The faster of the two git word diffs at `size`, in microseconds; 0 if
# neither finished.
function faster_git(size,   best) {
  best = 0
  if (ok(size, "git")) best = v[size, "us.git"]
  if (ok(size, "git-histogram") &&
      (best == 0 || v[size, "us.git-histogram"] < best)) {
    best = v[size, "us.git-histogram"]
  }
  return best
}

function faster_git_words(size) {
  if (ok(size, "git") && (!ok(size, "git-histogram") ||
      v[size, "us.git"] <= v[size, "us.git-histogram"])) {
    return v[size, "changed.git"]
  }
  return v[size, "changed.git-histogram"]
}

function row_start(size) { return "| " label(size) " |" }

function print_times(   i, t, size, line, git) {
  print "Wall time in ms, best of the runs (DNF: over the time limit):"
  print ""
  line = "| text |"
  for (t = 1; t <= ntools; t++) line = line " " name(tool[t]) " |"
  print line " redline / faster git |"
  line = "|---|"
  for (t = 1; t <= ntools + 1; t++) line = line "---:|"
  print line
  for (i = 1; i <= nsizes; i++) {
    size = size_list[i]
    line = row_start(size)
    for (t = 1; t <= ntools; t++) line = line " " time_cell(size, tool[t]) " |"
    git = faster_git(size)
    if (ok(size, "redline") && git > 0) {
      line = line sprintf(" **%.2f×** |", v[size, "us.redline"] / git)
    } else {
      line = line " - |"
    }
    print line
  }
}

function print_words(   i, t, size, line, wd) {
  print ""
  print "Changed words (deleted + inserted, whitespace-separated, moves " \
        "included); wdiff and dwdiff by their -s counts:"
  print ""
  line = "| text | edits as made |"
  for (t = 1; t <= ntools; t++) line = line " " name(tool[t]) " |"
  print line " redline / wdiff -s | faster git / wdiff -s |"
  line = "|---|---:|"
  for (t = 1; t <= ntools + 2; t++) line = line "---:|"
  print line
  for (i = 1; i <= nsizes; i++) {
    size = size_list[i]
    line = row_start(size) " " grouped(v[size, "truth_changed"]) " |"
    for (t = 1; t <= ntools; t++) line = line " " words_cell(size, tool[t]) " |"
    wd = ok(size, "wdiff") && has(size, "changed.wdiff") ? v[size, "changed.wdiff"] : 0
    if (wd > 0 && ok(size, "redline") && has(size, "changed.redline")) {
      line = line sprintf(" **%.3f** |", v[size, "changed.redline"] / wd)
    } else {
      line = line " - |"
    }
    if (wd > 0 && faster_git(size) > 0) {
      line = line sprintf(" %.3f |", faster_git_words(size) / wd)
    } else {
      line = line " - |"
    }
    print line
  }
}

function print_redline(   i, size, line) {
  print ""
  print "redline: moved words against the truth, peak memory, exact rebuild:"
  print ""
  print "| text | moved words (truth) | reported moved | recall | precision " \
        "| peak RSS | × input | ops rebuild both texts |"
  print "|---|---:|---:|---:|---:|---:|---:|---|"
  for (i = 1; i <= nsizes; i++) {
    size = size_list[i]
    line = row_start(size) " " grouped(v[size, "truth_moved"]) " |"
    if (!ok(size, "redline")) {
      print line " " missing(size, "redline") " | | | | | |"
      continue
    }
    line = line " " grouped(v[size, "moved_words"]) " |"
    line = line sprintf(" **%.1f%%** | %.1f%% |", 100 * v[size, "moved_recall"],
                        100 * v[size, "moved_precision"])
    line = line sprintf(" %.1f MiB | **%.1f×** |", v[size, "kib.redline"] / 1024,
                        v[size, "kib.redline"] * 1024 / v[size, "old_bytes"])
    print line " " v[size, "rebuilt.redline"] " |"
  }
}

function print_memory(   i, t, size, line) {
  print ""
  print "Peak RSS in MiB (/usr/bin/time -f %M, largest of the runs):"
  print ""
  line = "| text |"
  for (t = 1; t <= ntools; t++) line = line " " name(tool[t]) " |"
  print line
  line = "|---|"
  for (t = 1; t <= ntools; t++) line = line "---:|"
  print line
  for (i = 1; i <= nsizes; i++) {
    size = size_list[i]
    line = row_start(size)
    for (t = 1; t <= ntools; t++) {
      if (ok(size, tool[t])) {
        line = line sprintf(" %.1f |", v[size, "kib." tool[t]] / 1024)
      } else {
        line = line " " missing(size, tool[t]) " |"
      }
    }
    print line
  }
}

function verdict(met, text) { return (met ? "met" : "MISSED") " (" text ")" }

function print_verdicts(size,   git, ratio, over, wd, words, recall, times) {
  print ""
  print "Verdicts at " label(size) ":"
  if (!ok(size, "redline")) {
    print "  redline: " missing(size, "redline")
    return
  }
  git = faster_git(size)
  ratio = git > 0 ? v[size, "us.redline"] / git : -1
  if (ratio < 0) {
    print "  time <= 0.5x the faster git word diff: no git time"
  } else {
    over = ""
    if (ratio > 0.5) over = sprintf(": %.1fx the time allowed", ratio / 0.5)
    print "  time <= 0.5x the faster git word diff: " \
          verdict(ratio <= 0.5, sprintf("%.2fx%s", ratio, over))
  }
  wd = has(size, "changed.wdiff") ? v[size, "changed.wdiff"] : 0
  words = v[size, "changed.redline"]
  if (wd > 0) {
    print "  changed words <= 1.05x wdiff -s: " \
          verdict(words <= 1.05 * wd, sprintf("%s vs %s: %.3fx; redline's " \
                  "own stats say %s", grouped(words), grouped(wd), words / wd,
                  grouped(v[size, "reported_changed_words"])))
  } else {
    print "  changed words <= 1.05x wdiff -s: no wdiff count"
  }
  recall = v[size, "moved_recall"]
  print "  moved-section words reported as moved >= 80%: " \
        verdict(recall >= 0.8, sprintf("%.1f%% of %s", 100 * recall,
                grouped(v[size, "truth_moved"])))
  times = v[size, "kib.redline"] * 1024 / v[size, "old_bytes"]
  print "  peak memory < 20x the input: " \
        verdict(times < 20, sprintf("%.1fx, %.1f MiB", times,
                v[size, "kib.redline"] / 1024))
  if (v[size, "rebuilt.redline"] != "yes") {
    print "  WARNING: redline's ops do not rebuild both texts"
  }
}

function print_unrelated(   us) {
  print ""
  print "Two unrelated 10 MiB texts:"
  if (v["unrelated", "status.redline"] != "ok") {
    print "  redline < 5 s: " missing("unrelated", "redline")
    return
  }
  us = v["unrelated", "us.redline"]
  print "  redline < 5 s: " verdict(us < 5000000, sprintf("%.2f s, peak " \
        "%.1f MiB, %s changed words, rebuilt %s", us / 1e6,
        v["unrelated", "kib.redline"] / 1024,
        grouped(v["unrelated", "changed.redline"]),
        v["unrelated", "rebuilt.redline"]))
}

END {
  nsizes = split(sizes, size_list, " ")
  ntools = split(tools, tool, " ")
  print_times()
  print_words()
  print_redline()
  print_memory()
  for (i = 1; i <= nsizes; i++) {
    if (size_list[i] == 1048576 || size_list[i] == 10485760) {
      print_verdicts(size_list[i])
    }
  }
  print_unrelated()
}
