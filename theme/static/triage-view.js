// The triage view of a pasted log (search-ui.js): every error the log
// names, in the order to fix them, each with what to do and the invoices
// and payments it concerns; the lines the site does not know, grouped; and
// the link for support, which carries ids, counts and masked text only.
//
// Privacy: the customer's text is shown on this page only. What goes into
// a URL (the support link, a mailto: body) is masked (mask), and every
// customer name the view knows of is taken out of it again (scrub).
// Text is only ever set with textContent.
import * as engine from "./search.js";
import { el, root } from "./mark.js";
import { announce, copyText } from "./site.js";
import { plural, T } from "./text.js";

// How many invoices and payments a row shows before "Toon alle", unless
// no more than two would be left.
const ITEMS_SHOWN = 5;
const ITEMS_FOLDED = ITEMS_SHOWN + 2;
// Bounds of the support link and the mails: groups and text per group.
const MAX_GROUPS = 50;
const MAX_GROUP_TEXT = 300;
const MAX_MAIL_BODY = 1800;

const LINE_BREAK = /\r\n|\n|\r/;
// Characters that turn the direction of text: never from a link.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// mask masks a line of the customer's (the engine's maskLine), the names
// the view knows of included.
const mask = (text, names = []) => engine.maskLine(String(text), { names });

/** scrub replaces every one of names in text with "[naam]", in any case. */
export function scrub(text, names) {
  let out = text;
  for (const name of names) {
    if (!name) continue;
    const low = name.toLowerCase();
    let next = "", at = 0;
    for (let i = out.toLowerCase().indexOf(low); i >= 0; i = out.toLowerCase().indexOf(low, at)) {
      next += out.slice(at, i) + "[naam]";
      at = i + name.length;
    }
    out = next + out.slice(at);
  }
  return out;
}

/** supportMail returns a mailto: link to support, or null without an address. */
export function supportMail(support, subject, body) {
  if (!support) return null;
  const a = el("a", "", T.mailSupport);
  a.href = `mailto:${support}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body.slice(0, MAX_MAIL_BODY))}`;
  return a;
}

const byRef = (a, b) => a.ref.localeCompare(b.ref, "nl", { numeric: true });

/**
 * normalise returns what the view shows of an engine's triage of text (or
 * of a support link, text null): errors with steps, solved and items
 * (sorted), unknown lines in groups (largest first, their text masked by
 * the engine and scrubbed of every name the view knows), names (every
 * customer name of the items, longest first). A support link's errors
 * (describe) have no items, a support link's unknown groups no lines.
 */
export function normalise(result, text) {
  const lines = text === null ? null : text.split(LINE_BREAK);
  const errors = result.errors.map((e) => ({
    ...e,
    steps: (e.steps ?? []).map(String),
    solved: e.solved === true,
    items: (e.items ?? []).map((i) => ({ ref: String(i.ref), name: String(i.name ?? "").trim(), lines: i.lines ?? [] })).sort(byRef),
  }));
  const names = new Set(errors.flatMap((e) => e.items.map((i) => i.name)).filter((n) => n.length >= 2));
  const longest = [...names].sort((a, b) => b.length - a.length);
  const unknown = (result.unknown ?? []).map((g) => {
    const t = scrub(String(g.text), longest);
    return { text: t, count: g.count, lines: g.lines ?? [], sure: g.sure === true && t === g.text };
  });
  unknown.sort((a, b) => b.count - a.count || (a.lines[0] ?? 0) - (b.lines[0] ?? 0));
  return { errors, unknown, names: longest, truncated: result.truncated, timedOut: result.timedOut === true, lines };
}

/**
 * triageHash is the support link's fragment: per error its id and count,
 * per group of unknown lines its count and, where the masker is sure no
 * customer value is left, its masked text. Never a name, an invoice or the
 * log.
 */
export function triageHash(errors, unknown) {
  let hash = "#triage=" + errors.map((e) => `${e.id}.${e.count}`).join(",");
  if (unknown.length) {
    const groups = unknown.slice(0, MAX_GROUPS - 1).map((g) =>
      g.sure && g.text.length <= MAX_GROUP_TEXT ? `${g.count}.${encodeURIComponent(g.text)}` : String(g.count));
    const rest = unknown.slice(MAX_GROUPS - 1).reduce((n, g) => n + g.count, 0);
    if (rest) groups.push(String(rest));
    hash += ";u=" + groups.join(",");
  }
  return hash;
}

/**
 * parseTriageHash reads a support link's fragment: { errors: [{ id, count }],
 * unknown: [{ count, text }] }, or null when it is not one. Anyone can edit
 * a link: each id once, counts of at least one, bounded, and the text of
 * unknown lines masked again before it is shown.
 */
