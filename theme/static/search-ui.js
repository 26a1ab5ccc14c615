// The search box on the home page: results for a line, the triage view for
// a pasted log, and the view a support link opens. The page works without
// it: it lists every error. Text from the index is only ever set with
// textContent.
import { appendMarked as mark, el, loadIndexJSON, root } from "./mark.js";
import { byFixOrder, createSearch, maskValues, nothingFits, tokenSpans } from "./search.js";
import { announce, copyText } from "./site.js";

const search = createSearch(loadIndexJSON);

const DEBOUNCE_MS = 120;
const LIMIT = 10;

const appendMarked = (parent, text, terms) => mark(parent, text, terms, tokenSpans);

// Lines of a paste that count: not blank.
function pastedLines(text) {
  return text.split(/\r\n|\n|\r/).filter((l) => l.trim()).length;
}

// The badge of an error's severity.
const severityBadge = (severity) =>
  el("span", `badge badge-${severity === "warning" ? "warning" : "error"}`, severity === "warning" ? "Waarschuwing" : "Fout");

// A mailto: link to support with body, or null without a support address.
function supportMail(support, subject, body) {
  if (!support) return null;
  const a = el("a", "", "mail support");
  a.href = `mailto:${support}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return a;
}

// What the support mail does to the customer's text, said as it is: the
// values are replaced, names may stay.
const MASKED = "In de mail zijn nummers, datums, bedragen, e-mailadressen, IBAN's, webadressen en namen tussen aanhalingstekens al vervangen; andere namen kunnen er nog in staan, kijk de mail dus na voordat u hem verstuurt.";

// The support link of a triage: ids and counts only, never the log.
function triageHash(errors, unmatched) {
  const parts = errors.map((e) => `${e.id}.${e.count}`).join(",");
  return "#triage=" + parts + (unmatched ? `;u=${unmatched}` : "");
}

// parseTriageHash reads a support link's fragment: [{ id, count }] and the
// number of lines not recognised, or null when it is not one.
function parseTriageHash(hash) {
  const m = /^#triage=([^;]*)(?:;u=(\d{1,6}))?$/.exec(hash);
  if (!m) return null;
  // A link anyone can edit: each id once, with a count of at least one.
  const errors = [];
  const seen = new Set();
  for (const part of m[1].split(",").slice(0, 200)) {
    const p = /^([a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?)\.(\d{1,6})$/.exec(part);
    if (p && Number(p[2]) > 0 && !seen.has(p[1])) {
      seen.add(p[1]);
      errors.push({ id: p[1], count: Number(p[2]) });
    }
  }
  return { errors, unmatched: m[2] ? Number(m[2]) : 0 };
}

// Why an error sits where it does in the order to fix them.
const WHY = {
  first: "Los dit eerst op: zolang deze melding er is, mislukt elke synchronisatie.",
  last: "Los dit als laatste op: deze melding volgt uit de andere meldingen. Los die eerst op en start de synchronisatie daarna opnieuw.",
};

function plural(n, one, many) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
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
  const extra = el("div", "results-extra");
  box.replaceChildren(status, list, extra);
  input.setAttribute("aria-controls", list.id);

  // The field grows with what is pasted into it, up to half the window.
  const grow = () => {
    form.classList.toggle("is-log", pastedLines(input.value) >= 2);
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 4, Math.max(200, window.innerHeight / 2))}px`;
  };

  let selected = -1;
  let seq = 0;
  let timer = 0;

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

  // Only a single line goes into the address (?q=): a pasted log stays on
  // this page.
  const syncURL = (q, c, lines) => {
    const url = new URL(location.href);
    if (q && lines < 2) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    if (c) url.searchParams.set("c", c);
    else url.searchParams.delete("c");
    if (q) url.hash = "";
    history.replaceState(null, "", url);
  };

  // lineMail appends to p the support mail for the pasted line q, with the
  // note of what it masks, and reports whether there is a support address.
  const lineMail = (p, q) => {
    const a = supportMail(support, "Melding uit het synchronisatielog", `Ik zoek hulp bij deze melding uit het synchronisatielog:\n\n${maskValues(q)}\n`);
    if (a) p.append(a, ". " + MASKED);
    return a !== null;
  };

  const notFound = (q) => {
    const li = el("li", "results-empty");
    li.append(el("p", "results-empty-title", "Niets gevonden"));
    const p = el("p", "", "Geen melding past bij uw zoekopdracht. Controleer de tekst, kies een andere categorie, of mail ons de melding: ");
    lineMail(p, q);
    li.append(p);
    return li;
  };

  const resultItem = (q, r) => {
    const terms = new Set(r.terms);
    const li = el("li", "result" + (r.status === "retired" ? " is-retired" : ""));
    const a = el("a", "result-link");
    a.href = `${new URL(`errors/${r.id}/`, root).pathname}?q=${encodeURIComponent(q)}`;
    a.dataset.errorId = r.id;
    a.dataset.match = r.match;
    const title = el("span", "result-title");
    appendMarked(title, r.title, terms);
    const msg = el("code", "result-message");
    appendMarked(msg, r.message, terms);
    const meta = el("span", "result-meta");
    if (r.match === "exact") meta.append(el("span", "badge badge-exact", "Past precies"), " ");
    meta.append(severityBadge(r.severity), " ", el("span", "result-category", categories.get(r.category) || r.category));
    if (r.status === "retired") meta.append(" ", el("span", "badge badge-retired", "Komt niet meer voor"));
    a.append(title, msg, meta);
    li.append(a);
    return li;
  };

  const render = (q, results) => {
    selected = -1;
    extra.replaceChildren();
    if (!results.length) {
      list.replaceChildren(notFound(q));
      status.textContent = "Niets gevonden.";
      return;
    }
    const items = results.map((r) => resultItem(q, r));
    // Honest when nothing fits (see nothingFits).
    const exact = results.some((r) => r.match === "exact");
    if (nothingFits(q, results)) {
      const li = el("li", "results-honest");
      li.append(el("p", "results-honest-title", "Geen melding gevonden die precies past — misschien een van deze:"));
      const p = el("p", "", "Past geen van deze? Dan kent deze site uw melding nog niet: ");
      if (!lineMail(p, q)) p.append("neem contact op met support.");
      li.append(p);
      items.unshift(li);
    }
    list.replaceChildren(...items);
    status.textContent = (exact ? "" : "Geen precieze overeenkomst. ") + (results.length === 1 ? "1 melding gevonden." : `${results.length} meldingen gevonden.`);
  };

  // The triage view: every error the log names, in the order to fix them.
  // lines and numbers are there for a pasted log, not for a support link.
  const renderTriage = (result, { pasted, lines }) => {
    selected = -1;
    const n = result.errors.length;
    const unmatchedCount = Array.isArray(result.unmatched) ? result.unmatched.length : result.unmatched;
    const summary = (pasted ? `U plakte ${plural(lines, "regel", "regels")}: ` : "Uit een link voor support: ") +
      plural(n, "melding", "verschillende meldingen") + (unmatchedCount ? `, ${plural(unmatchedCount, "regel", "regels")} niet herkend.` : ".");
    status.textContent = summary;
    if (!n) {
      const li = el("li", "results-empty");
      li.append(el("p", "results-empty-title", "Geen bekende melding in deze regels"));
      li.append(el("p", "", "Deze site herkent geen van de meldingen. " + (support ? "Mail ons de regels hieronder; dan zoeken wij het uit." : "")));
      list.replaceChildren(li);
    } else {
      list.replaceChildren(...result.errors.map((e) => {
        const li = el("li", "triage-row" + (e.fix ? ` is-fix-${e.fix}` : ""));
        li.dataset.errorId = e.id;
        li.dataset.count = String(e.count);
        const head = el("div", "triage-head");
        head.append(el("span", "triage-count", `${e.count}×`));
        const a = el("a", "triage-title", e.title);
        a.href = new URL(`errors/${e.id}/`, root).pathname;
        head.append(a);
        head.append(severityBadge(e.severity));
        if (e.match === "partial") head.append(el("span", "badge badge-partial", "Bijna precies"));
        li.append(head);
        if (WHY[e.fix]) li.append(el("p", "triage-why", WHY[e.fix]));
        if (e.summary) li.append(el("p", "triage-fix", e.summary));
        if (e.numbers?.length) {
          const shown = e.numbers.slice(0, 5).join(", ");
          li.append(el("p", "triage-numbers", `Bij ${shown}` + (e.numbers.length > 5 ? ` en ${e.numbers.length - 5} andere` : "")));
        }
        return li;
      }));
    }
    extra.replaceChildren();
    if (result.truncated) {
      extra.append(el("p", "triage-note", `Alleen de eerste ${result.truncated.toLocaleString("nl-NL")} regels zijn gelezen. Plak de rest apart om ook die te laten nakijken.`));
    }
    if (result.timedOut) {
      extra.append(el("p", "triage-note", "Het nakijken duurde te lang: de regels die niet op tijd zijn nagekeken, staan bij de niet herkende. Plak ze apart om ook die te laten nakijken."));
    }
    if (pasted && unmatchedCount) {
      const d = el("details", "triage-unmatched");
      d.append(el("summary", "", `${plural(unmatchedCount, "regel", "regels")} niet herkend`));
      const ol = el("ol", "triage-lines");
      const text = pasted.split(/\r\n|\n|\r/);
      const shown = result.unmatched.slice(0, 50).map((n) => [n, text[n - 1].slice(0, 300)]);
      for (const [n, line] of shown) {
        const li = el("li", "");
        li.append(el("span", "triage-line-number", `Regel ${n}: `), el("code", "", line));
        ol.append(li);
      }
      d.append(ol);
      const masked = shown.map(([, line]) => maskValues(line)).join("\n");
      const p = el("p", "", "Deze meldingen kent de site nog niet. ");
      const a = supportMail(support, "Meldingen uit het synchronisatielog", `Deze regels uit mijn synchronisatielog herkent de helpsite niet:\n\n${masked}\n`);
      if (a) p.append(a, ". " + MASKED);
      d.append(p);
      extra.append(d);
    } else if (!pasted && unmatchedCount) {
      extra.append(el("p", "triage-note", `${plural(unmatchedCount, "regel", "regels")} van het log herkende de site niet; de link bevat de regels zelf niet.`));
    }
    if (pasted && n) {
      const share = el("p", "triage-share");
      const url = new URL(root);
      url.hash = triageHash(result.errors, unmatchedCount);
      const a = el("a", "", "Link voor support");
      a.href = url.href;
      const copy = el("button", "copy-link", "Link kopiëren");
      copy.type = "button";
      copy.addEventListener("click", async () => {
        const ok = await copyText(url.href);
        copy.textContent = ok ? "Link gekopieerd" : "Kopiëren niet gelukt";
        announce(ok ? "Link voor support gekopieerd" : "Kopiëren niet gelukt");
      });
      share.append(a, " ", copy, el("span", "triage-share-note", " De link bevat alleen welke meldingen het waren en hoe vaak, niet uw log."));
      extra.append(share);
    }
  };

  const run = async () => {
    const q = input.value;
    const c = select?.value || "";
    const lines = pastedLines(q);
    syncURL(q.trim(), c, lines);
    const mine = ++seq;
    if (!q.trim()) {
      box.hidden = true;
      box.classList.remove("is-active");
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
        if (mine === seq) renderTriage(result, { pasted: q, lines });
      } else {
        const results = await search.query(q, LIMIT, { category: c });
        if (mine === seq) render(q, results);
      }
    } catch (err) {
      if (mine !== seq) return;
      list.replaceChildren(el("li", "results-empty", "Zoeken lukt nu niet. Gebruik de lijst met alle meldingen hieronder."));
      extra.replaceChildren();
      status.textContent = "Zoeken lukt nu niet.";
      console.error(err);
    }
  };
  const later = () => {
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
    try {
      const docs = await search.describe(t.errors.map((e) => e.id));
      const count = new Map(t.errors.map((e) => [e.id, e.count]));
      // In the order to fix them, whatever the link's order (it can be
      // edited).
      const errors = docs.map((d) => ({ ...d, count: count.get(d.id), match: "exact" }));
      errors.sort(byFixOrder);
      if (mine === seq) renderTriage({ errors, unmatched: t.unmatched }, { pasted: null });
    } catch (err) {
      console.error(err);
    }
  };

  input.addEventListener("input", () => {
    grow();
    later();
  });
  select?.addEventListener("change", run);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const all = links();
    if (all.length && pastedLines(input.value) < 2) location.href = all[Math.max(selected, 0)].href;
    else run();
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

  const params = new URLSearchParams(location.search);
  if (params.has("c") && select) select.value = params.get("c");
  if (params.get("q")) {
    input.value = params.get("q");
    grow();
    run();
  } else if (location.hash.startsWith("#triage=")) {
    fromHash();
  }
}

const form = document.querySelector("form[data-search]");
if (form) homePage(form);
