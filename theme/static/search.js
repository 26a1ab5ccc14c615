// The search engine of the help site: finds the error a customer means from
// a line pasted from the sync log, or every error a whole pasted log names
// (triage). No DOM, no dependencies: it runs in a browser and in Node alike.
// The index format and the matching rules are described in the Go package
// internal/search, which writes the index, and in docs/SEARCH.md.
//
// This module is the entry (/assets/search.js); the engine is in modules
// under ./engine/, each passing explicit values:
//
//	weights.js  every weight, threshold and limit
//	tokens.js   the tokenizer (as search.Tokenize in Go) and token helpers
//	customer.js what a line holds that is the customer's: documents, names, the mask
//	shapes.js   values of a shape (hosts, GUIDs, dates …) in derived templates
//	align.js    aligning a template with a line: exact and near
//	lines.js    the classes of a log's lines (frames, totals, success, …)
//	hits.js     which of a line's hits names it
//	index.js    reading the index: meta, shards, docs, version check
//	expand.js   a query's words to index terms
//	rank.js     ranking by words, with a scorer's reusable accumulators
//	verify.js   candidates aligned with the line
//	query.js    one line to its best errors
//	triage.js   a whole log to its errors, counted and ordered

import { createIndex, describe } from "./engine/index.js";
import { createScorer } from "./engine/rank.js";
import { query, terms } from "./engine/query.js";
import { mask, triage } from "./engine/triage.js";

export { INDEX_VERSION } from "./engine/index.js";
export { LIMITS } from "./engine/weights.js";
export { termHash, tokenSpans, tokenize } from "./engine/tokens.js";
export { documents, maskLine, maskSpans, maskValues, nameOf } from "./engine/customer.js";
export { align, near } from "./engine/align.js";
export { nothingFits } from "./engine/rank.js";
export { byFixOrder } from "./engine/triage.js";

/**
 * createSearch returns a search over the index that loadJSON reads;
 * loadJSON(path) returns a Promise of the parsed JSON at path, relative to
 * the site root ("search/meta.json"). options.now is the clock of triage's
 * time budget, in milliseconds (performance.now by default; tests pass
 * their own).
 */
export function createSearch(loadJSON, options = {}) {
  const now = options.now ?? (() => performance.now());
  const engine = { index: createIndex(loadJSON), scorer: createScorer(), now };
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
    query: (text, limit = 10, options = {}) => query(engine, text, limit, options),

    /**
     * triage reads a pasted log of any number of lines and returns every
     * error it names, in the order to fix them:
     * { errors: [{ id, title, count, lines, match, severity, fix, summary,
     * steps, solved, numbers, items: [{ ref, name, lines }] }], unknown:
     * [{ text, count, lines, sure }], unmatched: [line, ...] }. items are
     * the documents (and customers' names) the error's lines name, sorted;
     * unknown groups the unmatched lines by their masked text (maskLine),
     * largest first, sure when no word that could be a customer's is left
     * in it. Each non-empty line counts for
     * at most one error: the one whose message it holds whole (the most
     * specific), or, failing that, holds all but a few words of; lines of
     * stack traces, success, totals and headers count for none; any other
     * line is unmatched. lines and unmatched are 1-based line numbers.
     * errors: those that stop every sync first (fix "first"), consequences
     * last (fix "last"), then by count, then by first line. truncated, when
     * the log is longer than what is read: the lines read. timedOut: true
     * when the time budget ran out (weights.js TRIAGE_MS) and the lines not
     * yet judged are among the unmatched.
     */
    triage: (text) => triage(engine, text),

    /**
     * describe returns what the triage view shows of errors known by id
     * alone (a support link): [{ id, title, severity, fix, summary, steps,
     * solved }], in
     * the order given; unknown ids are left out.
     */
    describe: (ids) => describe(engine.index, ids),

    /**
     * mask returns maskLine's { text, sure } for a line a customer pasted,
     * for a support mail: with the index's words known, so a host of an
     * organisation the index names (Exact Online's) is kept and sure can
     * be true.
     */
    mask: (text) => mask(engine, text),

    /** The index terms text matches (to highlight them on a page). */
    terms: (text) => terms(engine, text),
  };
}
