// The search engine of the help site: finds the error a customer means from
// a line pasted from the sync log. No DOM, no dependencies: it runs in a
// browser and in Node alike. The index format and the matching rules are
// described in the Go package internal/search, which writes the index.

export const INDEX_VERSION = 1;

// Folding: must stay identical to internal/search/tokenize.go (checked by
// testdata/search/tokenize.json, read by a Go test and a Node test).
const FOLD = [
  ["àáâãäåāăą", "a"], ["æ", "ae"], ["çćĉċč", "c"], ["ďđð", "d"],
  ["èéêëēĕėęě", "e"], ["ĝğġģ", "g"], ["ĥħ", "h"], ["ìíîïĩīĭįıİ", "i"],
  ["ĳ", "ij"], ["ĵ", "j"], ["ķ", "k"], ["ĺļľŀł", "l"], ["ñńņňŉ", "n"],
  ["òóôõöøōŏő", "o"], ["œ", "oe"], ["ŕŗř", "r"], ["śŝşšſ", "s"], ["ß", "ss"],
  ["ţťŧ", "t"], ["ùúûüũūŭůűų", "u"], ["ŵ", "w"], ["ýÿŷ", "y"], ["źżž", "z"],
  ["þ", "th"], ["ς", "σ"],
];
const foldMap = new Map();
for (const [chars, to] of FOLD) for (const c of chars) foldMap.set(c, to);
const IGNORE = /^[\u00ad\u200b-\u200d\u2060\ufeff\p{M}]$/u;
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

/**
 * Masks the values a customer's log line carries (for a support mail):
 * e-mail addresses, GUIDs, quoted names and numbers.
 */
