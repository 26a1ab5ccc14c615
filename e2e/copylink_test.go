package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestCopyLinkPutsURLOnClipboard clicks "Link kopiëren" on an error's page
// and on its block in the list, and reads the clipboard: the page's
// canonical URL, and the list's canonical URL with the error's anchor, the
// links support pastes into tickets. Screen readers hear a confirmation.
func TestCopyLinkPutsURLOnClipboard(t *testing.T) {
	const id = "ongeldige-referentie-klant"
	cases := []struct {
		name      string
		path      string
		button    string // selector of the button to click
		canonical string // the page's canonical URL, relative to the server
		want      string // the copied URL, relative to the server
	}{
		{"error page", "/errors/" + id + "/", "article.error-page .copy-link", "/errors/" + id + "/", "/errors/" + id + "/"},
		{"list block", "/errors/", "article.error-block#" + id + " .copy-link", "/errors/", "/errors/#" + id},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := realSite(t)
			ctx := newTab(t)
			grantClipboard(t, ctx, srv.URL)
			// Clipboard reads need a focused page; tabs of a headless browser
			// are not all focused.
			if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
				t.Fatalf("emulating focus: %v", err)
			}
			navigate(t, ctx, srv.URL+c.path)

			canonical := eval[string](t, ctx, `document.querySelector('link[rel="canonical"]').href`)
			if canonical != srv.URL+c.canonical {
				t.Fatalf("canonical URL of %s = %q, want %q", c.path, canonical, srv.URL+c.canonical)
			}
			want := srv.URL + c.want
			if got := eval[string](t, ctx, `document.querySelector(`+js(c.button)+`).dataset.url`); got != want {
				t.Errorf("data-url of %s = %q, want %q", c.button, got, want)
			}

			// Something else on the clipboard first, so that a stale value
			// cannot pass.
			const sentinel = "niet de link"
			eval[chromedp.Void](t, ctx, `navigator.clipboard.writeText(`+js(sentinel)+`)`)
			if got := eval[string](t, ctx, `navigator.clipboard.readText()`); got != sentinel {
				t.Fatalf("test setup: clipboard holds %q after writing %q", got, sentinel)
			}

			waitFor(t, ctx, "the copy button to be shown", `(() => { const b = document.querySelector(`+js(c.button)+`); return !!b && !b.hidden && b.checkVisibility(); })()`, "")
			do(t, ctx, "clicking "+c.button, chromedp.Click(chromedp.CSS(c.button), chromedp.NodeVisible))
			waitFor(t, ctx, `the live region to announce "gekopieerd"`,
				`(document.querySelector("[data-announce]")?.textContent || "").includes("gekopieerd")`,
				`({announce: document.querySelector("[data-announce]")?.textContent, button: document.querySelector(`+js(c.button)+`).textContent.trim()})`)
			if got := eval[string](t, ctx, `navigator.clipboard.readText()`); got != want {
				t.Errorf("clipboard after clicking %s = %q, want %q", c.button, got, want)
			}
			if got := eval[string](t, ctx, `document.querySelector(`+js(c.button)+`).textContent.trim()`); got != "Link gekopieerd" {
				t.Errorf("button text after the click = %q, want %q", got, "Link gekopieerd")
			}
		})
	}
}

// grantClipboard lets pages of origin read and write the clipboard without
// asking.
func grantClipboard(t *testing.T, ctx context.Context, origin string) {
	t.Helper()
	for _, p := range []*browser.PermissionDescriptor{
		{Name: "clipboard-read"},
		{Name: "clipboard-write"},
		{Name: "clipboard-write", AllowWithoutSanitization: true},
	} {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: p,
			Setting:    browser.PermissionSettingGranted,
			Origin:     origin,
		})
		if err != nil {
			t.Fatalf("granting %s (allowWithoutSanitization %v) to %s: %v", p.Name, p.AllowWithoutSanitization, origin, err)
		}
	}
}
