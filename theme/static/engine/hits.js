// Which of the hits in a line names it: brackets and quotes that enclose a
// customer's value (odd), and the order of two hits (beats).

// Brackets and quotes that enclose a value: a customer's name in
// parentheses or quotes may hold the words of a message.
const OPENERS = "([{“‘«„";
const CLOSERS = ")]}”’»";
const LETTER = /[\p{L}\p{N}]/u;
const isLetter = (c) => c !== undefined && LETTER.test(c);

// unbalanced reports whether s opens or closes a bracket or quote it does
// not close or open.
function unbalanced(s) {
  let depth = 0, quotes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "’" && isLetter(s[i - 1]) && isLetter(s[i + 1])) continue; // klant’s
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) {
      if (--depth < 0) return true;
    } else if (c === '"' || (c === "'" && !(isLetter(s[i - 1]) && isLetter(s[i + 1])))) quotes++;
  }
  return depth !== 0 || quotes % 2 === 1;
}

// enclosed reports whether text[from, to) lies inside brackets or quotes
// that open before from and are still open at to: a name in parentheses,
// not a message's own "(401)".
function enclosed(text, from, to) {
  const open = [];
  let quote = -1;
  for (let i = 0; i < to; i++) {
    const c = text[i];
    if (c === "’" && isLetter(text[i - 1]) && isLetter(text[i + 1])) continue;
    if (OPENERS.includes(c)) open.push(i);
    else if (CLOSERS.includes(c)) open.pop();
    else if (c === '"' || (c === "'" && !(isLetter(text[i - 1]) && isLetter(text[i + 1])))) quote = quote < 0 ? i : -1;
  }
  return open.some((i) => i < from) || (quote >= 0 && quote < from);
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
  let count = enclosed(text, spans[hit.start].start, spans[hit.end - 1].end) ? 1 : 0;
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
export const PATTERNS = [["LETTER", LETTER]];
