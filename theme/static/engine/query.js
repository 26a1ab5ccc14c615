// A query: one line the customer typed or pasted, to its best errors.

import { LIMITS } from "./weights.js";
import { tokenSpans } from "./tokens.js";
import { docOf, messageOf } from "./index.js";
import { expand } from "./expand.js";
import { verify } from "./verify.js";
import { score, termsOf } from "./rank.js";

/**
 * queryTokens reads a query within LIMITS: { t, spans, toks, typing }: the
 * text read, its tokens' spans (its last LIMITS.queryTokens), the tokens,
 * and whether its last word is being typed (nothing follows it).
 */
export function queryTokens(text) {
  const t = String(text ?? "").slice(0, LIMITS.queryChars);
  // A longer line is a log line whose message comes last (after the time,
  // the invoice, the customer): its last words are kept.
  const all = tokenSpans(t);
  const spans = all.length > LIMITS.queryTokens ? all.slice(-LIMITS.queryTokens) : all;
  const typing = spans.length > 0 && spans[spans.length - 1].end === t.length;
  return { t, spans, toks: spans.map((s) => s.t), typing };
}

/**
 * query returns the best matches for text, best first (see createSearch in
 * search.js): the exact hits, then the ranked ones. engine is { index,
 * scorer }.
 */
export async function query(engine, text, limit = 10, options = {}) {
  const { index, scorer } = engine;
  const m = await index.meta();
  const { t, spans, toks, typing } = queryTokens(text);
  const found = await expand(index, m, toks, typing);
  if (found.size === 0) return [];
  const category = options.category || "";
  // A category filter reads each doc's category (index.docInfo).
  if (category) await index.docInfo(m);
  // A message inside a customer's name is no exact match (see inName).
  const exact = (await verify(index, m, found, toks, category, false, { text: t, spans })).filter((h) => !h.name).slice(0, limit);
  const ranked = score(scorer, m, found, category, limit + exact.length, toks.length);
  const isExact = new Set(exact.map((h) => h.doc));
  const top = [...exact, ...ranked.filter((h) => !isExact.has(h.doc))].slice(0, limit);
  const scores = new Map(ranked.map((h) => [h.doc, h]));
  const docs = await Promise.all(top.map((h) => docOf(index, m, h.doc)));
  const terms = termsOf(scorer, m, found, top.map((h) => h.doc));
  const covered = terms.map((ts) => coveredShare(found, ts, toks.length));
  return top.map((h, i) => result(docs[i], h, scores.get(h.doc), terms[i], covered[i], spans));
}

// coveredShare is the share of the query's n words a result's matched terms
// stand for (a word the index does not have counts as not covered).
function coveredShare(found, ts, n) {
  let lo = 0, hi = 0;
  for (const term of ts) {
    const f = found.get(term);
    if (f) {
      lo |= f[2];
      hi |= f[3];
    }
  }
  let c = 0;
  for (let i = 0; i < n && i < 62; i++) if (i < 31 ? lo & (1 << i) : hi & (1 << (i - 31))) c++;
  return n ? c / Math.min(n, 62) : 0;
}

// result is what query returns of doc d for hit h (ranked: its word score,
// if any).
function result(d, h, ranked, terms, covered, spans) {
  const exactHit = h.match === "exact";
  const values = exactHit ? h.values.filter(([a, b]) => b > a).map(([a, b]) => [spans[a].start, spans[b - 1].end]) : [];
  return {
    id: d.id,
    title: d.title,
    score: Math.round((ranked?.score ?? 0) * 1e4) / 1e4,
    match: exactHit ? "exact" : "partial",
    weak: !exactHit && !ranked?.strong,
    message: d.messages[messageOf(d, h.k)],
    severity: d.severity,
    category: d.category,
    status: d.status,
    fix: d.fix || "",
    summary: d.summary || "",
    terms,
    covered: Math.round(covered * 1000) / 1000,
    values,
  };
}

/** terms returns the index terms text matches (to highlight them on a page). */
export async function terms(engine, text) {
  const { index } = engine;
  const m = await index.meta();
  const { toks, typing } = queryTokens(text);
  return [...(await expand(index, m, toks, typing)).keys()];
}
