package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The widths the triage view is held to: a phone and a laptop.
var triageSizes = []struct{ width, height int64 }{{375, 812}, {1280, 900}}

// pastedAt opens the real site's home page in a new tab of the size given
// and pastes log into the search box.
func pastedAt(t *testing.T, size struct{ width, height int64 }, log string) (*served, context.Context) {
	t.Helper()
	srv := realSite(t)
	ctx := newTab(t)
	setViewport(t, ctx, size.width, size.height)
	openReady(t, ctx, srv.URL+"/", "")
	pasteLog(t, ctx, log)
	return srv, ctx
}

// customers are the names a morning's log carries, in brackets after the
// invoice or payment, as the sync screen writes them.
var customers = []string{"Hoveniersbedrijf Groen", "Mulder ICT", "Smit Transport", "Bakkerij De Vries", "Autobedrijf Van Dijk", "Kapsalon Knip"}

// A document of a log line: its number and its customer.
type logItem struct{ ref, name string }

// morningLog is a sync log of 40 lines: its header, 21 invoices with the
// wrong VAT code, 6 payments that did not match, 3 invoices that found no
// Exact host (an error without a solution, which stops every sync), 4
// lines the site does not know, the 429 that follows, a stack frame, the
// totals and the footer. The invoices come in no order; items are each
// error's documents, sorted.
func morningLog() (log string, items map[string][]logItem) {
	items = map[string][]logItem{}
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	add := func(id, ref, name string) { items[id] = append(items[id], logItem{ref, name}) }
	line("Synchronisatie gestart 03-11-2026 09:00")
	line("09:00:01 ✓ Factuur F2026-0100 gesynchroniseerd")
	for i := range 21 {
		ref := fmt.Sprintf("F2026-%04d", 160-(i*7)%60) // 160, 153, ... out of order
		name := customers[i%len(customers)]
		line("09:01:%02d ✗ Factuur %s (%s): Ongeldige referentie: Btw-code", i, ref, name)
		add("ongeldige-referentie-btw-code", ref, name)
	}
	for i := range 6 {
		ref := fmt.Sprintf("8821%d", 6-i)
		name := customers[(i+2)%len(customers)]
		line("09:02:%02d ✗ Betaling %s (%s): Betaling matchen in Exact mislukt.", i, ref, name)
		add("betaling-matchen-mislukt", ref, name)
	}
	for i := range 3 {
		ref := fmt.Sprintf("F2026-%04d", 200+i)
		line("09:03:%02d ✗ Factuur %s: De externe naam kan niet worden omgezet: 'start.exactonline.nl'.", i, ref)
		add("externe-naam-niet-omgezet", ref, "")
	}
	for i := range 4 {
		line("09:04:%02d ✗ Factuur F2026-%04d (%s): Kan PDF-bijlage niet uploaden: bestand is te groot", i, 300+i, customers[(i+1)%len(customers)])
	}
	line("09:05:00 ✗ Factuur F2026-0400 (Mulder ICT): The remote server returned an error: (429) Too Many Requests.")
	add("http-429-too-many-requests", "F2026-0400", "Mulder ICT")
	line("   at Bookzo.Sync.Exact.InvoiceService.Push(Invoice i) in C:\\build\\Sync\\InvoiceService.cs:line 112")
	line("Totaal: 31 facturen, 6 betalingen, 35 fouten")
	b.WriteString("Synchronisatie beëindigd met fouten")
	for id := range items {
		slices.SortFunc(items[id], func(a, b logItem) int { return strings.Compare(a.ref, b.ref) })
		items[id] = slices.CompactFunc(items[id], func(a, b logItem) bool { return a.ref == b.ref })
	}
	return b.String(), items
}

// morningOrder is the order to fix the morning log's errors: the host
// first (it stops every sync), then by count, the 429 last.
var morningOrder = []string{"externe-naam-niet-omgezet 3", "ongeldige-referentie-btw-code 21", "betaling-matchen-mislukt 6", "http-429-too-many-requests 1"}

