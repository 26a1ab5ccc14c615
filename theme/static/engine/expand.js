// Expanding a query's or a line's tokens to the index terms they may stand
// for, each with a similarity: as written, typos, compounds and, while a
// word is typed, the terms it starts.

import {
  COMPOUND_SIM, JOINED_SIM, LIMITS, MAX_EXPANSIONS, ONE_EDIT_FROM, PREFIX_MIN, PREFIX_SIM, PREFIX_SPAN, TYPO2_SIM, TYPO_SIM,
  WIDE_KEY_LETTERS, WIDE_SHARDS,
} from "./weights.js";
import { hasDigit, len } from "./tokens.js";
import { distance, maxEdits } from "./align.js";
import { lookup, shardKey, wordsOf } from "./index.js";

// expandToken maps one query token to index terms with a similarity in
// (0, 1]: the token itself, typos (edit distance, in the token's shard
// and, in mode "wide", the shards whose keys are one edit from its start:
// a query's typo in the first letters), a compound written as one word,
// and, while it is being typed, the terms it starts. Words longer than
// LIMITS.wordChars are looked up as written. Mode "exact" looks the token
// up as written only (a log's first pass: machine text has no typos),
// and a number only when a message has it. It returns [[term, sim,
// entry], ...]: the token, the terms it starts, typos, compounds.
async function expandToken(index, m, q, typing, mode = "full") {
  const out = [];
  const n = len(q);
  const word = !hasDigit(q);
  const entry = await lookup(index, m, q);
  // A number counts as written only where a message or title has it.
  if (entry && (word || mode !== "exact" || entry[2].length > 0)) out.push([q, 1, entry]);
  if (n > LIMITS.wordChars || mode === "exact") return out;
  if (typing && word && n >= PREFIX_MIN) await prefixTerms(index, m, q, out);
  if (entry || !word || n < ONE_EDIT_FROM) return out;
  await typoTerms(index, m, q, mode === "wide", out);
  await compoundTerms(index, m, q, out);
  return out;
}

// prefixTerms adds to out the terms that q, being typed, starts.
async function prefixTerms(index, m, q, out) {
  const n = len(q);
  let count = 0;
  for (const k of m.keys) {
    if (!(k.startsWith(q) || q.startsWith(k))) continue;
    for (const t of wordsOf(m, k)) {
      if (t !== q && t.startsWith(q) && count++ < MAX_EXPANSIONS) out.push([t, PREFIX_SIM + (PREFIX_SPAN * n) / len(t), await lookup(index, m, t)]);
    }
  }
}

// typoTerms adds to out the terms a few edits from q (maxEdits), in q's
// shard and, with wide, the shards whose keys are one edit from its start.
async function typoTerms(index, m, q, wide, out) {
  const max = maxEdits(len(q));
  const keys = new Set([shardKey(m, q)]);
  if (wide) wideKeys(m, q, keys);
  const seen = new Set();
  for (const k of keys) {
    if (k === null) continue;
    for (const t of wordsOf(m, k)) {
      if (seen.has(t) || hasDigit(t) || Math.abs(t.length - q.length) > max) continue;
      seen.add(t);
      const d = distance(q, t, max);
      if (d <= max) out.push([t, d === 1 ? TYPO_SIM : TYPO2_SIM, await lookup(index, m, t)]);
    }
  }
}

// wideKeys adds to keys the shard keys one edit from q's start: a typo in
// the first letters puts the word in another shard.
function wideKeys(m, q, keys) {
  const head = [...q];
  const starts = [];
  for (let l = 1; l <= WIDE_KEY_LETTERS; l++) starts.push(head.slice(0, l).join(""));
  for (const k of m.keys) {
    const kl = len(k);
    if (kl < 2 || keys.size >= WIDE_SHARDS) continue;
    for (const l of [kl - 1, kl, kl + 1]) {
      if (l >= 1 && l <= head.length && l <= WIDE_KEY_LETTERS && distance(starts[l - 1], k, 1) <= 1) {
        keys.add(k);
        break;
      }
    }
  }
}

