// Values of a shape: a derived template (internal/search derive.go) puts a
// placeholder of a shape where the writer copied one value ("'{host}'" for
// 'start.exactonline.nl'); the line's value there must have that shape.
// The Go side (token.ValueShapes) finds such literals; both read the
// vectors of testdata/search/shapes.json. Every check here is linear: a
// host is split at its dots, the other shapes are anchored patterns
// without nested quantifiers.

// The shapes as token.ValueShapes (Go) defines them; see its doc comment.
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const TLD = /^[a-z]{2,6}$/;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_FIRST = /^\d{1,2}([-/.])\d{1,2}\1\d{4}$/;
const YEAR_FIRST = /^\d{4}([/.])\d{1,2}\1\d{1,2}$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
const CODE_SEP = /^[A-Za-z]{1,5}[-/]\d{3,}(?:[-/]\d+)*$/;
const CODE_JOIN = /^[A-Z]{1,5}\d{4,}(?:[-/]\d+)*$/;
const DIGIT_RUNS = /^\d+(?:[-/]\d+)+$/;
const NUMBER = /^(?:\d{4,}|\d+[.,]\d{2}|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{2})?)$/;
const EXCEPTION = /^[A-Za-z][\w.]*(?:Exception|Error|Fault)$/;
const PORT = /:\d{1,5}$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

const isDate = (v) => ISO_DATE.test(v) || DAY_FIRST.test(v) || YEAR_FIRST.test(v) || TIME.test(v) ||
  (v.includes(" ") && v.split(" ").length === 2 && v.split(" ").every((p, i) => (i === 0 ? DAY_FIRST.test(p) || ISO_DATE.test(p) || YEAR_FIRST.test(p) : TIME.test(p))));
const isHost = (v) => {
  const h = v.replace(PORT, "");
  if (IPV4.test(h)) return true;
  const labels = h.split(".");
  return labels.length >= 2 && labels.length <= 12 && TLD.test(labels[labels.length - 1]) && labels.every((l) => l.length <= 63 && LABEL.test(l));
};
const CHECKS = {
  guid: (v) => GUID.test(v),
  host: isHost,
  date: isDate,
  code: (v) => CODE_SEP.test(v) || CODE_JOIN.test(v) || (DIGIT_RUNS.test(v) && !isDate(v) && v.replace(/\D/g, "").length >= 5),
  number: (v) => NUMBER.test(v),
  quoted: (v) => v.length > 0,
  // An exception's class, as .NET prints it before its message.
  exception: (v) => EXCEPTION.test(v),
};

/** The patterns of this module, for the test that no pattern backtracks. */
export const PATTERNS = [
  ["LABEL", LABEL], ["TLD", TLD], ["GUID", GUID], ["ISO_DATE", ISO_DATE], ["DAY_FIRST", DAY_FIRST], ["YEAR_FIRST", YEAR_FIRST],
  ["TIME", TIME], ["CODE_SEP", CODE_SEP], ["CODE_JOIN", CODE_JOIN], ["DIGIT_RUNS", DIGIT_RUNS], ["NUMBER", NUMBER],
  ["EXCEPTION", EXCEPTION], ["PORT", PORT], ["IPV4", IPV4],
];

/** The shapes a value may have, by name; holds(kind, value) checks one. */
export const SHAPES = Object.keys(CHECKS);

/**
 * holds reports whether value (as the line writes it, trimmed) has the
 * shape pattern: a kind, or for a host "host:<organisation>", a host with
 * that label before its top-level domain (any host of Exact Online, say,
 * but not a proxy's).
 */
export function holds(pattern, value) {
  const [kind, name] = pattern.split(":");
  const check = CHECKS[kind];
  if (check === undefined || !check(value)) return false;
  return name === undefined || value.toLowerCase().split(".").slice(0, -1).includes(name);
}

// A value's characters: no space, quote, bracket or comma; it starts and
// ends with a letter, a digit or a brace (a GUID's).
const VALUE_CHAR = /[^\s'"‘’“”«»()[\]<>,;]/u;
const EDGE_CHAR = /[\p{L}\p{N}{}]/u;

// valueAt returns the value of a shaped placeholder from the raw text it
// took: all of it for an inner placeholder, the value it starts with for
// one after the message's last run (the rest of the line is the log's),
// the value it ends with for one before the first; quotes and
// punctuation around it trimmed. quoted says whether a quote opens it.
function valueAt(raw, where) {
  let s = 0, e = raw.length;
  while (s < e && !EDGE_CHAR.test(raw[s])) s++;
  const quoted = s > 0 && /['"‘“«]/u.test(raw[s - 1]);
  if (where === "after" && quoted) {
    const close = raw.slice(s).search(/['"’”»]/u);
    return { value: close < 0 ? raw.slice(s).trim() : raw.slice(s, s + close), quoted };
  }
  if (where === "after") {
    let x = s;
    while (x < e && VALUE_CHAR.test(raw[x])) x++;
    e = x;
  } else if (where === "before") {
    while (e > s && !EDGE_CHAR.test(raw[e - 1])) e--;
    let x = e;
    while (x > s && VALUE_CHAR.test(raw[x - 1])) x--;
    s = x;
  } else {
    while (e > s && !EDGE_CHAR.test(raw[e - 1])) e--;
  }
  // A sentence's full stop after the value is not the value's.
  let v = raw.slice(s, e);
  while (v.endsWith(".") || v.endsWith(":")) v = v.slice(0, -1);
  return { value: v, quoted };
}

/**
 * shapesHold reports whether the values an alignment of the compiled
 * template t took (values, as align returns them: token ranges per gap)
 * have the shapes its shaped placeholders ask for. line is { text, spans }:
 * the raw text of the tokens. Without shapes or a line there is nothing to
 * check.
 */
export function shapesHold(t, values, line) {
  if (!t.shapes || !line) return true;
  const { text, spans } = line;
  let v = 0;
  for (let r = 0; r <= t.runs.length; r++) {
    const gap = r < t.runs.length ? t.gaps[r] : t.after;
    if (!gap) continue;
    const range = values[v++];
    const kind = t.shapes[r];
    if (!kind) continue;
    if (!range || range[1] <= range[0]) return false;
    const where = r === t.runs.length ? "after" : r === 0 ? "before" : "inner";
    // The raw text from the end of the run before to the start of the
    // run after (or the line's edge): the value and its punctuation.
    const from = range[0] > 0 ? spans[range[0] - 1].end : 0;
    const to = range[1] < spans.length ? spans[range[1]].start : text.length;
    const raw = text.slice(where === "before" ? 0 : from, where === "after" ? text.length : to);
    const { value, quoted } = valueAt(raw, where);
    if (kind === "quoted" ? !quoted || !value : !holds(kind, value)) return false;
  }
  return true;
}
