// The list page's anchors (/errors/#<id>): a hash that names no element
// (an old id kept as an alias, or an error that lives on another page) is
// looked up in the anchor map and sent where the error is now; a hash that
// names no error at all shows a hint instead of the bare top of the page.
// The page works without it: every id and alias has its own anchor. A
// compact list page has no anchor map: there every id and alias is an
// element, so a hash that names none is unknown.
import { announce } from "./site.js";

// The most characters of a hash the hint shows; a longer one is cut.
const SHOWN = 60;

// decoded is a hash's text decoded, or null where an escape is malformed.
function decoded(raw) {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

// shownHash is a hash as the hint shows it: decoded where it decodes (else
// as written), control and direction characters (which could hide or
// reorder the text around it) replaced, and cut to SHOWN characters.
function shownHash(raw) {
  const name = (decoded(raw) ?? raw).replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, "\ufffd");
  const chars = Array.from(name);
  return "#" + (chars.length > SHOWN ? chars.slice(0, SHOWN - 1).join("") + "…" : name);
}

const anchorMapEl = document.getElementById("anchor-map");
const hint = document.querySelector("[data-unknown-hash]");
if (anchorMapEl || hint) {
  let anchors = {};
  try {
    anchors = anchorMapEl ? JSON.parse(anchorMapEl.textContent) : {};
  } catch {
    anchors = {};
  }
  const search = hint?.querySelector("[data-unknown-hash-search]");
  const searchHref = search?.href;

  // unknown shows the hint for the hash raw, or hides it (raw null). The
  // hash is set as text only.
  const unknown = (raw) => {
    if (!hint) return;
    if (raw === null) {
      hint.hidden = true;
      return;
    }
    hint.querySelector("[data-unknown-hash-name]").textContent = shownHash(raw);
    if (search) {
      // A hash that looks like an id (an old or mistyped one) is searched
      // for by its words; anything else opens the empty search box.
      const name = decoded(raw) ?? "";
      const url = new URL(searchHref);
      if (/^[a-z0-9][a-z0-9-]{0,79}$/i.test(name)) {
        url.hash = "";
        url.searchParams.set("q", name.split("-").filter(Boolean).join(" "));
      }
      search.href = url.href;
    }
    const wasHidden = hint.hidden;
    hint.hidden = false;
    if (wasHidden) hint.scrollIntoView({ block: "nearest" });
    announce(hint.textContent.replace(/\s+/g, " ").trim());
  };

  const land = () => {
    const raw = location.hash.slice(1);
    const name = decoded(raw);
    // "#top" is the top of the page in every browser.
    if (!raw || raw.toLowerCase() === "top" || document.getElementById(raw) || (name && document.getElementById(name))) {
      unknown(null);
      return;
    }
    const target = name && Object.hasOwn(anchors, name) ? anchors[name] : null;
    if (!target) {
      unknown(raw);
      return;
    }
    unknown(null);
    if (document.getElementById(target.id)) {
      location.replace(`#${target.id}`);
    } else {
      location.replace(target.url);
    }
  };
  land();
  window.addEventListener("hashchange", land);
}
