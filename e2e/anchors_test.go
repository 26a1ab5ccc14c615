package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// blockState is what the anchor tests look at: where an error's block is
// and whether it is highlighted. See blockStateJS.
type blockState struct {
	Found           bool    `json:"found"`
	Hash            string  `json:"hash"`
	Path            string  `json:"path"`
	Top             float64 `json:"top"`
	Bottom          float64 `json:"bottom"`
	HeadingTop      float64 `json:"headingTop"`
	HeadingBottom   float64 `json:"headingBottom"`
	DocTop          float64 `json:"docTop"`
	InnerHeight     float64 `json:"innerHeight"`
	ScrollY         float64 `json:"scrollY"`
	Target          bool    `json:"target"`      // the block is :target
	AliasTarget     bool    `json:"aliasTarget"` // one of its alias anchors is :target
	AliasOffset     float64 `json:"aliasOffset"` // from the block's top to its first alias anchor's
	Background      string  `json:"background"`
	OtherBackground string  `json:"otherBackground"` // of a block that is not targeted
}

// blockStateJS returns a JavaScript expression whose value is the
// blockState of the error block with the given id.
func blockStateJS(id string) string {
	return fmt.Sprintf(`((id) => {
  const block = document.getElementById(id);
  if (!block) return {found: false, hash: location.hash, path: location.pathname};
  const r = block.getBoundingClientRect();
  const h = block.querySelector("h1, h2, h3") || block;
  const hr = h.getBoundingClientRect();
  const targeted = (b) => b.matches(":target") || !!b.querySelector(".alias-anchor:target");
  const other = [...document.querySelectorAll("article.error-block")].find((b) => b !== block && !targeted(b));
  return {
    found: true, hash: location.hash, path: location.pathname,
    top: r.top, bottom: r.bottom, headingTop: hr.top, headingBottom: hr.bottom,
    docTop: r.top + window.scrollY, innerHeight: window.innerHeight, scrollY: window.scrollY,
    target: block.matches(":target"),
    aliasTarget: !!block.querySelector(".alias-anchor:target"),
    aliasOffset: block.querySelector(".alias-anchor") ? block.querySelector(".alias-anchor").getBoundingClientRect().top - r.top : 0,
    background: getComputedStyle(block).backgroundColor,
    otherBackground: other ? getComputedStyle(other).backgroundColor : "",
  };
})(%s)`, js(id))
}

// landedJS is true when the block of id is in view (its top inside the
// viewport), targeted by its own id, and highlighted (a background unlike an
// untargeted block's).
func landedJS(id string) string {
	return fmt.Sprintf(`((s) => s.found && s.top >= 0 && s.top < s.innerHeight && s.target &&
  s.otherBackground !== "" && s.background !== s.otherBackground)(%s)`, blockStateJS(id))
}

// aliasLandedJS is landedJS for a block reached through one of its alias
// anchors: the alias anchor is :target and the block highlighted. It asks
// for the block's heading in view rather than the block's top edge: see
// TestAliasAnchorLandsOnErrorBlock.
func aliasLandedJS(id string) string {
	return fmt.Sprintf(`((s) => s.found && s.headingTop >= 0 && s.headingBottom <= s.innerHeight &&
  s.top < s.innerHeight && s.aliasTarget && !s.target &&
  s.otherBackground !== "" && s.background !== s.otherBackground)(%s)`, blockStateJS(id))
}

// belowTheFold fails the test when the block of id would be in view without
// scrolling: then landing on it would prove nothing.
func belowTheFold(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	s := eval[blockState](t, ctx, blockStateJS(id))
	if !s.Found {
		t.Fatalf("no element with id %q on %s", id, s.Path)
	}
	if s.DocTop < s.InnerHeight {
		t.Fatalf("test setup: block %q starts at y=%.0f, inside the first screen (%.0f px high): "+
			"landing on it would not need a scroll; use a smaller viewport", id, s.DocTop, s.InnerHeight)
	}
}

// TestAnchorLandsOnErrorBlock opens /errors/#<id> and finds the error's block
// scrolled into view and highlighted: the link support sends in tickets.
func TestAnchorLandsOnErrorBlock(t *testing.T) {
	t.Parallel()
	for _, script := range []bool{true, false} {
		t.Run(jsName(script), func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			const id = "ongeldige-referentie-klant"
			setViewport(t, ctx, 1280, 900)
			if !script {
				disableJavaScript(t, ctx)
			}
			navigate(t, ctx, srv.URL+"/errors/#"+id)
			waitFor(t, ctx, "block #"+id+" in view and highlighted", landedJS(id), blockStateJS(id))
			belowTheFold(t, ctx, id)
		})
	}
}

