// Live reload for gen serve: reloads the page after a good build, and shows
// the build's problems over the page after a failed one.
const overlayId = "gen-build-problems";

function showProblems(problems) {
  let box = document.getElementById(overlayId);
  if (!box) {
    box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#1f1111;color:#ffd7d5;border:2px solid #ff6b61;border-radius:10px;padding:1rem 1.25rem;" +
      "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 10px 30px rgb(0 0 0 / 40%)";
    document.body.append(box);
  }
  box.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = "De site bouwt niet. Los dit op en sla op; de pagina laadt vanzelf opnieuw.";
  box.append(title);
  const list = document.createElement("pre");
  list.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap";
  list.textContent = problems.join("\n");
  box.append(list);
}

async function check() {
  try {
    const res = await fetch("/_gen/status", { cache: "no-store" });
    const status = await res.json();
    if (!status.ok) showProblems(status.problems);
    else document.getElementById(overlayId)?.remove();
  } catch {
    // The server is restarting; the event stream reconnects.
  }
}

const events = new EventSource("/_gen/events");
events.addEventListener("reload", () => location.reload());
events.addEventListener("build-error", check);
check();
