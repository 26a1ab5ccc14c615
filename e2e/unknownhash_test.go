package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// hintState is what the unknown-hash tests look at: the list page's hint
// for a link that names no error, and the page's live region.
type hintState struct {
	Found      bool   `json:"found"`
	Hash       string `json:"hash"`
	Shown      bool   `json:"shown"`    // not hidden, rendered
	InView     bool   `json:"inView"`   // its top inside the viewport
	Sentence   string `json:"sentence"` // the first paragraph's text
	Name       string `json:"name"`     // the hash as the hint shows it
	NameNodes  int    `json:"nameNodes"`
	NameText   bool   `json:"nameText"` // the name holds one text node and nothing else
	Elements   int    `json:"elements"` // elements inside the hint
	SearchHref string `json:"searchHref"`
	SearchQ    string `json:"searchQ"`
	Support    bool   `json:"support"` // a mailto: or contact link
	Announced  string `json:"announced"`
}

const hintStateJS = `(() => {
  const h = document.querySelector("[data-unknown-hash]");
  if (!h) return {found: false, hash: location.hash};
  const name = h.querySelector("[data-unknown-hash-name]");
  const search = h.querySelector("[data-unknown-hash-search]");
  const r = h.getBoundingClientRect();
  return {
    found: true, hash: location.hash,
    shown: !h.hidden && h.checkVisibility(),
    inView: r.height > 0 && r.top >= 0 && r.top < innerHeight,
    sentence: h.querySelector("p").textContent.replace(/\s+/g, " ").trim(),
    name: name.textContent,
    nameNodes: name.childNodes.length,
    nameText: [...name.childNodes].every((n) => n.nodeType === Node.TEXT_NODE),
    elements: h.querySelectorAll("*").length,
    searchHref: search ? search.href : "",
    searchQ: search ? (new URL(search.href).searchParams.get("q") ?? "") : "",
    support: !!h.querySelector('a[href^="mailto:"], a[href^="http"]:not([data-unknown-hash-search])'),
    announced: document.querySelector("[data-announce]")?.textContent ?? "",
  };
})()`

// hintShownJS is true once the hint shows name (the hash as shown) and the
// live region has announced it.
func hintShownJS(name string) string {
	return `((s) => s.found && s.shown && s.name === ` + js(name) + ` && s.announced.includes(s.sentence))(` + hintStateJS + `)`
}