// compoundTerms adds to out the halves of q when q is a compound written as
// one word: "btwcode" for "btw code".
async function compoundTerms(index, m, q, out) {
  for (let cut = 2; cut <= q.length - 2; cut++) {
    const a = q.slice(0, cut), b = q.slice(cut);
    const [ea, eb] = await Promise.all([lookup(index, m, a), lookup(index, m, b)]);
    if (ea && eb) out.push([a, COMPOUND_SIM, ea], [b, COMPOUND_SIM, eb]);
  }
}

// Expansions are kept per query, or per log across its lines: by token
// (and "\0" for the token being typed, "\1" for two tokens joined) the
// list or entry, or the Promise of it while it is looked up.
const tokenKey = (q, last) => (last ? q + "\u0000" : q);

// prepare looks up what expand needs for toks into ex (see expandToken
// for mode).
// With allowed, a token allowed lacks (null) is looked up as written
// only (a bound on typo searches).
export async function prepare(index, m, toks, typing, ex, mode = "full", allowed) {
  const jobs = [];
  const need = (key, look) => {
    const had = ex.get(key);
    if (had instanceof Promise) jobs.push(had);
    else if (had === undefined) {
      const p = look().then((v) => { ex.set(key, v); });
      ex.set(key, p);
      jobs.push(p);
    }
  };
  toks.forEach((q, i) => {
    const last = typing && i === toks.length - 1;
    need(tokenKey(q, last), () => expandToken(index, m, q, last, allowed && allowed[i] === null ? "exact" : mode));
  });
  // Words written apart that the index has as one: "grootboek rekeningtype".
  for (let i = 0; i + 1 < toks.length; i++) {
    const a = toks[i], b = toks[i + 1];
    if (hasDigit(a) || hasDigit(b) || a.length + b.length > LIMITS.wordChars) continue;
    need(a + b + "\u0001", () => lookup(index, m, a + b));
  }
  await Promise.all(jobs);
}

// collect maps tokens to index terms (term -> [sim, entry]) from what
// prepare looked up.
// Each found term also says which of the first 62 query tokens it stands
// for (two 31-bit masks), and found.weights[i] is the weight of token i:
// its best term's similarity times idf in messages.
export function collect(toks, typing, ex) {
  const found = new Map();
  const weights = new Float64Array(toks.length);
  const add = (term, sim, entry, i, both) => {
    const lo = (i < 31 ? 1 << i : 0) | (both && i + 1 < 31 ? 1 << (i + 1) : 0);
    const hi = (i >= 31 && i < 62 ? 1 << (i - 31) : 0) | (both && i + 1 >= 31 && i + 1 < 62 ? 1 << (i - 30) : 0);
    const had = found.get(term);
    if (!had) found.set(term, [sim, entry, lo, hi]);
    else {
      if (had[0] < sim) had[0] = sim;
      had[2] |= lo;
      had[3] |= hi;
    }
    const w = (sim * entry[0]) / 1000;
    if (w > weights[i]) weights[i] = w;
    if (both && w > weights[i + 1]) weights[i + 1] = w;
  };
  toks.forEach((q, i) => {
    for (const [t, sim, e] of ex.get(tokenKey(q, typing && i === toks.length - 1))) add(t, sim, e, i, false);
  });
  for (let i = 0; i + 1 < toks.length; i++) {
    const e = ex.get(toks[i] + toks[i + 1] + "\u0001");
    if (e && !(e instanceof Promise)) add(toks[i] + toks[i + 1], JOINED_SIM, e, i, true);
  }
  found.weights = weights;
  return found;
}

// explained returns the share of the query's weight that the tokens in
// the masks carry.
export function explained(found, lo, hi) {
  const w = found.weights;
  let got = 0, all = 0;
  for (let i = 0; i < w.length && i < 62; i++) {
    all += w[i];
    if (i < 31 ? lo & (1 << i) : hi & (1 << (i - 31))) got += w[i];
  }
  return all > 0 ? got / all : 0;
}

// expand maps a query's tokens to index terms (see collect), typos in the
// first letters too (mode "wide").
export async function expand(index, m, toks, typing) {
  const ex = new Map();
  await prepare(index, m, toks, typing, ex, "wide");
  return collect(toks, typing, ex);
}
