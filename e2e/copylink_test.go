package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestCopyLinkPutsURLOnClipboard clicks "Link kopiëren" on an error's page
// and on its block in the list, and reads the clipboard: the page's
// canonical URL, and the list's canonical URL with the error's anchor, the
// links support pastes into tickets. Screen readers hear a confirmation.
func TestCopyLinkPutsURLOnClipboard(t *testing.T) {
	t.Parallel()
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
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			grantClipboard(t, ctx, srv.URL)
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
			defer lockClipboard(t)()
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

// TestCopyLinkFallsBackWithoutClipboardAPI takes the Clipboard API away from
// the page, as in an older browser or a page served over plain http: "Link
// kopiëren" still puts the link on the clipboard, through a selected text
// area and execCommand("copy").
func TestCopyLinkFallsBackWithoutClipboardAPI(t *testing.T) {
	t.Parallel()
	const id = "ongeldige-referentie-klant"
	srv := realSite(t)
	ctx := newTab(t)
	grantClipboard(t, ctx, srv.URL)
	// Before any script of the page runs: keep the API for the test, hide
	// it from the page.
	hide := `window.__testClipboard = navigator.clipboard;
Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hide}); err != nil {
		t.Fatalf("hiding the Clipboard API: %v", err)
	}
	navigate(t, ctx, srv.URL+"/errors/")
	if eval[bool](t, ctx, `navigator.clipboard !== undefined`) {
		t.Fatal("test setup: the page still has navigator.clipboard")
	}
	defer lockClipboard(t)()
	eval[chromedp.Void](t, ctx, `window.__testClipboard.writeText("niet de link")`)
	button := "article.error-block#" + id + " .copy-link"
	waitFor(t, ctx, "the copy button to be shown", `document.querySelector(`+js(button)+`)?.checkVisibility() === true`, "")
	do(t, ctx, "clicking "+button, chromedp.Click(chromedp.CSS(button), chromedp.NodeVisible))
	waitFor(t, ctx, `the live region to announce "gekopieerd"`,
		`(document.querySelector("[data-announce]")?.textContent || "").includes("gekopieerd")`,
		`JSON.stringify(document.querySelector("[data-announce]")?.textContent)`)
	want := srv.URL + "/errors/#" + id
	if got := eval[string](t, ctx, `window.__testClipboard.readText()`); got != want {
		t.Errorf("clipboard after the fallback copy = %q, want %q", got, want)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("textarea").length`); n != 0 {
		t.Errorf("the fallback left %d text areas in the page", n)
	}
}

// TestPermalinkShowsOnHoverAndFocus checks the "#" permalink of an error's
// block on the list page: hidden until the block is hovered or the link has
// keyboard focus, and then a link to the block's anchor.
func TestPermalinkShowsOnHoverAndFocus(t *testing.T) {
	t.Parallel()
	const id = "ongeldige-referentie-klant"
	srv := realSite(t)
	ctx := newTab(t)
	setViewport(t, ctx, 1280, 900)
	navigate(t, ctx, srv.URL+"/errors/")
	if !eval[bool](t, ctx, `matchMedia("(hover: hover)").matches`) {
		t.Fatal("test setup: the page does not see a hovering pointer (see the browser's blink-settings in helpers_test.go)")
	}
	anchor := `document.querySelector("article.error-block#` + id + ` .anchor")`
	if got := eval[string](t, ctx, anchor+`.getAttribute("href")`); got != "#"+id {
		t.Fatalf("permalink href = %q, want %q", got, "#"+id)
	}
	opacity := `getComputedStyle(` + anchor + `).opacity`
	// Somewhere else first: no block is hovered.
	do(t, ctx, "moving the mouse away", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 1270, 5))
	waitFor(t, ctx, "the permalink to be hidden", opacity+` === "0"`, "")
	// Hover the block's title.
	pos := eval[[]float64](t, ctx, `(() => { const el = document.querySelector("article.error-block#`+id+`"); el.scrollIntoView({block: "center"}); const r = el.getBoundingClientRect(); return [r.left + 20, r.top + 10]; })()`)
	do(t, ctx, "hovering the block", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, pos[0], pos[1]))
	waitFor(t, ctx, "the permalink to show on hover", opacity+` === "1"`, `JSON.stringify(`+opacity+`)`)
	do(t, ctx, "moving the mouse away", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 1270, 5))
	waitFor(t, ctx, "the permalink to hide again", opacity+` === "0"`, "")
	// Keyboard focus shows it too.
	eval[chromedp.Void](t, ctx, anchor+`.focus({focusVisible: true})`)
	waitFor(t, ctx, "the permalink to show on keyboard focus", opacity+` === "1"`, `JSON.stringify({opacity: `+opacity+`, focusVisible: `+anchor+`.matches(":focus-visible")})`)
}
