package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A query of the relevance suite (testdata/search/queries.json).
type relevanceQuery struct {
	Q    string `json:"q"`
	Want string `json:"want"`
	Kind string `json:"kind"`
}

// queriesByKind returns the first query of each kind of the relevance suite:
// a pasted log line, a message, English, a typo, spacing, a status code, a
// word, a prefix.
func queriesByKind(t *testing.T) []relevanceQuery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "search", "queries.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all []relevanceQuery
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []relevanceQuery
	for _, q := range all {
		if !seen[q.Kind] {
			seen[q.Kind] = true
			out = append(out, q)
		}
	}
	if len(out) < 8 {
		t.Fatalf("test setup: %d kinds of queries in queries.json, want 8", len(out))
	}
	return out
}

// resultsState reports the results box, for failure messages.
const resultsState = `JSON.stringify({
  q: document.querySelector("#q")?.value,
  url: location.href,
  status: document.querySelector(".results-status")?.textContent,
  results: [...document.querySelectorAll(".results a[data-error-id]")].map((a) => a.dataset.errorId),
})`

// resultsFor is a condition: the results are done (aria-busy) for the
// whole of q in the box, not for the letters typed before its end, whose
// results a later render would replace.
func resultsFor(q string) string {
	return `document.querySelector("[data-results]").getAttribute("aria-busy") === "false" && document.querySelector("#q").value === ` + js(q)
}

// firstResultIs is a condition: the first result links to the error id.
func firstResultIs(id string) string {
	return `document.querySelector(".results a[data-error-id]")?.dataset.errorId === ` + js(id)
}

// TestSearchTypingAPastedLine types one query of each kind into the home
// page's search box, key by key as a customer pastes or types, and waits
// for the error it means to come first: as a link with data-error-id to the
// error's own page, with matched words marked, the query in no URL (not the
// address's ?q=, not the link), and the search box not moved by the results
// appearing.
func TestSearchTypingAPastedLine(t *testing.T) {
	t.Parallel()
	for _, q := range queriesByKind(t) {
		t.Run(q.Kind, func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			openReady(t, ctx, srv.URL+"/", "")
			before := eval[float64](t, ctx, `document.querySelector("#q").getBoundingClientRect().top`)
			do(t, ctx, "typing into the search box", chromedp.Focus("#q"), chromedp.SendKeys("#q", q.Q))
			// The results of the whole query, not of a prefix typed on the
			// way (on a slow machine, "Unr" already finds the GUID error):
			// the box is done (aria-busy) with the whole query in it.
			whole := resultsFor(q.Q)
			waitFor(t, ctx, q.Want+" as the first result of "+js(q.Q), firstResultIs(q.Want)+" && "+whole, resultsState)

			href := eval[string](t, ctx, `document.querySelector(".results a[data-error-id]").getAttribute("href")`)
			if href != "/errors/"+q.Want+"/" {
				t.Errorf("first result links to %q, want the error's own page /errors/%s/", href, q.Want)
			}
			// A word or prefix may match the body, which results do not show.
			if q.Kind != "prefix" && q.Kind != "typo" && q.Kind != "word" {
				if n := eval[int](t, ctx, `document.querySelector(".results li").querySelectorAll("mark").length`); n == 0 {
					t.Errorf("no matched word is marked in the first result of %q", q.Q)
				}
			}
			if s := eval[string](t, ctx, `location.search`); s != "" {
				t.Errorf("the address carries %q", s)
			}
			if after := eval[float64](t, ctx, `document.querySelector("#q").getBoundingClientRect().top`); after != before {
				t.Errorf("the search box moved from y=%v to y=%v while results appeared", before, after)
			}
		})
	}
}

// TestSearchOpenedFromURL opens /?q=… directly, as a shared search link
// does, with and without a category (?c=): the box holds the query, the
// select the category, and the right error comes first; the query then
// leaves the address (and the history), the category stays.
func TestSearchOpenedFromURL(t *testing.T) {
	t.Parallel()
	srv := realSite(t)
	q := queriesByKind(t)[0] // a whole pasted log line
	e := srv.Content.Lookup(q.Want)
	if e == nil {
		t.Fatalf("test setup: no error %q", q.Want)
	}
	for _, c := range []struct{ name, category string }{{"all categories", ""}, {"its category", e.Category}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := newTab(t)
			v := url.Values{"q": {q.Q}}
			if c.category != "" {
				v.Set("c", c.category)
			}
			openReady(t, ctx, srv.URL+"/?"+v.Encode(), "")
			waitFor(t, ctx, q.Want+" as the first result", firstResultIs(q.Want), resultsState)
			if got := eval[string](t, ctx, `document.querySelector("#q").value`); got != q.Q {
				t.Errorf("search box holds %q, want %q", got, q.Q)
			}
			if got := eval[string](t, ctx, `document.querySelector("select[name=c]").value`); got != c.category {
				t.Errorf("category select holds %q, want %q", got, c.category)
			}
			want := ""
			if c.category != "" {
				want = "?c=" + c.category
			}
			if got := eval[string](t, ctx, `location.search`); got != want {
				t.Errorf("after the search the address's query is %q, want %q", got, want)
			}
		})
	}
}

