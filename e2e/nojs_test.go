package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWithoutJavaScriptEveryErrorIsListed turns JavaScript off and finds
// every error on the home page (a link) and on the list page (a block), and
// no "Link kopiëren" button, which needs the script to work.
func TestWithoutJavaScriptEveryErrorIsListed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, path string
		items      string // selector of the elements that carry data-error-id
		buttons    bool   // whether the page has copy-link buttons
	}{
		{"home", "/", "a[data-error-id]", false},
		{"list", "/errors/", "article.error-block[data-error-id]", true},
		{"error page", "/errors/ongeldige-referentie-klant/", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			var want []string
			for _, e := range srv.Content.Errors {
				want = append(want, e.ID)
			}
			ctx := newTab(t)
			disableJavaScript(t, ctx)
			navigate(t, ctx, srv.URL+c.path)
			// The site's script adds a "Kopieer" button to every message; none
			// here shows that the script did not run.
			if n := eval[int](t, ctx, `document.querySelectorAll("button.copy").length`); n != 0 {
				t.Fatalf("test setup: %d buttons that the site's script adds: JavaScript is not off", n)
			}

			if c.items != "" {
				got := eval[[]string](t, ctx, `[...document.querySelectorAll(`+js(c.items)+`)].map((e) => e.dataset.errorId)`)
				if len(got) != len(want) {
					t.Errorf("%s: %d elements %s, want %d (one per error)", c.path, len(got), c.items, len(want))
				}
				slices.Sort(got)
				got = slices.Compact(got)
				for _, id := range want {
					if _, ok := slices.BinarySearch(got, id); !ok {
						t.Errorf("%s: error %q is not listed", c.path, id)
					}
				}
			}

			type button struct {
				Hidden  bool   `json:"hidden"`
				Visible bool   `json:"visible"`
				URL     string `json:"url"`
			}
			buttons := eval[[]button](t, ctx, `[...document.querySelectorAll(".copy-link")].map((b) => ({hidden: b.hidden, visible: b.checkVisibility(), url: b.dataset.url}))`)
			if c.buttons && len(buttons) == 0 {
				t.Errorf("%s: no .copy-link buttons at all; the test expects hidden ones", c.path)
			}
			for _, b := range buttons {
				if !b.Hidden || b.Visible {
					t.Errorf("%s: copy-link button for %s is shown without JavaScript (hidden attribute %v, visible %v)", c.path, b.URL, b.Hidden, b.Visible)
				}
			}
		})
	}
}

// searchHelpState is the list page's tip for finding a message with the
// browser's own search (Ctrl+F), as TestWithoutJavaScriptSearchOpensTheList
// sees it.
const searchHelpState = `(() => {
  const p = document.querySelector(".search-help");
  const r = p ? p.getBoundingClientRect() : null;
  return {
    path: location.pathname, hash: location.hash, q: new URLSearchParams(location.search).get("q"),
    found: !!p, shown: !!p && p.checkVisibility(), inView: !!r && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight,
    text: p ? p.textContent.replace(/\s+/g, " ").trim() : "",
    blocks: document.querySelectorAll("article.error-block[data-error-id]").length,
    readyState: document.readyState,
  };
})()`