// triageReady is a condition: the search box is done and shows a triage.
const triageReady = `document.querySelector("[data-results]")?.getAttribute("aria-busy") === "false" && document.querySelector(".triage-row, .triage-unmatched") !== null`

// pasteLog pastes log into the search box and waits for its triage and
// for the page to stop scrolling it into view: a click during a smooth
// scroll lands where the button was, not where it is.
func pasteLog(t *testing.T, ctx context.Context, log string) {
	t.Helper()
	paste(t, ctx, "#q", log)
	waitFor(t, ctx, "the triage view", triageReady, triageState)
	waitStill(t, ctx)
}

// stillPage holds once the page has not scrolled for three frames.
const stillPage = `new Promise((done) => {
  const y = scrollY;
  requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done(scrollY === y))));
})`

// waitStill waits for the page to stop scrolling.
func waitStill(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the page to stop scrolling", stillPage, "")
}

// rect is an element's box in the viewport.
type rect struct {
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
	Height float64 `json:"height"`
	Found  bool    `json:"found"`
}

func rectOf(t *testing.T, ctx context.Context, sel string) rect {
	t.Helper()
	return eval[rect](t, ctx, `(() => {
  const e = document.querySelector(`+js(sel)+`);
  if (!e) return {found: false};
  const r = e.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: r.height, found: true};
})()`)
}

// screenshotTriage saves the window as it is, once it has stopped
// scrolling, in light and dark mode.
func screenshotTriage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	waitStill(t, ctx)
	for _, scheme := range []string{"light", "dark"} {
		emulateMedia(t, ctx, "", scheme)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		saveScreenshot(t, name+"-"+scheme+".png", png)
	}
	emulateMedia(t, ctx, "", "")
}

