// The classes of a log's lines that no message tells: stack frames, totals,
// success, column headers, and the signs of an error; and the document
// numbers a line names.

import { CELL_CHARS, DOC_NUMBER_CHARS, MIN_COLUMNS } from "./weights.js";
import { withoutNames } from "./customer.js";

// Lines of a pasted log that name no error and are not to be reported as
// unknown either: stack frames (English and Dutch .NET), rules, and any
// line without a sign of an error (success, progress, headers, info).
// A frame names a method and its arguments ("at Bookzo.Sync.Post(Invoice
// i) in C:\\src\\Sync.cs:line 42", "bij …", Java's "at a.B.c(B.java:1)",
// JavaScript's "at f (x.js:1:2)"); "at start.exactonline.nl: …" is no frame,
// nor is " ---> System.Net.WebException: …", the inner exception's message.
export const STACK = /^(?:(?:at|bij|à|bei)\s+(?:async\s+)?[\w.$<>`\[\]\/,:~+-]+\s*\(|at\s+\S+:\d+:\d+\)?$|at\s+<|---\s*(?:end of|einde van)|exception rethrown at\b|(?:stack ?trace|stacktrace)\s*:?\s*$|\.\.\.\s*\d+ more\b|in [a-z]:\\\S*(?::line \d+)?\s*$)/i;
export const NO_WORDS = /^[^\p{L}]*$/u;
// Totals and summaries, which name errors without being one.
// A summary word counts where it starts the line (after a time or a level)
// and a colon, a number or nothing follows: "Totaal: 3", not a customer
// called "Totaal Installatietechniek BV" nor "Summary field is required".
// A count is a number of at most six digits before an error word, not an
// invoice's ("Factuur 20260042 mislukt"), nor a time's minutes ("09:04
// Failed to create …"). A count "n van m" or "n ×" starts
// where a number starts ((?<!\d)): tried from every digit of a long number,
// it cost the square of the number's length.
const TOTAL = /^[\d\s:.,\-\/TZ+[\]()"';]*(?:(?:info|inf|debug|dbg|trace|notice|warn|warning|error|fout)\b[\s:\]|-]*)?(?:totaal|totalen|total|totals|aantal|samenvatting|summary|overzicht|resultaat|result|results)(?:\s*[:=]|\s+\d|\s*$)|(?:^|[^\p{L}])(?:geen fouten|zonder fouten|no errors|without errors|einde synchronisatie|afgerond|finished with|finished\s*$|overzicht (?:van )?(?:de )?(?:fouten|meldingen|synchronisatie)|(?:fouten|foutmeldingen|synchronisatie)overzicht|(?:error|sync) (?:summary|report|overview))(?:[^\p{L}]|$)|(?:^|[\s,;(])(?<!(?:factuur|invoice|betaling|payment|boeking|entry|relatie|klant|customer|administratie|division|divisie|order|nummer|number|nr|no)\.?\s)\d{1,6}\s+(?:(?:facturen|betalingen|regels|boekingen|invoices|payments|lines|entries|records|items|documenten|documents|relaties|klanten)\s+)?(?:fouten|errors|foutmeldingen|waarschuwingen|warnings|failed|mislukt|with errors|met fouten|met een fout)(?:[^\p{L}]|$)|(?:fout|fouten|error|errors|failed|mislukt|gelukt|succeeded)["']?\s*[:=]\s*\d+|(?<!\d)\d+\s*(?:van|of|\/)\s*\d+\s+(?:facturen|betalingen|regels|boekingen|invoices|payments|lines|entries|records)|(?<!\d)\d+\s*×\s*\p{L}/iu;
// The signs of an error: a cross, a level, a status in parentheses, or the
// words errors are written with.
const ERROR_MARK = /[✗✘❌⛔×]|\((?:4|5)\d\d\)|(?:^|[^\p{L}])(?:error|errors|fout|fouten|foutmelding|fail|failed|failure|mislukt|exception|ongeldig|ongeldige|invalid|warn|warning|waarschuwing|niet|not|kan|kon|cannot|could|unable|onbekend|unknown|ontbreekt|missing|verplicht|required|geblokkeerd|blocked|geweigerd|denied|refused|verboden|forbidden|unauthorized|timeout|time-out|verlopen|expired|conflict|onbereikbaar|unreachable|unavailable|probleem|problem|afgewezen|rejected|incorrect|onjuist|unexpected|onverwacht|unrecognized|unrecognised|duplicate|dubbel|already|reeds|exceeded|overschreden|overflow|in gebruik|in use|te lang|too long|te groot|too large|geen rechten|no rights|geen open|no open|bestaat al|already exists|too many|te veel|timed out|moet|must)(?:[^\p{L}]|$)/iu;
// Some signs of an error ("niet", "kan"; WEAK_ONLY) are signs in a short
// line only: in a paragraph of prose (a mail's disclaimer) they are
// ordinary words.
const PROSE_WORDS = 20; // words from which a line is prose
// Signs of success, and of an error strong enough to outweigh them (a word
// like "Unauthorized" may be a customer's name on a line that says "Synced").
const SUCCESS = /[✓✔☑✅]|(?:^|[^\p{L}])(?<!(?:niet|not|never|nooit)\s)(?:gesynchroniseerd|synchroni[sz]ed|synced|succesvol|successful(?:ly)?|geslaagd|gelukt|verwerkt|processed|ok|geëxporteerd|geexporteerd|exported|gematcht|matched|geboekt|posted|verzonden|sent)(?:[^\p{L}]|$)/iu;
const STRONG_ERROR = /[✗✘❌⛔]|\((?:4|5)\d\d\)|(?:^|[^\p{L}])(?:error|fout|failed|mislukt|exception)(?:[^\p{L}]|$)/iu;
// Success beyond doubt: a tick, or a word only success is written with
// (not "verwerkt" or "processed": "Reeds verwerkt" is an error). A line
// with it and no sign of an error counts for nothing, even where it holds
// a message ("✓ Klant 'Reeds Verwerkt BV' gesynchroniseerd").
const SURE_SUCCESS = /[✓✔☑✅]|(?:^|[^\p{L}])(?<!(?:niet|not|never|nooit|un)\s)(?:gesynchroniseerd|synchroni[sz]ed|synced|succesvol|successful(?:ly)?|geslaagd|succeeded)(?:[^\p{L}]|$)/iu;

// counts reports whether a line counts for nothing whatever it holds: a
// total or a sure success.
// A count followed by a colon and words gives a reason: "poging 1 van 4
// mislukt: The remote server returned an error: (503) …" is an error.
export function countsForNothing(line) {
  const t = TOTAL.exec(line);
  // (The match may end with the colon it took as the word's end.)
  if (t && !REASON.test(t[0].slice(-1) + line.slice(t.index + t[0].length))) return true;
  return SURE_SUCCESS.test(line) && !STRONG_ERROR.test(line);
}
const REASON = /^\s*:\s*\p{L}/u;
// A header of table columns: three or more cells of a word or two each,
// quoted or not, between tabs, semicolons, commas or pipes, and a pipe at
// either end. It was one pattern, whose cells (that may hold spaces) and
// separators (that may be padded with spaces) overlapped: a pasted table
// row took it seconds per cell. columns reads the line once instead: runs
// of spaces and separators are separators when they hold a tab or one of
// ";|,", else part of a cell; each cell is tested on its own (CELL).
const CELL = new RegExp(`^["']?\\p{L}[\\p{L} .-]{0,${CELL_CHARS - 1}}["']?$`, "u");
const SPACE = /\s/;
const isSeparator = (c) => c === ";" || c === "|" || c === ",";

/** columns reports whether line is a header of table columns (see above). */
export function columns(line) {
  const n = line.length;
  const cells = [];
  let cell = "";
  for (let i = 0; i < n; ) {
    const c = line[i];
    if (c !== "\t" && !isSeparator(c) && !SPACE.test(c)) {
      cell += c;
      i++;
      continue;
    }
    // A run of spaces and separators: what it holds decides what it is.
    const start = i;
    let seps = 0, tab = false, sep = "";
    for (; i < n && (line[i] === "\t" || isSeparator(line[i]) || SPACE.test(line[i])); i++) {
      if (isSeparator(line[i])) {
        seps++;
        sep = line[i];
      } else if (line[i] === "\t") tab = true;
    }
    if (start === 0 || i === n) {
      // At the start or the end of the line: spaces and at most one pipe.
      if (seps > 1 || (seps === 1 && sep !== "|")) return false;
      continue;
    }
    if (seps === 0 && !tab) {
      cell += line.slice(start, i); // spaces inside a cell (CELL allows the plain space only)
      continue;
    }
    if (seps > 1) return false; // an empty cell
    cells.push(cell);
    cell = "";
  }
  if (cell) cells.push(cell);
  return cells.length >= MIN_COLUMNS && cells.every((x) => CELL.test(x));
}

// noise reports whether an unmatched line is one a log holds besides its
// errors (and is not an error the site lacks).
// Its lines are those countsForNothing let through: no total among them.
// The log's own header and footer: a run that starts, ends or stops, with
// or without errors, and says no more ("Synchronisatie beëindigd met
// fouten (2)", "[INFO] Sync completed with 4 errors", "Export gestopt");
// one that goes on after a colon ("Synchronisatie afgebroken: Access
// denied") gives a reason, which may be an error the site lacks.
const RUN_STATUS = /^[^\p{L}]*(?:(?:info|inf|debug|notice|warn|warning|error|fout)\b[^\p{L}]*)?(?:[A-Za-z][\w]*(?:\.[A-Za-z]\w*)+\s+[-:]\s+)?(?:synchronisatie|synchronisation|synchronization|sync|export|import|run|job|taak)(?:\s+[^\s:]+){0,3}?\s+(?:is\s+|was\s+)?(?:gestart|begonnen|beëindigd|beeindigd|voltooid|afgerond|gestopt|afgebroken|klaar|started|finished|completed|complete|ended|done|stopped|aborted)(?![\p{L}])(?:[^:]|:\s*\d)*$/iu;
// A field of an event's header whose value is a level ("Niveau: Fout",
// "Level: Error"), and a mail's greeting ("Hoi support, …").
const LEVEL_FIELD = /^\s*[\p{L}][\p{L} ]{0,24}:\s*(?:fout|error|waarschuwing|warning|kritiek|critical|informatie|information)\s*$/iu;
const GREETING = /^\s*(?:hoi|hallo|beste|hi|hello|dear|goedemorgen|goedemiddag|bonjour)\b/iu;

// The signs of an error are read in the line without its customer's names
// (customer.js withoutNames): "(Server Unavailable BV) geëxporteerd" shows
// no sign of an error.
export function noise(line) {
  return ownLine(line) || !signsOfError(line);
}

/**
 * ownLine reports whether a line is the log's own beyond doubt: a run's
 * status, a field of an event's header, a greeting, a header of columns,
 * or a line of success. Such a line is not looked at for typos either; a
 * line that only shows no sign of an error is (an OCR'd "misIukt").
 */
export function ownLine(line) {
  if (RUN_STATUS.test(line) || LEVEL_FIELD.test(line) || GREETING.test(line)) return true;
  if (columns(line)) return true;
  return SUCCESS.test(line) && !STRONG_ERROR.test(line);
}

// signsOfError reports whether a line shows a sign of an error (see above).
function signsOfError(line) {
  const own = withoutNames(line);
  if (!ERROR_MARK.test(own)) return false;
  // A paragraph whose only signs are weak words is prose, not an error.
  const marks = own.match(ERROR_MARK_ALL) || [];
  return !(marks.length > 0 && marks.every((m) => WEAK_ONLY.test(m)) && (own.match(WORD_RUN) || []).length >= PROSE_WORDS);
}
const ERROR_MARK_ALL = new RegExp(ERROR_MARK.source, "giu");
const WEAK_ONLY = /^[^\p{L}]*(?:niet|not|kan|kon|cannot|could)[^\p{L}]*$/iu;
const WORD_RUN = /\p{L}+/gu;

// Document numbers a line names (invoices, payments, entries): words with
// digits outside the message's fixed text that are not dates, times or
// status codes.
const DOC_NUMBER = /\b(?:[A-Za-z]{1,6}[-/]?)?\d[\dA-Za-z]*(?:[-/.]\d[\dA-Za-z]*)*\b/g;
const TWO_DIGITS = /\d{2}/;
const DATE_LIKE = /^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}|[1-5]\d\d|\d{4}-\d{2}-\d{2}t\d.*)$/i;

export function docNumbers(text) {
  const out = [];
  for (const m of text.matchAll(DOC_NUMBER)) {
    const v = m[0];
    if (DATE_LIKE.test(v) || v.length < DOC_NUMBER_CHARS || !TWO_DIGITS.test(v)) continue;
    out.push(v);
  }
  return out;
}

// PATTERNS are this module's regular expressions, for the test that no
// input makes one backtrack without bound (test/js/patterns.test.mjs).
export const PATTERNS = [
  ["STACK", STACK], ["NO_WORDS", NO_WORDS], ["TOTAL", TOTAL], ["ERROR_MARK", ERROR_MARK], ["SUCCESS", SUCCESS],
  ["STRONG_ERROR", STRONG_ERROR], ["SURE_SUCCESS", SURE_SUCCESS], ["CELL", CELL], ["SPACE", SPACE],
  ["DOC_NUMBER", DOC_NUMBER], ["DATE_LIKE", DATE_LIKE], ["TWO_DIGITS", TWO_DIGITS], ["RUN_STATUS", RUN_STATUS],
  ["LEVEL_FIELD", LEVEL_FIELD], ["GREETING", GREETING], ["REASON", REASON], ["WEAK_ONLY", WEAK_ONLY], ["WORD_RUN", WORD_RUN],
];