export function parseTriageHash(hash) {
  if (hash.length > 40000) return null;
  const m = /^#triage=([^;]*)(?:;u=([^;]*))?$/.exec(hash);
  if (!m) return null;
  const errors = [];
  const seen = new Set();
  for (const part of m[1].split(",").slice(0, 200)) {
    const p = /^([a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?)\.(\d{1,6})$/.exec(part);
    if (p && Number(p[2]) > 0 && !seen.has(p[1])) {
      seen.add(p[1]);
      errors.push({ id: p[1], count: Number(p[2]) });
    }
  }
  const unknown = [];
  for (const part of (m[2] ?? "").split(",").slice(0, MAX_GROUPS)) {
    const p = /^(\d{1,6})(?:\.(.{1,3000}))?$/.exec(part);
    if (!p || Number(p[1]) === 0) continue;
    let text = "";
    try {
      text = p[2] ? mask(decodeURIComponent(p[2]).replace(BIDI, "").slice(0, MAX_GROUP_TEXT)).text : "";
    } catch {
      text = "";
    }
    unknown.push({ count: Number(p[1]), text, lines: [], sure: text !== "" });
  }
  return { errors, unknown };
}

const severityBadge = (severity) =>
  el("span", `badge badge-${severity === "warning" ? "warning" : "error"}`, severity === "warning" ? T.warning : T.error);

const errorURL = (id) => new URL(`errors/${id}/`, root);

let uid = 0;

// itemList shows an error's invoices and payments: a few, the rest behind
// "Toon alle", all of them in the element, and "Kopieer lijst".
function itemList(items) {
  const box = el("div", "triage-items");
  box.append(el("p", "triage-items-title", T.items(items.length)));
  const ul = el("ul", "triage-item-list");
  ul.id = `triage-items-${++uid}`;
  items.forEach((item, i) => {
    const li = el("li", "triage-item");
    li.append(el("code", "triage-ref", item.ref));
    if (item.name) li.append(" ", el("span", "triage-name", item.name));
    li.hidden = items.length > ITEMS_FOLDED && i >= ITEMS_SHOWN;
    ul.append(li);
  });
  const tools = el("div", "triage-item-tools");
  if (items.length > ITEMS_FOLDED) {
    const more = el("button", "triage-more-items", T.showItems(items.length));
    more.type = "button";
    more.setAttribute("aria-expanded", "false");
    more.setAttribute("aria-controls", ul.id);
    more.addEventListener("click", () => {
      const open = more.getAttribute("aria-expanded") !== "true";
      [...ul.children].forEach((li, i) => { li.hidden = !open && i >= ITEMS_SHOWN; });
      more.setAttribute("aria-expanded", String(open));
      more.textContent = open ? T.hideItems : T.showItems(items.length);
    });
    tools.append(more);
  }
  const copy = el("button", "copy triage-copy-list", T.copyList);
  copy.type = "button";
  copy.addEventListener("click", async () => {
    const ok = await copyText(items.map((i) => (i.name ? `${i.ref}\t${i.name}` : i.ref)).join("\n") + "\n");
    copy.textContent = ok ? T.listCopied : T.copyFailed;
    announce(ok ? T.listCopiedAnnounce(items.length) : T.copyFailed);
    setTimeout(() => { copy.textContent = T.copyList; }, 2500);
  });
  tools.append(copy);
  box.append(ul, tools);
  return box;
}

// row is one error of the view: what it is, how often, why it is where it
// is, and what to do: its steps, or "nog geen oplossing" with a mail.
function row(e, rank, view, support) {
  const li = el("li", "triage-row" + (e.fix ? ` is-fix-${e.fix}` : "") + (e.solved ? "" : " is-unsolved"));
  li.dataset.errorId = e.id;
  li.dataset.count = String(e.count);
  const head = el("div", "triage-head");
  const rankEl = el("span", "triage-rank", String(rank));
  rankEl.setAttribute("aria-hidden", "true");
  const a = el("a", "triage-title", e.title);
  a.href = errorURL(e.id).pathname;
  const meta = el("span", "triage-meta");
  meta.append(el("span", "triage-count", T.times(e.count)), severityBadge(e.severity));
  if (e.match === "partial") meta.append(el("span", "badge badge-partial", T.partial));
  head.append(rankEl, a, meta);
  li.append(head);
  const why = { first: T.whyFirst, last: T.whyLast }[e.fix];
  if (why) li.append(el("p", "triage-why", why));
  if (e.solved) {
    if (e.steps.length) {
      const ol = el("ol", "triage-steps");
      ol.setAttribute("aria-label", T.stepsLabel(e.title));
      for (const s of e.steps) ol.append(el("li", "", s));
      li.append(ol);
    }
    const more = el("a", "", T.moreSteps);
    more.href = a.href;
    const p = el("p", "triage-more");
    p.append(more);
    li.append(p);
  } else {
    const box = el("div", "triage-nosolution");
    box.setAttribute("role", "note");
    const p = el("p");
    p.append(el("strong", "", T.noSolution), " ");
    // The engine's example: the error's first line, masked with the
    // index's words known.
    const line = e.example ? scrub(e.example, view.names) : "";
    const mail = supportMail(support, T.errorSubject(e.title), T.errorBody(e, errorURL(e.id).href, line));
    if (mail) p.append(T.noSolutionText, mail, ".");
    else p.append(T.noSolutionNoMail);
    box.append(p);
    li.append(box);
  }
  if (e.items.length) li.append(itemList(e.items));
  return li;
}

// unknownBox shows the lines the site does not know, one element per group
// (data-unknown-count), with the masked mail; open when asked.
function unknownBox(view, { support, pasted, open }) {
  const total = view.unknown.reduce((n, g) => n + g.count, 0);
  const d = el("details", "triage-unmatched");
  d.open = open;
  d.dataset.unknownTotal = String(total);
  d.append(el("summary", "", T.unknownTitle(total)));
  const p = el("p", "");
  if (pasted) {
    let body = view.unknown.slice(0, MAX_GROUPS);
    // What the mail can hold; the rest is counted.
    while (body.length > 1 && T.unknownBody(body).length > MAX_MAIL_BODY) body = body.slice(0, -1);
    const rest = view.unknown.length - body.length;
    const text = T.unknownBody(body) + (rest ? `… en nog ${plural(rest, "soort regel", "soorten regels")}\n` : "");
    const mail = supportMail(support, T.unknownSubject, text);
    if (mail) p.append(T.unknownText, mail, ". ", view.unknown.every((g) => g.sure) ? T.maskedSure : T.maskedUnsure);
    else p.append(T.unknownTextNoMail);
  } else {
    p.append(T.unknownFromLink);
  }
  d.append(p);
  if (pasted) d.append(el("p", "triage-unknown-shown", T.unknownShown));
  const ul = el("ul", "triage-unknown-groups");
  for (const g of view.unknown) {
    const li = el("li", "triage-unknown");
    li.dataset.unknownCount = String(g.count);
    li.append(el("span", "triage-count", T.times(g.count)), " ");
    if (g.text) li.append(el("code", "", g.text));
    else li.append(el("span", "triage-withheld", T.unknownWithheld));
    if (g.lines.length) li.append(" ", el("span", "triage-line-number", `(${T.unknownLineNumbers(g.lines)})`));
    ul.append(li);
  }
  d.append(ul);
  return d;
}

/**
 * render fills the parts of the results box (status, lead, list, extra)
 * with the view; pasted is the pasted text and lines its count of lines,
 * or null for a support link.
 */
export function render({ status, lead, list, extra }, view, { pasted, lines, support }) {
  const n = view.errors.length;
  const total = view.unknown.reduce((k, g) => k + g.count, 0);
  status.textContent = (pasted ? T.pasted(lines) : T.fromLink) + T.errors(n) + (total ? `, ${T.unknownLines(total)}.` : ".");
  lead.replaceChildren();
  extra.replaceChildren();
  // The unknown lines open at the top when they are all there is, or more
  // than any one error.
  const top = total > 0 && view.errors.every((e) => e.count < total);
  // The order to fix them, where there is an order.
  if (n > 1) {
    const summary = el("div", "triage-summary");
    summary.append(el("p", "triage-order-title", T.order));
    const ol = el("ol", "triage-order");
    for (const e of view.errors) {
      const li = el("li", "", e.title);
      li.append(" ", el("span", "triage-order-count", `(${T.times(e.count)})`));
      if (e.fix === "first" || e.fix === "last") li.append(" ", el("span", `triage-order-when is-${e.fix}`, e.fix === "first" ? T.orderFirst : T.orderLast));
      ol.append(li);
    }
    summary.append(ol);
    lead.append(summary);
  }
  if (top) lead.append(unknownBox(view, { support, pasted, open: true }));
  if (n) {
    list.replaceChildren(...view.errors.map((e, i) => row(e, i + 1, view, support)));
  } else {
    const li = el("li", "results-empty");
    li.append(el("p", "results-empty-title", T.noneKnownTitle), el("p", "", T.noneKnown));
    list.replaceChildren(li);
  }
  if (view.truncated) extra.append(el("p", "triage-note", T.truncated(view.truncated)));
  if (view.timedOut) extra.append(el("p", "triage-note", T.timedOut));
  if (total && !top) extra.append(unknownBox(view, { support, pasted, open: false }));
  if (pasted && (n || total)) {
    const share = el("p", "triage-share");
    const url = new URL(root);
    url.hash = triageHash(view.errors, view.unknown);
    const a = el("a", "", T.shareLink);
    a.href = url.href;
    const copy = el("button", "copy-link", T.copyLink);
    copy.type = "button";
    copy.addEventListener("click", async () => {
      const ok = await copyText(url.href);
      copy.textContent = ok ? T.linkCopied : T.copyFailed;
      announce(ok ? T.linkCopiedAnnounce : T.copyFailed);
    });
    share.append(a, " ", copy, el("span", "triage-share-note", T.shareNote));
    extra.append(share);
  }
}
