// DOM helpers shared by the search box (search-ui.js) and the error page's
// highlighting (highlight.js). Text is only ever set with textContent.

/** root is the site root: assets/ is in it. */
export const root = new URL("../", import.meta.url);

/** loadIndexJSON reads a file of the search index, for createSearch. */
export async function loadIndexJSON(path) {
  const res = await fetch(new URL(path, root));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** el makes an element with a class and a text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Worth marking: not the little words every sentence has.
function markable(term) {
  return term.length >= 3 || /\d/.test(term);
}

/**
 * appendMarked appends text to parent, each word whose folded form is in
 * terms wrapped in <mark>; tokenSpans is search.js's.
 */
export function appendMarked(parent, text, terms, tokenSpans) {
  let at = 0;
  for (const s of tokenSpans(text)) {
    if (!terms.has(s.t) || !markable(s.t)) continue;
    if (s.start > at) parent.append(text.slice(at, s.start));
    parent.append(el("mark", "", text.slice(s.start, s.end)));
    at = s.end;
  }
  if (at < text.length) parent.append(text.slice(at));
}

// The last one-line search, kept in this tab's sessionStorage (never in a
// URL, where it would stay in the history, the server's logs and every
// link shared): the error page marks its words, and "Terug naar de
// zoekresultaten" searches it again.
const SEARCH_KEY = "help:search";
const BACK_KEY = "help:back";

/** rememberSearch keeps the search { q, c } that opened the error id. */
export function rememberSearch(q, c, id) {
  try {
    sessionStorage.setItem(SEARCH_KEY, JSON.stringify({ q: String(q).slice(0, 2000), c: c || "", id }));
  } catch {
    // Storage off: the page opens without marked words.
  }
}

/** lastSearch returns the search rememberSearch kept, or null. */
export function lastSearch() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SEARCH_KEY) || "null");
    return s && typeof s.q === "string" && !/[\r\n]/.test(s.q) ? s : null;
  } catch {
    return null;
  }
}

/** goBack asks the home page to search the last search again. */
export function goBack() {
  try {
    sessionStorage.setItem(BACK_KEY, "1");
  } catch {
    // Storage off: the home page opens empty.
  }
}

/** wentBack reports (once) whether goBack asked for the last search. */
export function wentBack() {
  try {
    const asked = sessionStorage.getItem(BACK_KEY) === "1";
    sessionStorage.removeItem(BACK_KEY);
    return asked;
  } catch {
    return false;
  }
}
