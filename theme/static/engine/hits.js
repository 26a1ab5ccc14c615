// Which of the hits in a line names it: brackets and quotes that enclose a
// customer's value (odd), and the order of two hits (beats).

import { NAME_WORDS } from "./weights.js";

// Brackets and quotes that enclose a value: a customer's name in
// parentheses or quotes may hold the words of a message.
const OPENERS = "([{“‘«„";
const CLOSERS = ")]}”’»";
const LETTER = /[\p{L}\p{N}]/u;
const isLetter = (c) => c !== undefined && LETTER.test(c);
// apostrophe reports whether the quote mark at text[i] is an apostrophe:
// inside a word ("klant's", "klant’s"), or Dutch "'t" and "'s" ("Frituur 't
// Pleintje", "'s-Hertogenbosch").
const apostrophe = (text, i) => (isLetter(text[i - 1]) && isLetter(text[i + 1])) ||
  (/[ts]/i.test(text[i + 1] ?? "") && /[\s-]/.test(text[i + 2] ?? "") && !isLetter(text[i - 1]));

// unbalanced reports whether s opens or closes a bracket or quote it does
// not close or open.
function unbalanced(s) {
  let depth = 0, quotes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === "’" || c === "'") && apostrophe(s, i)) continue;
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) {
      if (--depth < 0) return true;
    } else if (c === '"' || c === "'") quotes++;
  }
  return depth !== 0 || quotes % 2 === 1;
}

// enclosed reports whether text[from, to) lies inside brackets or quotes
// that open before from and are still open at to: a name in parentheses,
// not a message's own "(401)".
function enclosed(text, from, to) {
  const { open, quote } = opened(text, to);
  return open.some((i) => i < from) || (quote >= 0 && quote < from);
}

// opened returns the brackets still open at text[upto] (their places, the
// innermost last) and the place of a quote still open there, or -1.
function opened(text, upto) {
  const open = [];
  let quote = -1;
  for (let i = 0; i < upto; i++) {
    const c = text[i];
    if ((c === "’" || c === "'") && apostrophe(text, i)) continue;
    if (OPENERS.includes(c)) open.push(i);
    else if (CLOSERS.includes(c)) open.pop();
    else if (c === '"' || c === "'") quote = quote < 0 ? i : -1;
  }
  return { open, quote };
}

// enclosure returns the [start, end) of the brackets or quotes that
// enclose text[from, to) (open before from, closed at or after to), or
// null.
function enclosure(text, from, to) {
  const { open, quote } = opened(text, from);
  const start = Math.max(open.length ? open[open.length - 1] : -1, quote);
  if (start < 0) return null;
  const closer = quote === start ? text[start] : CLOSERS[OPENERS.indexOf(text[start])];
  const end = text.indexOf(closer ?? "", to);
  return end < 0 ? null : [start + 1, end];
}

// cellOf returns the [start, end) of the table cell (between tabs, pipes
// or semicolons, in a row of three cells or more) that holds text[from,
// to), and whether a cell with words follows it; or null.
function cellOf(text, from, to) {
  for (const sep of ["\t", "|", ";"]) {
    if (text.split(sep).length < 3) continue;
    const start = text.lastIndexOf(sep, from - 1) + 1;
    let end = text.indexOf(sep, to);
    if (end < 0) end = text.length;
    return { start, end, later: text.slice(end).split(sep).slice(1).some((c) => /\p{L}/u.test(c)) };
  }
  return null;
}

// nameSized reports whether the text in brackets or quotes is the size of
// a name: at most NAME_WORDS words and no colon. A quoted CSV cell that
// holds a sentence ("Export failed for invoice 2024-0301: In use: Entry
// number.") is a message, not a name.
const nameSized = (s) => !s.includes(":") && (s.match(WORD) || []).length <= NAME_WORDS;
const WORD = /[\p{L}\p{N}]+/gu;

// hasWords reports whether s holds a letter or digit.
const hasWords = (s) => /[\p{L}\p{N}]/u.test(s);

