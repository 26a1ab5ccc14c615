package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// privateLine is one pasted line with a customer's name and invoice.
const privateLine = "09:00:02 ✗ Factuur F2026-0042 (Hoveniersbedrijf Groen): Ongeldige referentie: Btw-code"

// privateNames are the customer names of privateLine and morningLog.
var privateNames = []string{"Hoveniersbedrijf Groen", "Mulder ICT", "Smit Transport"}

// urlsState lists the page's address and every link's href, decoded (a
// mailto: body included).
const urlsState = `[location.href, ...[...document.querySelectorAll("a[href]")].map((a) => a.href)].map((u) => {
  try { return decodeURIComponent(u); } catch { return u; }
})`

// noPrivateURL fails the test for every URL of the page that holds one of
// private (a name, an invoice).
func noPrivateURL(t *testing.T, ctx context.Context, when string, private ...string) {
	t.Helper()
	urls := eval[[]string](t, ctx, urlsState)
	if len(urls) < 2 {
		t.Fatalf("test setup: %s: the page has no links", when)
	}
	for _, u := range urls {
		for _, p := range private {
			if strings.Contains(u, p) || strings.Contains(u, url.QueryEscape(p)) {
				t.Errorf("%s: a URL holds %q: %s", when, p, u)
			}
		}
	}
}

// TestNoCustomerTextInAnyURL: after a one-line search, a log pasted, an
// error opened from a result and the way back, a /?q= link and a crafted
// multi-line one, neither the address nor any link on the page (support
// mails included) holds a customer's name or invoice: results link to the
// errors' own pages, which mark the searched words all the same.
func TestNoCustomerTextInAnyURL(t *testing.T) {
	t.Parallel()
	log, _ := morningLog()
	private := append([]string{"F2026-0042", "F2026-0300"}, privateNames...)
	for _, size := range triageSizes {
		t.Run(fmt.Sprintf("%d px", size.width), func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			setViewport(t, ctx, size.width, size.height)
			openReady(t, ctx, srv.URL+"/", "")

			// One line.
			paste(t, ctx, "#q", privateLine)
			waitFor(t, ctx, "the result of the line", `document.querySelector("[data-results]").getAttribute("aria-busy") === "false" && `+firstResultIs("ongeldige-referentie-btw-code"), resultsState)
			if href := eval[string](t, ctx, `document.querySelector(".results a[data-error-id]").getAttribute("href")`); href != "/errors/ongeldige-referentie-btw-code/" {
				t.Errorf("the result links to %q, want the error's own page", href)
			}
			noPrivateURL(t, ctx, "after a one-line search", private...)

			// A line the site does not know: its support mail.
			do(t, ctx, "clearing the box", chromedp.Evaluate[chromedp.Void](`document.querySelector("#q").value = ""`))
			paste(t, ctx, "#q", "09:04:00 ✗ Factuur F2026-0300 (Smit Transport): Kan PDF-bijlage niet uploaden: bestand is te groot")
			waitFor(t, ctx, "a support mail for the unknown line", `document.querySelector("[data-results]").getAttribute("aria-busy") === "false" && document.querySelector(".results-list a[href^='mailto:']") !== null`, resultsState)
			mail := eval[string](t, ctx, `decodeURIComponent(document.querySelector(".results-list a[href^='mailto:']").href)`)
			if !strings.Contains(mail, "Kan PDF-bijlage niet uploaden: bestand is te groot") {
				t.Errorf("the support mail lacks the message's text:\n%s", mail)
			}
			noPrivateURL(t, ctx, "after searching an unknown line", private...)

			// A log.
			do(t, ctx, "clearing the box", chromedp.Evaluate[chromedp.Void](`document.querySelector("#q").value = ""`))
			pasteLog(t, ctx, log)
			if n := eval[int](t, ctx, `document.querySelectorAll("a[href^='mailto:']").length`); n < 3 {
				t.Errorf("test setup: %d mailto: links in the triage view, want those of the unsolved row and the unknown lines", n)
			}
			noPrivateURL(t, ctx, "after pasting a log", private...)

			// A result opened, and the way back.
			openReady(t, ctx, srv.URL+"/", "")
			do(t, ctx, "typing a line", chromedp.Focus("#q"), chromedp.SendKeys("#q", privateLine))
			waitFor(t, ctx, "the result of the line", `document.querySelector("[data-results]").getAttribute("aria-busy") === "false" && `+firstResultIs("ongeldige-referentie-btw-code"), resultsState)
			do(t, ctx, "opening the result", chromedp.Click(".results a[data-error-id]", chromedp.NodeVisible))
			waitFor(t, ctx, "the error's page with the searched words marked",
				`location.pathname === "/errors/ongeldige-referentie-btw-code/" && document.querySelector("article mark") !== null`,
				`JSON.stringify({href: location.href, marks: document.querySelectorAll("mark").length})`)
			noPrivateURL(t, ctx, "on the error's page", private...)
			if s := eval[string](t, ctx, `location.search`); s != "" {
				t.Errorf("the error's page has the query %q", s)
			}
			do(t, ctx, "going back to the results", chromedp.Click(".search-back a", chromedp.NodeVisible))
			waitFor(t, ctx, "the results again", `location.pathname === "/" && document.querySelector("#q")?.value === `+js(privateLine)+` && `+firstResultIs("ongeldige-referentie-btw-code"), resultsState)
			noPrivateURL(t, ctx, "back on the results", private...)

			// A /?q= link: searched, then dropped from the address.
			openReady(t, ctx, srv.URL+"/?"+url.Values{"q": {privateLine}}.Encode(), "")
			waitFor(t, ctx, "the result of the link's line", firstResultIs("ongeldige-referentie-btw-code"), resultsState)
			if got := eval[string](t, ctx, `location.href`); got != srv.URL+"/" {
				t.Errorf("after reading ?q= the address is %q, want %q", got, srv.URL+"/")
			}
			noPrivateURL(t, ctx, "after opening a /?q= link", private...)
			if n := eval[int](t, ctx, `history.length`); n < 1 {
				t.Fatal("no history")
			}

			// A crafted link with a whole log in ?q=: no triage, no search,
			// and the text leaves the address.
			openReady(t, ctx, srv.URL+"/?"+url.Values{"q": {log}}.Encode(), "")
			if got := eval[string](t, ctx, `location.href`); got != srv.URL+"/" {
				t.Errorf("after a multi-line ?q= the address is %q, want %q", got, srv.URL+"/")
			}
			if eval[bool](t, ctx, `document.querySelector(".triage-row, .result") !== null || document.querySelector("#q").value !== ""`) {
				t.Errorf("a multi-line ?q= was searched: %s", eval[string](t, ctx, resultsState))
			}
		})
	}
}

