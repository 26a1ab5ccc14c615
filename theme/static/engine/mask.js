// Masking a customer's values in a log line, for a support mail.

// Values a customer's line carries, masked for a support mail (Sentry's
// grouping masks the same kinds before it compares messages). Order
// matters: a GUID or an IBAN holds digits the number rule would take apart.
// A host name's label is letters and digits, with hyphens inside only,
// written as runs of each, so that no two quantifiers can take the same
// letters (as [a-z0-9-]*[a-z0-9] inside a repeated group could).
const MASKS = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, "[e-mail]"],
  [/\{?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\}?/gi, "[guid]"],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/gi, "[iban]"],
  [/\bhttps?:\/\/[^\s'"<>()]+/gi, "[adres]"],
  [/\b(?:[a-z0-9]+(?:-+[a-z0-9]+)*\.)+(?:nl|be|de|eu|com|net|org|info|biz|io|co|uk|fr|local|lan|intern|internal|corp|cloud|app|dev|online|shop)\b/gi, "[adres]"],
  [/(?:€|EUR|USD|\$)\s?-?\d[\d.,]*|-?\d[\d.]*,\d{2}\s?(?:€|EUR)/g, "[bedrag]"],
  [/\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?\b|\b\d{1,2}:\d{2}(?::\d{2})?\b/g, "[datum]"],
  [/(['"‘’“”])[^'"‘’“”\n]{1,80}?\1|‘[^’\n]{1,80}’|“[^”\n]{1,80}”/g, "'[naam]'"],
];

/**
 * maskValues masks the values a customer's log line carries, for a support
 * mail: e-mail addresses, GUIDs, IBANs, web addresses and host names,
 * amounts, dates and times, quoted names, and numbers (an HTTP status in parentheses stays: it
 * tells the error, not the customer). Unquoted names are not recognised:
 * the mail says so.
 */
export function maskValues(text) {
  let out = String(text);
  for (const [re, sub] of MASKS) out = out.replace(re, sub);
  return out.replace(NUMBER, (m, off, all) =>
    STATUS.test(m) && all[off - 1] === "(" && all[off + m.length] === ")" ? m : "[nummer]");
}

// A word with a digit, from its first letter ((?<![A-Za-z]): tried from
// every letter of a long word, it cost the square of the word's length;
// a match never starts inside a run of letters, as one before it ends
// where no letter follows). STATUS: an HTTP status.
const NUMBER = /(?<![A-Za-z])[A-Za-z]*\d[\w-]*/g;
const STATUS = /^[1-5]\d\d$/;

/**
 * maskSpans replaces the parts of text given as [start, end] offsets (what a
 * message's placeholders captured) with "[…]", then masks the values in the
 * rest (maskValues).
 */
export function maskSpans(text, spans) {
  let out = "", at = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    out += maskValues(text.slice(at, s)) + "[…]";
    at = e;
  }
  return out + maskValues(text.slice(at));
}

// PATTERNS are this module's regular expressions, for the test that no
// input makes one backtrack without bound (test/js/patterns.test.mjs).
export const PATTERNS = [...MASKS.map(([re, sub], i) => [`MASKS[${i}] ${sub}`, re]), ["NUMBER", NUMBER], ["STATUS", STATUS]];
