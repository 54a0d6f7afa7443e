// node peer_diff.js MODE OLD NEW: runs one node diff peer on two files and
// writes its result to stdout as redline's JSON contract without moves,
// {"ops": [{"op": "equal"|"delete"|"insert", "text": "..."}, ...]}, so that
// bench/score_diff counts its changed words exactly as it counts redline's.
//
// MODE is one of:
//   dmp-words  diff-match-patch on words: each word (run of non-white-space)
//              and each run of white space becomes one UTF-16 code unit, the
//              encoded strings are diffed with diff_main (Diff_Timeout = 0,
//              no line-mode speed-up) and decoded again. This is the
//              library's own line-mode trick applied to words.
//   dmp-chars  diff-match-patch as most people call it: diff_main on the
//              characters (Diff_Timeout = 0), then diff_cleanupSemantic.
//   jsdiff     jsdiff's diffWordsWithSpace with default options.
//
// Exit status: 0 on success, 2 on a usage or input error (for example more
// distinct words than dmp-words can encode).
'use strict';

const fs = require('fs');
const DiffMatchPatch = require('diff-match-patch');
const jsdiff = require('diff');

// Code unit 0 is never used, so an encoded string holds no NUL.
const kMaxDistinctTokens = 0xffff;

// Splits `text` into words and runs of white space (the same white space
// as wdiff: space, tab, newline, vertical tab, form feed, carriage return)
// and appends one code unit per token to the returned string, giving each
// distinct token the next unused unit. `table` maps token -> unit and
// `tokens` unit -> token; both are shared between the two texts.
function encodeTokens(text, table, tokens) {
  const pattern = /[ \t\n\v\f\r]+|[^ \t\n\v\f\r]+/g;
  const units = [];
  let match;
  while ((match = pattern.exec(text)) !== null) {
    const token = match[0];
    let unit = table.get(token);
    if (unit === undefined) {
      if (tokens.length > kMaxDistinctTokens) {
        throw new Error(`more than ${kMaxDistinctTokens} distinct tokens`);
      }
      unit = tokens.length;
      table.set(token, unit);
      tokens.push(token);
    }
    units.push(unit);
  }
  // fromCharCode on slices: one call per unit would be slow on 10 MB texts.
  let encoded = '';
  for (let i = 0; i < units.length; i += 8192) {
    encoded += String.fromCharCode.apply(null, units.slice(i, i + 8192));
  }
  return encoded;
}

function decodeTokens(encoded, tokens) {
  const parts = new Array(encoded.length);
  for (let i = 0; i < encoded.length; ++i) {
    parts[i] = tokens[encoded.charCodeAt(i)];
  }
  return parts.join('');
}

const kOpNames = {'-1': 'delete', '0': 'equal', '1': 'insert'};

function dmpWords(oldText, newText) {
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0;
  const table = new Map();
  const tokens = [''];  // unit 0 stays unused
  const oldEncoded = encodeTokens(oldText, table, tokens);
  const newEncoded = encodeTokens(newText, table, tokens);
  const diffs = dmp.diff_main(oldEncoded, newEncoded, false);
  return diffs.map(([op, text]) => ({
                     op: kOpNames[op],
                     text: decodeTokens(text, tokens),
                   }));
}

function dmpChars(oldText, newText) {
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0;
  const diffs = dmp.diff_main(oldText, newText, false);
  dmp.diff_cleanupSemantic(diffs);
  return diffs.map(([op, text]) => ({op: kOpNames[op], text}));
}

function jsdiffWordsWithSpace(oldText, newText) {
  return jsdiff.diffWordsWithSpace(oldText, newText).map((change) => ({
    op: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value,
  }));
}

const kModes = {
  'dmp-words': dmpWords,
  'dmp-chars': dmpChars,
  'jsdiff': jsdiffWordsWithSpace,
};

function main(argv) {
  if (argv.length !== 3 || !(argv[0] in kModes)) {
    process.stderr.write(
        'usage: node peer_diff.js dmp-words|dmp-chars|jsdiff OLD NEW\n');
    return 2;
  }
  let ops;
  try {
    const oldText = fs.readFileSync(argv[1], 'utf8');
    const newText = fs.readFileSync(argv[2], 'utf8');
    ops = kModes[argv[0]](oldText, newText);
  } catch (error) {
    process.stderr.write(`peer_diff ${argv[0]}: ${error.message}\n`);
    return 2;
  }
  // One op per line, written in chunks of about 1 MB.
  const out = 1;  // standard output, written synchronously
  let chunk = '{"ops": [\n';
  for (let i = 0; i < ops.length; ++i) {
    chunk += JSON.stringify(ops[i]) + (i + 1 < ops.length ? ',\n' : '\n');
    if (chunk.length > (1 << 20)) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk + ']}\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
