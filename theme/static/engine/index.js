// The index as the engine reads it: meta.json, the term shards and the doc
// shards (internal/search writes them), each file read once, and refused
// when its version is not the one this engine reads.

import { len } from "./tokens.js";

export const INDEX_VERSION = 4;

// checked returns a check of a file's version: what names the file.
const checked = (what) => (v) => {
  if (!v || typeof v !== "object" || v.version !== INDEX_VERSION) {
    const got = v && typeof v === "object" ? v.version : undefined;
    throw new Error(`search index ${what}: version ${got} is not supported (this engine reads version ${INDEX_VERSION}); rebuild the site and reload`);
  }
  return v;
};

/**
 * createIndex returns the index that loadJSON reads: loadJSON(path) returns
 * a Promise of the parsed JSON at path, relative to the site root
 * ("search/meta.json"). A file that fails to load is read again next time.
 * docs holds the doc shards already read, by number, for the synchronous
 * parts of matching (see verify.js loadDocs); compiled, per doc of them,
 * its messages compiled for matching (verify.js compiled).
 */
export function createIndex(loadJSON) {
  const index = { metaPromise: null, files: new Map(), docs: new Map(), compiled: new WeakMap() };
  index.meta = () => {
    if (!index.metaPromise) {
      index.metaPromise = loadJSON("search/meta.json").then(checked("search/meta.json")).then(prepareMeta);
      index.metaPromise.catch(() => { index.metaPromise = null; });
    }
    return index.metaPromise;
  };
  // The doc info file (categories per doc, each doc shard's first id):
  // read only for a category filter or a support link, and then set on
  // the meta as m.docInfo (category index × 2, +1 if retired, per doc)
  // and m.docFirst.
  index.docInfo = async (m) => {
    if (!m.docInfo) {
      const info = await index.file(m.docInfoFile);
      m.docFirst = info.docFirst;
      m.docInfo = info.docCategory.map((c, doc) => c * 2 + m.retiredDoc[doc]);
    }
    return m;
  };
  index.file = (path) => {
    let p = index.files.get(path);
    if (!p) {
      p = loadJSON("search/" + path).then(checked("search/" + path));
      index.files.set(path, p);
      p.catch(() => index.files.delete(path));
    }
    return p;
  };
  return index;
}

// prepareMeta adds to meta.json what the engine derives from it once: the
// names of its files, its shard keys, the longest key, its words as a set and by shard key (in
// the shards' order), 1 per retired doc, and how few errors a word must be
// in to tell them apart.
function prepareMeta(m) {
  // Files are named by their number and the index's stamp (see package
  // internal/search).
  const name = (dir, n) => `${dir}/${n}-${m.stamp}.json`;
  m.docInfoFile = name("i", 0);
  m.termShards = {};
  m.termKeys.forEach((k, n) => { m.termShards[k] = name("t", n); });
  m.docShards = Array.from({ length: Math.ceil(m.docs / m.docShardSize) }, (_, n) => name("d", n));
  m.keys = m.termKeys;
  m.maxKey = Math.max(1, ...m.keys.map(len));
  m.wordSet = new Set(m.words);
  m.wordsIn = new Map();
  for (const w of m.words) {
    const k = shardKey(m, w);
    if (!m.wordsIn.has(k)) m.wordsIn.set(k, []);
    m.wordsIn.get(k).push(w);
  }
  m.retiredDoc = new Uint8Array(m.docs);
  for (const doc of m.retired) m.retiredDoc[doc] = 1;
  // m.telling is the index's: the idf from which a word tells errors
  // apart (it is in at most 2% of them, at least 2), as Go computed it.
  return m;
}

const ASCII = /^[\x00-\x7f]*$/;

/** shardKey returns the key of the term shard that holds term: the longest key that starts it, or null. */
export function shardKey(m, term) {
  // Keys are counted in code points; an ASCII term needs no splitting.
  const ascii = ASCII.test(term);
  const cps = ascii ? null : [...term];
  const length = ascii ? term.length : cps.length;
  for (let n = Math.min(m.maxKey, length); n > 0; n--) {
    const k = ascii ? term.slice(0, n) : cps.slice(0, n).join("");
    if (Object.hasOwn(m.termShards, k)) return k;
  }
  return null;
}

/**
 * wordsOf returns the words (terms that do not begin with a digit) of the
 * shard with key k, in the shard's order: read from meta.json, no shard.
 */
export function wordsOf(m, k) {
  return m.wordsIn.get(k) ?? [];
}

const DIGIT_LED = /^\d/;

/**
 * lookup returns the index entry of term, or null. A word the meta's
 * words lack is no term: its shard is not read.
 */
export async function lookup(index, m, term) {
  if (!DIGIT_LED.test(term) && !m.wordSet.has(term)) return null;
  const k = shardKey(m, term);
  const s = k === null ? null : (await index.file(m.termShards[k])).terms;
  return s && Object.hasOwn(s, term) ? s[term] : null;
}

/** docOf returns doc number doc from its doc shard. */
/**
 * messageOf returns the index in d.messages of the message template k of d
 * stands for: k itself, the message a derived template comes from
 * (d.derived), or the first message for the title (-1).
 */
export function messageOf(d, k) {
  if (k < 0) return 0;
  if (k < d.messages.length) return k;
  return d.derived?.[k - d.messages.length]?.of ?? 0;
}

export async function docOf(index, m, doc) {
  const shardDocs = (await index.file(m.docShards[Math.floor(doc / m.docShardSize)])).docs;
  return shardDocs[doc % m.docShardSize];
}

/**
 * describe returns what the triage view shows of errors known by id
 * alone (a support link): [{ id, title, severity, fix, summary }], in
 * the order given; unknown ids are left out. It needs docFirst, the
 * first id of each doc shard, which the site writes sorted (docs are
 * indexed by id).
 */
export async function describe(index, ids) {
  const m = await index.docInfo(await index.meta());
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
    const d = (await index.file(m.docShards[at])).docs.find((x) => x.id === id);
    return d ? { id: d.id, title: d.title, severity: d.severity, fix: d.fix || "", summary: d.summary || "", steps: d.steps || [], solved: d.solved === true } : null;
  }));
  return out.filter(Boolean);
}

// PATTERNS are this module's regular expressions, for the test that no
// input makes one backtrack without bound (test/js/patterns.test.mjs).
export const PATTERNS = [["ASCII", ASCII], ["DIGIT_LED", DIGIT_LED]];
