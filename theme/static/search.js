// The search engine of the help site: finds the error a customer means from
// a line pasted from the sync log, or every error a whole pasted log names
// (triage). No DOM, no dependencies: it runs in a browser and in Node alike.
// The index format and the matching rules are described in the Go package
// internal/search, which writes the index, and in docs/SEARCH.md.

import {
  FIELD_WEIGHT, LIMITS, MAX_EXPANSIONS, PREFIX_MIN, RETIRED, TITLE_WEIGHT, skipBudget,
} from "./engine/weights.js";
import { hasDigit, len, termHash, tokenSpans } from "./engine/tokens.js";
import { align, compileParts, distance, maxEdits, near } from "./engine/align.js";
import { NO_WORDS, STACK, countsForNothing, docNumbers, noise } from "./engine/lines.js";
import { beats, inside, odd } from "./engine/hits.js";

export const INDEX_VERSION = 2;
export { LIMITS } from "./engine/weights.js";
export { termHash, tokenSpans, tokenize } from "./engine/tokens.js";
export { maskSpans, maskValues } from "./engine/mask.js";
export { align, near } from "./engine/align.js";

/**
 * nothingFits reports whether the results of the query q are to be shown
 * under "nothing fits exactly" (and the support mail): no result holds the
 * line's message, and either all rest on common words, or q is a whole
 * pasted line (six words or more), or a message of three words or more
 * whose words the best result does not all hold ("(400) Bad Request" is no
 * "(429) Too Many Requests").
 */
export function nothingFits(q, results) {
  if (results.some((r) => r.match === "exact")) return false;
  const words = tokenSpans(q).length;
  return results.every((r) => r.weak) || words >= 6 || (words >= 3 && results[0].covered < 1);
}

// byFixOrder orders a log's errors as they are to be fixed: those that stop
// every sync (fix "first"), then the others, then the consequences (fix
// "last"); each group by count, most first.
const FIX_RANK = { first: 0, "": 1, last: 2 };
export const byFixOrder = (a, b) => FIX_RANK[a.fix] - FIX_RANK[b.fix] || b.count - a.count;

/**
 * createSearch returns a search over the index that loadJSON reads;
 * loadJSON(path) returns a Promise of the parsed JSON at path, relative to
 * the site root ("search/meta.json").
 */