// TestUnknownHashShowsHint opens the list page on hashes that name no error
// and no alias, as support links with a typo or a cut-off id do, and finds a
// hint at the top of the page, announced to screen readers, that names the
// link's hash as text only (odd characters, markup and escapes included, a
// long one cut, none wider than a phone) and offers the search and the
// support contact.
func TestUnknownHashShowsHint(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 500)
	cases := []struct {
		name, hash string // hash as put in the address, without the #
		shown      string // the hash as the hint must show it
		query      string // the search link's q, "" for none
	}{
		{"unknown id", "unknown-id", "#unknown-id", "unknown id"},
		{"markup", `"><script>window.pwned=1</script><img src=x>`, `#"><script>window.pwned=1</script><img src=x>`, ""},
		{"quotes", `it's "quoted"`, `#it's "quoted"`, ""},
		{"percent-encoded", "%3Cb%3Evet%3C%2Fb%3E", "#<b>vet</b>", ""},
		{"malformed escape", "%E0%A4%A", "#%E0%A4%A", ""},
		{"direction override", "abc%E2%80%AEdef", "#abc\ufffddef", ""},
		{"control character", "a%0Ab%00c", "#a\ufffdb\ufffdc", ""},
		{"very long", long, "#" + strings.Repeat("a", 59) + "…", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := basicSite(t)
			ctx := newTab(t)
			setViewport(t, ctx, 390, 844)
			navigate(t, ctx, srv.URL+"/errors/#"+c.hash)
			waitFor(t, ctx, "the hint for #"+c.hash, hintShownJS(c.shown), hintStateJS)
			s := eval[hintState](t, ctx, hintStateJS)
			if want := "Deze link wijst naar geen bekende melding (" + c.shown + ")."; s.Sentence != want {
				t.Errorf("hint says %q, want %q", s.Sentence, want)
			}
			if !s.InView {
				t.Error("the hint is not in view when the page opens")
			}
			noSidewaysScroll(t, ctx, "/errors/#"+c.hash, 390)
			if s.NameNodes != 1 || !s.NameText {
				t.Errorf("the hash is shown as %d nodes (text only: %v), want one text node", s.NameNodes, s.NameText)
			}
			// The template's own elements: 2 p, strong, code, 2 or 3 links.
			if s.Elements > 7 {
				t.Errorf("%d elements in the hint: the hash became markup", s.Elements)
			}
			if eval[bool](t, ctx, `"pwned" in window || document.querySelector("[data-unknown-hash] script, [data-unknown-hash] img, [data-unknown-hash] b") !== null`) {
				t.Error("the hash's markup ran or was inserted")
			}
			if !s.Support {
				t.Error("the hint offers no support contact")
			}
			if s.SearchHref == "" {
				t.Fatal("the hint offers no search")
			}
			if s.SearchQ != c.query {
				t.Errorf("search link %s searches for %q, want %q", s.SearchHref, s.SearchQ, c.query)
			}
			if !strings.HasPrefix(s.SearchHref, srv.URL+"/") || strings.Contains(strings.TrimPrefix(s.SearchHref, srv.URL+"/"), "/") {
				t.Errorf("search link %s does not lead to the home page's search", s.SearchHref)
			}
		})
	}

	t.Run("search link opens the search", func(t *testing.T) {
		t.Parallel()
		srv := basicSite(t)
		ctx := newTab(t)
		navigate(t, ctx, srv.URL+"/errors/#btw-code-onbeknd")
		waitFor(t, ctx, "the hint", hintShownJS("#btw-code-onbeknd"), hintStateJS)
		do(t, ctx, "clicking the search link", chromedp.Click("[data-unknown-hash-search]"))
		waitFor(t, ctx, "the home page's results for the hash's words",
			`location.pathname === "/" && document.querySelector("#q")?.value === "btw code onbeknd" && document.querySelector(".results-list a[data-error-id]") !== null`,
			`({href: location.href, q: document.querySelector("#q")?.value})`)
	})

	t.Run("hash changes", func(t *testing.T) {
		t.Parallel()
		srv := basicSite(t)
		ctx := newTab(t)
		navigate(t, ctx, srv.URL+"/errors/#geen-periode-voor-datum")
		noHint(t, ctx, "#geen-periode-voor-datum")
		eval[chromedp.Void](t, ctx, `location.hash = "#bestaat-niet"`)
		waitFor(t, ctx, "the hint after the hash changed", hintShownJS("#bestaat-niet"), hintStateJS)
		eval[chromedp.Void](t, ctx, `location.hash = "#ongeldige-referentie-btw-code"`)
		waitFor(t, ctx, "the hint gone after a known hash", `document.querySelector("[data-unknown-hash]").hidden`, hintStateJS)
	})

	t.Run("without JavaScript", func(t *testing.T) {
		t.Parallel()
		// The page cannot tell an unknown hash without its script: it opens
		// at the top, as before, with no empty hint.
		srv := basicSite(t)
		ctx := newTab(t)
		disableJavaScript(t, ctx)
		navigate(t, ctx, srv.URL+"/errors/#unknown-id")
		noHint(t, ctx, "#unknown-id")
	})
}

// TestKnownHashShowsNoHint opens the list page on hashes that name
// something on it, the errors' ids and aliases (also when the alias is
// resolved by the script), a category, the main content, the top, or
// nothing, and finds no hint.
func TestKnownHashShowsNoHint(t *testing.T) {
	t.Parallel()
	for _, hash := range []string{"", "#ongeldige-referentie-btw-code", "#btw-code-onbekend", "#categorie-instellingen", "#main", "#top"} {
		t.Run(hash, func(t *testing.T) {
			t.Parallel()
			srv := basicSite(t)
			ctx := newTab(t)
			navigate(t, ctx, srv.URL+"/errors/"+hash)
			noHint(t, ctx, hash)
		})
	}
	t.Run("alias resolved by script", func(t *testing.T) {
		t.Parallel()
		srv := basicSite(t)
		ctx := newTab(t)
		navigate(t, ctx, srv.URL+"/errors/")
		if !eval[bool](t, ctx, `document.querySelectorAll(".alias-anchor").forEach((e) => e.remove()), document.querySelectorAll(".alias-anchor").length === 0`) {
			t.Fatal("could not remove the alias anchors")
		}
		eval[chromedp.Void](t, ctx, `location.hash = "#btw-code-onbekend"`)
		waitFor(t, ctx, "the alias resolved", `location.hash === "#ongeldige-referentie-btw-code"`, hintStateJS)
		noHint(t, ctx, "#btw-code-onbekend")
	})
}

// noHint fails the test when the unknown-hash hint shows or announced.
func noHint(t *testing.T, ctx context.Context, hash string) {
	t.Helper()
	waitFor(t, ctx, "the page to be complete", `document.readyState === "complete"`, "")
	s := eval[hintState](t, ctx, hintStateJS)
	if !s.Found {
		t.Fatal("no [data-unknown-hash] element on the list page")
	}
	if s.Shown {
		t.Errorf("/errors/%s shows the unknown-link hint: %q", hash, s.Sentence)
	}
	if strings.Contains(s.Announced, "geen bekende melding") {
		t.Errorf("/errors/%s announces %q", hash, s.Announced)
	}
}
