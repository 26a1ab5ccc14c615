// Verifying candidates: the templates a line may hold (anchored), read
// from the doc shards (loadDocs), compiled once (compiled) and aligned
// with the line (verifyLoaded): the exact and near tiers of docs/SEARCH.md.

import { CANDIDATE_CAP, LIMITS, NAME_RETRIES, NEAR_SKIP_CHARS, skipBudget, templateKey } from "./weights.js";
import { termHash } from "./tokens.js";
import { align, compileParts, near } from "./align.js";
import { beats, hitInName, inside, odd } from "./hits.js";
import { shapesHold } from "./shapes.js";

// anchored returns the templates whose most telling word (their anchor)
// the expanded terms hold, and their next two telling words too (by
// hash), as a flat list doc, template, doc, template...: the only ones a
// line can hold whole or nearly. With whole, only those whose every word
// the line holds as a term: as far as a 64-bit filter of them tells, and
// then by the message postings of the terms found (holdsAll). The cap
// counts the templates the filter passes, as if holdsAll kept them all.
export function anchored(found, toks, category, m, cap, whole) {
  const cat = category ? m.categories.indexOf(category) : -1;
  const hashes = new Set([0]);
  let lo = 0, hi = 0;
  const add = (t) => {
    const h = termHash(t);
    hashes.add(h);
    const b = h & 63;
    if (b < 32) lo |= 1 << b;
    else hi |= 1 << (b - 32);
  };
  for (const term of found.keys()) add(term);
  for (const t of toks) add(t);
  // A line token may be two of a template's words written as one
  // ("emailadres" for "e-mailadres"): for the telling words, each of its
  // halves counts (the filter of all words knows compounds only as the
  // expansions found them).
  for (const t of toks) {
    if (t.length > LIMITS.wordChars) continue;
    for (const h of halfHashes(t)) hashes.add(h);
  }
  const entries = whole ? [...found.values()].map((f) => f[1]) : null;
  const out = [];
  let seen = null;
  let lists = 0, taken = 0;
  for (const [, entry] of found.values()) {
    const ap = entry[4];
    if (!ap || !ap.length) continue;
    // A template has one anchor: two terms' lists share a template only
    // when both are expansions of one token.
    if (++lists === 2) seen = new Set();
    for (let i = 0, doc = 0; i < ap.length && taken < cap; i += 6) {
      doc += ap[i];
      if (!hashes.has(ap[i + 2]) || !hashes.has(ap[i + 3])) continue;
      if (whole && ((ap[i + 4] & ~lo) !== 0 || (ap[i + 5] & ~hi) !== 0)) continue;
      if (cat >= 0 && m.docInfo[doc] >> 1 !== cat) continue;
      if (seen) {
        const key = templateKey(doc, ap[i + 1]);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      taken++;
      if (whole && !holdsAll(entries, entry, doc, ap[i + 1])) continue;
      out.push(doc, ap[i + 1]);
    }
  }
  return out;
}

// halfHashes returns the termHash of each half of t cut in two, prefix
// then suffix per cut, kept per token (HALVES_KEPT at most): a log
// repeats its words on many lines.
const halves = new Map();
const HALVES_KEPT = 20_000;
function halfHashes(t) {
  let out = halves.get(t);
  if (out) return out;
  out = new Int32Array(2 * Math.max(0, t.length - 1));
  for (let cut = 1; cut < t.length; cut++) {
    out[2 * cut - 2] = termHash(t.slice(0, cut));
    out[2 * cut - 1] = termHash(t.slice(cut));
  }
  if (halves.size >= HALVES_KEPT) halves.clear();
  halves.set(t, out);
  return out;
}

// holdsAll tells whether the terms found (their entries) may hold every
// word of doc's template k (anchor is the entry of its anchor): each of a
// template's distinct words has a share of its weight in the message
// postings (internal/search addTemplate), rounded, so that the shares of
// its n words add up to 1000 give or take n/2. A line that holds them all
// holds each as a term found (n is at most the terms found), so the
// shares it finds add up to at least 1000 - found/2; less, and a word of
// weight is missing. (A word the line holds only inside a compound is
// not a term found: whole leaves such templates to the next pass, as the
// 64-bit filter mostly did.) A derived template has no postings: its
// anchor has no share in it, and it is kept; so is one whose anchor's
// share is 0, where the weights tell nothing.
function holdsAll(entries, anchor, doc, k) {
  const key = templateKey(doc, k);
  if (!(shareAt(anchor, key) > 0)) return true;
  let sum = 0;
  for (const e of entries) sum += shareAt(e, key);
  return sum >= 1000 - entries.length / 2 - 1;
}

// shareAt returns the share of entry's term in the template key
// (templateKey), 0 if it has none: its message postings (doc delta, k,
// share ...) read once into sorted keys, searched by halves.
const postingKeys = new WeakMap();
function shareAt(entry, key) {
  let p = postingKeys.get(entry);
  if (!p) {
    const msg = entry[2] || [];
    const keys = new Float64Array(msg.length / 3), shares = new Int32Array(msg.length / 3);
    for (let i = 0, doc = 0; i < msg.length; i += 3) {
      doc += msg[i];
      keys[i / 3] = templateKey(doc, msg[i + 1]);
      shares[i / 3] = msg[i + 2];
    }
    postingKeys.set(entry, (p = { keys, shares }));
  }
  const { keys, shares } = p;
  let a = 0, b = keys.length - 1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    if (keys[mid] < key) a = mid + 1;
    else if (keys[mid] > key) b = mid - 1;
    else return shares[mid];
  }
  return 0;
}