// TestWithoutJavaScriptNoPastedTextIsSent turns JavaScript off, pastes a
// log into the search box and presses "Zoeken": the list page opens on its
// search tip, and no request (its URL, its body) nor the address holds any
// of the pasted text.
func TestWithoutJavaScriptNoPastedTextIsSent(t *testing.T) {
	t.Parallel()
	log, _ := morningLog()
	fragments := append([]string{"F2026", "Btw-code", "Synchronisatie", "09:0"}, privateNames...)
	for _, size := range triageSizes {
		t.Run(fmt.Sprintf("%d px", size.width), func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			setViewport(t, ctx, size.width, size.height)
			disableJavaScript(t, ctx)
			navigate(t, ctx, srv.URL+"/")
			var (
				mu       sync.Mutex
				requests []*network.Request
			)
			if err := chromedp.Listen(ctx, func(ev any) {
				if e, ok := ev.(*network.EventRequestWillBeSent); ok {
					mu.Lock()
					requests = append(requests, e.Request)
					mu.Unlock()
				}
			}); err != nil {
				t.Fatal(err)
			}
			// The value as a paste leaves it (DevTools evaluation works with
			// the page's scripts off).
			eval[chromedp.Void](t, ctx, `document.querySelector("#q").value = `+js(log))
			do(t, ctx, "pressing Zoeken", chromedp.Click(`form.search button[type="submit"]`))
			waitFor(t, ctx, "the list page on its search tip",
				`location.pathname === "/errors/" && document.readyState === "complete" && document.querySelector(".search-help")?.checkVisibility()`,
				`JSON.stringify(location.href)`)
			mu.Lock()
			defer mu.Unlock()
			sent := false
			for _, r := range requests {
				if strings.HasPrefix(r.URL, srv.URL+"/errors/") {
					sent = true
				}
				what := r.URL + r.URLFragment
				for _, e := range r.PostDataEntries {
					what += " " + string(e.Bytes)
				}
				decoded, err := url.QueryUnescape(what)
				if err != nil {
					decoded = what
				}
				for _, f := range fragments {
					if strings.Contains(decoded, f) {
						t.Errorf("a request carries the pasted %q: %s %.160s…", f, r.Method, what)
					}
				}
			}
			if !sent {
				t.Fatalf("test setup: no request for the list page among %d", len(requests))
			}
			for _, f := range fragments {
				if href := eval[string](t, ctx, `decodeURIComponent(location.href)`); strings.Contains(href, f) {
					t.Errorf("the address holds the pasted %q: %.160s…", f, href)
				}
			}
		})
	}
}
