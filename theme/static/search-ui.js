// The search box on the home page, and the highlighting of the searched
// words on an error page opened from a result. The pages work without it:
// the home page lists every error. Text from the index is only ever set
// with textContent.
import { createSearch, maskValues, tokenSpans } from "./search.js";

const root = new URL("../", import.meta.url); // the site root: assets/ is in it
const search = createSearch(async (path) => {
  const res = await fetch(new URL(path, root));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
});

const DEBOUNCE_MS = 120;
const LIMIT = 10;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Worth marking: not the little words every sentence has.
function markable(term) {
  return term.length >= 3 || /\d/.test(term);
}

// appendMarked appends text to parent, each word whose folded form is in
// terms wrapped in <mark>.
function appendMarked(parent, text, terms) {
  let at = 0;
  for (const s of tokenSpans(text)) {
    if (!terms.has(s.t) || !markable(s.t)) continue;
    if (s.start > at) parent.append(text.slice(at, s.start));
    parent.append(el("mark", "", text.slice(s.start, s.end)));
    at = s.end;
  }
  if (at < text.length) parent.append(text.slice(at));
}

function homePage(form) {
  const input = form.querySelector("#q");
  const select = form.querySelector("select[name=c]");
  const box = document.querySelector("[data-results]");
  if (!input || !box) return;
  const categories = new Map([...(select?.options ?? [])].map((o) => [o.value, o.textContent.trim()]));
  const support = form.dataset.supportEmail || "";
  const status = el("p", "results-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const list = el("ol", "results-list");
  list.id = "search-results";
  list.setAttribute("aria-label", "Zoekresultaten");
  box.replaceChildren(status, list);
  input.setAttribute("aria-controls", list.id);

  let selected = -1;
  let seq = 0;
  let timer = 0;

  const links = () => [...list.querySelectorAll("a[data-error-id]")];
  const select_ = (i) => {
    const all = links();
    if (!all.length) return;
    selected = (i + all.length) % all.length;
    all.forEach((a, j) => {
      a.classList.toggle("is-selected", j === selected);
      if (j === selected) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    all[selected].scrollIntoView({ block: "nearest" });
  };

  const syncURL = (q, c) => {
    const url = new URL(location.href);
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    if (c) url.searchParams.set("c", c);
    else url.searchParams.delete("c");
    history.replaceState(null, "", url);
  };

  const notFound = (q) => {
    const li = el("li", "results-empty");
    li.append(el("p", "results-empty-title", "Niets gevonden"));
    const p = el("p", "", "Geen melding past bij uw zoekopdracht. Controleer de tekst, kies een andere categorie, of mail ons de melding: ");
    if (support) {
      const a = el("a", "", "mail support");
      const body = `Ik zoek hulp bij deze melding uit het synchronisatielog:\n\n${maskValues(q)}\n`;
      a.href = `mailto:${support}?subject=${encodeURIComponent("Melding uit het synchronisatielog")}&body=${encodeURIComponent(body)}`;
      p.append(a, ". Bedragen, nummers en namen zijn in de mail al vervangen.");
    }
    li.append(p);
    return li;
  };

  const render = (q, results) => {
    selected = -1;
    if (!results.length) {
      list.replaceChildren(notFound(q));
      status.textContent = "Niets gevonden.";
      return;
    }
    const items = results.map((r) => {
      const terms = new Set(r.terms);
      const li = el("li", "result" + (r.status === "retired" ? " is-retired" : ""));
      const a = el("a", "result-link");
      a.href = `${new URL(`errors/${r.id}/`, root).pathname}?q=${encodeURIComponent(q)}`;
      a.dataset.errorId = r.id;
      const title = el("span", "result-title");
      appendMarked(title, r.title, terms);
      const msg = el("code", "result-message");
      appendMarked(msg, r.message, terms);
      const meta = el("span", "result-meta");
      const sev = el("span", `badge badge-${r.severity === "warning" ? "warning" : "error"}`, r.severity === "warning" ? "Waarschuwing" : "Fout");
      meta.append(sev, " ", el("span", "result-category", categories.get(r.category) || r.category));
      if (r.status === "retired") meta.append(" ", el("span", "badge badge-retired", "Komt niet meer voor"));
      a.append(title, msg, meta);
      li.append(a);
      return li;
    });
    list.replaceChildren(...items);
    status.textContent = results.length === 1 ? "1 melding gevonden." : `${results.length} meldingen gevonden.`;
  };

  const run = async () => {
    const q = input.value;
    const c = select?.value || "";
    syncURL(q.trim(), c);
    const mine = ++seq;
    if (!q.trim()) {
      box.hidden = true;
      box.classList.remove("is-active");
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    box.hidden = false;
    box.classList.add("is-active");
    try {
      const results = await search.query(q, LIMIT, { category: c });
      if (mine === seq) render(q, results);
    } catch (err) {
      if (mine !== seq) return;
      list.replaceChildren(el("li", "results-empty", "Zoeken lukt nu niet. Gebruik de lijst met alle meldingen hieronder."));
      status.textContent = "Zoeken lukt nu niet.";
      console.error(err);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };

  input.addEventListener("input", later);
  select?.addEventListener("change", run);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const all = links();
    if (all.length) location.href = all[Math.max(selected, 0)].href;
    else run();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const down = e.key === "ArrowDown";
      select_(selected < 0 ? (down ? 0 : -1) : selected + (down ? 1 : -1));
    } else if (e.key === "Escape") {
      input.value = "";
      run();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  const params = new URLSearchParams(location.search);
  if (params.has("c") && select) select.value = params.get("c");
  if (params.get("q")) {
    input.value = params.get("q");
    run();
  }
}

// errorPage marks the words of ?q= in the error's messages and body.
async function errorPage(article) {
  const q = new URLSearchParams(location.search).get("q");
  if (!q) return;
  let terms;
  try {
    terms = new Set(await search.terms(q));
  } catch {
    return;
  }
  const targets = article.querySelectorAll(".messages code, .prose, h1");
  for (const t of targets) {
    const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      if (node.parentElement?.closest("mark, pre, button")) continue;
      const frag = document.createDocumentFragment();
      appendMarked(frag, node.nodeValue, terms);
      if (frag.querySelector("mark")) node.replaceWith(frag);
    }
  }
  const first = article.querySelector("mark");
  if (first) {
    const back = el("p", "search-back");
    const a = el("a", "", "Terug naar de zoekresultaten");
    a.href = `${root.pathname}?q=${encodeURIComponent(q)}`;
    back.append(a);
    article.querySelector(".error-header")?.after(back);
  }
}

const form = document.querySelector("form[data-search]");
if (form) homePage(form);
const article = document.querySelector("article[data-error-id]");
if (article) errorPage(article);
