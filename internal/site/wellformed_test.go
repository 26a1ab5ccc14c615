package site_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bookzo/exact-help/internal/content"
)

// voidElements have no end tag (HTML Living Standard, 13.1.2).
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// wellFormed reports what is wrong with the shape of an HTML page, which a
// browser would repair silently (html.Parse accepts anything): it must start
// with <!DOCTYPE html>, declare UTF-8 in its first 1024 bytes, close every
// element it opens in order, and hold one html, head, body and title.
func wellFormed(page []byte) error {
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) {
		return fmt.Errorf("does not start with <!DOCTYPE html>")
	}
	head := page[:min(len(page), 1024)]
	if !bytes.Contains(head, []byte(`<meta charset="utf-8">`)) {
		return fmt.Errorf(`no <meta charset="utf-8"> in the first 1024 bytes`)
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	var open []string
	count := map[string]int{}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return z.Err()
			}
			if len(open) > 0 {
				return fmt.Errorf("elements never closed: %s", strings.Join(open, " > "))
			}
			for _, el := range []string{"html", "head", "body", "title"} {
				if count[el] != 1 {
					return fmt.Errorf("%d <%s> elements, want 1", count[el], el)
				}
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			nameB, _ := z.TagName()
			name := string(nameB)
			count[name]++
			if tt == html.StartTagToken && !voidElements[name] {
				open = append(open, name)
			}
		case html.EndTagToken:
			tok := z.Token()
			if voidElements[tok.Data] {
				return fmt.Errorf("</%s>: a void element has no end tag", tok.Data)
			}
			if len(open) == 0 || open[len(open)-1] != tok.Data {
				return fmt.Errorf("</%s> closes %s", tok.Data, strings.Join(open, " > "))
			}
			open = open[:len(open)-1]
		}
	}
}

// TestPagesAreWellFormed checks the shape of every HTML page of the small
// site and of the real one: error pages, lists, redirects, 404.
func TestPagesAreWellFormed(t *testing.T) {
	for name, out := range map[string]map[string][]byte{"basic": build(t, loadArchive(t, "basic")), "real": build(t, loadReal(t))} {
		n := 0
		for file, data := range out {
			if !strings.HasSuffix(file, ".html") {
				continue
			}
			n++
			if err := wellFormed(data); err != nil {
				t.Errorf("%s: %s: %v", name, file, err)
			}
		}
		if n < 5 {
			t.Errorf("%s: only %d pages", name, n)
		}
	}
}

func TestWellFormedDetects(t *testing.T) {
	const ok = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body><p>a<br>b</p></body></html>`
	if err := wellFormed([]byte(ok)); err != nil {
		t.Fatalf("wellFormed(ok) = %v", err)
	}
	for _, bad := range []string{
		strings.Replace(ok, "<!DOCTYPE html>", "", 1),
		strings.Replace(ok, `<meta charset="utf-8">`, "", 1),
		strings.Replace(ok, "</p>", "", 1),
		strings.Replace(ok, "<p>", "<p><b>", 1),
		strings.Replace(ok, "<title>x</title>", "", 1),
		strings.Replace(ok, "<br>", "<br></br>", 1),
	} {
		if wellFormed([]byte(bad)) == nil {
			t.Errorf("wellFormed(%q) = nil, want an error", bad)
		}
	}
}

// loadReal loads the repository's own site.
func loadReal(t testing.TB) *content.Site {
	t.Helper()
	cs, ds := content.Load(os.DirFS(filepath.Join("..", "..")))
	if cs == nil || len(ds.Errors()) > 0 {
		t.Fatalf("loading the real site:\n%v", ds)
	}
	return cs
}