// TestWithoutJavaScriptSearchOpensTheList turns JavaScript off, types a
// message into the home page's search box and presses "Zoeken": the form
// opens the list page, which lists every error with its messages, on a tip
// that says how to find the message there (Ctrl+F, Cmd+F on a Mac), and
// without the typed text in its address. The
// list page opened otherwise does not show the tip, and with JavaScript the
// button still searches on the home page.
func TestWithoutJavaScriptSearchOpensTheList(t *testing.T) {
	t.Parallel()
	type state struct {
		Path   string `json:"path"`
		Hash   string `json:"hash"`
		Q      string `json:"q"`
		Found  bool   `json:"found"`
		Shown  bool   `json:"shown"`
		InView bool   `json:"inView"`
		Text   string `json:"text"`
		Blocks int    `json:"blocks"`
	}
	const query = "Ongeldige referentie: Klant"

	for _, size := range []struct{ width, height int64 }{{390, 844}, {1280, 900}} {
		t.Run(fmt.Sprintf("without JavaScript at %d px", size.width), func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			setViewport(t, ctx, size.width, size.height)
			disableJavaScript(t, ctx)
			navigate(t, ctx, srv.URL+"/")
			do(t, ctx, "typing into the search box", chromedp.Focus("#q"), chromedp.SendKeys("#q", query))
			do(t, ctx, "pressing Zoeken", chromedp.Click(`form.search button[type="submit"]`))
			waitFor(t, ctx, "the list page on its search tip",
				`((s) => s.path === "/errors/" && s.readyState === "complete" && s.shown)(`+searchHelpState+`)`, searchHelpState)
			s := eval[state](t, ctx, searchHelpState)
			// The box has no name: what is typed or pasted in it is never sent.
			if s.Q != "" {
				t.Errorf("the list page was opened with ?q=%q: the form sent the box's text", s.Q)
			}
			if !s.InView {
				t.Error("the search tip is not in view")
			}
			for _, want := range []string{"Zoek de melding op deze pagina.", "Ctrl+F", "op een Mac Cmd+F"} {
				if !strings.Contains(s.Text, want) {
					t.Errorf("the search tip %q does not say %q", s.Text, want)
				}
			}
			if s.Blocks != len(srv.Content.Errors) {
				t.Errorf("the list page shows %d errors, want all %d", s.Blocks, len(srv.Content.Errors))
			}
			if n := eval[int](t, ctx, `document.querySelectorAll("button.copy").length`); n != 0 {
				t.Fatalf("test setup: %d buttons that the site's script adds: JavaScript is not off", n)
			}
			// The message the customer typed is on the page, for Ctrl+F.
			if !eval[bool](t, ctx, `document.querySelector("main").textContent.includes(`+js(query)+`)`) {
				t.Errorf("the list page does not hold the text %q", query)
			}
		})
	}

	t.Run("list page opened otherwise", func(t *testing.T) {
		t.Parallel()
		srv := realSite(t)
		for _, script := range []bool{false, true} {
			ctx := newTab(t)
			if !script {
				disableJavaScript(t, ctx)
			}
			for _, path := range []string{"/errors/", "/errors/#ongeldige-referentie-klant", "/errors/?q=x"} {
				navigate(t, ctx, srv.URL+path)
				s := eval[state](t, ctx, searchHelpState)
				if !s.Found {
					t.Fatal("no .search-help on the list page")
				}
				if s.Shown {
					t.Errorf("%s (%s): the search tip shows: %q", path, jsName(script), s.Text)
				}
			}
		}
	})

	t.Run("with JavaScript the button searches on the home page", func(t *testing.T) {
		t.Parallel()
		srv := realSite(t)
		ctx := newTab(t)
		openReady(t, ctx, srv.URL+"/", "")
		do(t, ctx, "typing into the search box", chromedp.Focus("#q"), chromedp.SendKeys("#q", query))
		waitFor(t, ctx, "ongeldige-referentie-klant as the first result", firstResultIs("ongeldige-referentie-klant"), resultsState)
		do(t, ctx, "pressing Zoeken", chromedp.Click(`form.search button[type="submit"]`))
		// As before this change: the button opens the first result.
		waitFor(t, ctx, "the first result's page", `location.pathname === "/errors/ongeldige-referentie-klant/" && document.readyState === "complete"`,
			`JSON.stringify(location.href)`)

		// A pasted log: the button shows the triage view, on the home page.
		openReady(t, ctx, srv.URL+"/", "")
		// (Set without an input event: only the button searches.)
		eval[chromedp.Void](t, ctx, `document.querySelector("#q").value = `+js(pastedLog))
		do(t, ctx, "pressing Zoeken", chromedp.Click(`form.search button[type="submit"]`))
		waitFor(t, ctx, "the triage view on the home page", `location.pathname === "/" && document.querySelectorAll(".triage-row").length === 4`,
			`JSON.stringify({href: location.href, rows: document.querySelectorAll(".triage-row").length})`)
	})
}
