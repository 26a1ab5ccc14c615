package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// pastedLog is a morning's sync log as a customer copies it from the sync
// screen: success lines, a 401 (stops every sync), the same reference error
// twice, a wrapped .NET error with its stack trace, an error the site does
// not know, and the 429 that follows from the others.
const pastedLog = `Synchronisatie gestart 03-11-2026 09:00
09:00:01 ✓ Factuur F2026-0041 gesynchroniseerd
09:00:02 ✗ Factuur F2026-0042 (Jansen Bouw B.V.): Ongeldige referentie: Btw-code
09:00:03 ✗ Factuur F2026-0043 (Server Groep B.V.): Ongeldige referentie: Btw-code
09:00:04 ✗ Betaling 88213: Fout bij exporteren van betaling: De objectverwijzing is niet op een exemplaar ingesteld.
   at Bookzo.Sync.Exact.PaymentService.Push(Payment p) in C:\build\Sync\PaymentService.cs:line 88
09:00:05 ✗ Factuur F2026-0044: The remote server returned an error: (429) Too Many Requests.
09:00:06 ✗ Factuur F2026-0045: De externe server heeft een fout geretourneerd: (401) Niet gemachtigd.
09:00:07 ✗ Factuur F2026-0046: Kan PDF-bijlage niet uploaden: bestand is te groot
Totaal: 6 facturen, 1 betaling, 6 fouten`

// wantTriage is the view the log must give, in the order to fix: the 401
// first (it stops every sync), the 429 last (a consequence), between them
// by count.
var wantTriage = []struct {
	id    string
	count int
}{
	{"http-401-niet-gemachtigd", 1},
	{"ongeldige-referentie-btw-code", 2},
	{"betaling-export-objectverwijzing", 1},
	{"http-429-too-many-requests", 1},
}

// triageState reports the triage view, for failure messages.
const triageState = `JSON.stringify({
  status: document.querySelector(".results-status")?.textContent,
  rows: [...document.querySelectorAll(".triage-row")].map((r) => r.dataset.errorId + " " + r.dataset.count),
})`

// paste puts text on the browser's clipboard and pastes it into the element
// sel, as a customer does: the browser's own copy and paste commands, so
// the page sees a trusted paste event.
func paste(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	defer lockClipboard(t)()
	eval[bool](t, ctx, `(() => {
	  const a = document.createElement("textarea");
	  a.id = "clipboard-source";
	  a.value = `+js(text)+`;
	  document.body.append(a);
	  a.focus();
	  a.select();
	  return true;
	})()`)
	key := func(cmd string) chromedp.Action[chromedp.Void] {
		letter := map[string]string{"copy": "c", "paste": "v"}[cmd]
		return chromedp.KeyEvent(letter, chromedp.KeyModifiers(chromedp.ModifierCtrl), func(p *input.DispatchKeyEventParams) {
			if p.Type == input.DispatchKeyEventTypeKeyDown || p.Type == input.DispatchKeyEventTypeRawKeyDown {
				p.Commands = []string{cmd}
			}
		})
	}
	do(t, ctx, "copying the log", key("copy"))
	eval[bool](t, ctx, `(() => {
	  document.getElementById("clipboard-source").remove();
	  window.pastes = [];
	  const box = document.querySelector(`+js(sel)+`);
	  if (!box.dataset.testPaste) {
	    box.dataset.testPaste = "1";
	    box.addEventListener("paste", (e) => window.pastes.push(e.isTrusted));
	  }
	  return true;
	})()`)
	do(t, ctx, "focusing the box", chromedp.Focus(sel))
	do(t, ctx, "pasting", key("paste"))
	waitFor(t, ctx, "the paste event", `window.pastes.length === 1 && window.pastes[0] === true`, `JSON.stringify(window.pastes)`)
}

// checkTriage checks the rows of the triage view: ids, counts, order.
func checkTriage(t *testing.T, ctx context.Context) {
	t.Helper()
	var want []string
	for _, w := range wantTriage {
		want = append(want, fmt.Sprintf("%s %d", w.id, w.count))
	}
	cond := `[...document.querySelectorAll(".triage-row")].map((r) => r.dataset.errorId + " " + r.dataset.count).join("|") === ` + js(strings.Join(want, "|"))
	waitFor(t, ctx, "the triage view in the order to fix", cond, triageState)
}

