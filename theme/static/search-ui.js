// The search box on the home page: results for a line, the triage view for
// a pasted log (triage-view.js), and the view a support link opens. The
// page works without it: it lists every error. Text from the index is only
// ever set with textContent.
//
// No customer text goes into a URL: the address never gets ?q= (a /?q=
// link is searched, then dropped from the address), result links are the
// errors' own URLs (the error page finds the words to mark in this tab's
// sessionStorage), and the support link holds ids, counts and masked text.
import * as engine from "./search.js";
import { appendMarked as mark, el, lastSearch, loadIndexJSON, rememberSearch, root, wentBack } from "./mark.js";
import { T } from "./text.js";
import { normalise, parseTriageHash, render as renderTriage, supportMail } from "./triage-view.js";

const search = engine.createSearch(loadIndexJSON);

const DEBOUNCE_MS = 120;
const LIMIT = 10;
// The most of a /?q= link that is read; a link with a line break in q is
// no search (a crafted link could make the tab triage a huge "log").
const MAX_Q = 2000;
// A pasted log's box shows this many lines until it is expanded.
const LOG_ROWS = 4;

const appendMarked = (parent, text, terms) => mark(parent, text, terms, engine.tokenSpans);

// Lines of a paste that count: not blank.
function pastedLines(text) {
  return text.split(/\r\n|\n|\r/).filter((l) => l.trim()).length;
}

const severityBadge = (severity) =>
  el("span", `badge badge-${severity === "warning" ? "warning" : "error"}`, severity === "warning" ? T.warning : T.error);

const reducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

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
  const lead = el("div", "results-lead");
  const list = el("ol", "results-list");
  list.id = "search-results";
  list.setAttribute("aria-label", "Zoekresultaten");
  const extra = el("div", "results-extra");
  box.replaceChildren(status, lead, list, extra);
  const parts = { status, lead, list, extra };
  input.setAttribute("aria-controls", list.id);

  // A pasted log: the box shows a few of its lines, and a button the rest.
  let expanded = false;
  const toggle = el("button", "log-toggle");
  toggle.type = "button";
  toggle.hidden = true;
  toggle.setAttribute("aria-controls", input.id);
  input.after(toggle);
  const grow = () => {
    const lines = pastedLines(input.value);
    const log = lines >= 2;
    if (!log) expanded = false;
    form.classList.toggle("is-log", log);
    toggle.hidden = !log;
    toggle.textContent = expanded ? T.hideLog : T.showLog(lines);
    toggle.setAttribute("aria-expanded", String(expanded));
    input.style.height = "auto";
    const cs = getComputedStyle(input);
    const frame = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
    const few = LOG_ROWS * (parseFloat(cs.lineHeight) || 22) + frame;
    const most = log && !expanded ? few : Math.max(200, window.innerHeight * (expanded ? 0.7 : 0.5));
    input.style.height = `${Math.ceil(Math.min(input.scrollHeight + 4, most))}px`;
  };
  toggle.addEventListener("click", () => {
    expanded = !expanded;
    grow();
  });

  let selected = -1;
  let seq = 0;
  let timer = 0;
  // Set by a paste or a submit: the next view is brought into sight.
  let reveal = false;

  const links = () => [...list.querySelectorAll("a[data-error-id], .triage-row a.triage-title")];
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

  // The address holds the category (?c=) and never the text: a /?q= link
  // is read once, then dropped (see MAX_Q).
  const syncURL = (c, searching) => {
    const url = new URL(location.href);
    url.searchParams.delete("q");
    if (c) url.searchParams.set("c", c);
    else url.searchParams.delete("c");
    if (searching) url.hash = "";
    if (url.href !== location.href) history.replaceState(null, "", url);
  };

  // showSummary brings the answer into sight after a paste: the summary
  // and the first error (or the unknown lines, when they come first),
  // unless they are in the upper part of the window already.
  const showSummary = () => {
    const first = lead.querySelector(".triage-unmatched summary") ?? list.querySelector(".triage-head, .results-empty, .result") ?? box;
    const top = box.getBoundingClientRect().top;
    if (top >= 0 && first.getBoundingClientRect().bottom <= window.innerHeight * 0.6) return;
    box.scrollIntoView({ block: "start", behavior: reducedMotion() ? "auto" : "smooth" });
  };

  // lineMail appends to p the support mail for the pasted line q (masked
  // as search.mask did: m), with the note of what it masks, and reports
  // whether there is a support address.
  const lineMail = (p, m) => {
    const a = supportMail(support, T.lineSubject, T.lineBody(m.text));
    if (a) p.append(a, ". " + (m.sure ? T.maskedSure : T.maskedUnsure));
    return a !== null;
  };

  const notFound = (masked) => {
    const li = el("li", "results-empty");
    li.append(el("p", "results-empty-title", T.nothingTitle));
    const p = el("p", "", T.nothingText);
    lineMail(p, masked);
    li.append(p);
    return li;
  };

  const resultItem = (r) => {
    const terms = new Set(r.terms);
    const li = el("li", "result" + (r.status === "retired" ? " is-retired" : ""));
    const a = el("a", "result-link");
    a.href = new URL(`errors/${r.id}/`, root).pathname;
    a.dataset.errorId = r.id;
    a.dataset.match = r.match;
    const title = el("span", "result-title");
    appendMarked(title, r.title, terms);
    const msg = el("code", "result-message");
    appendMarked(msg, r.message, terms);
    const meta = el("span", "result-meta");
    if (r.match === "exact") meta.append(el("span", "badge badge-exact", T.exact), " ");
    meta.append(severityBadge(r.severity), " ", el("span", "result-category", categories.get(r.category) || r.category));
    if (r.status === "retired") meta.append(" ", el("span", "badge badge-retired", T.retired));
    a.append(title, msg, meta);
    li.append(a);
    return li;
  };

  const render = (q, results, masked) => {
    selected = -1;
    lead.replaceChildren();
    extra.replaceChildren();
    if (!results.length) {
      list.replaceChildren(notFound(masked));
      status.textContent = T.nothing;
      return;
    }
    const items = results.map(resultItem);
    // Honest when nothing fits (see nothingFits).
    const exact = results.some((r) => r.match === "exact");
    if (engine.nothingFits(q, results)) {
      const li = el("li", "results-honest");
      li.append(el("p", "results-honest-title", T.honestTitle));
      const p = el("p", "", T.honestText);
      if (!lineMail(p, masked)) p.append(T.contactSupport);
      li.append(p);
      items.unshift(li);
    }
    list.replaceChildren(...items);
    status.textContent = (exact ? "" : T.notExact) + T.found(results.length);
  };

  const failed = (err) => {
    lead.replaceChildren();
    list.replaceChildren(el("li", "results-empty", T.searchFailedList));
    extra.replaceChildren();
    status.textContent = T.searchFailed;
    console.error(err);
  };

  const run = async () => {
    const q = input.value;
    const c = select?.value || "";
    const lines = pastedLines(q);
    syncURL(c, q.trim() !== "");
    const mine = ++seq;
    const show = reveal;
    reveal = false;
    box.setAttribute("aria-busy", "true");
    const done = () => {
      if (mine === seq) box.setAttribute("aria-busy", "false");
    };
    if (!q.trim()) {
      done();
      box.hidden = true;
      box.classList.remove("is-active");
      lead.replaceChildren();
      list.replaceChildren();
      extra.replaceChildren();
      status.textContent = "";
      return;
    }
    box.hidden = false;
    box.classList.add("is-active");
    try {
      if (lines >= 2) {
        const result = await search.triage(q);
        if (mine !== seq) return;
        selected = -1;
        renderTriage(parts, normalise(result, q), { pasted: q, lines, support });
        if (show) showSummary();
      } else {
        const [results, masked] = await Promise.all([search.query(q, LIMIT, { category: c }), search.mask(q)]);
        if (mine === seq) render(q, results, masked);
      }
    } catch (err) {
      if (mine === seq) failed(err);
    }
    done();
  };
  const later = () => {
    box.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };

  // A support link (/#triage=...): the same view, from ids and counts.
  const fromHash = async () => {
    const t = parseTriageHash(location.hash);
    if (!t) return;
    const mine = ++seq;
    box.hidden = false;
    box.classList.add("is-active");
    box.setAttribute("aria-busy", "true");
    try {
      const docs = await search.describe(t.errors.map((e) => e.id));
      const count = new Map(t.errors.map((e) => [e.id, e.count]));
      // In the order to fix them, whatever the link's order (it can be
      // edited).
      const errors = docs.filter(Boolean).map((d) => ({ ...d, count: count.get(d.id), match: "exact" }));
      errors.sort(engine.byFixOrder);
      if (mine !== seq) return;
      selected = -1;
      // A link's text is shown only where the masker, knowing the index's
      // words, is sure no customer's value is in it, as when the link was
      // made: a hand-made link cannot put a name or a message of its own
      // on the site's page.
      const unknown = await Promise.all(t.unknown.map(async (g) => {
        if (!g.text) return g;
        const m = await search.mask(g.text);
        return m.sure && m.text === g.text ? g : { ...g, text: "", sure: false };
      }));
      if (mine !== seq) return;
      renderTriage(parts, normalise({ errors, unknown }, null), { pasted: null, support });
      showSummary();
    } catch (err) {
      if (mine === seq) failed(err);
    }
    if (mine === seq) box.setAttribute("aria-busy", "false");
  };

  // What a result link opens: the error's page, which marks the words of
  // this search (kept in sessionStorage, not in the link).
  const opening = (a) => {
    if (a?.dataset.errorId && pastedLines(input.value) < 2) rememberSearch(input.value.trim(), select?.value || "", a.dataset.errorId);
  };
  list.addEventListener("click", (e) => opening(e.target.closest?.("a[data-error-id]")));
  list.addEventListener("auxclick", (e) => opening(e.target.closest?.("a[data-error-id]")));

  input.addEventListener("paste", () => {
    reveal = true;
  });
  input.addEventListener("input", () => {
    grow();
    later();
  });
  select?.addEventListener("change", run);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const all = links();
    if (all.length && pastedLines(input.value) < 2) {
      const a = all[Math.max(selected, 0)];
      opening(a);
      location.href = a.href;
    } else {
      reveal = true;
      run();
    }
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      // Enter searches, as in a one-line box; Shift+Enter starts a line.
      e.preventDefault();
      form.requestSubmit();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      // In a pasted log the arrows move through its lines.
      if (pastedLines(input.value) >= 2) return;
      e.preventDefault();
      const down = e.key === "ArrowDown";
      select_(selected < 0 ? (down ? 0 : -1) : selected + (down ? 1 : -1));
    } else if (e.key === "Escape") {
      input.value = "";
      grow();
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
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("resize", grow);

  const params = new URLSearchParams(location.search);
  const q = params.get("q") ?? "";
  if (params.has("c") && select) select.value = params.get("c");
  const back = wentBack() ? lastSearch() : null;
  if (q.trim() && !/[\r\n]/.test(q)) {
    input.value = q.slice(0, MAX_Q);
  } else if (back) {
    input.value = back.q;
    if (select && back.c) select.value = back.c;
  }
  // The text leaves the address (and the history) at once.
  syncURL(select?.value || "", false);
  if (input.value.trim()) {
    grow();
    run();
  } else if (location.hash.startsWith("#triage=")) {
    fromHash();
  }
}

const form = document.querySelector("form[data-search]");
if (form) homePage(form);
