package e2e

import (
	"context"
	"fmt"
	"testing"
)

// TestPrintShowsOnlyTheError emulates print media: an error page prints its
// content without the header, navigation, search box or footer.
func TestPrintShowsOnlyTheError(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, path string
		hidden     []string // selectors of elements that must not print
		shown      []string // selectors of elements that must print
	}{
		{
			"error page", "/errors/http-429-too-many-requests/",
			[]string{"header.site-header", "nav.site-nav", "nav.breadcrumbs", "footer.site-footer", "a.skip", "button.copy"},
			[]string{"article.error-page h1", "article.error-page .messages"},
		},
		{
			"home", "/",
			[]string{"header.site-header", "nav.site-nav", "form.search", "textarea#q", "footer.site-footer"},
			[]string{"h1"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			emulateMedia(t, ctx, "print", "")
			navigate(t, ctx, srv.URL+c.path)
			if !eval[bool](t, ctx, `matchMedia("print").matches`) {
				t.Fatal("test setup: print media is not emulated")
			}
			for _, sel := range c.hidden {
				if got := printState(t, ctx, sel); got != "hidden" {
					t.Errorf("%s in print: %s is %s, want it not displayed", c.path, sel, got)
				}
			}
			for _, sel := range c.shown {
				if got := printState(t, ctx, sel); got != "shown" {
					t.Errorf("%s in print: %s is %s, want it printed", c.path, sel, got)
				}
			}
			if c.name == "error page" {
				t.Run("no copy-link button", func(t *testing.T) {
					if got := printState(t, ctx, "article.error-page .copy-link"); got != "hidden" {
						t.Errorf("the \"Link kopiëren\" button prints (it is %s)", got)
					}
				})
			}
		})
	}
}

// printState says whether the first element sel matches is "shown" or
// "hidden" (not rendered: display none on it or an ancestor), or "missing".
func printState(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`((sel) => {
  const el = document.querySelector(sel);
  if (!el) return "missing";
  return el.checkVisibility() ? "shown" : "hidden";
})(%s)`, js(sel)))
}