// TestTriageOfAPastedLog pastes a whole log into the search box with a real
// paste event: the box keeps its lines and shows a few, the view names every error
// with its count in the order to fix them, says why the first and last are
// there, folds away the line it does not know with a masked support mail,
// and offers a support link that carries ids and counts only. That link,
// opened in a fresh browser profile, shows the same errors in the same
// order, and none of the pasted text. Screenshots at 390 and 1280 px.
func TestTriageOfAPastedLog(t *testing.T) {
	t.Parallel()
	srv := realSite(t)
	ctx := newTab(t)
	openReady(t, ctx, srv.URL+"/", "")
	before := eval[float64](t, ctx, `document.querySelector("#q").getBoundingClientRect().height`)
	paste(t, ctx, "#q", pastedLog)
	if got := eval[string](t, ctx, `document.querySelector("#q").value`); got != pastedLog {
		t.Fatalf("the box holds %q, want the pasted log with its lines", got)
	}
	checkTriage(t, ctx)
	if after := eval[float64](t, ctx, `document.querySelector("#q").getBoundingClientRect().height`); after < 2*before {
		t.Errorf("the box does not show a few lines of the log: %v px, was %v", after, before)
	}
	status := eval[string](t, ctx, `document.querySelector(".results-status").textContent`)
	if want := "U plakte 10 regels: 4 verschillende meldingen, 1 regel niet herkend."; status != want {
		t.Errorf("status %q, want %q", status, want)
	}
	for _, c := range []struct{ id, want string }{
		{"http-401-niet-gemachtigd", "Los dit eerst op"},
		{"http-429-too-many-requests", "Los dit als laatste op"},
	} {
		got := eval[string](t, ctx, `document.querySelector(".triage-row[data-error-id='`+c.id+`'] .triage-why")?.textContent || ""`)
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s says %q, want it to start %q", c.id, got, c.want)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector(".triage-row[data-error-id='ongeldige-referentie-btw-code'] .triage-items")?.textContent || ""`); !strings.Contains(got, "F2026-0042") || !strings.Contains(got, "F2026-0043") {
		t.Errorf("the btw-code row names the invoices %q, want F2026-0042 and F2026-0043", got)
	}
	// The unknown line, folded and masked, with a mail that masks its values.
	unknown := eval[string](t, ctx, `document.querySelector(".triage-unmatched")?.textContent || ""`)
	if !strings.Contains(unknown, "regel 9") || !strings.Contains(unknown, "Kan PDF-bijlage niet uploaden") || strings.Contains(unknown, "F2026-0046") {
		t.Errorf("the unrecognised line is not listed: %q", unknown)
	}
	mail := eval[string](t, ctx, `decodeURIComponent(document.querySelector(".triage-unmatched a[href^='mailto:']")?.href || "")`)
	if !strings.Contains(mail, "Kan PDF-bijlage niet uploaden") || strings.Contains(mail, "F2026-0046") || strings.Contains(mail, "09:00:07") {
		t.Errorf("the support mail does not mask the line's values: %q", mail)
	}
	for _, w := range []int64{390, 1280} {
		setViewport(t, ctx, w, 900)
		for _, scheme := range []string{"light", "dark"} {
			emulateMedia(t, ctx, "", scheme)
			// The view as it appears: the window, scrolled to the results.
			eval[bool](t, ctx, `(document.querySelector(".results-status").scrollIntoView({block: "start"}), true)`)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			saveScreenshot(t, fmt.Sprintf("triage-%d-%s.png", w, scheme), png)
		}
	}
	emulateMedia(t, ctx, "", "")

	link := eval[string](t, ctx, `document.querySelector(".triage-share a")?.href || ""`)
	if !strings.Contains(link, "#triage=") {
		t.Fatalf("no support link: %q", link)
	}
	for _, private := range []string{"F2026", "Jansen", "Server Groep", "88213", "09:00", "PDF"} {
		if strings.Contains(link, private) {
			t.Errorf("the support link %q carries the customer's text %q", link, private)
		}
	}

	// Support opens the link in a browser that never saw the log.
	fresh := freshProfile(t)
	openReady(t, fresh, link, "")
	checkTriage(t, fresh)
	page := eval[string](t, fresh, `document.body.innerText`)
	for _, private := range []string{"F2026", "Jansen", "Server Groep", "88213", "PDF-bijlage"} {
		if strings.Contains(page, private) {
			t.Errorf("the page opened from the support link shows %q of the log", private)
		}
	}
	if !strings.Contains(page, "1 regel") || !strings.Contains(page, "niet herkend") {
		t.Errorf("the support view does not say a line was not recognised:\n%s", page)
	}
}

// TestTriageNeedsTwoLines: one line is a search, as before; two or more
// are a log.
func TestTriageNeedsTwoLines(t *testing.T) {
	t.Parallel()
	srv := realSite(t)
	ctx := newTab(t)
	openReady(t, ctx, srv.URL+"/", "")
	paste(t, ctx, "#q", "Factuur F2026-0042: Ongeldige referentie: Btw-code")
	waitFor(t, ctx, "a result list, not a triage", firstResultIs("ongeldige-referentie-btw-code")+` && !document.querySelector(".triage-row")`, resultsState)
	if got := eval[string](t, ctx, `document.querySelector(".results a[data-error-id]").dataset.match`); got != "exact" {
		t.Errorf("the result's match is %q, want exact", got)
	}
}

// freshProfile opens a tab in a new browser context: no cookies, storage or
// history of the other tabs, as another person's browser.
func freshProfile(t *testing.T) context.Context {
	t.Helper()
	return openTab(t, "a tab in a new browser context", chromedp.WithNewBrowserContext())
}
