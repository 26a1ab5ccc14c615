// Aligning a message template with a line's tokens: the two tiers "exact"
// (align) and "nearly" (near) of docs/SEARCH.md, and the typo rules.

import {
  EMPTY, EMPTY_INNER_MIN_TOKENS, LIMITS, NEAR_MIN_TOKENS, ONE_EDIT_FROM, SKIP, TWO_EDITS_FROM, skipBudget, typoBudget,
} from "./weights.js";
import { hasDigit, len } from "./tokens.js";

// Optimal string alignment distance of a and b, or max + 1 when larger.
export function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = null, prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let low = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < low) low = v;
    }
    if (low > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

// maxEdits is how many edits a word of n letters may have as a typo.
export function maxEdits(n) {
  return n >= TWO_EDITS_FROM ? 2 : n >= ONE_EDIT_FROM ? 1 : 0;
}

// tokenCost is 0 when the line's token is the template's, the edit distance
// for a small typo (1, or 2 from 8 letters; one letter more or less in a
// word of two or three, as "to" for "too"), -1 otherwise. Numbers and words
// with digits match exactly only: "(500)" is never "(503)". A line token
// that is a word of the index (known) is no typo either: "importeren" is
// not a misspelt "exporteren".
function tokenCost(a, b, known) {
  if (a === b) return 0;
  if (a.length > LIMITS.wordChars || hasDigit(a) || hasDigit(b) || known?.has(a)) return -1;
  const n = Math.min(len(a), len(b));
  if (n >= ONE_EDIT_FROM) {
    const d = distance(a, b, maxEdits(n));
    return d <= maxEdits(n) ? d : -1;
  }
  if (n >= 2 && Math.abs(a.length - b.length) === 1) return distance(a, b, 1) <= 1 ? 1 : -1;
  return -1;
}

/**
 * compileParts turns a message's parts, as the index stores them (runs of
 * literal tokens, 0 for a placeholder, a shape's name for a placeholder
 * that takes a value of that shape only), into runs with the number of
 * placeholders before each and after the last. shapes[r] is the shape the
 * placeholder before run r must have (runs.length for the one after the
 * last), when it is the gap's only placeholder, else "".
 */
export function compileParts(parts) {
  const runs = [], gaps = [], shapes = [];
  let gap = 0, chars = 0, tokens = 0, shape = "";
  for (const p of parts) {
    if (p === 0 || typeof p === "string") {
      gap++;
      shape = gap === 1 && typeof p === "string" ? p : "";
      continue;
    }
    if (!p.length) continue;
    runs.push(p);
    gaps.push(gap);
    shapes.push(gap ? shape : "");
    gap = 0;
    shape = "";
    for (const t of p) chars += t.length;
    tokens += p.length;
  }
  shapes.push(gap ? shape : "");
  const shaped = shapes.some((x) => x);
  return { runs, gaps, after: gap, chars, tokens, shapes: shaped ? shapes : null };
}

// A missing word of fixed text costs SKIP, an empty placeholder EMPTY;
// typos cost their edit distance (weights.js).

// runEnds returns, for the run of template tokens matched from line token s
// on, each end position with its least cost: [[end, cost], ...]. A line
// token may be two template tokens written as one ("btwcode"), and two line
// tokens one template token ("grootboek rekeningtype"). With skip, a
// template token may be missing, at SKIP each, but not a telling one
// (keep[i]), nor one at an edge of the run that text the message does not
// fix could stand in for (the last, which a placeholder or the line's end
// follows, and, with firstFixed, the first): there a sibling's other word
// would pass for a missing one.
function runEnds(run, toks, s, skip, keep, firstFixed, known) {
  const L = toks.length, n = run.length;
  // at[i]: [position, cost, ...] pairs, least cost per position, with
  // run[0..i) matched. Few positions are ever reachable: flat arrays.
  const at = new Array(n + 1);
  for (let i = 0; i <= n; i++) at[i] = [];
  at[0].push(s, 0);
  const put = (m, j, c) => {
    for (let k = 0; k < m.length; k += 2) {
      if (m[k] === j) {
        if (c < m[k + 1]) m[k + 1] = c;
        return;
      }
    }
    m.push(j, c);
  };
  for (let i = 0; i < n; i++) {
    const here = at[i];
    if (!here.length) continue;
    const deletable = skip && !keep[i] && !(i === 0 && firstFixed) && i !== n - 1;
    for (let x = 0; x < here.length; x += 2) {
      const j = here[x], c = here[x + 1];
      if (deletable) put(at[i + 1], j, c + SKIP);
      if (j >= L) continue;
      const tc = tokenCost(toks[j], run[i], known);
      if (tc >= 0) put(at[i + 1], j + 1, c + tc);
      if (j + 1 < L && toks[j] + toks[j + 1] === run[i]) put(at[i + 1], j + 2, c);
      if (i + 1 < n && toks[j] === run[i] + run[i + 1]) put(at[i + 2], j + 1, c);
    }
  }
  const out = [];
  const end = at[n];
  for (let x = 0; x < end.length; x += 2) out.push([end[x], end[x + 1]]);
  return out;
}

// startsRun reports whether the run may begin at line token tk: with its
// first token (or a compound of it), or, when that may be missing, its
// second.
function startsRun(tk, run, known, second) {
  const first = run[0];
  if (tokenCost(tk, first, known) >= 0 || first.startsWith(tk) || tk.startsWith(first)) return true;
  return second && run.length > 1 && (tokenCost(tk, run[1], known) >= 0 || run[1].startsWith(tk) || tk.startsWith(run[1]));
}

// matchParts is align and near in one: see there. maxSkips is how many
// words of fixed text may be missing; telling, the positions (among all
// literal tokens) of the words that may never be; known, the line's tokens
// that are words of the index. typoBudget is how many typos a line may have
// in a template of n literal tokens; skipBudget, how many of its tokens a
// near match may miss (both in weights.js).
//
// It is a dynamic program over the runs, in stages: for each run the least
// cost at which it may start at each line token (startCosts), then the
// least cost at which it ends at each (followRun); then where the message
// ends (messageEnd), and, walking back, what its placeholders took
// (placeholderValues).
function matchParts(parts, toks, maxSkips, telling, nearly, known) {
  const t = parts.runs ? parts : compileParts(parts);
  const { runs, gaps, after } = t;
  if (!runs.length) return null;
  const L = toks.length;
  const typos = typoBudget(t.tokens) + (nearly ? 1 : 0);
  const ok = (c) => Math.floor((c % EMPTY) / SKIP) <= maxSkips && c % SKIP <= typos;
  // An inner placeholder may be empty only in a message of six words or
  // more: in a shorter one, the words around it could be any text's
  // ("het dagboek is geblokkeerd" is no "Dagboek {code} is geblokkeerd").
  const innerEmpty = nearly && t.tokens >= EMPTY_INNER_MIN_TOKENS;
  const skip = nearly && maxSkips > 0;
  // reach[p]: least cost of the runs so far, the last ending at p.
  let reach = new Float64Array(L + 1).fill(0);
  const back = []; // per run: end -> [start, previous end]
  let offset = 0; // literal tokens before run r
  for (let r = 0; r < runs.length; r++) {
    const gap = gaps[r];
    const { best, from } = startCosts(reach, L, gap, r, nearly && (r === 0 || innerEmpty));
    const run = runs[r];
    const keep = run.map((_, i) => telling.includes(offset + i));
    const { next, b } = followRun(run, toks, best, from, r > 0 || gap > 0, skip, keep, known, ok);
    back.push(b);
    reach = next;
    offset += run.length;
  }
  const { end, cost } = messageEnd(reach, L, after, nearly, ok);
  if (end < 0) return null;
  const { starts, values, captured } = placeholderValues(back, gaps, after, end, L);
  return {
    cost: cost % SKIP, skipped: Math.floor((cost % EMPTY) / SKIP), empty: Math.floor(cost / EMPTY),
    chars: t.chars, captured, values, start: starts[0], end,
  };
}

// startCosts returns best[s], the least reach from which run r may start at
// line token s: at least gap tokens later (one per placeholder), or, with
// emptyOk, fewer at EMPTY per empty placeholder; and from[s], the end of
// the run before that it comes from.
function startCosts(reach, L, gap, r, emptyOk) {
  const best = new Float64Array(L + 1).fill(Infinity), from = new Int32Array(L + 1).fill(-1);
  let low = Infinity, lowAt = -1;
  for (let s = 0; s <= L; s++) {
    if (r > 0 && gap === 0) {
      // Two runs with nothing between them (cannot be written, but
      // parts may say so): the next starts where the last ended.
      best[s] = reach[s];
      from[s] = s;
      continue;
    }
    // Of equal costs the latest end of the run before: the placeholder
    // between takes as little as it can ("Artikel {code} is geblokkeerd"
    // in "Stichting Artikel: … artikel X is geblokkeerd" takes "X").
    const p = s - gap;
    if (p >= 0 && reach[p] <= low) {
      low = reach[p];
      lowAt = p;
    }
    best[s] = low;
    from[s] = lowAt;
    if (emptyOk) {
      for (let k = 0; k < gap && s - k >= 0; k++) {
        const v = reach[s - k] + EMPTY * (gap - k);
        if (v < best[s]) {
          best[s] = v;
          from[s] = s - k;
        }
      }
    }
  }
  return { best, from };
}

// followRun returns next[e], the least cost of the runs so far with this
// one (run) ending at line token e, within what ok allows, and b: per end,
// [start, end of the run before]. afterText says whether text the message
// does not fix comes before the run (a placeholder or an earlier run).
function followRun(run, toks, best, from, afterText, skip, keep, known, ok) {
  const L = toks.length;
  const next = new Float64Array(L + 1).fill(Infinity);
  const b = new Map();
  for (let s = 0; s < L; s++) {
    if (best[s] === Infinity) continue;
    // Only a message that starts the line may miss its first word: after
    // other text or a placeholder, that text could be a sibling's word.
    const firstFixed = afterText || s > 0;
    // Cheap test before the run is followed.
    if (!startsRun(toks[s], run, known, skip && !firstFixed && !keep[0])) continue;
    for (const [e, c] of runEnds(run, toks, s, skip, keep, firstFixed, known)) {
      const v = best[s] + c;
      if (v < next[e] && ok(v)) {
        next[e] = v;
        b.set(e, [s, from[s]]);
      }
    }
  }
  return { next, b };
}

// messageEnd returns where the message ends in the line at the least cost
// (-1 for nowhere) and that cost. A trailing placeholder may be empty
// where the line ends (cut off), in a near match.
function messageEnd(reach, L, after, nearly, ok) {
  let end = -1, cost = Infinity;
  for (let e = 0; e <= L; e++) {
    const short = Math.max(0, after - (L - e));
    if (short && (!nearly || e !== L)) continue;
    const v = reach[e] + EMPTY * short;
    if (v < cost && ok(v)) {
      cost = v;
      end = e;
    }
  }
  return { end, cost };
}

// placeholderValues walks back from the message's end for where each run
// starts, the [first, end) tokens each placeholder took (values), and how
// many its inner placeholders took (captured).
function placeholderValues(back, gaps, after, end, L) {
  const n = back.length;
  const starts = new Array(n), ends = new Array(n);
  for (let r = n - 1, e = end; r >= 0; r--) {
    const [s, p] = back[r].get(e);
    starts[r] = s;
    ends[r] = e;
    e = p;
  }
  const values = [];
  let captured = 0;
  for (let r = 0; r < n; r++) {
    if (gaps[r] > 0) {
      const v = [r === 0 ? 0 : ends[r - 1], starts[r]];
      values.push(v);
      if (r > 0) captured += v[1] - v[0];
    }
  }
  if (after > 0) values.push([end, L]);
  return { starts, values, captured };
}

/**
 * align finds the message in a line: each run of its fixed text in order and
 * whole (forgiving case, spacing, punctuation and small typos: an edit
 * distance of one per eight words), each placeholder filled by at least one
 * word, any text before and after. parts are the message's parts as the
 * index stores them; toks the line's tokens; known, when given, the line's
 * tokens that are words of the index (never taken for typos). It returns
 * null, or { cost, chars, captured, values }: the typos forgiven, the
 * letters of fixed text (how specific the message is), the words its inner
 * placeholders took, and per placeholder the [first, end) tokens it
 * captured.
 */
export function align(parts, toks, known) {
  return matchParts(parts, toks, 0, [], false, known);
}

/**
 * near is align for a line that holds nearly all of a message: a
 * placeholder may be empty (at the end of the line, in a message of three
 * words or more; inside it, in one of six words or more), and up to
 * one word in six of its fixed text may be missing (in a message of four
 * words or more), but never a telling word (one that few errors have:
 * telling lists their positions among the literal tokens) nor one where a
 * sibling's word could stand in (see runEnds); and one typo more. It returns
 * null or { cost, skipped, empty, chars, values }.
 */
export function near(parts, toks, telling, known) {
  const t = parts.runs ? parts : compileParts(parts);
  if (t.tokens < NEAR_MIN_TOKENS) return null; // "bestaat niet" names nothing
  const r = matchParts(t, toks, skipBudget(t.tokens), telling, true, known);
  return r && r.skipped + r.empty > 0 || r && r.cost > typoBudget(t.tokens) ? r : null;
}