// TestSearchCategoryFilter searches words that errors of several categories
// share, then picks one category: every result is of that category, and the
// URL says which (?c=), so the filtered search can be shared.
func TestSearchCategoryFilter(t *testing.T) {
	t.Parallel()
	srv := realSite(t)
	ctx := newTab(t)
	openReady(t, ctx, srv.URL+"/", "")
	const words = "Ongeldige referentie"
	do(t, ctx, "typing into the search box", chromedp.Focus("#q"), chromedp.SendKeys("#q", words))
	waitFor(t, ctx, "results", resultsFor(words)+` && document.querySelectorAll(".results a[data-error-id]").length > 0`, resultsState)
	ids := func() []string {
		return eval[[]string](t, ctx, `[...document.querySelectorAll(".results a[data-error-id]")].map((a) => a.dataset.errorId)`)
	}
	categories := map[string]bool{}
	for _, id := range ids() {
		categories[srv.Content.Lookup(id).Category] = true
	}
	if len(categories) < 2 {
		t.Fatalf("test setup: %q finds errors of %d categories, want several", words, len(categories))
	}
	const pick = "klanten"
	if !categories[pick] {
		t.Fatalf("test setup: %q finds no error of category %q", words, pick)
	}
	do(t, ctx, "choosing a category", chromedp.SetValue("select[name=c]", pick),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("select[name=c]").dispatchEvent(new Event("change"))`))
	waitFor(t, ctx, "the URL to carry the category", `new URLSearchParams(location.search).get("c") === `+js(pick), resultsState)
	waitFor(t, ctx, "results of one category only", `(() => {
  const ids = [...document.querySelectorAll(".results a[data-error-id]")].map((a) => a.dataset.errorId);
  return ids.length > 0 && ids.every((id) => `+categoryIDs(srv, pick)+`.includes(id));
})()`, resultsState)
	for _, id := range ids() {
		if c := srv.Content.Lookup(id).Category; c != pick {
			t.Errorf("with category %q chosen, result %s is of category %q", pick, id, c)
		}
	}
}

// categoryIDs returns a JavaScript array of the ids of a category's errors.
func categoryIDs(srv *served, category string) string {
	var ids []string
	for _, e := range srv.Content.Errors {
		if e.Category == category {
			ids = append(ids, e.ID)
		}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// TestSearchKeyboardOnly reaches an error without the mouse: "/" focuses
// the search box from anywhere on the page, the arrows move through the
// results, Enter opens the selected one, and the error's page marks the
// searched words (kept in the tab, not in its URL) and links back to the
// results.
func TestSearchKeyboardOnly(t *testing.T) {
	t.Parallel()
	srv := realSite(t)
	ctx := newTab(t)
	openReady(t, ctx, srv.URL+"/", "")
	pressSlash(t, ctx)
	if got := eval[string](t, ctx, `document.activeElement?.id || document.activeElement?.tagName`); got != "q" {
		t.Fatalf("after pressing /, the focus is on %q, want the search box #q", got)
	}
	if v := eval[string](t, ctx, `document.querySelector("#q").value`); v != "" {
		t.Fatalf("pressing / typed %q into the box", v)
	}
	const query = "Ongeldige referentie"
	do(t, ctx, "typing", chromedp.KeyEvent(query))
	waitFor(t, ctx, "at least three results", resultsFor(query)+` && document.querySelectorAll(".results a[data-error-id]").length >= 3`, resultsState)
	ids := eval[[]string](t, ctx, `[...document.querySelectorAll(".results a[data-error-id]")].map((a) => a.dataset.errorId)`)
	selected := `[...document.querySelectorAll(".results a[data-error-id]")].findIndex((a) => a.getAttribute("aria-current") === "true")`
	for _, step := range []struct {
		key  string
		want int
	}{{kb.ArrowDown, 0}, {kb.ArrowDown, 1}, {kb.ArrowDown, 2}, {kb.ArrowUp, 1}} {
		do(t, ctx, "pressing an arrow key", chromedp.KeyEvent(step.key))
		if got := eval[int](t, ctx, selected); got != step.want {
			t.Fatalf("after the arrow keys, result %d is selected, want %d", got, step.want)
		}
	}
	if got := eval[string](t, ctx, `document.activeElement?.id`); got != "q" {
		t.Errorf("the arrow keys moved the focus to %q; it stays in the box", got)
	}
	do(t, ctx, "pressing Enter", chromedp.KeyEvent(kb.Enter))
	want := "/errors/" + ids[1] + "/"
	waitFor(t, ctx, "the second result's page to open", `location.pathname === `+js(want)+` && document.readyState === "complete"`,
		`JSON.stringify(location.href)`)
	if got := eval[string](t, ctx, `location.search`); got != "" {
		t.Errorf("the error's page was opened with the query %q, want none", got)
	}
	waitFor(t, ctx, "the searched words marked on the error's page",
		`[...document.querySelectorAll("article[data-error-id] mark")].some((m) => /^(ongeldige|referentie)$/i.test(m.textContent))`,
		`JSON.stringify([...document.querySelectorAll("mark")].map((m) => m.textContent))`)
	if back := eval[string](t, ctx, `document.querySelector(".search-back a")?.getAttribute("href") || ""`); back != "/" {
		t.Errorf("link back to the results = %q, want the home page itself", back)
	}
	do(t, ctx, "pressing Enter on the way back", chromedp.Focus(".search-back a"), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the results again", `location.pathname === "/" && `+resultsFor(query)+
		` && document.querySelectorAll(".results a[data-error-id]").length >= 3`, resultsState)
}

// pressSlash presses "/" as a keyboard does: a keyDown that carries the
// text, so that a handler that prevents its default also prevents the
// typing. (chromedp.KeyEvent sends the text as a separate char event, which
// no handler can prevent.)
func pressSlash(t *testing.T, ctx context.Context) {
	t.Helper()
	down := &input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "/", Code: "Slash", Text: "/", UnmodifiedText: "/", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
	up := &input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
	for _, p := range []*input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, *p); err != nil {
			t.Fatalf("pressing /: %v", err)
		}
	}
}

// TestSearchNothingFound searches a line no error has: the results say so
// (announced in the live region), and offer a mail to support whose body
// holds the pasted line with the customer's values masked.
func TestSearchNothingFound(t *testing.T) {
	t.Parallel()
	srv := realSite(t)
	ctx := newTab(t)
	openReady(t, ctx, srv.URL+"/", "")
	const line = `Zzqxv wqxzz: jan.jansen@example.com 2024-00123 'Bakkerij Smit' b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d`
	do(t, ctx, "typing a line no error has", chromedp.Focus("#q"), chromedp.SendKeys("#q", line))
	// The box done with the whole line, not a prefix typed on the way.
	waitFor(t, ctx, `"Niets gevonden"`, `document.querySelector("[data-results]").getAttribute("aria-busy") === "false" && document.querySelector(".results-status")?.textContent === "Niets gevonden."`, resultsState)
	href := eval[string](t, ctx, `document.querySelector(".results-empty a[href^='mailto:']")?.href || ""`)
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "mailto" {
		t.Fatalf("no mailto link in the empty state (href %q)", href)
	}
	if want := srv.Content.Config.Support.Email; u.Opaque != want {
		t.Errorf("mail goes to %q, want support's %q", u.Opaque, want)
	}
	body := u.Query().Get("body")
	for _, value := range []string{"jan.jansen@example.com", "2024-00123", "Bakkerij Smit", "b3f1c2d4"} {
		if strings.Contains(body, value) {
			t.Errorf("the mail's body keeps the customer's %q:\n%s", value, body)
		}
	}
	for _, mask := range []string{"Zzqxv wqxzz", "[e-mail]", "[nummer]", "'[naam]'", "[guid]"} {
		if !strings.Contains(body, mask) {
			t.Errorf("the mail's body lacks %q:\n%s", mask, body)
		}
	}
}

// TestSearchResultsAreText types markup into the box: it is searched as
// text, never turned into elements, in the results or anywhere else.
func TestSearchResultsAreText(t *testing.T) {
	t.Parallel()
	srv := realSite(t)
	ctx := newTab(t)
	openReady(t, ctx, srv.URL+"/", "")
	const line = `<img src=x onerror="window.__injected=1"> Reeds verwerkt <b>vet</b>`
	do(t, ctx, "typing markup", chromedp.Focus("#q"), chromedp.SendKeys("#q", line))
	waitFor(t, ctx, "reeds-verwerkt as the first result", resultsFor(line)+" && "+firstResultIs("reeds-verwerkt"), resultsState)
	if n := eval[int](t, ctx, `document.querySelectorAll(".results img, .results b, main img").length`); n != 0 {
		t.Errorf("typed markup became %d elements", n)
	}
	if eval[bool](t, ctx, `window.__injected === 1`) {
		t.Error("typed markup ran a script")
	}
}
