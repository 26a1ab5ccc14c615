// The list page's anchors (/errors/#<id>): a hash that names no element
// (an old id kept as an alias, or an error that lives on another page) is
// looked up in the anchor map and sent where the error is now.
// The page works without it: every id and alias has its own anchor.

const anchorMapEl = document.getElementById("anchor-map");
if (anchorMapEl) {
  let anchors = {};
  try {
    anchors = JSON.parse(anchorMapEl.textContent);
  } catch {
    anchors = {};
  }
  const land = () => {
    let name;
    try {
      name = decodeURIComponent(location.hash.slice(1));
    } catch {
      return;
    }
    if (!name || document.getElementById(name)) return;
    const target = Object.hasOwn(anchors, name) ? anchors[name] : null;
    if (!target) return;
    if (document.getElementById(target.id)) {
      location.replace(`#${target.id}`);
    } else {
      location.replace(target.url);
    }
  };
  land();
  window.addEventListener("hashchange", land);
}
