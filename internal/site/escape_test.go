package site_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// TestHostileContentIsInert builds a site whose every text field carries
// markup and script, without its body checks (a build would refuse it, but
// the escaping must hold even if a check were missed), and scans every output
// file for executable markup.
func TestHostileContentIsInert(t *testing.T) {
	ar, err := txtar.ParseFile("../../testdata/sites/hostile.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	cs, ds := content.Load(fsys)
	if cs == nil || len(cs.Errors) != 2 {
		t.Fatalf("hostile site did not load: %v", ds)
	}
	s, ds := site.New(cs, theme.FS, site.Options{})
	if len(ds.Errors()) == 0 {
		t.Error("the hostile bodies passed the checks; want raw HTML and link problems reported")
	}
	out := site.MemWriter{}
	if _, err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("only %d files written", len(out))
	}
	for name, data := range out {
		text := string(data)
		low := strings.ToLower(text)
		if strings.HasPrefix(name, "assets/") {
			continue
		}
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, problem := range inertHTML(text) {
				t.Errorf("%s: %s", name, problem)
			}
		case strings.HasSuffix(name, ".json"):
			if strings.Contains(low, "<script") || strings.ContainsAny(text, "\u2028\u2029") {
				t.Errorf("%s: JSON holds raw <script or U+2028/U+2029 (must be escaped)", name)
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Errorf("%s: not valid JSON: %v", name, err)
			}
		}
	}
}

// inertHTML parses a page and reports everything in it that could run code:
// a script element other than the site's own, an element that loads or embeds
// (img, iframe, object, embed, svg script), an on* attribute, a URL attribute
// with a javascript: or data: scheme, and a JSON data block that could be
// broken out of or is not valid JSON.
func inertHTML(page string) []string {
	var problems []string
	z := html.NewTokenizer(strings.NewReader(page))
	inScript := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return problems
		case html.TextToken:
			if inScript != "" {
				body := string(z.Text())
				if strings.Contains(strings.ToLower(body), "</script") || strings.ContainsAny(body, "\u2028\u2029") {
					problems = append(problems, "a JSON script block can be broken out of")
				}
				var v any
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					problems = append(problems, fmt.Sprintf("a %s block is not valid JSON: %v", inScript, err))
				}
			}
		case html.EndTagToken:
			inScript = ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script":
				typ, src, id := attr(tok, "type"), attr(tok, "src"), attr(tok, "id")
				switch {
				case typ == "module" && strings.HasPrefix(src, "/assets/") && !strings.ContainsAny(src, "\"'<> "):
				case typ == "application/ld+json" && src == "":
					inScript = typ
				case typ == "application/json" && id == "anchor-map" && src == "":
					inScript = typ
				default:
					problems = append(problems, fmt.Sprintf("script element %s", tok))
				}
			case "img", "iframe", "object", "embed", "frame", "applet", "base", "form":
				if tok.Data == "form" && attr(tok, "action") != "" && strings.HasPrefix(attr(tok, "action"), "/") {
					break // the site's own search form
				}
				problems = append(problems, fmt.Sprintf("element %s", tok))
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				val := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(key, "on") {
					problems = append(problems, fmt.Sprintf("event handler attribute in %s", tok))
				}
				if (key == "href" || key == "src" || key == "action" || key == "formaction") &&
					(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "data:") || strings.HasPrefix(val, "vbscript:")) {
					problems = append(problems, fmt.Sprintf("script URL in %s", tok))
				}
				if key == "content" && attr(tok, "http-equiv") == "refresh" && strings.Contains(val, "javascript:") {
					problems = append(problems, fmt.Sprintf("script URL in refresh %s", tok))
				}
			}
		}
	}
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestInertHTMLDetects shows that the scanner above finds each kind of
// executable markup, so that TestHostileContentIsInert can fail.
func TestInertHTMLDetects(t *testing.T) {
	bad := []string{
		`<script>alert(1)</script>`,
		`<script src="https://evil.example/x.js"></script>`,
		`<script type="module" src="/assets/x.js" onload="y"></script>`,
		`<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href=" JavaScript:alert(1)">x</a>`,
		`<iframe src="data:text/html,x"></iframe>`,
		`<div onmouseover="x">`,
		`<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>`,
		`<script type="application/ld+json">{"a": "\u2028"} broken</script>`,
	}
	for _, page := range bad {
		if len(inertHTML(page)) == 0 {
			t.Errorf("inertHTML(%q) found nothing", page)
		}
	}
	good := `<p>&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)</p><script type="module" src="/assets/site.js"></script><script type="application/ld+json">{"a":"\u003c/script\u003e"}</script>`
	if p := inertHTML(good); len(p) > 0 {
		t.Errorf("inertHTML(escaped text) = %v, want nothing", p)
	}
}