// TestTriageAnswerInView pastes a 40-line log at a phone's and a laptop's
// size: the box shrinks to a few lines (a button shows the whole log), the
// page brings the summary and the first error into view, the summary says
// how many errors there are and the order to fix them, and each error's
// steps are a numbered list.
func TestTriageAnswerInView(t *testing.T) {
	t.Parallel()
	log, _ := morningLog()
	for _, size := range triageSizes {
		t.Run(fmt.Sprintf("%d px", size.width), func(t *testing.T) {
			t.Parallel()
			_, ctx := pastedAt(t, size, log)
			checkRows(t, ctx, morningOrder)

			// The box: a few lines, then the whole log on request.
			lineHeight := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector("#q")).lineHeight)`)
			box := rectOf(t, ctx, "#q")
			if box.Height > 6*lineHeight {
				t.Errorf("the box with the log is %.0f px high, more than a few lines (%.0f px each)", box.Height, lineHeight)
			}
			toggle := `document.querySelector(".log-toggle")`
			if got := eval[string](t, ctx, toggle+`?.textContent || ""`); got != "Hele log tonen (40 regels)" {
				t.Errorf("the button under the box says %q", got)
			}

			// The answer in view, without scrolling by hand.
			waitFor(t, ctx, "the summary and the first error in view", `(() => {
  const s = document.querySelector(".results-status").getBoundingClientRect();
  const o = document.querySelector(".triage-summary").getBoundingClientRect();
  const h = document.querySelector(".triage-row .triage-head").getBoundingClientRect();
  return s.top >= 0 && o.bottom <= innerHeight && h.bottom <= innerHeight;
})()`, `JSON.stringify({scrollY, status: document.querySelector(".results-status").getBoundingClientRect(), head: document.querySelector(".triage-row .triage-head")?.getBoundingClientRect(), innerHeight})`)
			screenshotTriage(t, ctx, fmt.Sprintf("triage-answer-%d", size.width))

			status := eval[string](t, ctx, `document.querySelector(".results-status").textContent`)
			if !strings.HasPrefix(status, "U plakte 40 regels: 4 verschillende meldingen,") || !strings.Contains(status, "niet herkend") {
				t.Errorf("status %q does not say how many lines, errors and unknown lines", status)
			}
			order := eval[[]string](t, ctx, `[...document.querySelectorAll(".triage-summary .triage-order > li")].map((li) => li.textContent)`)
			titles := eval[[]string](t, ctx, `[...document.querySelectorAll(".triage-row .triage-title")].map((a) => a.textContent)`)
			if len(order) != len(titles) {
				t.Fatalf("the summary's order has %d entries %q, the view %d rows", len(order), order, len(titles))
			}
			for i := range order {
				if !strings.HasPrefix(order[i], titles[i]) {
					t.Errorf("the summary's step %d is %q, the row is %q", i+1, order[i], titles[i])
				}
			}
			if !strings.Contains(order[0], "eerst") || !strings.Contains(order[len(order)-1], "als laatste") {
				t.Errorf("the summary's order does not say what comes first and last: %q", order)
			}
			ranks := eval[[]string](t, ctx, `[...document.querySelectorAll(".triage-row .triage-rank")].map((e) => e.textContent)`)
			if want := []string{"1", "2", "3", "4"}; !slices.Equal(ranks, want) {
				t.Errorf("the rows are numbered %q, want %q", ranks, want)
			}
			// Steps are numbered: an ordered list, shown with its numbers.
			steps := eval[[]string](t, ctx, `[...document.querySelectorAll(".triage-row[data-error-id='ongeldige-referentie-btw-code'] ol.triage-steps > li")].map((li) => li.textContent)`)
			if len(steps) == 0 {
				t.Error("the btw-code row has no numbered steps")
			}
			if style := eval[string](t, ctx, `getComputedStyle(document.querySelector("ol.triage-steps")).listStyleType`); style != "decimal" {
				t.Errorf("the steps are listed with %q, want numbers (decimal)", style)
			}

			// The whole log, and back.
			do(t, ctx, "showing the whole log", chromedp.Click(".log-toggle", chromedp.NodeVisible))
			if h := rectOf(t, ctx, "#q").Height; h < 2*box.Height {
				t.Errorf("with the whole log shown the box is %.0f px, was %.0f", h, box.Height)
			}
			if got := eval[string](t, ctx, toggle+`.getAttribute("aria-expanded")`); got != "true" {
				t.Errorf("the button's aria-expanded is %q once open", got)
			}
			do(t, ctx, "folding the log", chromedp.Click(".log-toggle", chromedp.NodeVisible))
			if h := rectOf(t, ctx, "#q").Height; h != box.Height {
				t.Errorf("folded again the box is %.0f px, want %.0f", h, box.Height)
			}
		})
	}
}

// checkRows waits for the view's rows: "id count", in order.
func checkRows(t *testing.T, ctx context.Context, want []string) {
	t.Helper()
	waitFor(t, ctx, "the rows "+strings.Join(want, ", "),
		`[...document.querySelectorAll(".triage-row")].map((r) => r.dataset.errorId + " " + r.dataset.count).join("|") === `+js(strings.Join(want, "|")),
		triageState)
}

// A row of the triage view as a test sees it.
type triageRow struct {
	ID       string   `json:"id"`
	Count    string   `json:"count"`
	Steps    []string `json:"steps"`
	Unsolved string   `json:"unsolved"`
	Mail     string   `json:"mail"` // the decoded mailto: href in the row
	Refs     []string `json:"refs"`
	Names    []string `json:"names"`
	Shown    int      `json:"shown"` // items visible
	Text     string   `json:"text"`
}

const rowsState = `[...document.querySelectorAll(".triage-row")].map((r) => ({
  id: r.dataset.errorId, count: r.dataset.count,
  steps: [...r.querySelectorAll("ol.triage-steps > li")].map((li) => li.textContent),
  unsolved: r.querySelector(".triage-nosolution")?.textContent || "",
  mail: decodeURIComponent(r.querySelector("a[href^='mailto:']")?.href || ""),
  refs: [...r.querySelectorAll(".triage-item .triage-ref")].map((e) => e.textContent),
  names: [...r.querySelectorAll(".triage-item")].map((e) => e.querySelector(".triage-name")?.textContent || ""),
  shown: [...r.querySelectorAll(".triage-item")].filter((e) => e.checkVisibility()).length,
  text: r.textContent,
}))`

func rows(t *testing.T, ctx context.Context) map[string]triageRow {
	t.Helper()
	out := map[string]triageRow{}
	for _, r := range eval[[]triageRow](t, ctx, rowsState) {
		out[r.ID] = r
	}
	return out
}

// TestTriageRowsListEveryDocument: each row lists every invoice and payment
// of its lines, sorted, with the customer's name where the line has one; a
// few are shown, a button shows the rest, and "Kopieer lijst" puts the
// whole list on the clipboard. The support link holds none of them.
func TestTriageRowsListEveryDocument(t *testing.T) {
	t.Parallel()
	log, items := morningLog()
	for _, size := range triageSizes {
		t.Run(fmt.Sprintf("%d px", size.width), func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			grantClipboard(t, ctx, srv.URL)
			setViewport(t, ctx, size.width, size.height)
			openReady(t, ctx, srv.URL+"/", "")
			pasteLog(t, ctx, log)
			checkRows(t, ctx, morningOrder)
			got := rows(t, ctx)
			for id, want := range items {
				r := got[id]
				var refs, names []string
				for _, it := range want {
					refs = append(refs, it.ref)
					names = append(names, it.name)
				}
				if !slices.Equal(r.Refs, refs) {
					t.Errorf("%s lists %q, want every document sorted: %q", id, r.Refs, refs)
				}
				if !slices.Equal(r.Names, names) {
					t.Errorf("%s names the customers %q, want %q", id, r.Names, names)
				}
				wantShown := len(refs)
				if wantShown > 7 {
					wantShown = 5
				}
				if r.Shown != wantShown {
					t.Errorf("%s shows %d of its %d documents, want %d", id, r.Shown, len(refs), wantShown)
				}
			}

			// The rest on request.
			const row = ".triage-row[data-error-id='ongeldige-referentie-btw-code']"
			more := row + " .triage-more-items"
			if got := eval[string](t, ctx, `document.querySelector(`+js(more)+`)?.textContent || ""`); got != "Toon alle 21" {
				t.Fatalf("the button for the rest says %q, want %q", got, "Toon alle 21")
			}
			do(t, ctx, "showing every invoice", chromedp.Click(more, chromedp.NodeVisible))
			if r := rows(t, ctx)["ongeldige-referentie-btw-code"]; r.Shown != 21 {
				t.Errorf("after %q, %d of 21 invoices are shown", "Toon alle 21", r.Shown)
			}
			if got := eval[string](t, ctx, `document.querySelector(`+js(more)+`).getAttribute("aria-expanded")`); got != "true" {
				t.Errorf("aria-expanded of the button is %q once open", got)
			}
			screenshotTriage(t, ctx, fmt.Sprintf("triage-items-%d", size.width))

			// "Kopieer lijst": every document, one a line, with its name.
			unlock := lockClipboard(t)
			eval[chromedp.Void](t, ctx, `navigator.clipboard.writeText("niet de lijst")`)
			do(t, ctx, "clicking Kopieer lijst", chromedp.Click(row+" .triage-copy-list", chromedp.NodeVisible))
			waitFor(t, ctx, "the list on the clipboard", `navigator.clipboard.readText().then((t) => t !== "niet de lijst")`, "")
			var want strings.Builder
			for _, it := range items["ongeldige-referentie-btw-code"] {
				fmt.Fprintf(&want, "%s\t%s\n", it.ref, it.name)
			}
			copied := eval[string](t, ctx, `navigator.clipboard.readText()`)
			unlock()
			if copied != want.String() {
				t.Errorf("Kopieer lijst copied\n%s\nwant\n%s", copied, want.String())
			}

			link := eval[string](t, ctx, `document.querySelector(".triage-share a").href`)
			for _, it := range items["ongeldige-referentie-btw-code"] {
				if strings.Contains(link, it.ref) || strings.Contains(link, it.name) {
					t.Errorf("the support link %q holds the invoice %s (%s)", link, it.ref, it.name)
				}
			}
		})
	}
}

// TestTriageRowsAreActionable: every row says what to do: the solution's
// first steps (for betaling-matchen-mislukt its numbered steps, not the
// warning its solution opens with), or, for an error without a solution,
// "Nog geen oplossing" with a support mail in that row whose body names
// the error (its fixed text, the host) and masks the customer's values.
func TestTriageRowsAreActionable(t *testing.T) {
	t.Parallel()
	log, items := morningLog()
	for _, size := range triageSizes {
		t.Run(fmt.Sprintf("%d px", size.width), func(t *testing.T) {
			t.Parallel()
			srv, ctx := pastedAt(t, size, log)
			checkRows(t, ctx, morningOrder)
			for id, r := range rows(t, ctx) {
				if len(r.Steps) == 0 && r.Unsolved == "" {
					t.Errorf("%s: neither steps nor %q: nothing to do", id, "Nog geen oplossing")
				}
				if len(r.Steps) > 0 && r.Unsolved != "" {
					t.Errorf("%s: steps and %q at once", id, "Nog geen oplossing")
				}
			}
			host := rows(t, ctx)["externe-naam-niet-omgezet"]
			if !strings.HasPrefix(host.Unsolved, "Nog geen oplossing.") {
				t.Errorf("the row of an error without a solution says %q", host.Unsolved)
			}
			if !strings.HasPrefix(host.Mail, "mailto:"+srv.Content.Config.Support.Email+"?") {
				t.Fatalf("no support mail in the row of an error without a solution: %q", host.Mail)
			}
			for _, keep := range []string{"start.exactonline.nl", "Externe naam kan niet worden omgezet", "Aantal keer in het log: 3"} {
				if !strings.Contains(host.Mail, keep) {
					t.Errorf("the support mail lacks %q, which support needs:\n%s", keep, host.Mail)
				}
			}
			for _, it := range items["externe-naam-niet-omgezet"] {
				if strings.Contains(host.Mail, it.ref) {
					t.Errorf("the support mail holds the invoice number %s:\n%s", it.ref, host.Mail)
				}
			}
			for _, name := range customers {
				if strings.Contains(host.Mail, name) {
					t.Errorf("the support mail holds the customer %q:\n%s", name, host.Mail)
				}
			}
			screenshotTriage(t, ctx, fmt.Sprintf("triage-rows-%d", size.width))
			eval[chromedp.Void](t, ctx, `document.querySelector(".triage-row[data-error-id='betaling-matchen-mislukt']").scrollIntoView({block: "start"})`)
			screenshotTriage(t, ctx, fmt.Sprintf("triage-rows-%d-steps", size.width))

			match := rows(t, ctx)["betaling-matchen-mislukt"]
			want := []string{"Ga in Exact naar Verkoop > Openstaande posten > Overzicht.", "Letter de betaling daar af."}
			if !slices.Equal(match.Steps, want) {
				t.Errorf("betaling-matchen-mislukt's steps are %q, want its numbered steps %q", match.Steps, want)
			}
			if strings.Contains(match.Text, "komt bij een nieuwe synchronisatie niet meer terug") {
				t.Errorf("betaling-matchen-mislukt's row shows its warning sentence: %q", match.Text)
			}
		})
	}
}

// unknownLog is a log in which the lines the site does not know are the
// largest group: three of one kind (other invoices, other customers), one
// of another, against one known error; with its header, totals and footer.
const unknownLog = `Synchronisatie gestart 03-11-2026 09:00
09:00:01 ✗ Factuur F2026-0301 (Mulder ICT): Kan PDF-bijlage niet uploaden: bestand is te groot
09:00:02 ✗ Factuur F2026-0302 (Smit Transport): Kan PDF-bijlage niet uploaden: bestand is te groot
09:00:03 ✗ Factuur F2026-0303 (Hoveniersbedrijf Groen): Kan PDF-bijlage niet uploaden: bestand is te groot
09:00:04 ✗ Factuur F2026-0304 (Kapsalon Knip): Onbekende fout bij het opslaan van de memo
09:00:05 ✗ Factuur F2026-0042 (Bakkerij De Vries): Ongeldige referentie: Btw-code
Totaal: 5 facturen, 5 fouten
Synchronisatie beëindigd met fouten`

// A group of unknown lines as a test sees it.
type unknownGroup struct {
	Count string `json:"count"`
	Text  string `json:"text"`
}

const groupsState = `[...document.querySelectorAll("[data-unknown-count]")].map((g) => ({count: g.dataset.unknownCount, text: g.textContent}))`

// TestTriageUnknownLines: the lines the site does not know are grouped by
// their masked text, one element per group with data-unknown-count, shown
// open above the errors when they are the largest group (folded below them
// otherwise), and the log's own header and footer are not among them.
func TestTriageUnknownLines(t *testing.T) {
	t.Parallel()
	morning, _ := morningLog()
	for _, size := range triageSizes {
		t.Run(fmt.Sprintf("%d px", size.width), func(t *testing.T) {
			t.Parallel()
			srv, ctx := pastedAt(t, size, unknownLog)
			checkRows(t, ctx, []string{"ongeldige-referentie-btw-code 1"})
			groups := eval[[]unknownGroup](t, ctx, groupsState)
			if len(groups) < 2 || groups[0].Count != "3" || groups[1].Count != "1" {
				t.Fatalf("groups of unknown lines %+v, want 3 × the PDF line first, then 1 × the memo line", groups)
			}
			if !strings.Contains(groups[0].Text, "Kan PDF-bijlage niet uploaden: bestand is te groot") {
				t.Errorf("the first group shows %q, not the line's text", groups[0].Text)
			}
			for _, g := range groups {
				for _, private := range append(customers, "F2026-030") {
					if strings.Contains(g.Text, private) {
						t.Errorf("a group shows %q unmasked: %q", private, g.Text)
					}
				}
			}
			place := eval[map[string]bool](t, ctx, `(() => {
  const d = document.querySelector(".triage-unmatched");
  const row = document.querySelector(".triage-row");
  return {open: d.open, above: !!(d.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING)};
})()`)
			if !place["open"] || !place["above"] {
				t.Errorf("the unknown lines, the largest group, are open %v and above the errors %v; want both", place["open"], place["above"])
			}
			waitFor(t, ctx, "the unknown lines in view", `(() => {
  const r = document.querySelector(".triage-unmatched summary").getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight;
})()`, `JSON.stringify(document.querySelector(".triage-unmatched").getBoundingClientRect())`)
			screenshotTriage(t, ctx, fmt.Sprintf("triage-unknown-%d", size.width))

			// Where the errors are the larger part, the unknown lines fold
			// away below them.
			openReady(t, ctx, srv.URL+"/", "")
			pasteLog(t, ctx, morning)
			place = eval[map[string]bool](t, ctx, `(() => {
  const d = document.querySelector(".triage-unmatched");
  const row = document.querySelector(".triage-row");
  return {open: d.open, above: !!(d.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING)};
})()`)
			if place["open"] || place["above"] {
				t.Errorf("in a log of mostly known errors the unknown lines are open %v, above %v; want folded below", place["open"], place["above"])
			}
			groups = eval[[]unknownGroup](t, ctx, groupsState)
			if len(groups) == 0 || groups[0].Count != "4" {
				t.Errorf("the morning log's four PDF lines are not one group of 4: %+v", groups)
			}

			openReady(t, ctx, srv.URL+"/", "")
			pasteLog(t, ctx, unknownLog)
			total := 0
			for _, g := range eval[[]unknownGroup](t, ctx, groupsState) {
				var n int
				fmt.Sscan(g.Count, &n)
				total += n
				for _, own := range []string{"gestart", "Totaal", "beëindigd"} {
					if strings.Contains(g.Text, own) {
						t.Errorf("the log's own line %q counts as unknown", g.Text)
					}
				}
			}
			if total != 4 {
				t.Errorf("%d unknown lines, want 4", total)
			}
		})
	}
}

// TestTriageSupportLinkShowsWhatItSafelyCan: the support link of a pasted
// log, opened in a browser that never saw it, shows the same errors and
// the count of the lines the site did not know, their masked text only
// where the masker is sure no customer value is left; a hand-made link's
// text is masked again. Nothing of the log's names or invoices.
func TestTriageSupportLinkShowsWhatItSafelyCan(t *testing.T) {
	t.Parallel()
	for _, size := range triageSizes {
		t.Run(fmt.Sprintf("%d px", size.width), func(t *testing.T) {
			t.Parallel()
			srv, ctx := pastedAt(t, size, unknownLog)
			link := eval[string](t, ctx, `document.querySelector(".triage-share a").href`)
			pastedGroups := eval[[]unknownGroup](t, ctx, groupsState)
			for _, private := range append(customers, "F2026", "09:00") {
				if strings.Contains(link, private) {
					t.Errorf("the support link %q holds %q", link, private)
				}
			}

			fresh := freshProfile(t)
			setViewport(t, fresh, size.width, size.height)
			openReady(t, fresh, link, triageReady)
			checkRows(t, fresh, []string{"ongeldige-referentie-btw-code 1"})
			groups := eval[[]unknownGroup](t, fresh, groupsState)
			if len(groups) != len(pastedGroups) {
				t.Fatalf("the support view has %d groups of unknown lines %+v, the pasted view %d", len(groups), groups, len(pastedGroups))
			}
			for i, g := range groups {
				if g.Count != pastedGroups[i].Count {
					t.Errorf("group %d: %s lines in the support view, %s pasted", i+1, g.Count, pastedGroups[i].Count)
				}
			}
			page := eval[string](t, fresh, `document.body.innerText`)
			for _, private := range append(customers, "F2026-0", "09:00:0") {
				if strings.Contains(page, private) {
					t.Errorf("the support view shows %q", private)
				}
			}
			screenshotTriage(t, fresh, fmt.Sprintf("triage-support-%d", size.width))

			// A link with a sure group's text (words of the catalogue's
			// messages only) and one without; the text, edited to hold a
			// number and a name in brackets, is masked, and a text the
			// masker is not sure of (words no message has) is not shown.
			openReady(t, fresh, srv.URL+"/#triage=ongeldige-referentie-btw-code.2;u=3."+
				"Fout%20bij%20exporteren%20van%20betaling%3A%20niet%20gevonden,2,1.Bel%200612345678%20(Smit%20Transport),1.Kan%20PDF-bijlage%20niet%20uploaden", triageReady)
			groups = eval[[]unknownGroup](t, fresh, groupsState)
			if len(groups) != 4 || groups[0].Count != "3" || groups[1].Count != "2" || groups[2].Count != "1" {
				t.Fatalf("groups from the link %+v, want counts 3, 2, 1, 1", groups)
			}
			if strings.Contains(groups[3].Text, "PDF-bijlage") {
				t.Errorf("a text the masker is not sure of is shown: %q", groups[3].Text)
			}
			if !strings.Contains(groups[0].Text, "Fout bij exporteren van betaling: niet gevonden") {
				t.Errorf("the sure group's text is not shown: %q", groups[0].Text)
			}
			if !strings.Contains(groups[1].Text, "niet in de link") {
				t.Errorf("the group without text does not say why: %q", groups[1].Text)
			}
			if strings.Contains(groups[2].Text, "0612345678") || strings.Contains(groups[2].Text, "Smit Transport") {
				t.Errorf("a link's text is shown unmasked: %q", groups[2].Text)
			}
			status := eval[string](t, fresh, `document.querySelector(".results-status").textContent`)
			if want := "Uit een link voor support: 1 melding, 7 regels niet herkend."; status != want {
				t.Errorf("status %q, want %q", status, want)
			}
		})
	}
}
