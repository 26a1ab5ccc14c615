// Triage of a whole pasted log: every error it names, counted, in the order
// to fix them, and the lines the site does not know (docs/SEARCH.md,
// "Triage of a whole log").

import { CANDIDATE_CAP, LIMITS, ONE_EDIT_FROM, TRIAGE_MS, TRIAGE_MS_PER_LINE } from "./weights.js";
import { hasDigit, len, tokenSpans } from "./tokens.js";
import { docOf } from "./index.js";
import { collect, prepare } from "./expand.js";
import { anchored, loadDocs, verifyLoaded } from "./verify.js";
import { beats } from "./hits.js";
import { NO_WORDS, STACK, countsForNothing, docNumbers, noise, ownLine } from "./lines.js";
import { documents, maskLine, nameOf } from "./customer.js";

// byFixOrder orders a log's errors as they are to be fixed: those that stop
// every sync (fix "first"), then the others, then the consequences (fix
// "last"); each group by count, most first.
const FIX_RANK = { first: 0, "": 1, last: 2 };
export const byFixOrder = (a, b) => FIX_RANK[a.fix] - FIX_RANK[b.fix] || b.count - a.count;

/**
 * triage reads a pasted log (see createSearch in search.js). engine is
 * { index, scorer, now }: now is the clock of the time budget. The stages:
 * the lines to match (readLines), a first pass with the words as written,
 * lines that differ in numbers only grouped (groupLines), exact verdicts,
 * near verdicts, then typos for the lines that still name nothing and look
 * like errors (typoPass); then the count per error (tally) and what the
 * view shows of each (errorsOf). Between lines and between groups it looks
 * at the clock: once the budget is spent, what is left is not judged (see
 * TRIAGE_MS).
 */
export async function triage(engine, text) {
  const { index } = engine;
  const m = await index.meta();
  const given = String(text ?? "").split(LINE_BREAK);
  const budget = createBudget(engine.now, TRIAGE_MS + TRIAGE_MS_PER_LINE * Math.min(given.length, LIMITS.logLines));
  const { lines, truncated, cut } = readLines(given, budget);
  const ex = new Map(); // expansions, for every line
  // First pass: words as written (machine text has no typos).
  await budget.wait(Promise.all(lines.map((l) => prepare(index, m, l.toks, false, ex, "exact"))));
  const groups = [...groupLines(lines, ex).values()];
  await verdicts(index, m, groups, ex, true, budget);
  // Then near matches for the lines that named nothing, with the words
  // as written; and for those that still name nothing and look like an
  // error, typos (within a word's shard) and compounds.
  // (A hit inside a customer's name or value, see odd, is looked at
  // again too.)
  await verdicts(index, m, groups.filter((g) => !g.hit || g.hit.odd > 0), ex, false, budget);
  // (Not only lines with a sign of an error: a typo may be in the sign,
  // as an OCR'd "misIukt" is; not the log's own lines.)
  const again = groups.filter((g) => (!g.hit || g.hit.odd > 0) && !g.cut && !ownLine(g.lines[0].line));
  if (again.length) await typoPass(index, m, again, ex, budget);
  const { byDoc, unmatched } = tally(groups, cut);
  const errors = await errorsOf(index, m, byDoc);
  addExamples(errors, given, ex);
  const unknown = unknownGroups(given, unmatched, ex);
  const out = truncated ? { errors, unknown, unmatched, truncated } : { errors, unknown, unmatched };
  if (cut.length || groups.some((g) => g.cut)) out.timedOut = true;
  return out;
}

// knownIn returns whether a word is one of the index's, by the exact
// expansions ex holds of its tokens.
// (Words of messages and titles only: a body's or a tag's word is no sign
// that a word is not a customer's name.)
const knownIn = (ex) => (w) => tokenSpans(w).every((s) => ex.get(s.t)?.some(([, , e]) => e[0] > 0));

/**
 * mask masks a pasted line for a support mail (customer.js maskLine) with
 * the index's words known: see createSearch in search.js.
 */
export async function mask(engine, text) {
  const { index } = engine;
  const m = await index.meta();
  const line = String(text ?? "").slice(0, LIMITS.queryChars);
  const ex = new Map();
  await prepare(index, m, tokenSpans(line).map((s) => s.t), false, ex, "exact");
  return maskLine(line, { isKnown: knownIn(ex) });
}

// unknownGroups groups the unmatched lines by their masked text (maskLine,
// without the time that starts it), largest group first, then the first
// line: [{ text, count, lines, sure }]. sure says that the masked text
// holds no word that could be a customer's (each is a word of the index or
// of a log's own): a share link may carry it.
function unknownGroups(given, unmatched, ex) {
  const isKnown = knownIn(ex);
  const groups = new Map();
  for (const n of unmatched) {
    const { text, sure } = maskLine(given[n - 1].slice(0, LIMITS.lineChars).trim(), { isKnown });
    const key = text.replace(/^(?:\s*\[datum\])+\s*/, "");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { text: key, count: 0, lines: [], sure }));
    g.count++;
    g.lines.push(n);
    g.sure &&= sure;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.lines[0] - b.lines[0]);
}

