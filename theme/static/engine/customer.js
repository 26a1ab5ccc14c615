// What a log line holds that is the customer's, not the message's: the
// document it is about (an invoice, a payment), the customer's name, and
// the values a support mail must not carry. One home for the rules: the
// triage view lists documents and names from here, and the mail, the
// groups of unknown lines and the share link mask with maskLine.
//
// Every pattern here is linear: no quantifier over a class that another
// quantifier next to it can also take (test/js/patterns.test.mjs feeds
// them adversarial strings).

// Kept as written, because support needs them to recognise the error and
// they are no customer's: an HTTP status in parentheses, an exception's
// class, a .NET namespace, and a host name (start.exactonline.be).
const STATUS = /\([1-5]\d\d\)/g;
const EXCEPTION = /\b[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*(?:Exception|Error)\b/g;
// A dotted name: runs of letters and digits joined by single dots or
// hyphens (one way to match each, so no backtracking); hostOf decides.
const DOTTED = /(?<![\w.-])[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)+/g;
const TLD = /^(?:nl|be|de|fr|uk|lu|es|eu|com|net|org|info|biz|io|online|cloud|app|dev|local)$/;

// Masked: what identifies a customer, a document or an amount.
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_PATH = /(https?:\/\/)([^\s/'"<>()]+)(?:\/[^\s'"<>()]*)?/gi;
const GUID = /\{?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\}?/gi;
const IBAN = /\b[A-Z]{2}\d{2} ?[A-Z0-9]{4}(?: ?[A-Z0-9]{4}){1,6}(?: ?[A-Z0-9]{1,3})?\b/gi;
const AMOUNT = /(?:€|EUR|USD|\$) ?-?\d[\d.,]*|(?<![\d.,])-?\d[\d.]*,\d{2}(?: ?(?:€|EUR))?/g;
const DATE = /\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?Z?)?\b|\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b/g;
// A name in parentheses, quotes or guillemets: any text without the
// closing mark, so each mark ends the match at once.
const ENCLOSED = /\(([^()\n]{1,80})\)|'([^'\n]{1,80})'|"([^"\n]{1,80})"|‘([^’\n]{1,80})’|“([^”\n]{1,80})”|«([^»\n]{1,80})»/g;
// A company's name: capitalised words before a legal form ("Server
// Unavailable BV", "Smit & Zn B.V.", "Boulangerie Dupont SRL").
const COMPANY = /(?:[\p{Lu}][\p{L}'’.-]*[ \t]+(?:&[ \t]+)?){1,5}(?:B\.V\.|BV|N\.V\.|NV|VOF|V\.O\.F\.|BVBA|SRL|SPRL|SA|Ltd|LLC|GmbH|Inc|Zn)(?![\p{L}])/gu;
// The words after a document word or number, up to the message's colon
// or dash: "Factuur Overzicht Media BV: …", "Factuur 2026-00103
// Hoveniersbedrijf Groen: …".
const AFTER_DOC = /((?:^|[^\p{L}])(?:factuur|verkoopfactuur|creditnota|invoice|betaling|payment|boeking|order|relatie|klant|customer|debiteur)[ \t]+(?:[A-Za-z]{0,6}[-/]?\d[\w/.-]*[ \t]+)?)([\p{Lu}][^:;|\t—–\n]{0,60}?)(?=[ \t]*(?:[:;|\t—–]|-[ \t]))/giu;
// The words between a document's number and the message's colon or dash:
// "Factuur 2026-00103 Hoveniersbedrijf Groen: …".
const NUMBER_NAME = /(\d[\w/.-]*)([ \t]+)([\p{Lu}][^:;|\t—–\n]{0,60}?)(?=[ \t]*(?:[:;|\t—–]|-[ \t]))/gu;
// A word with a digit: an invoice, an order, an id.
const NUMBERED = /(?:\p{L}{1,6}[-/])?\p{L}*\d[\p{L}\p{N}]*(?:[-/.][\p{L}\p{N}]+)*/gu;

// Words that say which document a line is about, before its number.
const DOC_WORD = /^(?:factuur|verkoopfactuur|inkoopfactuur|creditnota|creditfactuur|invoice|salesinvoice|betaling|payment|ontvangst|receipt|boeking|boekstuk|entry|journaalpost|order|document|doc|relatie|klant|customer|debiteur|crediteur)$/i;
// Words of a log's own: levels and statuses, which are nobody's name.
const LOG_WORD = /^(?:error|errors|err|fout|fouten|warn|warning|waarschuwing|info|inf|debug|trace|fatal|ok|status|mislukt|failed|gelukt|success|gesynchroniseerd|synced|sync|synchronisatie|export|import)$/i;

// A document number: letters (at most six) and digits, with - / or .
// between parts, at least two digits; not a date, a time or a status.
// (Later parts may start with a letter: "2026-B-0012", "F-2026-A12".)
const DOC_NUMBER = /\b(?:[A-Za-z]{1,6}[-/]?)?\d[\dA-Za-z]*(?:[-/.][\dA-Za-z]+)*\b/g;
const NOT_A_DOC = /^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}|[1-5]\d\d|\d{4}-\d{2}-\d{2}t\d.*)$/i;


