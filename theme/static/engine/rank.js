// Ranking by words: the partial tier of docs/SEARCH.md. A scorer holds the
// accumulators that score reuses across queries.

import {
  FIELD_TERM_SHARE, FIELD_WEIGHT, LONG_POWER, MESSAGE_WORDS, PASTED_WORDS, RETIRED, SCORE_CUT, SHORT_POWER, SHORT_QUERY,
  STRONG_COVERAGE, TELLING_SIM, TITLE_WEIGHT, templateKey,
} from "./weights.js";
import { tokenSpans } from "./tokens.js";
import { explained } from "./expand.js";

// FREE marks an empty slot of the scorer's table.
const FREE = -1;

/**
 * createScorer returns the accumulators score reuses across queries: an
 * open-addressing table keyed by templateKey (a Map per
 * posting costs more than the rest of a query at 10,000 errors), a per-doc
 * field score with the docs touched, and per doc its best template. A
 * slot's numbers sit together (ints: key, lo, hi; floats: cov, mass,
 * tell), so a posting touches two cache lines, not six.
 */
export function createScorer() {
  return {
    slots: 0, ints: null, floats: null, used: null,
    fieldScore: new Float64Array(0), fieldTell: new Float64Array(0), fieldDocs: new Int32Array(0),
    fieldLo: new Int32Array(0), fieldHi: new Int32Array(0),
    resultMark: new Int32Array(0),
    docMark: new Int32Array(0), docStamp: 0, docScore: new Float64Array(0), docBase: new Float64Array(0),
    docK: new Int32Array(0), docLo: new Int32Array(0), docHi: new Int32Array(0),
    docStrong: new Uint8Array(0), docList: new Int32Array(0),
  };
}

// grow makes the scorer's table hold postings postings and its per-doc
// arrays docs docs.
function grow(sc, postings, docs) {
  let want = 64;
  while (want < postings * 2) want *= 2;
  if (want > sc.slots) {
    sc.slots = want;
    sc.ints = new Int32Array(want * 4);
    sc.floats = new Float64Array(want * 4);
    sc.used = new Int32Array(want / 2);
    for (let h = 0; h < want; h++) sc.ints[h * 4] = FREE;
  }
  if (sc.fieldScore.length < docs) {
    sc.fieldScore = new Float64Array(docs);
    sc.fieldTell = new Float64Array(docs);
    sc.fieldDocs = new Int32Array(docs);
    sc.fieldLo = new Int32Array(docs);
    sc.fieldHi = new Int32Array(docs);
  }
  if (sc.docMark.length < docs) {
    sc.docMark = new Int32Array(docs);
    sc.docScore = new Float64Array(docs);
    sc.docBase = new Float64Array(docs);
    sc.docK = new Int32Array(docs);
    sc.docLo = new Int32Array(docs);
    sc.docHi = new Int32Array(docs);
    sc.docStrong = new Uint8Array(docs);
    sc.docList = new Int32Array(docs);
  }
}

/**
 * score ranks the docs the expanded terms match by their words, best
 * first, keeping those within SCORE_CUT of the best and at most limit. Per
 * template: coverage (the share of its fixed text's weight the query
 * holds) squared, times the matched weight; per doc, its best template
 * plus its tags and body, times the share of the query's weight it
 * explains (to the power 2 for a query of up to four words, where each
 * word counts; 0.5 for a pasted line, whose prefix and values no error
 * explains). strong says whether the match rests on a telling word.
 * It returns [{ doc, k, score, strong }]; k is the template, -1 the title
 * or the fields.
 */
export function score(sc, m, found, category, limit, nTokens) {
  const cat = category ? m.categories.indexOf(category) : -1;
  if (category && cat < 0) return [];
  let postings = 0;
  for (const [, [, , mp]] of found.values()) postings += mp.length / 3;
  grow(sc, postings, m.docs);
  const { nUsed, nField } = addPostings(sc, found);
  const short = nTokens <= SHORT_QUERY;
  const share = shareOf(found, short ? SHORT_POWER : LONG_POWER);
  const stamp = ++sc.docStamp;
  let nDocs = bestTemplates(sc, m, nUsed, stamp, share, short);
  nDocs = addFields(sc, m, nField, nDocs, stamp, share, short);
  return topDocs(sc, m, nDocs, cat, limit);
}