// createBudget returns a budget of ms on the clock now, which runs while
// the engine works, not while it waits (wait): for the index's files (a
// slow network is no runaway pattern) and for the words' lookups, whose
// work LIMITS bounds. Once spent, it stays spent.
function createBudget(now, ms) {
  let end = now() + ms, out = false;
  return {
    spent: () => out || (out = now() > end),
    async wait(p) {
      const t0 = now();
      try {
        return await p;
      } finally {
        end += now() - t0;
      }
    },
  };
}

const LINE_BREAK = /\r\n|\n|\r/;

// readLines returns the lines of given to match, tokenized: [{ n, line,
// spans, toks }], within LIMITS; the others (blank, rules, stack frames,
// totals, sure success) count for nothing. truncated is the number of
// lines read when the log was read only in part, else 0; cut, the numbers
// of the lines not read because the budget was spent.
function readLines(given, budget) {
  const all = given.slice(0, LIMITS.logLines);
  let truncated = given.length > LIMITS.logLines ? LIMITS.logLines : 0;
  const lines = [], cut = [];
  let words = 0;
  for (const [i, raw] of all.entries()) {
    if (budget.spent()) {
      if (raw.trim()) cut.push(i + 1);
      continue;
    }
    // A JSON log writes a stack trace into the line, its line breaks
    // escaped: from the first escaped break before a frame on, it is the
    // trace's, not the message's.
    const line = raw.slice(0, LIMITS.lineChars).replace(ESCAPED_TRACE, "").trim();
    if (!line || NO_WORDS.test(line) || STACK.test(line) || countsForNothing(line)) continue;
    let spans = tokenSpans(line);
    if (spans.length > LIMITS.lineTokens) spans = spans.slice(-LIMITS.lineTokens);
    if ((words += spans.length) > LIMITS.logTokens) {
      truncated = i; // the lines read
      break;
    }
    lines.push({ n: i + 1, line, spans, toks: spans.map((s) => s.t) });
  }
  return { lines, truncated, cut };
}

const ESCAPED_TRACE = /\\r?\\n\s*(?:at|bij)\s[^]*$/;

// NUMBER_RUN is a run of numbers that only fill space; WORDS, the words
// and numbers of a line (what is left is its punctuation).
const NUMBER_RUN = /_( _)+/g;
const WORDS = /[\p{L}\p{N}]+/gu;

// groupLines groups the lines that get one verdict. A number that no
// message or title has (an invoice's, an amount) only fills space: lines
// that differ in such numbers only, with the same punctuation, get one
// verdict, the group's first line's. (A word is not: one the index lacks
// may be a typo of one it has. entry[0] is a term's idf in messages and
// titles.)
function groupLines(lines, ex) {
  const groups = new Map();
  for (const l of lines) {
    // A run of such numbers is one for matching: a placeholder takes
    // one or more, a run of fixed text none.
    const key = l.toks.map((w) => (hasDigit(w) && ex.get(w).every(([, , e]) => e[0] === 0) ? "_" : w)).join(" ").replace(NUMBER_RUN, "_") +
      "\u0000" + l.line.replace(WORDS, "");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { toks: l.toks, line: { text: l.line, spans: l.spans }, lines: [] }));
    g.lines.push(l);
  }
  return groups;
}

// verdicts sets each group's hit, when better than the one it has, from
// the expansions exp: each group's candidates, then every doc shard they
// need at once, then every verdict without waiting. whole: exact matches
// only, among templates whose every word the line may hold (no doc shard
// is read for the others). A group it has no time for is cut: not judged.
async function verdicts(index, m, gs, exp, whole, budget) {
  const work = [];
  for (const g of gs) {
    if (!g.cut && budget.spent()) g.cut = true;
    if (g.cut) continue;
    // The same expansions give the same terms: the second pass
    // reuses the first's.
    if (g.foundFrom !== exp) [g.found, g.foundFrom] = [collect(g.toks, false, exp), exp];
    const found = g.found;
    work.push({ g, found, cands: found.size ? anchored(found, g.toks, "", m, CANDIDATE_CAP, whole) : [] });
  }
  await budget.wait(loadDocs(index, m, work.flatMap((w) => w.cands)));
  for (const w of work) {
    if (budget.spent()) {
      w.g.cut = true;
      continue;
    }
    const hit = w.found.size ? verifyLoaded(index, m, w.found, w.g.toks, w.cands, !whole, w.g.line)[0] : undefined;
    if (hit && (!w.g.hit || beats(hit, w.g.hit))) w.g.hit = hit;
  }
}

