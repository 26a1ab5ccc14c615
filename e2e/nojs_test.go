package e2e

import (
	"slices"
	"testing"
)

// TestWithoutJavaScriptEveryErrorIsListed turns JavaScript off and finds
// every error on the home page (a link) and on the list page (a block), and
// no "Link kopiëren" button, which needs the script to work.
func TestWithoutJavaScriptEveryErrorIsListed(t *testing.T) {
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
