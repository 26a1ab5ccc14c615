package site_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// The budget of a compact list page, per error it lists: the page must stay
// one a phone opens at 10,000 errors (about 2.3 MB of HTML, 170 KB gzip,
// 35,000 elements; the blocks it had before were 13.8 MB and twenty
// elements each).
const (
	listBytesPerError    = 256
	listGzipPerError     = 24
	listElementsPerError = 4
)

// TestCompactListPageAtScale builds the list page of 2,000 generated errors
// of the family shape (above the default compactAbove, 1,000), a few of them
// with aliases and one retired: every id and every alias is the id of an
// element, so /errors/#<name> lands without a script, in the entry of its
// error, which links the error's page and holds its title and messages (for
// the browser's own search); and the page stays within its budget.
func TestCompactListPageAtScale(t *testing.T) {
	const n = 2000
	dir := t.TempDir()
	if err := corpus.WriteFamily(dir, n, 1, true); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "content", "errors", "*.md"))
	if err != nil || len(files) < n/2 {
		t.Fatalf("the corpus wrote %d files (%v)", len(files), err)
	}
	for i, f := range files {
		if i%97 != 0 {
			continue
		}
		extra := fmt.Sprintf("aliases = [\"oud-%d\", \"ouder-%d\"]\n", i, i)
		if i == 0 {
			extra += "status = \"retired\"\n"
		}
		addFrontMatter(t, f, extra)
	}
	cs, ds := content.Load(os.DirFS(dir))
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	if !cs.Config.Compact(len(cs.Errors)) {
		t.Fatalf("test setup: %d errors with compactAbove = %d is not compact", len(cs.Errors), cs.Config.CompactAbove)
	}
	s, ds := site.New(cs, theme.FS, site.Options{})
	if err := site.Check(ds); err != nil {
		t.Fatal(err)
	}
	out := site.MemWriter{}
	if _, err := s.WriteOnly(out, []string{"errors/index.html"}); err != nil {
		t.Fatal(err)
	}
	page := out["errors/index.html"]

	byID, elements := map[string]*html.Node{}, 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			elements++
			if id := attrOf(n, "id"); id != "" {
				if byID[id] != nil {
					t.Errorf("two elements with id %q", id)
				}
				byID[id] = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(parse(t, page))

	aliases, retired := 0, 0
	for _, e := range cs.Errors {
		entry := byID[e.ID]
		if entry == nil || entry.Data != "li" {
			t.Errorf("/errors/#%s: no entry (li) with that id", e.ID)
			continue
		}
		for _, a := range e.Aliases {
			aliases++
			if got := entryOf(byID[a]); got != entry {
				t.Errorf("/errors/#%s (an alias of %s) lands in %s, want the error's entry", a, e.ID, describeNode(got))
			}
		}
		link := entry.FirstChild
		for link != nil && link.Type != html.ElementNode {
			link = link.NextSibling
		}
		for link != nil && link.Data == "span" && attrOf(link, "class") == "alias-anchor" {
			link = link.NextSibling
		}
		if link == nil || link.Data != "a" || attrOf(link, "href") != "/errors/"+e.ID+"/" || textOf(link) != e.Title {
			t.Errorf("entry %s: the title %q is not its first link, to /errors/%s/ (got %s)", e.ID, e.Title, e.ID, describeNode(link))
		}
		text := textOf(entry)
		for i := range e.Messages {
			if m := messageText(e, i); !strings.Contains(text, strings.TrimRight(m, ". ")) {
				t.Errorf("entry %s lacks the message %q: %q", e.ID, m, text)
			}
		}
		if e.Retired() {
			retired++
			if !strings.Contains(text, "Komt niet meer voor") {
				t.Errorf("entry %s does not say the error is retired: %q", e.ID, text)
			}
		}
	}
	if aliases == 0 || retired == 0 {
		t.Fatalf("test setup: %d aliases and %d retired errors", aliases, retired)
	}
	if byID["anchor-map"] != nil {
		t.Error("the compact list page carries an anchor map: every anchor has its element")
	}
	if strings.Contains(string(page), "<strong>Oorzaak.</strong>") {
		t.Error("the compact list page carries the errors' text")
	}

	e := len(cs.Errors)
	gz := gzipSize(t, page)
	t.Logf("list page of %d errors: %s (%d B per error), %s gzip (%d B per error), %d elements (%.1f per error)",
		e, kb(len(page)), len(page)/e, kb(gz), gz/e, elements, float64(elements)/float64(e))
	if len(page) > listBytesPerError*e {
		t.Errorf("the list page weighs %d bytes, over its budget of %d (%d per error)", len(page), listBytesPerError*e, listBytesPerError)
	}
	if gz > listGzipPerError*e {
		t.Errorf("the list page weighs %d bytes gzip, over its budget of %d (%d per error)", gz, listGzipPerError*e, listGzipPerError)
	}
	if elements > listElementsPerError*e {
		t.Errorf("the list page has %d elements, over its budget of %d (%d per error)", elements, listElementsPerError*e, listElementsPerError)
	}
}

// addFrontMatter adds the TOML lines extra at the end of the front matter
// of the error file f.
func addFrontMatter(t *testing.T, f, extra string) {
	t.Helper()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	head, body, ok := strings.Cut(strings.TrimPrefix(string(b), "+++\n"), "+++\n")
	if !ok {
		t.Fatalf("%s: no front matter", f)
	}
	if err := os.WriteFile(f, []byte("+++\n"+head+extra+"+++\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// entryOf returns the list entry (li) that holds n, or nil.
func entryOf(n *html.Node) *html.Node {
	for ; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && n.Data == "li" {
			return n
		}
	}
	return nil
}

func describeNode(n *html.Node) string {
	if n == nil {
		return "nothing"
	}
	return fmt.Sprintf("<%s id=%q href=%q>%q", n.Data, attrOf(n, "id"), attrOf(n, "href"), textOf(n))
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// messageText is the i-th message of e as a reader sees it: placeholders in
// braces, escaped braces as written.
func messageText(e *content.Error, i int) string {
	var b strings.Builder
	for _, s := range e.Segments(i) {
		if s.Placeholder {
			b.WriteString("{" + s.Text + "}")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