/** documents returns the document numbers text names, in order. */
export function documents(text) {
  const out = [];
  for (const m of String(text).replace(DATE, " ").matchAll(DOC_NUMBER)) {
    const v = m[0];
    if (NOT_A_DOC.test(v) || v.length < 3 || !/\d\d/.test(v)) continue;
    out.push(v);
  }
  return out;
}

// cellsOf splits a row copied from a table (tabs, semicolons, pipes, or
// two spaces or more between columns) into its cells, or returns [text].
function cellsOf(text) {
  for (const sep of ["\t", ";", "|"]) {
    const cells = text.split(sep);
    if (cells.length >= 3) return cells;
  }
  const wide = text.split(/ {2,}/);
  return wide.length >= 3 ? wide : [text];
}

// plain strips from a piece of a line what is the log's, not a name: times,
// levels in brackets, marks, document words and numbers, dotted names.
function plain(piece) {
  const words = piece.replace(DATE, " ").replace(/\[[^\]\n]*\]/g, " ").split(/[\s:,—–>✗✘❌✓✔•*=]+/u);
  const kept = [];
  for (const w of words) {
    const t = w.replace(/^[-–(]+|[-–)]+$/g, "");
    if (!t || DOC_WORD.test(t) || LOG_WORD.test(t) || /\d/.test(t) || /^[\p{L}\p{N}]+(?:\.[\p{L}\p{N}]+)+\.?$/u.test(t)) continue;
    if (!/\p{L}/u.test(t)) continue;
    kept.push(t);
  }
  return kept.join(" ");
}

