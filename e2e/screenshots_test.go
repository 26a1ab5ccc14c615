package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPagesAtPhoneAndDesktopWidths opens the home page, an error page, the
// list page (also on a link that names no error, and as the search form
// opens it without JavaScript) and the 404 page at 390 and 1280 pixels wide, in light and dark
// mode; saves each as a screenshot (testout/screenshots/<page>-<width>-<scheme>.png);
// and requires no horizontal scrolling (the phone width is where it would
// show) and no script error or blocked resource on any page.
func TestPagesAtPhoneAndDesktopWidths(t *testing.T) {
	t.Parallel()
	pages := []struct {
		name, path string
		status     int64
	}{
		{"home", "/", 200},
		{"error", "/errors/http-429-too-many-requests/", 200},
		{"list", "/errors/", 200},
		{"list-unknown-hash", "/errors/#unknown-id", 200},
		{"list-search-help", "/errors/?c=#Zoeken", 200},
		{"404", "/deze-pagina-bestaat-niet/", 404},
	}
	sizes := []struct{ width, height int64 }{{390, 844}, {1280, 900}}
	var cspMetaWarned atomic.Bool // see the last subtest
	// A group, so that the check after it runs once every page has.
	t.Run("pages", func(t *testing.T) {
		for _, p := range pages {
			for _, size := range sizes {
				for _, scheme := range []string{"light", "dark"} {
					name := fmt.Sprintf("%s-%d-%s", p.name, size.width, scheme)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						srv := realSite(t)
						ctx := newTab(t)
						setViewport(t, ctx, size.width, size.height)
						emulateMedia(t, ctx, "", scheme)
						console := watchConsole(t, ctx)

						resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+p.path))
						if err != nil {
							t.Fatalf("opening %s: %v", p.path, err)
						}
						if resp.Status != p.status {
							t.Errorf("%s: HTTP status %d, want %d", p.path, resp.Status, p.status)
						}
						if dark := eval[bool](t, ctx, `matchMedia("(prefers-color-scheme: dark)").matches`); dark != (scheme == "dark") {
							t.Fatalf("test setup: prefers-color-scheme dark matches = %v in %s mode", dark, scheme)
						}
						waitFor(t, ctx, "the page and its fonts to be ready",
							`document.readyState === "complete" && document.fonts.status === "loaded"`, "")

						noSidewaysScroll(t, ctx, p.path, size.width)

						png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
						if err != nil {
							t.Fatalf("screenshot of %s: %v", p.path, err)
						}
						saveScreenshot(t, name+".png", png)

						for _, m := range console() {
							if p.status == 404 && m.Source == "network" && strings.Contains(m.Text, "404") {
								continue // the page's own status
							}
							if strings.Contains(m.Text, "'frame-ancestors' is ignored when delivered via a <meta> element") {
								cspMetaWarned.Store(true)
								continue
							}
							if m.IsException() || m.Type == chromedp.ConsoleError {
								t.Errorf("%s: console %s: %s (%s:%d)", p.path, m.Type, m.Text, m.URL, m.Line+1)
							}
						}
					})
				}
			}
		}
	})
	t.Run("no CSP directive the browser ignores", func(t *testing.T) {
		if cspMetaWarned.Load() {
			t.Error("the Content-Security-Policy <meta> holds a directive browsers ignore in a <meta> element (frame-ancestors): Chromium logs a console error on every page")
		}
	})
}

// noSidewaysScroll fails the test when the page is wider than width, the
// viewport's width, naming the elements that stick out. It compares with
// width rather than innerWidth: in a phone's emulated viewport a page that
// is too wide widens the layout viewport (innerWidth) to fit.
func noSidewaysScroll(t *testing.T, ctx context.Context, path string, width int64) {
	t.Helper()
	type overflow struct {
		ScrollWidth float64  `json:"scrollWidth"`
		InnerWidth  float64  `json:"innerWidth"`
		Wide        []string `json:"wide"`
	}
	o := eval[overflow](t, ctx, fmt.Sprintf(`((width) => {
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5 && wide.length < 10) {
      const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "";
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + " (right edge " + Math.round(r.right) + ")");
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide};
})(%d)`, width))
	if o.ScrollWidth > float64(width) || o.InnerWidth != float64(width) {
		t.Errorf("%s is wider than the %dpx viewport (scrollWidth %v, innerWidth %v); elements that stick out: %s",
			path, width, o.ScrollWidth, o.InnerWidth, strings.Join(o.Wide, ", "))
	}
}

// watchConsole collects what the tab's pages write to the console from now
// on; the returned func stops collecting and returns the messages.
func watchConsole(t *testing.T, ctx context.Context) func() []chromedp.ConsoleMessage {
	t.Helper()
	cctx, stop := context.WithCancel(ctx)
	messages := chromedp.Console(cctx)
	var (
		mu   sync.Mutex
		seen []chromedp.ConsoleMessage
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, m)
			mu.Unlock()
		}
	}()
	return func() []chromedp.ConsoleMessage {
		stop()
		<-done
		mu.Lock()
		defer mu.Unlock()
		return seen
	}
}
