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
