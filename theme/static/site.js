// Small enhancements for every page; the pages work without them.
// Loaded as a module (deferred), so the DOM is ready when it runs.

// Copy buttons on message blocks: customers and support copy the exact text.
for (const msg of document.querySelectorAll(".message")) {
  const code = msg.querySelector("code");
  if (!code || !navigator.clipboard) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Kopieer";
  button.setAttribute("aria-label", "Kopieer de melding");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.textContent);
      button.textContent = "Gekopieerd";
    } catch {
      button.textContent = "Niet gelukt";
    }
    setTimeout(() => { button.textContent = "Kopieer"; }, 2000);
  });
  msg.append(button);
}