// compiled returns message k of doc d compiled for matching, once (cache
// is the index's, by doc): its runs (compileParts), its literal tokens,
// each joined with the next within its run (a compound the line may write
// as one word), and which are telling.
function compiled(cache, d, k) {
  let all = cache.get(d);
  if (!all) cache.set(d, (all = []));
  if (all[k]) return all[k];
  const t = compileParts(d.parts[k]);
  t.flat = [];
  t.joinNext = [];
  for (const run of t.runs) {
    run.forEach((tok, i) => {
      t.flat.push(tok);
      t.joinNext.push(i + 1 < run.length ? tok + run[i + 1] : "");
    });
  }
  t.tellingAt = t.flat.map((_, i) => d.telling[k].includes(i));
  t.skips = skipBudget(t.tokens);
  return (all[k] = t);
}

/**
 * verify aligns each anchored template with the line's tokens and returns
 * the docs the line names, most specific first: [{ doc, k, match,
 * chars, captured, cost, values }] with match "exact" or, with near,
 * "near". A template whose words the line does not all hold (exact) or
 * nearly all (near) is not aligned at all. Near matches are looked for
 * only when nothing matches exactly: an exact match always comes first.
 */
export async function verify(index, m, found, toks, category, withNear, line) {
  const cands = anchored(found, toks, category, m, CANDIDATE_CAP, false);
  await loadDocs(index, m, cands);
  return verifyLoaded(index, m, found, toks, cands, withNear, line);
}

/** loadDocs reads into index.docs the doc shards of the candidates (doc, template, ...). */
export async function loadDocs(index, m, cands) {
  const need = new Set();
  for (let c = 0; c < cands.length; c += 2) {
    const i = Math.floor(cands[c] / m.docShardSize);
    if (!index.docs.has(i)) need.add(i);
  }
  await Promise.all([...need].map(async (i) => {
    index.docs.set(i, (await index.file(m.docShards[i])).docs);
  }));
}

/**
 * verifyLoaded is verify once the candidates' doc shards are read.
 * line, when given, is { text, spans }: the line the tokens come from,
 * to tell a value from a message (see odd).
 */
export function verifyLoaded(index, m, found, toks, cands, withNear, line) {
  // The line's words that the index has as they are: never typos.
  const known = new Set(toks.filter((t) => found.get(t)?.[0] === 1));
  // Per doc its best hit, in the order first found.
  const hits = new Map();
  const keep = (hit) => {
    hit.odd = line ? odd(line, hit, toks.length) : 0;
    const had = hits.get(hit.doc);
    if (!had || beats(hit, had)) hits.set(hit.doc, hit);
  };
  const nearly = exactHits(index, m, found, toks, cands, withNear, known, keep, line);
  // Near matches when nothing matches exactly, or only inside a
  // customer's name or value (see odd).
  if ([...hits.values()].every((h) => h.odd > 0)) {
    for (const [doc, k, parts, telling] of nearly) {
      const r = near(parts, toks, telling, known);
      if (r) keep({ doc, k, match: "near", chars: r.chars - NEAR_SKIP_CHARS * r.skipped, captured: r.captured, cost: r.cost, values: r.values, start: r.start, end: r.end });
    }
  }
  return ordered([...hits.values()]);
}