const LETTERS = /^\p{L}[\p{L}'’.&-]+$/u;
// Small words a company's name may hold in lower case.
const PARTICLE = /^(?:van|de|der|den|het|'t|’t|en|&|of|and|la|le|du|des|et|von|und|zn|bv|nv)$/iu;
const LOWER_START = /^\p{Ll}/u;

// titleCase reports whether s is written as a name outside brackets is:
// every word capitalised but small particles ("Van Dijk Installatietechniek",
// "Bakkerij de Vries"); a message is written as a sentence ("De externe
// naam kan niet worden omgezet").
function titleCase(s) {
  return s.trim().split(/\s+/).every((w) => !LOWER_START.test(w) || PARTICLE.test(w));
}

// looksLikeName reports whether s may be a customer's name: one to eight
// words, a capital among them, at most 60 characters, not a status code.
function looksLikeName(s) {
  const t = s.trim();
  if (!t || t.length > 60 || /^[1-5]\d\d$/.test(t) || !/\p{Lu}/u.test(t) || !/\p{L}/u.test(t)) return false;
  const words = t.split(/\s+/);
  // A name has a word of letters alone: "F2026-0042" is a number.
  return words.length <= 8 && words.some((w) => LETTERS.test(w)) && !LOG_WORD.test(t) && !DOC_WORD.test(t);
}

/**
 * nameOf returns the customer's name that context names, or "": context is
 * what a log line holds besides its message (before and after it). A name
 * in parentheses or quotes comes first ("(Smit Transport)"), then a table
 * cell that is a name, then the words left once the log's own (times,
 * levels, document words and numbers) are taken out.
 */
export function nameOf(context) {
  const text = String(context);
  for (const m of text.matchAll(ENCLOSED)) {
    const v = m.slice(1).find((g) => g !== undefined) || "";
    if (looksLikeName(v) && !/^\w+(?:Exception|Error)$/.test(v)) return v.trim();
  }
  const cells = cellsOf(text);
  for (const cell of cells) {
    const p = plain(cell);
    // A cell that is a name alone is the name as written ("Knip & Kleur").
    if (looksLikeName(p) && titleCase(p)) return cells.length > 1 && !/\d/.test(cell) ? cell.trim() : p;
  }
  return "";
}

// maskCells masks the cells of a table row that are names, but the last
// one with text: that is the message.
function maskCells(text) {
  const cells = cellsOf(text);
  if (cells.length < 3) return text;
  let last = cells.length - 1;
  while (last > 0 && !/\p{L}/u.test(cells[last])) last--;
  const sep = text.includes("\t") ? "\t" : text.includes(";") && cells.length === text.split(";").length ? ";" : text.includes("|") && cells.length === text.split("|").length ? "|" : null;
  if (sep === null) return text;
  return cells.map((c, i) => (i !== last && looksLikeName(plain(c)) && titleCase(plain(c)) && !/\d/.test(c) ? c.replace(/\S(?:.*\S)?/su, "[naam]") : c)).join(sep);
}

/**
 * withoutNames returns line with the customer's names it can tell taken
 * out (names in parentheses, companies before a legal form), and nothing
 * else: a log line's signs of an error are read in what is left, so that
 * "(Server Unavailable BV) geëxporteerd" shows none, while a quoted CSV
 * cell ("In use: Invoice number.") keeps its message.
 */
export function withoutNames(line) {
  return String(line).replace(PAREN_NAME, (m, v) => (looksLikeName(v) && !STATUS_ONLY.test(v) ? "( )" : m)).replace(COMPANY, " ");
}
const PAREN_NAME = /\(([^()\n]{1,80})\)/g;
const STATUS_ONLY = /^[1-5]\d\d$/;

// organisation returns a host name's organisation label (the one before
// its top-level domain, or before co.uk and the like), or null when m is no
// host name.
function organisation(m) {
  const labels = m.toLowerCase().split(".");
  const n = labels.length;
  if (n < 2 || !TLD.test(labels[n - 1]) || labels.some((l) => !l)) return null;
  return n > 2 && /^(?:co|com|org)$/.test(labels[n - 2]) && labels[n - 1].length === 2 ? labels[n - 3] : labels[n - 2];
}

const KEPT = /\ue000.\ue001/gu;
const SCHEME = /https?:\/\//gi;
// A capital that starts a word inside a sentence: not the line's first
// word, nor the first after a colon, a full stop or a status.
const MID_CAPITAL = /(?<![:.!?)\]>]\s*|^\s*)(?<![\p{L}\p{N}])\p{Lu}/u;
const LEAD_WORD = /^[^\p{L}]*\p{L}+/u;
const CAPITAL_RUN = /((?:^|[^\p{L}\p{N}:.!?\s])\s+|[\p{Ll}\p{N}]\s+)(\p{Lu}[\p{L}'’-]*(?:\s+(?:van|de|der|den|het|'t|&)?\s*\p{Lu}[\p{L}'’-]*)+)/gu;
// The words after "klant", "customer", "gebruiker" …, up to a separator or
// the end: a customer's name, whatever case it is written in ("klant
// jansen", "Klant: Pieters Bouw - …", "for user pieter.jansen").
const AFTER_PARTY = /((?:^|[^\p{L}])(?:klant|klantnaam|customer|relatie|debiteur|crediteur|leverancier|supplier|gebruiker|user|contact)\s*:?\s+)([\p{L}][\p{L}\p{N}'’.&-]*(?: [\p{L}][\p{L}\p{N}'’.&-]*){0,3})(?=\s*(?:[-–—:;,|\t(]|$))/giu;

const MASKED = /\[(?:naam|nummer|datum|bedrag|guid|iban|e-mail|pad|adres)\]/g;

/**
 * maskValues is maskLine's text, for a line the index has not been asked
 * about: every host is then an address.
 */
export function maskValues(text) {
  return maskLine(text).text;
}

/**
 * maskSpans replaces the parts of text given as [start, end] offsets (what a
 * message's placeholders captured) with "[…]", then masks the values in the
 * rest (maskLine, with opts).
 */
export function maskSpans(text, spans, opts) {
  let out = "", at = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    out += maskLine(text.slice(at, s), opts).text + "[…]";
    at = e;
  }
  return out + maskLine(text.slice(at), opts).text;
}

// replaceAnyCase replaces every occurrence of what in s, in any case.
function replaceAnyCase(s, what, by) {
  const low = s.toLowerCase(), w = what.toLowerCase();
  let out = "", at = 0;
  for (let i = low.indexOf(w); i >= 0 && w; i = low.indexOf(w, at)) {
    out += s.slice(at, i) + by;
    at = i + w.length;
  }
  return out + s.slice(at);
}

// Sentinels for what is kept while the masks run: a private-use mark, one
// more per kept piece, and a closing mark; no digit, letter or quote.
const KEEP_OPEN = "\ue000", KEEP_CLOSE = "\ue001";

/**
 * maskLine masks the customer's values in a log line, for a support mail
 * and for unknown lines in a share link: e-mail addresses, URL paths,
 * GUIDs, IBANs, amounts, dates and times, names in parentheses or quotes,
 * the name a document's number is followed by (names, given, are masked
 * wherever they stand), and every other word with a digit. It keeps what
 * support needs: the message's words, HTTP statuses, exception classes and
 * host names. sure says that no word is left that could be a customer's:
 * every word left is one isKnown accepts (the index's words) or a log's
 * own.
 */
export function maskLine(text, { names = [], isKnown } = {}) {
  // Without the index's words, no run of capitals can be told from a
  // message's ("Server Unavailable"), so such runs are masked only with.
  const indexed = typeof isKnown === "function";
  if (!indexed) isKnown = () => false;
  const kept = [];
  const keep = (m) => {
    kept.push(m);
    return KEEP_OPEN + String.fromCharCode(0xe100 + kept.length - 1) + KEEP_CLOSE;
  };
  let s = String(text);
  for (const n of names) if (n && n.length >= 2) s = replaceAnyCase(s, n, "[naam]");
  // A host is kept when its organisation is a word of the index (Exact
  // Online's, which support needs), else it is the customer's: an address.
  const host = (m) => {
    const org = organisation(m);
    if (org === null) return null;
    return isKnown(org) ? keep(m) : "[adres]";
  };
  s = s.replace(EMAIL, "[e-mail]").replace(URL_PATH, (m, scheme, h) => (host(h)?.startsWith(KEEP_OPEN) ? `${scheme}${h}/[pad]` : "[adres]"));
  s = s.replace(STATUS, keep).replace(DOTTED, (m) => host(m) ?? m).replace(EXCEPTION, keep);
  s = s.replace(GUID, "[guid]").replace(IBAN, "[iban]").replace(AMOUNT, "[bedrag]").replace(DATE, "[datum]");
  s = s.replace(ENCLOSED, (m, ...g) => {
    const v = g.slice(0, 6).find((x) => x !== undefined) || "";
    // Only what is kept or masked already (a host, an address): no name.
    if (!/\p{L}/u.test(v.replace(KEPT, "").replace(MASKED, "").replace(SCHEME, ""))) return m;
    // The message's own words in quotes ('SalesEntries', a CSV cell
    // "Reeds verwerkt") are no name.
    const words = v.match(/\p{L}+/gu) || [];
    if (words.length && words.every((w) => isKnown(w))) return m;
    return m[0] + "[naam]" + m[m.length - 1];
  });
  s = s.replace(NUMBER_NAME, (m, num, space, name) =>
    looksLikeName(name) && titleCase(name) && !name.includes(KEEP_OPEN) ? `${num}${space}[naam]` : m);
  s = s.replace(AFTER_DOC, (m, head, name) => (looksLikeName(name) && titleCase(name) && !name.includes(KEEP_OPEN) && !name.includes("[") ? `${head}[naam]` : m));
  s = s.replace(COMPANY, (m) => (m.includes(KEEP_OPEN) ? m : "[naam]"));
  // Two capitalised words or more inside a sentence that are no words of
  // the index: a name ("factuur van De Letter niet gevonden").
  if (indexed) s = s.replace(CAPITAL_RUN, (m, head, name) => (name.includes(KEEP_OPEN) || name.split(/\s+/).filter((w) => !PARTICLE.test(w)).every((w) => isKnown(w) || LOG_WORD.test(w) || DOC_WORD.test(w)) ? m : `${head}[naam]`));
  s = s.replace(AFTER_PARTY, (m, head, name) => (name.includes(KEEP_OPEN) || isKnown(name) || LOG_WORD.test(name) ? m : `${head}[naam]`));
  s = maskCells(s);
  s = s.replace(NUMBERED, (m) => (m.includes("\ue000") ? m : "[nummer]"));
  s = s.replace(/\ue000(.)\ue001/gu, (m, c) => kept[c.charCodeAt(0) - 0xe100]);
  const left = s.replace(MASKED, " ").replace(STATUS, " ").replace(DOTTED, (m) => (organisation(m) !== null ? " " : m)).replace(EXCEPTION, " ");
  // Sure: every word is the index's or a log's own, and none is written
  // as a name is, with a capital inside a sentence ("factuur van De
  // Letter": words the index has can make a name too).
  const sure = (left.match(/\p{L}+/gu) || []).every((w) => isKnown(w) || LOG_WORD.test(w) || DOC_WORD.test(w)) &&
    !MID_CAPITAL.test(left.replace(LEAD_WORD, ""));
  return { text: s, sure };
}

/** The patterns of this module, for the test that no pattern backtracks. */
export const PATTERNS = [
  ["PAREN_NAME", PAREN_NAME], ["STATUS_ONLY", STATUS_ONLY], ["LOWER_START", LOWER_START], ["PARTICLE", PARTICLE], ["LETTERS", LETTERS],
  ["NUMBER_NAME", NUMBER_NAME], ["COMPANY", COMPANY], ["AFTER_DOC", AFTER_DOC], ["STATUS", STATUS], ["EXCEPTION", EXCEPTION], ["DOTTED", DOTTED], ["TLD", TLD], ["MASKED", MASKED], ["MID_CAPITAL", MID_CAPITAL], ["LEAD_WORD", LEAD_WORD], ["AFTER_PARTY", AFTER_PARTY], ["CAPITAL_RUN", CAPITAL_RUN], ["KEPT", KEPT], ["SCHEME", SCHEME], ["EMAIL", EMAIL], ["URL_PATH", URL_PATH], ["GUID", GUID], ["IBAN", IBAN], ["AMOUNT", AMOUNT], ["DATE", DATE], ["ENCLOSED", ENCLOSED], ["NUMBERED", NUMBERED], ["DOC_NUMBER", DOC_NUMBER], ["NOT_A_DOC", NOT_A_DOC],
];