// TestAliasAnchorLandsOnErrorBlock opens /errors/#<alias> and finds the block
// of the error that now has another id, in view and highlighted, by the
// alias's own anchor in the page (no script needed).
func TestAliasAnchorLandsOnErrorBlock(t *testing.T) {
	t.Parallel()
	for _, script := range []bool{true, false} {
		t.Run(jsName(script), func(t *testing.T) {
			t.Parallel()
			srv := basicSite(t)
			ctx := newTab(t)
			const alias, id = "btw-code-onbekend", "ongeldige-referentie-btw-code"
			// A short window, so that the small site's list page must scroll.
			setViewport(t, ctx, 390, 420)
			if !script {
				disableJavaScript(t, ctx)
			}
			navigate(t, ctx, srv.URL+"/errors/#"+alias)
			waitFor(t, ctx, "block #"+id+" in view and highlighted through #"+alias, aliasLandedJS(id), blockStateJS(id))
			belowTheFold(t, ctx, id)
			s := eval[blockState](t, ctx, blockStateJS(id))
			if s.Hash != "#"+alias {
				t.Errorf("location.hash = %q, want %q (the alias anchor exists, so nothing should rewrite it)", s.Hash, "#"+alias)
			}
			t.Run("top edge in view", func(t *testing.T) {
				// The block's own top edge (border and highlight ring) should
				// be in view, as it is when the page opens on the block's id.
				if s.Top < 0 {
					t.Errorf("/errors/#<alias> scrolls the block %.1fpx further than /errors/#<id> does: "+
						"its top edge lands above the viewport (block top = %.2fpx)", s.AliasOffset, s.Top)
				}
			})
		})
	}
}

// TestUnknownHashIsResolvedByScript covers the list page's script: a hash
// that names no element on the page is looked up in the page's anchor map and
// sent where its error is.
func TestUnknownHashIsResolvedByScript(t *testing.T) {
	t.Parallel()
	const alias, id = "btw-code-onbekend", "ongeldige-referentie-btw-code"
	removeAliasAnchors := `document.querySelectorAll(".alias-anchor").forEach((e) => e.remove()), document.querySelectorAll(".alias-anchor").length === 0`

	t.Run("alias set after load", func(t *testing.T) {
		t.Parallel()
		srv := basicSite(t)
		ctx := newTab(t)
		setViewport(t, ctx, 390, 420)
		navigate(t, ctx, srv.URL+"/errors/")
		belowTheFold(t, ctx, id)
		if !eval[bool](t, ctx, removeAliasAnchors) {
			t.Fatal("could not remove the alias anchors")
		}
		eval[chromedp.Void](t, ctx, `location.hash = `+js("#"+alias))
		waitFor(t, ctx, "location.hash rewritten to #"+id, `location.hash === `+js("#"+id), blockStateJS(id))
		waitFor(t, ctx, "block #"+id+" in view and highlighted", landedJS(id), blockStateJS(id))
	})

	t.Run("alias on first load", func(t *testing.T) {
		t.Parallel()
		srv := basicSite(t)
		ctx := newTab(t)
		setViewport(t, ctx, 390, 420)
		// Remove the alias anchors as the parser inserts them, before the
		// page's script runs: the page then looks like one published before
		// the alias existed, or one whose alias anchor got lost.
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType !== 1) continue;
    if (n.matches(".alias-anchor")) n.remove();
    else n.querySelectorAll(".alias-anchor").forEach((e) => e.remove());
  }
}).observe(document, {childList: true, subtree: true});`})
		if err != nil {
			t.Fatalf("adding the anchor remover: %v", err)
		}
		navigate(t, ctx, srv.URL+"/errors/#"+alias)
		if n := eval[int](t, ctx, `document.querySelectorAll(".alias-anchor").length`); n != 0 {
			t.Fatalf("test setup: %d alias anchors left in the page", n)
		}
		waitFor(t, ctx, "location.hash rewritten to #"+id, `location.hash === `+js("#"+id), blockStateJS(id))
		waitFor(t, ctx, "block #"+id+" in view and highlighted", landedJS(id), blockStateJS(id))
		belowTheFold(t, ctx, id)
	})

	t.Run("error on another page", func(t *testing.T) {
		t.Parallel()
		// An error whose block is not on the list page (the contract allows
		// errors to move to pages of their own): the script sends the
		// reader to the error's page.
		srv := basicSite(t)
		ctx := newTab(t)
		const other = "geen-periode-voor-datum"
		navigate(t, ctx, srv.URL+"/errors/")
		if !eval[bool](t, ctx, `document.getElementById(`+js(other)+`).remove(), document.getElementById(`+js(other)+`) === null`) {
			t.Fatal("could not remove the block")
		}
		eval[chromedp.Void](t, ctx, `location.hash = `+js("#"+other))
		want := "/errors/" + other + "/"
		waitFor(t, ctx, "the error's own page "+want,
			`location.pathname === `+js(want)+` && document.readyState !== "loading" && !!document.querySelector("article.error-page#" + `+js(other)+`)`,
			`({href: location.href, readyState: document.readyState})`)
	})
}

func jsName(script bool) string {
	if script {
		return "with JavaScript"
	}
	return "without JavaScript"
}
