// Small enhancements for every page; the pages work without them.
// Loaded as a module (deferred), so the DOM is ready when it runs.

// A polite live region, announced by screen readers.
const announcer = document.querySelector("[data-announce]");
export function announce(text) {
  if (!announcer) return;
  announcer.textContent = "";
  // A fresh text node after a tick makes screen readers repeat a message.
  setTimeout(() => { announcer.textContent = text; }, 50);
}

// Copy text to the clipboard: the Clipboard API where the page is a secure
// context, else a selected textarea and execCommand (older browsers, http).
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: fall through to the fallback.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

// "Link kopiëren": support copies the error's canonical link into a ticket.
for (const button of document.querySelectorAll(".copy-link[data-url]")) {
  button.hidden = false;
  const label = button.querySelector("span");
  button.addEventListener("click", async () => {
    const ok = await copyText(button.dataset.url);
    const text = ok ? "Link gekopieerd" : "Kopiëren niet gelukt";
    label.textContent = text;
    button.classList.toggle("is-done", ok);
    announce(ok ? `Link gekopieerd: ${button.dataset.url}` : text);
    setTimeout(() => {
      label.textContent = "Link kopiëren";
      button.classList.remove("is-done");
    }, 2500);
  });
}

// Copy buttons on message blocks: customers and support copy the exact text.
for (const msg of document.querySelectorAll(".message")) {
  const code = msg.querySelector("code");
  if (!code) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Kopieer";
  button.setAttribute("aria-label", "Kopieer de melding");
  button.addEventListener("click", async () => {
    const ok = await copyText(code.textContent);
    button.textContent = ok ? "Gekopieerd" : "Niet gelukt";
    announce(ok ? "Melding gekopieerd" : "Kopiëren niet gelukt");
    setTimeout(() => { button.textContent = "Kopieer"; }, 2000);
  });
  msg.append(button);
}