export function maskValues(text) {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "[e-mail]")
    .replace(/\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?/gi, "[guid]")
    .replace(/(['"‘’“”])[^'"‘’“”\n]{1,80}?\1|‘[^’\n]{1,80}’|“[^”\n]{1,80}”/g, "'[naam]'")
    .replace(/\d+(?:[.,:/-]\d+)*/g, (m, off, all) =>
      // Keep an HTTP status in parentheses: it tells the error, not the customer.
      /^[1-5]\d\d$/.test(m) && all[off - 1] === "(" && all[off + m.length] === ")" ? m : "[nummer]");
}

// Matching weights; see internal/search's package documentation.
const TITLE_WEIGHT = 0.8; // a title is written cleanly, not pasted
const FIELD_WEIGHT = 0.3; // tags, aliases and body text
const RETIRED = 0.7; // a retired error ranks below a current one
const PREFIX_MIN = 2;
const MAX_TOKENS = 48;
const MAX_EXPANSIONS = 40;

function hasDigit(t) {
  return /\d/.test(t);
}

function len(t) {
  let n = 0;
  for (const _ of t) n++;
  return n;
}

// Optimal string alignment distance of a and b, or max + 1 when larger.
function distance(a, b, max) {
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

function maxEdits(n) {
  return n >= 8 ? 2 : n >= 4 ? 1 : 0;
}

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
        m.maxKey = Math.max(1, ...m.keys.map(len));
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
    const cps = [...term];
    for (let n = Math.min(m.maxKey, cps.length); n > 0; n--) {
      const k = cps.slice(0, n).join("");
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

  // expand maps the query's tokens to index terms with a similarity in
  // (0, 1]: exact, typo (edit distance), compound split and join, and, for
  // the token being typed, prefix.
  async function expand(m, text) {
    const spans = tokenSpans(text);
    const typing = spans.length > 0 && spans[spans.length - 1].end === text.length;
    const toks = spans.map((s) => s.t).slice(0, MAX_TOKENS);
    const found = new Map(); // term -> [sim, entry]
    const add = (term, sim, entry) => {
      const had = found.get(term);
      if (!had || had[0] < sim) found.set(term, [sim, entry]);
    };
    const jobs = [];
    const seen = new Set();
    toks.forEach((q, i) => {
      const last = typing && i === toks.length - 1;
      if (seen.has(q) && !last) return;
      seen.add(q);
      jobs.push((async () => {
        const n = len(q);
        const entry = await lookup(m, q);
        if (entry) add(q, 1, entry);
        const word = !hasDigit(q);
        if (last && word && n >= PREFIX_MIN) {
          let count = 0;
          for (const k of m.keys) {
            if (!(k.startsWith(q) || q.startsWith(k))) continue;
            const terms = (await file(m.termShards[k])).terms;
            for (const t in terms) {
              if (t !== q && t.startsWith(q) && count++ < MAX_EXPANSIONS) add(t, 0.5 + (0.45 * n) / len(t), terms[t]);
            }
          }
        }
        if (entry || !word || n < 4) return;
        const terms = await shard(m, q);
        const max = maxEdits(n);
        if (terms) {
          for (const t in terms) {
            if (hasDigit(t)) continue;
            const d = distance(q, t, max);
            if (d <= max) add(t, d === 1 ? 0.8 : 0.65, terms[t]);
          }
        }
        // A compound written as one word: "btwcode" for "btw code".
        for (let cut = 2; cut <= q.length - 2; cut++) {
          const a = q.slice(0, cut), b = q.slice(cut);
          const [ea, eb] = await Promise.all([lookup(m, a), lookup(m, b)]);
          if (ea && eb) {
            add(a, 0.9, ea);
            add(b, 0.9, eb);
          }
        }
      })());
    });
    // Words written apart that the index has as one: "grootboek rekeningtype".
    for (let i = 0; i + 1 < toks.length; i++) {
      const a = toks[i], b = toks[i + 1];
      if (hasDigit(a) || hasDigit(b)) continue;
      jobs.push(lookup(m, a + b).then((e) => { if (e) add(a + b, 0.95, e); }));
    }
    await Promise.all(jobs);
    return found;
  }

  // Accumulators reused across queries: an open-addressing table keyed by
  // doc * 64 + template + 1 (a Map per posting costs more than the rest of a
  // query at 10,000 errors), and a per-doc field score with the docs touched.
  let slots = 0, shift = 32, keys = null, cov = null, mass = null, used = null;
  let fieldScore = new Float64Array(0), fieldDocs = new Int32Array(0);
  let resultMark = new Int32Array(0);
  const EMPTY = -1;
  const table = (postings) => {
    let want = 64, bits = 6;
    while (want < postings * 2) {
      want *= 2;
      bits++;
    }
    if (want > slots) {
      slots = want;
      shift = 32 - bits;
      keys = new Int32Array(slots);
      cov = new Float64Array(slots);
      mass = new Float64Array(slots);
      used = new Int32Array(slots / 2);
      keys.fill(EMPTY);
    }
  };

  // score returns the docs the expanded terms match, best first, keeping
  // those within a tenth of the best and at most limit of them.
  function score(m, found, category, limit) {
    const cat = category ? m.categories.indexOf(category) : -1;
    if (category && cat < 0) return [];
    let postings = 0;
    for (const [, [, , mp]] of found.values()) postings += mp.length / 3;
    table(postings);
    if (fieldScore.length < m.docs) {
      fieldScore = new Float64Array(m.docs);
      fieldDocs = new Int32Array(m.docs);
    }
    let nField = 0, nUsed = 0;
    const mask = slots - 1;
    for (const [sim, [im, ifd, mp, fp]] of found.values()) {
      const idf = im / 1000;
      for (let i = 0, doc = 0; i < mp.length; i += 3) {
        doc += mp[i];
        const key = doc * 64 + mp[i + 1] + 1;
        // Fibonacci hashing: the product's high bits (the low ones repeat
        // the template number).
        let h = Math.imul(key, 0x9e3779b1) >>> shift;
        while (keys[h] !== EMPTY && keys[h] !== key) h = (h + 1) & mask;
        if (keys[h] === EMPTY) {
          keys[h] = key;
          used[nUsed++] = h;
          cov[h] = 0;
          mass[h] = 0;
        }
        cov[h] += (sim * mp[i + 2]) / 1000;
        mass[h] += sim * idf;
      }
      const fidf = (sim * ifd) / 2000;
      for (let i = 0, doc = 0; i < fp.length; i += 2) {
        doc += fp[i];
        if (fieldScore[doc] === 0) fieldDocs[nField++] = doc;
        fieldScore[doc] += fidf * fp[i + 1];
      }
    }
    const docs = new Map(); // doc -> [score, template]
    for (let u = 0; u < nUsed; u++) {
      const h = used[u], key = keys[h];
      keys[h] = EMPTY; // leave the table empty for the next query
      const doc = Math.floor(key / 64), k = (key % 64) - 1;
      const s = cov[h] * cov[h] * mass[h] * (k < 0 ? TITLE_WEIGHT : 1);
      const d = docs.get(doc);
      if (!d) docs.set(doc, [s, k]);
      else if (d[0] < s || (d[0] === s && k < d[1])) {
        d[0] = s;
        d[1] = k;
      }
    }
    for (let i = 0; i < nField; i++) {
      const doc = fieldDocs[i], f = fieldScore[doc];
      fieldScore[doc] = 0;
      const d = docs.get(doc);
      if (d) d[0] += FIELD_WEIGHT * f;
      else docs.set(doc, [FIELD_WEIGHT * f, -1]);
    }
    const out = [];
    let best = 0;
    for (const [doc, [s, k]] of docs) {
      const info = m.docInfo[doc];
      if (cat >= 0 && info >> 1 !== cat) continue;
      const sc = info & 1 ? s * RETIRED : s;
      if (sc > best) best = sc;
      out.push({ doc, k, score: sc });
    }
    const kept = out.filter((h) => h.score >= best * 0.1);
    kept.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return kept.slice(0, limit);
  }

  async function docsOf(m, hits) {
    return Promise.all(hits.map(async (h) => {
      const shardDocs = (await file(m.docShards[Math.floor(h.doc / m.docShardSize)])).docs;
      return shardDocs[h.doc % m.docShardSize];
    }));
  }

  return {
    /**
     * query returns the best matches for text, best first:
     * [{ id, title, score, message, severity, category, status, terms }],
     * where message is the best-matching message and terms the index terms
     * the query matched. options.category keeps one category only.
     */
    async query(text, limit = 10, options = {}) {
      const m = await meta();
      const found = await expand(m, String(text ?? ""));
      if (found.size === 0) return [];
      const top = score(m, found, options.category || "", limit);
      const docs = await docsOf(m, top);
      // The terms each result matched, for highlighting; mark holds each
      // result's index + 1 by doc, and is all zeros between queries.
      const terms = top.map(() => []);
      if (resultMark.length < m.docs) resultMark = new Int32Array(m.docs);
      const mark = resultMark;
      top.forEach((h, i) => { mark[h.doc] = i + 1; });
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
      for (const h of top) mark[h.doc] = 0;
      return top.map((h, i) => {
        const d = docs[i];
        return {
          id: d.id,
          title: d.title,
          score: Math.round(h.score * 1e4) / 1e4,
          message: d.messages[h.k >= 0 ? h.k : 0],
          severity: d.severity,
          category: d.category,
          status: d.status,
          terms: [...new Set(terms[i])],
        };
      });
    },

    /** The index terms text matches (to highlight them on a page). */
    async terms(text) {
      const m = await meta();
      return [...(await expand(m, String(text ?? ""))).keys()];
    },
  };
}
