package e2e

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"golang.org/x/tools/txtar"

	"github.com/bookzo/exact-help/internal/message"
)

// compactSite serves testdata/sites/basic.txtar with compactAbove = 1, so
// that its list page is the compact one a site of thousands of errors has.
func compactSite(t *testing.T) *served {
	t.Helper()
	return serveSite(t, "compact", func() (fs.FS, error) {
		ar, err := txtar.ParseFile(filepath.Join(repoRoot, "testdata", "sites", "basic.txtar"))
		if err != nil {
			return nil, err
		}
		fsys := fstest.MapFS{}
		for _, f := range ar.Files {
			data := f.Data
			if f.Name == "site.toml" {
				data = append([]byte("compactAbove = 1\n"), data...)
			}
			fsys[f.Name] = &fstest.MapFile{Data: data}
		}
		return fsys, nil
	})
}

// entryStateJS returns a JavaScript expression whose value is the
// entryState of the element with id name on a compact list page.
func entryStateJS(name string) string {
	return fmt.Sprintf(`((name) => {
  const el = document.getElementById(name);
  const entry = el && el.closest(".error-index li");
  if (!entry) return {found: false, hash: location.hash, path: location.pathname};
  const r = entry.getBoundingClientRect();
  const other = [...document.querySelectorAll(".error-index li")].find((l) => l !== entry);
  return {
    found: true, hash: location.hash, path: location.pathname, entry: entry.id,
    top: r.top, docTop: r.top + scrollY, innerHeight: innerHeight,
    target: el.matches(":target"),
    background: getComputedStyle(entry).backgroundColor,
    otherBackground: other ? getComputedStyle(other).backgroundColor : "",
  };
})(%s)`, js(name))
}

// entryState is what TestCompactListAnchorsLand reads of entryStateJS.
type entryState struct {
	Found  bool    `json:"found"`
	Hash   string  `json:"hash"`
	Entry  string  `json:"entry"`
	DocTop float64 `json:"docTop"`
	Height float64 `json:"innerHeight"`
}

// TestCompactListAnchorsLand opens a compact list page on an error's id and
// on an alias, with and without JavaScript, and finds the error's entry
// scrolled into view and highlighted by the element with that id: the page
// has no anchor map, and needs none. Then an unknown hash shows the hint
// (the script knows every anchor is an element), and the entries hold the
// errors' messages, for the browser's own search.
func TestCompactListAnchorsLand(t *testing.T) {
	t.Parallel()
	const id, alias = "ongeldige-referentie-btw-code", "btw-code-onbekend"
	for _, script := range []bool{true, false} {
		for _, name := range []string{id, alias} {
			t.Run(jsName(script)+"/#"+name, func(t *testing.T) {
				t.Parallel()
				srv := compactSite(t)
				ctx := newTab(t)
				// A short window, so that the small site's list page must
				// scroll.
				setViewport(t, ctx, 390, 360)
				if !script {
					disableJavaScript(t, ctx)
				}
				navigate(t, ctx, srv.URL+"/errors/#"+name)
				if n := eval[int](t, ctx, `document.querySelectorAll("article.error-block, #anchor-map").length`); n != 0 {
					t.Fatalf("test setup: the list page is not the compact one (%d blocks or maps)", n)
				}
				landed := `((s) => s.found && s.entry === ` + js(id) + ` && s.target && s.top >= 0 && s.top < s.innerHeight &&
  s.otherBackground !== "" && s.background !== s.otherBackground)(` + entryStateJS(name) + `)`
				waitFor(t, ctx, "entry #"+id+" in view and highlighted through #"+name, landed, entryStateJS(name))
				s := eval[entryState](t, ctx, entryStateJS(name))
				if s.DocTop < s.Height {
					t.Fatalf("test setup: entry %q starts at y=%.0f, inside the first screen (%.0f px high)", id, s.DocTop, s.Height)
				}
				if s.Hash != "#"+name {
					t.Errorf("location.hash = %q, want %q (the anchor exists, so nothing should rewrite it)", s.Hash, "#"+name)
				}
			})
		}
	}

	t.Run("unknown hash", func(t *testing.T) {
		srv := compactSite(t)
		ctx := newTab(t)
		navigate(t, ctx, srv.URL+"/errors/#bestaat-niet")
		waitFor(t, ctx, "the hint for #bestaat-niet", hintShownJS("#bestaat-niet"), hintStateJS)
		eval[chromedp.Void](t, ctx, `location.hash = "#btw-code-onbekend"`)
		waitFor(t, ctx, "the hint gone after an alias", `document.querySelector("[data-unknown-hash]").hidden`, hintStateJS)
	})

	t.Run("messages on the page", func(t *testing.T) {
		srv := compactSite(t)
		ctx := newTab(t)
		disableJavaScript(t, ctx)
		navigate(t, ctx, srv.URL+"/errors/")
		text := eval[string](t, ctx, `document.querySelector("main").textContent`)
		for _, e := range srv.Content.Errors {
			for i := range e.Messages {
				m := strings.TrimRight(displayed(e.Segments(i)), ". ")
				if !strings.Contains(text, m) {
					t.Errorf("the compact list page lacks the message %q of %s", m, e.ID)
				}
			}
		}
	})
}

// displayed is a message as a reader sees it: placeholders in braces.
func displayed(segs []message.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Placeholder {
			b.WriteString("{" + s.Text + "}")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
