package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bookzo/exact-help/internal/content"
)

// TestEveryAnchorReachable builds the real site and the txtar site with an
// alias and checks both link forms of every id and every alias in the output:
// /errors/<name>/ is a page (the error's, or a redirect to it), and the list
// page carries id="<name>" inside the error's block.
func TestEveryAnchorReachable(t *testing.T) {
	real, ds := content.Load(os.DirFS(filepath.Join("..", "..")))
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	for name, cs := range map[string]*content.Site{"real": real, "basic": loadArchive(t, "basic")} {
		out := build(t, cs)
		list := parse(t, out["errors/index.html"])
		aliases := 0
		for _, e := range cs.Errors {
			page := out["errors/"+e.ID+"/index.html"]
			if !strings.Contains(string(page), `<link rel="canonical" href="`+cs.Config.BaseURL+"errors/"+e.ID+`/">`) {
				t.Errorf("%s: /errors/%s/ is missing or not the error's page", name, e.ID)
			}
			if block := blockOf(list, e.ID); block != e.ID {
				t.Errorf("%s: /errors/#%s lands in block %q, want %q", name, e.ID, block, e.ID)
			}
			for _, a := range e.Aliases {
				aliases++
				if block := blockOf(list, a); block != e.ID {
					t.Errorf("%s: /errors/#%s lands in block %q, want %q", name, a, block, e.ID)
				}
				checkRedirect(t, out["errors/"+a+"/index.html"], cs.Config.BaseURL, e)
			}
		}
		if name == "basic" && aliases == 0 {
			t.Fatal("the basic site has no alias to test")
		}
	}
}

func parse(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// blockOf returns the id of the error block (article.error-block) that holds
// the element with id anchor, or "" when there is none.
func blockOf(doc *html.Node, anchor string) string {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && attrOf(n, "id") == anchor {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for n := found; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && n.Data == "article" && strings.Contains(attrOf(n, "class"), "error-block") {
			return attrOf(n, "id")
		}
	}
	return ""
}

// checkRedirect requires a redirect page that parses as HTML and sends the
// reader to the error's page three ways: meta refresh, canonical link, and a
// visible link for when refresh is off.
func checkRedirect(t *testing.T, page []byte, base string, e *content.Error) {
	t.Helper()
	if page == nil {
		t.Errorf("no redirect page for an alias of %s", e.ID)
		return
	}
	doc := parse(t, page)
	if !strings.Contains(string(page), `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';`) {
		t.Errorf("redirect to %s: no Content-Security-Policy", e.ID)
	}
	var refresh, canonical, visible, title string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "meta" && attrOf(n, "http-equiv") == "refresh":
				refresh = attrOf(n, "content")
			case n.Data == "link" && attrOf(n, "rel") == "canonical":
				canonical = attrOf(n, "href")
			case n.Data == "a":
				visible = attrOf(n, "href")
			case n.Data == "title" && n.FirstChild != nil:
				title = n.FirstChild.Data
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	wantURL := "errors/" + e.ID + "/"
	if !strings.HasPrefix(refresh, "0; url=") || !strings.HasSuffix(refresh, "/"+wantURL) {
		t.Errorf("redirect to %s: meta refresh %q", e.ID, refresh)
	}
	if canonical != base+wantURL {
		t.Errorf("redirect to %s: canonical %q, want %q", e.ID, canonical, base+wantURL)
	}
	if !strings.HasSuffix(visible, "/"+wantURL) {
		t.Errorf("redirect to %s: visible link %q", e.ID, visible)
	}
	if !strings.Contains(title, e.Title) {
		t.Errorf("redirect to %s: title %q", e.ID, title)
	}
}