export function createSearch(loadJSON) {
  let metaPromise = null;
  const files = new Map();

  const checked = (what) => (v) => {
    if (!v || typeof v !== "object" || v.version !== INDEX_VERSION) {
      const got = v && typeof v === "object" ? v.version : undefined;
      throw new Error(`search index ${what}: version ${got} is not supported (this engine reads version ${INDEX_VERSION}); rebuild the site and reload`);
    }
    return v;
  };
  const meta = () => {
    if (!metaPromise) {
      metaPromise = loadJSON("search/meta.json").then(checked("search/meta.json")).then((m) => {
        m.keys = Object.keys(m.termShards);
        m.digits = new Set(m.digitTerms);
        m.maxKey = Math.max(1, ...m.keys.map(len));
        // A word in at most this many errors tells them apart.
        m.telling = Math.round(1000 * Math.log(1 + m.docs / Math.max(2, 0.02 * m.docs)));
        return m;
      });
      metaPromise.catch(() => { metaPromise = null; });
    }
    return metaPromise;
  };
  const file = (path) => {
    let p = files.get(path);
    if (!p) {
      p = loadJSON("search/" + path).then(checked("search/" + path));
      files.set(path, p);
      p.catch(() => files.delete(path));
    }
    return p;
  };
  // The shard that holds term, keyed by the longest key that starts it.
  const shardKey = (m, term) => {
    // Keys are counted in code points; an ASCII term needs no splitting.
    const ascii = /^[\x00-\x7f]*$/.test(term);
    const cps = ascii ? null : [...term];
    const length = ascii ? term.length : cps.length;
    for (let n = Math.min(m.maxKey, length); n > 0; n--) {
      const k = ascii ? term.slice(0, n) : cps.slice(0, n).join("");
      if (Object.hasOwn(m.termShards, k)) return k;
    }
    return null;
  };
  const shard = async (m, term) => {
    const k = shardKey(m, term);
    return k === null ? null : (await file(m.termShards[k])).terms;
  };
  const lookup = async (m, term) => {
    const s = await shard(m, term);
    return s && Object.hasOwn(s, term) ? s[term] : null;
  };

  // expandToken maps one query token to index terms with a similarity in
  // (0, 1]: the token itself, typos (edit distance, in the token's shard
  // and, in mode "wide", the shards whose keys are one edit from its start:
  // a query's typo in the first letters), a compound written as one word,
  // and, while it is being typed, the terms it starts. Words longer than
  // LIMITS.wordChars are looked up as written. Mode "exact" looks the token
  // up as written only (a log's first pass: machine text has no typos),
  // and a number only when a message has it.
  async function expandToken(m, q, typing, mode = "full") {
    const out = [];
    const n = len(q);
    const word = !hasDigit(q);
    if (mode === "exact" && !word && !m.digits.has(q)) return out;
    const entry = await lookup(m, q);
    if (entry) out.push([q, 1, entry]);
    if (n > LIMITS.wordChars || mode === "exact") return out;
    if (typing && word && n >= PREFIX_MIN) {
      let count = 0;
      for (const k of m.keys) {
        if (!(k.startsWith(q) || q.startsWith(k))) continue;
        const terms = (await file(m.termShards[k])).terms;
        for (const t in terms) {
          if (t !== q && t.startsWith(q) && count++ < MAX_EXPANSIONS) out.push([t, 0.5 + (0.45 * n) / len(t), terms[t]]);
        }
      }
    }
    if (entry || !word || n < 4) return out;
    const max = maxEdits(n);
    const keys = new Set([shardKey(m, q)]);
    if (mode === "wide") {
      // A typo in the first letters puts the word in another shard: the
      // shards whose key is one edit from the word's start.
      const head = [...q];
      const starts = [1, 2, 3, 4, 5].map((l) => head.slice(0, l).join(""));
      for (const k of m.keys) {
        const kl = len(k);
        if (kl < 2 || keys.size >= 12) continue;
        for (const l of [kl - 1, kl, kl + 1]) {
          if (l >= 1 && l <= head.length && l <= 5 && distance(starts[l - 1], k, 1) <= 1) {
            keys.add(k);
            break;
          }
        }
      }
    }
    const seen = new Set();
    for (const k of keys) {
      if (k === null) continue;
      const terms = (await file(m.termShards[k])).terms;
      for (const t in terms) {
        if (seen.has(t) || hasDigit(t) || Math.abs(t.length - q.length) > max) continue;
        seen.add(t);
        const d = distance(q, t, max);
        if (d <= max) out.push([t, d === 1 ? 0.8 : 0.65, terms[t]]);
      }
    }
    // A compound written as one word: "btwcode" for "btw code".
    for (let cut = 2; cut <= q.length - 2; cut++) {
      const a = q.slice(0, cut), b = q.slice(cut);
      const [ea, eb] = await Promise.all([lookup(m, a), lookup(m, b)]);
      if (ea && eb) out.push([a, 0.9, ea], [b, 0.9, eb]);
    }
    return out;
  }

  // Expansions are kept per query, or per log across its lines: by token
  // (and "\0" for the token being typed, "\1" for two tokens joined) the
  // list or entry, or the Promise of it while it is looked up.
  const tokenKey = (q, last) => (last ? q + "\u0000" : q);

  // prepare looks up what expand needs for toks into ex (see expandToken
  // for mode).
  // With allowed, a token allowed lacks (null) is looked up as written
  // only (a bound on typo searches).
  async function prepare(m, toks, typing, ex, mode = "full", allowed) {
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
      need(tokenKey(q, last), () => expandToken(m, q, last, allowed && allowed[i] === null ? "exact" : mode));
    });
    // Words written apart that the index has as one: "grootboek rekeningtype".
    for (let i = 0; i + 1 < toks.length; i++) {
      const a = toks[i], b = toks[i + 1];
      if (hasDigit(a) || hasDigit(b) || a.length + b.length > LIMITS.wordChars) continue;
      need(a + b + "\u0001", () => lookup(m, a + b));
    }
    await Promise.all(jobs);
  }

  // collect maps tokens to index terms (term -> [sim, entry]) from what
  // prepare looked up.
  // Each found term also says which of the first 62 query tokens it stands
  // for (two 31-bit masks), and found.weights[i] is the weight of token i:
  // its best term's similarity times idf in messages.
  function collect(toks, typing, ex) {
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
      if (e && !(e instanceof Promise)) add(toks[i] + toks[i + 1], 0.95, e, i, true);
    }
    found.weights = weights;
    return found;
  }

  // explained returns the share of the query's weight that the tokens in
  // the masks carry.
  function explained(found, lo, hi) {
    const w = found.weights;
    let got = 0, all = 0;
    for (let i = 0; i < w.length && i < 62; i++) {
      all += w[i];
      if (i < 31 ? lo & (1 << i) : hi & (1 << (i - 31))) got += w[i];
    }
    return all > 0 ? got / all : 0;
  }

  async function expand(m, toks, typing) {
    const ex = new Map();
    await prepare(m, toks, typing, ex, "wide");
    return collect(toks, typing, ex);
  }

  // Accumulators reused across queries: an open-addressing table keyed by
  // doc * 64 + template + 1 (a Map per posting costs more than the rest of a
  // query at 10,000 errors), a per-doc field score with the docs touched,
  // and per doc its best template. A slot's numbers sit together (ints:
  // key, lo, hi; floats: cov, mass, tell), so a posting touches two cache
  // lines, not six.
  let slots = 0, ints = null, floats = null, used = null;
  let fieldScore = new Float64Array(0), fieldTell = new Float64Array(0), fieldDocs = new Int32Array(0);
  let fieldLo = new Int32Array(0), fieldHi = new Int32Array(0);
  let resultMark = new Int32Array(0);
  let docMark = new Int32Array(0), docStamp = 0, docScore = new Float64Array(0), docBase = new Float64Array(0);
  let docK = new Int32Array(0), docLo = new Int32Array(0), docHi = new Int32Array(0);
  let docStrong = new Uint8Array(0), docList = new Int32Array(0);
  const EMPTY = -1;
  const table = (postings) => {
    let want = 64;
    while (want < postings * 2) want *= 2;
    if (want > slots) {
      slots = want;
      ints = new Int32Array(slots * 4);
      floats = new Float64Array(slots * 4);
      used = new Int32Array(slots / 2);
      for (let h = 0; h < slots; h++) ints[h * 4] = EMPTY;
    }
  };

  // score ranks the docs the expanded terms match by their words, best
  // first, keeping those within a tenth of the best and at most limit. Per
  // template: coverage (the share of its fixed text's weight the query
  // holds) squared, times the matched weight; per doc, its best template
  // plus its tags and body, times the share of the query's weight it
  // explains (to the power 2 for a query of up to four words, where each
  // word counts; 0.5 for a pasted line, whose prefix and values no error
  // explains). strong says whether the match rests on a telling word.
  function score(m, found, category, limit, nTokens) {
    const cat = category ? m.categories.indexOf(category) : -1;
    if (category && cat < 0) return [];
    let postings = 0;
    for (const [, [, , mp]] of found.values()) postings += mp.length / 3;
    table(postings);
    if (fieldScore.length < m.docs) {
      fieldScore = new Float64Array(m.docs);
      fieldTell = new Float64Array(m.docs);
      fieldDocs = new Int32Array(m.docs);
      fieldLo = new Int32Array(m.docs);
      fieldHi = new Int32Array(m.docs);
    }
    let nField = 0, nUsed = 0;
    const mask = slots - 1;
    for (const [sim, [im, ifd, mp, fp], tlo, thi] of found.values()) {
      const idf = im / 1000;
      const telling = sim >= 0.8 ? im : 0;
      for (let i = 0, doc = 0; i < mp.length; i += 3) {
        doc += mp[i];
        const key = doc * 64 + mp[i + 1] + 1;
        // A term's postings come in doc order: slots in doc order too
        // (eight per doc, wrapping), so the table is walked, not jumped.
        let h = (doc * 8 + mp[i + 1] + 1) & mask;
        while (ints[h * 4] !== EMPTY && ints[h * 4] !== key) h = (h + 1) & mask;
        const a = h * 4;
        if (ints[a] === EMPTY) {
          ints[a] = key;
          ints[a + 1] = 0;
          ints[a + 2] = 0;
          floats[a] = 0;
          floats[a + 1] = 0;
          floats[a + 2] = 0;
          used[nUsed++] = h;
        }
        floats[a] += (sim * mp[i + 2]) / 1000;
        floats[a + 1] += sim * idf;
        ints[a + 1] |= tlo;
        ints[a + 2] |= thi;
        if (telling > floats[a + 2]) floats[a + 2] = telling;
      }
      const fidf = (sim * ifd) / 2000;
      const ftell = sim >= 0.8 ? ifd : 0;
      for (let i = 0, doc = 0; i < fp.length; i += 2) {
        doc += fp[i];
        if (fieldScore[doc] === 0) {
          fieldDocs[nField++] = doc;
          fieldLo[doc] = 0;
          fieldHi[doc] = 0;
        }
        fieldScore[doc] += fidf * fp[i + 1];
        fieldLo[doc] |= tlo;
        fieldHi[doc] |= thi;
        if (ftell > fieldTell[doc]) fieldTell[doc] = ftell;
      }
    }
    const short = nTokens <= 4;
    const power = short ? 2 : 0.5;
    // The share explained, to the power, is the same for every template
    // whose tokens are the same: kept per mask pair for this call.
    const shares = new Map();
    let lastLo = -1, lastHi = -1, last = 0;
    const share = (lo, hi) => {
      if (lo === lastLo && hi === lastHi) return last;
      lastLo = lo;
      lastHi = hi;
      const key = hi === 0 ? lo : `${lo},${hi}`;
      let v = shares.get(key);
      if (v === undefined) {
        v = explained(found, lo, hi) ** power;
        shares.set(key, v);
      }
      return (last = v);
    };
    // Per doc, its best template: score, template, strong, masks, base.
    if (docMark.length < m.docs) {
      docMark = new Int32Array(m.docs);
      docScore = new Float64Array(m.docs);
      docBase = new Float64Array(m.docs);
      docK = new Int32Array(m.docs);
      docLo = new Int32Array(m.docs);
      docHi = new Int32Array(m.docs);
      docStrong = new Uint8Array(m.docs);
      docList = new Int32Array(m.docs);
    }
    const stamp = ++docStamp;
    let nDocs = 0;
    for (let u = 0; u < nUsed; u++) {
      const a = used[u] * 4, key = ints[a];
      ints[a] = EMPTY; // leave the table empty for the next query
      const doc = Math.floor(key / 64), k = (key % 64) - 1;
      const cov = floats[a], lo = ints[a + 1], hi = ints[a + 2];
      const base = cov * cov * floats[a + 1] * (k < 0 ? TITLE_WEIGHT : 1);
      const s = base * share(lo, hi);
      const strong = floats[a + 2] >= m.telling && (short || cov >= 0.5);
      if (docMark[doc] !== stamp) {
        docMark[doc] = stamp;
        docList[nDocs++] = doc;
        docScore[doc] = s;
        docK[doc] = k;
        docStrong[doc] = strong ? 1 : 0;
        docLo[doc] = lo;
        docHi[doc] = hi;
        docBase[doc] = base;
      } else {
        if (docScore[doc] < s || (docScore[doc] === s && k < docK[doc])) {
          docScore[doc] = s;
          docK[doc] = k;
          docLo[doc] = lo;
          docHi[doc] = hi;
          docBase[doc] = base;
        }
        if (strong) docStrong[doc] = 1;
      }
    }
    for (let i = 0; i < nField; i++) {
      const doc = fieldDocs[i], f = fieldScore[doc];
      const strong = short && fieldTell[doc] >= m.telling;
      fieldScore[doc] = 0;
      fieldTell[doc] = 0;
      if (docMark[doc] === stamp) {
        // The doc explains what its template and its fields hold.
        docScore[doc] = (docBase[doc] + FIELD_WEIGHT * f) * share(docLo[doc] | fieldLo[doc], docHi[doc] | fieldHi[doc]);
        if (strong) docStrong[doc] = 1;
      } else {
        docMark[doc] = stamp;
        docList[nDocs++] = doc;
        docScore[doc] = FIELD_WEIGHT * f * share(fieldLo[doc], fieldHi[doc]);
        docK[doc] = -1;
        docStrong[doc] = strong ? 1 : 0;
      }
    }
    let best = 0;
    for (let i = 0; i < nDocs; i++) {
      const doc = docList[i], info = m.docInfo[doc];
      if (cat >= 0 && info >> 1 !== cat) continue;
      if (info & 1) docScore[doc] *= RETIRED;
      if (docScore[doc] > best) best = docScore[doc];
    }
    // The best limit, by insertion into a short sorted list: a long line
    // touches thousands of docs and only the first few are shown.
    const top = [];
    const before = (d, e) => docScore[d] > docScore[e] || (docScore[d] === docScore[e] && d < e);
    for (let i = 0; i < nDocs; i++) {
      const doc = docList[i];
      if (cat >= 0 && m.docInfo[doc] >> 1 !== cat) continue;
      if (docScore[doc] < best * 0.1) continue;
      if (top.length === limit && !before(doc, top[limit - 1])) continue;
      let j = top.length < limit ? top.length : limit - 1;
      while (j > 0 && before(doc, top[j - 1])) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = doc;
    }
    return top.map((doc) => ({ doc, k: docK[doc], score: docScore[doc], strong: docStrong[doc] === 1 }));
  }

  async function docOf(m, doc) {
    const shardDocs = (await file(m.docShards[Math.floor(doc / m.docShardSize)])).docs;
    return shardDocs[doc % m.docShardSize];
  }

  // anchored returns the templates whose most telling word (their anchor)
  // the expanded terms hold, and their next two telling words too (by
  // hash), as a flat list doc, template, doc, template...: the only ones a
  // line can hold whole or nearly. With whole, only those whose every word
  // the line may hold, as far as a 64-bit filter of them tells.
  function anchored(found, toks, category, m, cap, whole) {
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
      for (let cut = 1; cut < t.length; cut++) {
        hashes.add(termHash(t.slice(0, cut)));
        hashes.add(termHash(t.slice(cut)));
      }
    }
    const out = [];
    let seen = null;
    let lists = 0;
    for (const [, entry] of found.values()) {
      const ap = entry[4];
      if (!ap || !ap.length) continue;
      // A template has one anchor: two terms' lists share a template only
      // when both are expansions of one token.
      if (++lists === 2) seen = new Set();
      for (let i = 0, doc = 0; i < ap.length && out.length < 2 * cap; i += 6) {
        doc += ap[i];
        if (!hashes.has(ap[i + 2]) || !hashes.has(ap[i + 3])) continue;
        if (whole && ((ap[i + 4] & ~lo) !== 0 || (ap[i + 5] & ~hi) !== 0)) continue;
        if (cat >= 0 && m.docInfo[doc] >> 1 !== cat) continue;
        if (seen) {
          const key = doc * 64 + ap[i + 1];
          if (seen.has(key)) continue;
          seen.add(key);
        }
        out.push(doc, ap[i + 1]);
      }
    }
    return out;
  }

  // compiled returns message k of doc d compiled for matching, once: its
  // runs (compileParts), its literal tokens, each joined with the next
  // within its run (a compound the line may write as one word), and which
  // are telling.
  const compiledParts = new WeakMap();
  function compiled(d, k) {
    let all = compiledParts.get(d);
    if (!all) compiledParts.set(d, (all = []));
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

  // verify aligns each anchored template with the line's tokens and returns
  // the docs the line names, most specific first: [{ doc, k, match,
  // chars, captured, cost, values }] with match "exact" or, with near,
  // "near". A template whose words the line does not all hold (exact) or
  // nearly all (near) is not aligned at all. Near matches are looked for
  // only when nothing matches exactly: an exact match always comes first.
  async function verify(m, found, toks, category, withNear, line) {
    const cands = anchored(found, toks, category, m, 400, false);
    await loadDocs(m, cands);
    return verifyLoaded(m, found, toks, cands, withNear, line);
  }

  // Doc shards already read, by number, for the synchronous verifyLoaded.
  const docShards = new Map();
  // loadDocs reads the doc shards of the candidates (doc, template, ...).
  async function loadDocs(m, cands) {
    const need = new Set();
    for (let c = 0; c < cands.length; c += 2) {
      const i = Math.floor(cands[c] / m.docShardSize);
      if (!docShards.has(i)) need.add(i);
    }
    await Promise.all([...need].map(async (i) => {
      docShards.set(i, (await file(m.docShards[i])).docs);
    }));
  }

  // verifyLoaded is verify once the candidates' doc shards are read.
  // line, when given, is { text, spans }: the line the tokens come from,
  // to tell a value from a message (see odd).
  function verifyLoaded(m, found, toks, cands, withNear, line) {
    const size = m.docShardSize;
    const shards = docShards;
    // The line's words that the index has as they are: never typos.
    const known = new Set(toks.filter((t) => found.get(t)?.[0] === 1));
    const lineWords = new Set(toks);
    const hits = new Map();
    const keep = (hit) => {
      hit.odd = line ? odd(line, hit, toks.length) : 0;
      const had = hits.get(hit.doc);
      if (!had || beats(hit, had)) hits.set(hit.doc, hit);
    };
    const nearly = [];
    for (let c = 0; c < cands.length; c += 2) {
      const doc = cands[c], k = cands[c + 1];
      const d = shards.get(Math.floor(doc / size))[doc % size];
      if (!d.parts[k]) continue;
      const t = compiled(d, k);
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
        const a = align(t, toks, known);
        if (a) {
          keep({ doc, k, match: "exact", chars: a.chars, captured: a.captured, cost: a.cost, values: a.values, start: a.start, end: a.end });
          continue;
        }
      }
      if (withNear && !tellingMissing && missing <= allowed) nearly.push([doc, k, t, d.telling[k]]);
    }
    // Near matches when nothing matches exactly, or only inside a
    // customer's name or value (see odd).
    if ([...hits.values()].every((h) => h.odd > 0)) {
      for (const [doc, k, parts, telling] of nearly) {
        const r = near(parts, toks, telling, known);
        if (r) keep({ doc, k, match: "near", chars: r.chars - 1000 * r.skipped, captured: r.captured, cost: r.cost, values: r.values, start: r.start, end: r.end });
      }
    }
    // The best first: the one no other beats (beats is not transitive
    // across three hits at three places, so pick, then sort the rest).
    const all = [...hits.values()];
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

  const queryTokens = (text) => {
    const t = String(text ?? "").slice(0, LIMITS.queryChars);
    // A longer line is a log line whose message comes last (after the time,
    // the invoice, the customer): its last words are kept.
    const all = tokenSpans(t);
    const spans = all.length > LIMITS.queryTokens ? all.slice(-LIMITS.queryTokens) : all;
    const typing = spans.length > 0 && spans[spans.length - 1].end === t.length;
    return { t, spans, toks: spans.map((s) => s.t), typing };
  };

  // termsOf returns, per result, the index terms of found it matched (for
  // highlighting).
  function termsOf(m, found, docs) {
    const terms = docs.map(() => []);
    if (resultMark.length < m.docs) resultMark = new Int32Array(m.docs);
    const mark = resultMark;
    docs.forEach((d, i) => { mark[d] = i + 1; });
    for (const [term, [, [, , mp, fp]]] of found) {
      for (const [list, step] of [[mp, 3], [fp, 2]]) {
        for (let i = 0, doc = 0; i < list.length; i += step) {
          doc += list[i];
          const r = mark[doc];
          if (r === 0) continue;
          const t = terms[r - 1];
          if (t[t.length - 1] !== term) t.push(term);
        }
      }
    }
    for (const d of docs) mark[d] = 0;
    return terms.map((t) => [...new Set(t)]);
  }

  return {
    /**
     * query returns the best matches for text, best first:
     * [{ id, title, score, match, weak, message, severity, category, status,
     * fix, summary, terms, covered, values }]. match is "exact" when text holds one
     * of the error's messages whole (see align), else "partial"; exact
     * results come first, the most specific (most fixed text) first. weak
     * marks a partial result that rests on common words only. message is
     * the message matched best, terms the index terms the query matched,
     * values the [start, end) offsets in text of what the placeholders of an
     * exact match captured, covered the share of text's words the result's
     * terms stand for. options.category keeps one category only.
     */
    async query(text, limit = 10, options = {}) {
      const m = await meta();
      const { t, spans, toks, typing } = queryTokens(text);
      const found = await expand(m, toks, typing);
      if (found.size === 0) return [];
      const category = options.category || "";
      const exact = (await verify(m, found, toks, category, false, { text: t, spans })).slice(0, limit);
      const ranked = score(m, found, category, limit + exact.length, toks.length);
      const isExact = new Set(exact.map((h) => h.doc));
      const top = [...exact, ...ranked.filter((h) => !isExact.has(h.doc))].slice(0, limit);
      const scores = new Map(ranked.map((h) => [h.doc, h]));
      const docs = await Promise.all(top.map((h) => docOf(m, h.doc)));
      const terms = termsOf(m, found, top.map((h) => h.doc));
      // The share of the query's words a result's matched terms stand for
      // (a word the index does not have counts as not covered).
      const covered = terms.map((ts) => {
        let lo = 0, hi = 0;
        for (const term of ts) {
          const f = found.get(term);
          if (f) {
            lo |= f[2];
            hi |= f[3];
          }
        }
        let n = 0;
        for (let i = 0; i < toks.length && i < 62; i++) if (i < 31 ? lo & (1 << i) : hi & (1 << (i - 31))) n++;
        return toks.length ? n / Math.min(toks.length, 62) : 0;
      });
      return top.map((h, i) => {
        const d = docs[i];
        const exactHit = h.match === "exact";
        const ranked = scores.get(h.doc);
        const values = exactHit ? h.values.filter(([a, b]) => b > a).map(([a, b]) => [spans[a].start, spans[b - 1].end]) : [];
        return {
          id: d.id,
          title: d.title,
          score: Math.round((ranked?.score ?? 0) * 1e4) / 1e4,
          match: exactHit ? "exact" : "partial",
          weak: !exactHit && !ranked?.strong,
          message: d.messages[h.k >= 0 ? h.k : 0],
          severity: d.severity,
          category: d.category,
          status: d.status,
          fix: d.fix || "",
          summary: d.summary || "",
          terms: terms[i],
          covered: Math.round(covered[i] * 1000) / 1000,
          values,
        };
      });
    },

    /**
     * triage reads a pasted log of any number of lines and returns every
     * error it names, in the order to fix them:
     * { errors: [{ id, title, count, lines, match, severity, fix, summary,
     * numbers }], unmatched: [line, ...] }. Each non-empty line counts for
     * at most one error: the one whose message it holds whole (the most
     * specific), or, failing that, holds all but a few words of; lines of
     * stack traces, success, totals and headers count for none; any other
     * line is unmatched. lines and unmatched are 1-based line numbers.
     * errors: those that stop every sync first (fix "first"), consequences
     * last (fix "last"), then by count, then by first line.
     */
    async triage(text) {
      const m = await meta();
      const given = String(text ?? "").split(/\r\n|\n|\r/);
      const all = given.slice(0, LIMITS.logLines);
      let truncated = given.length > LIMITS.logLines ? LIMITS.logLines : 0;
      const ex = new Map(); // expansions, for every line
      // The lines to match, tokenized; the others (blank, rules, stack
      // frames) count for nothing.
      const lines = [];
      let words = 0;
      for (const [i, raw] of all.entries()) {
        const line = raw.slice(0, LIMITS.lineChars).trim();
        if (!line || NO_WORDS.test(line) || STACK.test(line) || countsForNothing(line)) continue;
        let spans = tokenSpans(line);
        if (spans.length > LIMITS.lineTokens) spans = spans.slice(-LIMITS.lineTokens);
        if ((words += spans.length) > LIMITS.logTokens) {
          truncated = i; // the lines read
          break;
        }
        lines.push({ n: i + 1, line, spans, toks: spans.map((s) => s.t) });
      }
      // First pass: words as written (machine text has no typos).
      await Promise.all(lines.map((l) => prepare(m, l.toks, false, ex, "exact")));
      // A number that no message or title has (an invoice's, an amount)
      // only fills space: lines that differ in such numbers only, with the
      // same punctuation, get one verdict, the group's first line's. (A
      // word is not: one the index lacks may be a typo of one it has.
      // entry[0] is a term's idf in messages and titles.)
      const groups = new Map();
      for (const l of lines) {
        // A run of such numbers is one for matching: a placeholder takes
        // one or more, a run of fixed text none.
        const key = l.toks.map((w) => (hasDigit(w) && ex.get(w).every(([, , e]) => e[0] === 0) ? "_" : w)).join(" ").replace(/_( _)+/g, "_") +
          "\u0000" + l.line.replace(/[\p{L}\p{N}]+/gu, "");
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { toks: l.toks, line: { text: l.line, spans: l.spans }, lines: [] }));
        g.lines.push(l);
      }
      const byDoc = new Map();
      const unmatched = [];
      // Each group's candidates, then every doc shard they need at once,
      // then every verdict without waiting.
      // whole: exact matches only, among templates whose every word the
      // line may hold (no doc shard is read for the others).
      const verdicts = async (gs, exp, whole) => {
        const work = gs.map((g) => {
          // The same expansions give the same terms: the second pass
          // reuses the first's.
          if (g.foundFrom !== exp) [g.found, g.foundFrom] = [collect(g.toks, false, exp), exp];
          const found = g.found;
          return { g, found, cands: found.size ? anchored(found, g.toks, "", m, 400, whole) : [] };
        });
        await loadDocs(m, work.flatMap((w) => w.cands));
        for (const w of work) {
          const hit = w.found.size ? verifyLoaded(m, w.found, w.g.toks, w.cands, !whole, w.g.line)[0] : undefined;
          if (hit && (!w.g.hit || beats(hit, w.g.hit))) w.g.hit = hit;
        }
      };
      await verdicts([...groups.values()], ex, true);
      // Then near matches for the lines that named nothing, with the words
      // as written; and for those that still name nothing and look like an
      // error, typos (within a word's shard) and compounds.
      // (A hit inside a customer's name or value, see odd, is looked at
      // again too.)
      await verdicts([...groups.values()].filter((g) => !g.hit || g.hit.odd > 0), ex, false);
      const again = [...groups.values()].filter((g) => (!g.hit || g.hit.odd > 0) && !noise(g.lines[0].line));
      if (again.length) {
        // Typos are looked for in a bounded number of words: the words
        // the index lacks, a few per line, the first lines first.
        const full = new Map();
        const typoWords = new Set();
        for (const g of again) {
          let inLine = 0;
          g.typoToks = g.toks.map((w) => {
            if (!ex.get(w)?.length && !hasDigit(w) && len(w) >= 4) {
              if (typoWords.has(w) || (inLine < LIMITS.typoWordsPerLine && typoWords.size < LIMITS.typoWords)) {
                typoWords.add(w);
                inLine++;
                return w;
              }
              return null;
            }
            return w;
          });
        }
        await Promise.all(again.map((g) => prepare(m, g.toks, false, full, "full", g.typoToks)));
        await verdicts(again, full, false);
      }
      for (const g of groups.values()) {
        const hit = g.hit;
        for (const l of g.lines) {
          if (!hit) {
            if (!noise(l.line)) unmatched.push(l.n);
            continue;
          }
          let e = byDoc.get(hit.doc);
          if (!e) byDoc.set(hit.doc, (e = { doc: hit.doc, lines: [], exact: true, numbers: [] }));
          e.lines.push(l.n);
          if (hit.match !== "exact") e.exact = false;
          for (const num of docNumbers(l.line)) if (!e.numbers.includes(num)) e.numbers.push(num);
        }
      }
      unmatched.sort((a, b) => a - b);
      const errors = await Promise.all([...byDoc.values()].map(async (e) => {
        const d = await docOf(m, e.doc);
        e.lines.sort((a, b) => a - b);
        return {
          id: d.id,
          title: d.title,
          count: e.lines.length,
          lines: e.lines,
          match: e.exact ? "exact" : "partial",
          severity: d.severity,
          fix: d.fix || "",
          summary: d.summary || "",
          numbers: e.numbers,
        };
      }));
      errors.sort((a, b) => byFixOrder(a, b) || a.lines[0] - b.lines[0]);
      return truncated ? { errors, unmatched, truncated } : { errors, unmatched };
    },

    /**
     * describe returns what the triage view shows of errors known by id
     * alone (a support link): [{ id, title, severity, fix, summary }], in
     * the order given; unknown ids are left out. It needs docFirst, the
     * first id of each doc shard, which the site writes sorted (docs are
     * indexed by id).
     */
    async describe(ids) {
      const m = await meta();
      const first = m.docFirst || [];
      const out = await Promise.all(ids.map(async (id) => {
        let lo = 0, hi = first.length - 1, at = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (first[mid] <= id) {
            at = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        if (at < 0) return null;
        const d = (await file(m.docShards[at])).docs.find((x) => x.id === id);
        return d ? { id: d.id, title: d.title, severity: d.severity, fix: d.fix || "", summary: d.summary || "" } : null;
      }));
      return out.filter(Boolean);
    },

    /** The index terms text matches (to highlight them on a page). */
    async terms(text) {
      const m = await meta();
      const { toks, typing } = queryTokens(text);
      return [...(await expand(m, toks, typing)).keys()];
    },
  };
}