// typoPass looks for typos and compounds in the groups again. Typos are
// looked for in a bounded number of words: the words the index lacks, a
// few per line, the first lines first.
async function typoPass(index, m, again, ex, budget) {
  const full = new Map();
  const typoWords = new Set();
  for (const g of again) {
    let inLine = 0;
    g.typoToks = g.toks.map((w) => {
      if (!ex.get(w)?.length && !hasDigit(w) && len(w) >= ONE_EDIT_FROM) {
        if (typoWords.has(w) || (inLine < LIMITS.typoWordsPerLine && typoWords.size < LIMITS.typoWords)) {
          typoWords.add(w);
          inLine++;
          return w;
        }
        return null;
      }
      return w;
    });
  }
  await budget.wait(Promise.all(again.map((g) => prepare(index, m, g.toks, false, full, "full", g.typoToks))));
  await verdicts(index, m, again, full, false, budget);
}

// tally counts each group's lines for the error its hit names: byDoc, per
// doc { doc, lines, exact, numbers }; a line that names nothing is
// unmatched unless it is noise, or it was not judged (cut, or in a group
// that was cut).
function tally(groups, cut) {
  const byDoc = new Map();
  const unmatched = [...cut];
  for (const g of groups) {
    // A hit in a customer's name (see inName) names nothing.
    const hit = g.hit && !g.hit.name ? g.hit : undefined;
    for (const l of g.lines) {
      if (!hit) {
        if (g.cut || !noise(l.line)) unmatched.push(l.n);
        continue;
      }
      let e = byDoc.get(hit.doc);
      if (!e) byDoc.set(hit.doc, (e = { doc: hit.doc, lines: [], exact: true, numbers: [], items: new Map() }));
      e.lines.push(l.n);
      if (hit.match !== "exact") e.exact = false;
      for (const num of docNumbers(l.line)) if (!e.numbers.includes(num)) e.numbers.push(num);
      addItem(e.items, l, hit);
    }
  }
  unmatched.sort((a, b) => a - b);
  return { byDoc, unmatched };
}

// addItem records the document and the customer's name that line l names
// outside its message (hit), if any: items by document and name.
function addItem(items, l, hit) {
  let context = l.line;
  if (hit.start !== undefined && l.spans[hit.start] && l.spans[hit.end - 1]) {
    context = l.line.slice(0, l.spans[hit.start].start) + " \u0000 " + l.line.slice(l.spans[hit.end - 1].end);
  }
  const ref = documents(context)[0] || "";
  const name = nameOf(context.replace("\u0000", ""));
  if (!ref && !name) return;
  const key = ref + "\u0000" + name;
  let it = items.get(key);
  if (!it) items.set(key, (it = { ref, name, lines: [] }));
  it.lines.push(l.n);
}

// byRef orders the affected documents as a person reads numbers: by
// document (2026-9 before 2026-10), then by name.
const collator = new Intl.Collator("nl", { numeric: true, sensitivity: "base" });
const byRef = (a, b) => collator.compare(a.ref, b.ref) || collator.compare(a.name, b.name);

// errorsOf returns what triage reports of each error of byDoc, in the
// order to fix them, then by first line.
async function errorsOf(index, m, byDoc) {
  const errors = await Promise.all([...byDoc.values()].map(async (e) => {
    const d = await docOf(index, m, e.doc);
    e.lines.sort((a, b) => a - b);
    return {
      id: d.id,
      title: d.title,
      count: e.lines.length,
      lines: e.lines,
      match: e.exact ? "exact" : "partial",
      severity: d.severity,
      fix: d.fix || "",
      summary: d.summary || "",
      steps: d.steps || [],
      solved: d.solved === true,
      numbers: e.numbers,
      items: [...e.items.values()].sort(byRef),
    };
  }));
  errors.sort((a, b) => byFixOrder(a, b) || a.lines[0] - b.lines[0]);
  return errors;
}

// addExamples gives each error example: its first line, masked (maskLine
// with the index's words known, so the message's words and Exact's hosts
// stay, and every customer's name the log's items hold masked), for the
// support mail of an error without a solution.
function addExamples(errors, given, ex) {
  const names = [...new Set(errors.flatMap((e) => e.items.map((i) => i.name)).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  const isKnown = knownIn(ex);
  for (const e of errors) e.example = maskLine(given[e.lines[0] - 1].slice(0, LIMITS.lineChars).trim(), { isKnown, names }).text;
}

// PATTERNS are this module's regular expressions, for the test that no
// input makes one backtrack without bound (test/js/patterns.test.mjs).
export const PATTERNS = [["LINE_BREAK", LINE_BREAK], ["NUMBER_RUN", NUMBER_RUN], ["WORDS", WORDS], ["ESCAPED_TRACE", ESCAPED_TRACE]];
