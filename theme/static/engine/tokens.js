// The tokenizer: text to folded words, exactly as search.Tokenize in Go
// (internal/search/tokenize.go), and the small helpers on tokens.

import { FOLD, IGNORE } from "./fold.js";

// Folding: the table and the characters dropped inside a word come from
// Go (internal/search FoldJS writes assets/engine/fold.js from
// tokenize.go); testdata/search/tokenize.json checks the rest of the rules
// in a Go test and a Node test alike.
const foldMap = new Map();
for (const [chars, to] of FOLD) for (const c of chars) foldMap.set(c, to);
const WORD = /^[\p{L}\p{Nd}]$/u;
const IDEOGRAPH = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

function foldChar(c) {
  const cp = c.codePointAt(0);
  if (cp < 0x80) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : c;
  if (IGNORE.test(c)) return "";
  let f = foldMap.get(c);
  if (f !== undefined) return f;
  // One code point's simple lower case; JavaScript's full mapping turns
  // only "İ" into two code points, and the table has it.
  let l = c.toLowerCase();
  if ([...l].length !== 1) l = c;
  f = foldMap.get(l);
  return f !== undefined ? f : l;
}

function isWordChar(c) {
  const cp = c.codePointAt(0);
  if (cp < 0x80) return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57);
  return WORD.test(c);
}

/** Tokens of text with their places: [{ t, start, end }], offsets in UTF-16 units of text. */
export function tokenSpans(text) {
  const out = [];
  let cur = "", start = 0, end = 0;
  const flush = () => {
    if (cur) out.push({ t: cur, start, end });
    cur = "";
  };
  let i = 0;
  for (const c of text) {
    const next = i + c.length;
    for (const d of foldChar(c)) {
      if (d.codePointAt(0) >= 0x2e80 && IDEOGRAPH.test(d)) {
        flush();
        out.push({ t: d, start: i, end: next });
      } else if (isWordChar(d)) {
        if (!cur) start = i;
        cur += d;
        end = next;
      } else {
        flush();
      }
    }
    i = next;
  }
  flush();
  return out;
}

/** Splits text into folded words, exactly as search.Tokenize in Go. */
export function tokenize(text) {
  return tokenSpans(text).map((s) => s.t);
}

// termHash is FNV-1a over a term's UTF-16 code units as a signed 32-bit
// number, never 0: the index names a template's next telling words by it
// (see termHash in internal/search).
export function termHash(term) {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h |= 0;
  return h === 0 ? 1 : h;
}

const DIGIT = /\d/;

// hasDigit reports whether a token holds a digit: such tokens are matched
// exactly, never as typos.
export function hasDigit(t) {
  return DIGIT.test(t);
}

// len counts a token's code points (letters), not its UTF-16 units.
export function len(t) {
  let n = 0;
  for (const _ of t) n++;
  return n;
}

// PATTERNS are this module's regular expressions, for the test that no
// input makes one backtrack without bound (test/js/patterns.test.mjs).
export const PATTERNS = [["IGNORE", IGNORE], ["WORD", WORD], ["IDEOGRAPH", IDEOGRAPH], ["DIGIT", DIGIT]];