/**
 * inName reports whether a hit at text[from, to) is part of a customer's
 * name: its brackets or quotes hold other words too ("(Reeds Verwerkt
 * Logistiek)", not the CSV cell "Reeds verwerkt"), or it shares a table
 * cell with other words and a cell with words follows (the row's message
 * comes last: "| Server Unavailable BV | OK |"). lead and trail say that
 * the message begins or ends with a placeholder, which took the words
 * before or after it.
 */
export function inName(text, from, to, lead = false, trail = false) {
  const e = enclosure(text, from, to);
  if (e && nameSized(text.slice(e[0], e[1])) && ((!lead && hasWords(text.slice(e[0], from))) || (!trail && hasWords(text.slice(to, e[1]))))) return true;
  const c = cellOf(text, from, to);
  return c !== null && c.later && ((!lead && hasWords(text.slice(c.start, from))) || (!trail && hasWords(text.slice(to, c.end))));
}

/**
 * hitInName is inName for a hit ({ start, end, values } in tokens) in line
 * ({ text, spans }). What a leading or trailing placeholder took is the
 * message's: a name around it is one around the whole.
 */
export function hitInName(line, hit) {
  const { text, spans } = line;
  if (hit.start === undefined || !spans[hit.start] || !spans[hit.end - 1]) return false;
  const lead = hit.values.some(([x, y]) => x === 0 && y === hit.start && y > x);
  const trail = hit.values.some(([x, y]) => x === hit.end && y > x);
  return inName(text, spans[hit.start].start, spans[hit.end - 1].end, lead, trail);
}

// odd counts the signs that a hit took a customer's value for its message:
// the message begins inside brackets or quotes that opened before it
// ("(Server Unavailable BV): Reeds verwerkt"), or an inner placeholder took
// text with a bracket or quote it does not close ("Leverancier {code} is
// geblokkeerd" taking "Groep B.V.): Afdeling X1" in "(Leverancier Groep
// B.V.): Afdeling X1 is geblokkeerd"). line is { text, spans }; n the
// number of tokens.
export function odd(line, hit, n) {
  const { text, spans } = line;
  if (hit.start === undefined || !spans[hit.start]) return 0;
  const from = spans[hit.start].start, to = spans[hit.end - 1].end;
  let count = enclosed(text, from, to) ? 1 : 0;
  // Part of a name: the customer's text, however well it fits.
  if (hitInName(line, hit)) {
    hit.name = true;
    count++;
  }
  for (const [x, y] of hit.values) {
    if (x === 0 || y >= n || y <= x) continue; // leading and trailing: the line's own
    if (unbalanced(text.slice(spans[x - 1].end, spans[y].start))) count++;
  }
  return count;
}

// beats says whether hit a names the line rather than hit b: the one
// whose message and values look like a message and values (see odd),
// then an exact match before a near one. Of two messages one of which
// lies in a value of the other, the other wraps it ("Fout bij exporteren van betaling: {detail}");
// of two apart, the later: a log writes the context (the invoice, the
// customer's name) before the message. Else the one with more fixed text
// (see better).
export function beats(a, b) {
  if (a.odd !== b.odd) return a.odd < b.odd;
  if (a.match !== b.match) return a.match === "exact";
  if (a.start === undefined || b.start === undefined) return better(a, b);
  if (inside(b, a)) return true;
  if (inside(a, b)) return false;
  if (a.end <= b.start) return false;
  if (b.end <= a.start) return true;
  return better(a, b);
}

// inside says whether a's fixed text lies in one of b's values.
export function inside(a, b) {
  return b.values.some(([x, y]) => y > x && a.start >= x && a.end <= y);
}

// Of two messages a line holds, the one with more fixed text names it;
// then the one whose placeholders took fewer words, the fewer typos.
export function better(a, b) {
  return a.match !== b.match ? a.match === "exact"
    : a.chars !== b.chars ? a.chars > b.chars
      : a.captured !== b.captured ? a.captured < b.captured
        : a.cost !== b.cost ? a.cost < b.cost : a.k < b.k;
}

// PATTERNS are this module's regular expressions, for the test that no
// input makes one backtrack without bound (test/js/patterns.test.mjs).
export const PATTERNS = [["WORD", WORD], ["LETTER", LETTER]];