// exactHits keeps (keep) the candidates the line holds whole, and returns,
// with withNear, those it may hold nearly: [[doc, k, compiled, telling]].
// A derived template (k past the doc's messages: another language inside
// a wrapper, a tail without its head, a value of a shape) matches whole or
// not at all: nearly, it would stand for text nobody wrote.
function exactHits(index, m, found, toks, cands, withNear, known, keep, line) {
  const size = m.docShardSize;
  const lineWords = new Set(toks);
  const nearly = [];
  for (let c = 0; c < cands.length; c += 2) {
    const doc = cands[c], k = cands[c + 1];
    const d = index.docs.get(Math.floor(doc / size))[doc % size];
    if (!d.parts[k]) continue;
    const t = compiled(index.compiled, d, k);
    // The words the line lacks: present as a term, or joined with a
    // neighbour in one line token ("emailadres" for "e-mailadres"), is
    // not lacking. Past what near allows, stop counting.
    const allowed = withNear ? t.skips : 0;
    let missing = 0, tellingMissing = false;
    for (let i = 0; i < t.flat.length && missing <= allowed && !tellingMissing; i++) {
      if (found.has(t.flat[i]) || (t.joinNext[i] && lineWords.has(t.joinNext[i])) || (i > 0 && t.joinNext[i - 1] && lineWords.has(t.joinNext[i - 1]))) continue;
      missing++;
      if (t.tellingAt[i]) tellingMissing = true;
    }
    if (missing === 0) {
      const a = alignOutsideNames(t, toks, known, line);
      if (a) {
        keep({ doc, k, match: "exact", chars: a.chars, captured: a.captured, cost: a.cost, values: a.values, start: a.start, end: a.end });
        continue;
      }
    }
    if (withNear && !tellingMissing && missing <= allowed && k < d.messages.length) nearly.push([doc, k, t, d.telling[k]]);
  }
  return nearly;
}

// alignOutsideNames aligns t with the line, and where the match is part of
// a customer's name ("Factuur 12 (Reeds Verwerkt Logistiek): Reeds
// verwerkt"), again after it: the earliest match is not always the
// message. The values of a shaped placeholder must have their shape. It
// returns the first match outside names, else the first match, or null.
function alignOutsideNames(t, toks, known, line) {
  let first = null;
  for (let from = 0, tries = 0; from < toks.length && tries < NAME_RETRIES; tries++) {
    const a = shift(align(t, from ? toks.slice(from) : toks, known), from);
    if (!a) break;
    if (shapesHold(t, a.values, line)) {
      if (!line || !hitInName(line, a)) return a;
      first ??= a;
    }
    from = a.end > from ? a.end : from + 1;
  }
  return first;
}

// shift moves an alignment of toks.slice(by) to the places of toks.
function shift(a, by) {
  if (!a || !by) return a;
  return { ...a, start: a.start + by, end: a.end + by, values: a.values.map(([x, y]) => [x + by, y + by]) };
}

// ordered returns the hits the best first: the one no other beats (beats
// is not transitive across three hits at three places, so pick, then sort
// the rest).
function ordered(all) {
  if (!all.length) return [];
  let top = all[0];
  for (const h of all) if (beats(h, top)) top = h;
  // A message that lies in the context of the one the line names (before
  // or after it, or in one of its values) is the customer's text, not a
  // second match: it is left out.
  const rest = all.filter((h) => h !== top && !(top.start !== undefined && h.start !== undefined &&
    (h.end <= top.start || h.start >= top.end || inside(h, top)) && !inside(top, h)));
  rest.sort((a, b) => (beats(a, b) ? -1 : beats(b, a) ? 1 : a.doc - b.doc));
  return [top, ...rest];
}
