// On an error page opened from a search result, marks the searched words
// in the error's messages and text, and links back to the results. The
// search is the one the home page kept in this tab's sessionStorage for
// this error (never a ?q= in the URL: an old link's is dropped). The
// engine is loaded only then: an error page opened from a link, a ticket
// or a search engine loads none of it.
import { appendMarked, el, goBack, lastSearch, loadIndexJSON, root } from "./mark.js";

// An old link's ?q= leaves the address: it is no way to the marks.
const url = new URL(location.href);
if (url.searchParams.has("q")) {
  url.searchParams.delete("q");
  history.replaceState(history.state, "", url);
}

async function highlight(article) {
  const s = lastSearch();
  if (!s || !s.q || s.id !== article.dataset.errorId) return;
  let terms, tokenSpans;
  try {
    const mod = await import("./search.js");
    tokenSpans = mod.tokenSpans;
    const search = mod.createSearch(loadIndexJSON);
    terms = new Set(await search.terms(s.q));
  } catch {
    return;
  }
  for (const t of article.querySelectorAll(".messages code, .prose, h1")) {
    const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      if (node.parentElement?.closest("mark, pre, button")) continue;
      const frag = document.createDocumentFragment();
      appendMarked(frag, node.nodeValue, terms, tokenSpans);
      if (frag.querySelector("mark")) node.replaceWith(frag);
    }
  }
  if (article.querySelector("mark")) {
    const back = el("p", "search-back");
    const a = el("a", "", "Terug naar de zoekresultaten");
    a.href = root.pathname;
    a.addEventListener("click", goBack);
    back.append(a);
    article.querySelector(".error-header")?.after(back);
  }
}

const article = document.querySelector("article[data-error-id]");
if (article) highlight(article);