// addPostings adds each found term's postings up: per template in the
// table (coverage, mass, masks, the most telling term), per doc in the
// field accumulators. It returns the slots and the field docs it used.
function addPostings(sc, found) {
  const { ints, floats, used, fieldScore, fieldTell, fieldDocs, fieldLo, fieldHi } = sc;
  let nField = 0, nUsed = 0;
  const mask = sc.slots - 1;
  for (const [sim, [im, ifd, mp, fp], tlo, thi] of found.values()) {
    const idf = im / 1000;
    const telling = sim >= TELLING_SIM ? im : 0;
    for (let i = 0, doc = 0; i < mp.length; i += 3) {
      doc += mp[i];
      const key = templateKey(doc, mp[i + 1]);
      // A term's postings come in doc order: slots in doc order too
      // (eight per doc, wrapping), so the table is walked, not jumped.
      let h = (doc * 8 + mp[i + 1] + 1) & mask;
      while (ints[h * 4] !== FREE && ints[h * 4] !== key) h = (h + 1) & mask;
      const a = h * 4;
      if (ints[a] === FREE) {
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
    const fidf = (sim * ifd) / (1000 / FIELD_TERM_SHARE);
    const ftell = sim >= TELLING_SIM ? ifd : 0;
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
  return { nUsed, nField };
}

// shareOf returns share(lo, hi): the share of the query's weight the tokens
// in the masks explain, to the power. It is the same for every template
// whose tokens are the same: kept per mask pair for one call of score.
function shareOf(found, power) {
  const shares = new Map();
  let lastLo = -1, lastHi = -1, last = 0;
  return (lo, hi) => {
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
}

// bestTemplates keeps per doc its best template (score, template, strong,
// masks, base), emptying the table for the next query. It returns the
// number of docs in docList.
function bestTemplates(sc, m, nUsed, stamp, share, short) {
  const { ints, floats, used, docMark, docList, docScore, docK, docStrong, docLo, docHi, docBase } = sc;
  let nDocs = 0;
  for (let u = 0; u < nUsed; u++) {
    const a = used[u] * 4, key = ints[a];
    ints[a] = FREE; // leave the table empty for the next query
    const doc = Math.floor(key / 64), k = (key % 64) - 1;
    const cov = floats[a], lo = ints[a + 1], hi = ints[a + 2];
    const base = cov * cov * floats[a + 1] * (k < 0 ? TITLE_WEIGHT : 1);
    const s = base * share(lo, hi);
    const strong = floats[a + 2] >= m.telling && (short || cov >= STRONG_COVERAGE);
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
  return nDocs;
}

// addFields adds each doc's tags and body to its score (a doc found by its
// fields only joins docList), emptying the field accumulators. It returns
// the number of docs in docList.
function addFields(sc, m, nField, nDocs, stamp, share, short) {
  const { fieldDocs, fieldScore, fieldTell, fieldLo, fieldHi, docMark, docList, docScore, docK, docStrong, docLo, docHi, docBase } = sc;
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
  return nDocs;
}

// topDocs returns the best limit docs of docList (of category cat, if not
// -1), retired ones weighed down, those below SCORE_CUT of the best left
// out.
function topDocs(sc, m, nDocs, cat, limit) {
  const { docList, docScore, docK, docStrong } = sc;
  let best = 0;
  for (let i = 0; i < nDocs; i++) {
    const doc = docList[i];
    if (cat >= 0 && m.docInfo[doc] >> 1 !== cat) continue;
    if (m.retiredDoc[doc]) docScore[doc] *= RETIRED;
    if (docScore[doc] > best) best = docScore[doc];
  }
  // The best limit, by insertion into a short sorted list: a long line
  // touches thousands of docs and only the first few are shown.
  const top = [];
  const before = (d, e) => docScore[d] > docScore[e] || (docScore[d] === docScore[e] && d < e);
  for (let i = 0; i < nDocs; i++) {
    const doc = docList[i];
    if (cat >= 0 && m.docInfo[doc] >> 1 !== cat) continue;
    if (docScore[doc] < best * SCORE_CUT) continue;
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

/** termsOf returns, per result doc, the index terms of found it matched (for highlighting). */
export function termsOf(sc, m, found, docs) {
  const terms = docs.map(() => []);
  if (sc.resultMark.length < m.docs) sc.resultMark = new Int32Array(m.docs);
  const mark = sc.resultMark;
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
  return results.every((r) => r.weak) || words >= PASTED_WORDS || (words >= MESSAGE_WORDS && results[0].covered < 1);
}
