package site_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// errorPageBudget is the most an error page may weigh, gzip-compressed, with
// every stylesheet and script it loads: what a customer's phone downloads
// before the page is complete.
const errorPageBudget = 30 * 1024

// budgetReport is where the measured sizes are written, at the repository
// root (git-ignored), for CI artifacts and for people running go test
// without -v.
var budgetReport = filepath.Join("..", "..", "testout", "budget.txt")

// realOutput builds the repository's own site into memory.
func realOutput(t *testing.T) (site.MemWriter, *content.Site) {
	t.Helper()
	cs, ds := content.Load(os.DirFS(filepath.Join("..", "..")))
	if cs == nil || len(ds.Errors()) > 0 {
		t.Fatalf("loading the real site:\n%v", ds)
	}
	s, ds := site.New(cs, theme.FS, site.Options{})
	if err := site.Check(ds); err != nil {
		t.Fatalf("building the real site: %v", err)
	}
	out := site.MemWriter{}
	if _, err := s.Write(out); err != nil {
		t.Fatalf("writing the real site: %v", err)
	}
	return out, cs
}

// A resource of a page and its weight.
type weighed struct {
	name       string // output file
	kind       string // "html", "css" or "js"
	raw, gzip  int
	importedBy string // for a module imported by another, that module
}

// pageWeight is an HTML page with everything it loads at once.
type pageWeight struct {
	page  string
	parts []weighed
}

func (p pageWeight) total() (raw, gz int) {
	for _, w := range p.parts {
		raw += w.raw
		gz += w.gzip
	}
	return raw, gz
}

func (p pageWeight) byKind(kind string) (raw, gz int) {
	for _, w := range p.parts {
		if w.kind == kind {
			raw += w.raw
			gz += w.gzip
		}
	}
	return raw, gz
}

func (p pageWeight) String() string {
	var b strings.Builder
	raw, gz := p.total()
	fmt.Fprintf(&b, "%s: %s gzip in total (%s uncompressed)\n", p.page, kb(gz), kb(raw))
	for _, kind := range []string{"html", "css", "js"} {
		r, g := p.byKind(kind)
		fmt.Fprintf(&b, "  %-4s %9s gzip %9s raw\n", kind, kb(g), kb(r))
	}
	for _, w := range p.parts {
		via := ""
		if w.importedBy != "" {
			via = " (imported by " + w.importedBy + ")"
		}
		fmt.Fprintf(&b, "    %-44s %9s gzip %9s raw%s\n", w.name, kb(w.gzip), kb(w.raw), via)
	}
	return b.String()
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

// gzipSize is the size of data gzip-compressed at the default level, as a
// static host compresses it.
func gzipSize(t *testing.T, data []byte) int {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}

// TestErrorPagesWithinBudget weighs every error page with its stylesheets
// and scripts (module scripts with the modules they import statically) and
// requires the heaviest to stay within errorPageBudget, gzip-compressed.
// The search index is not counted: an error page fetches it only when opened
// from a search result, after the page is complete. The sizes are logged (go
// test -v), written to testout/budget.txt, and shown on failure.
func TestErrorPagesWithinBudget(t *testing.T) {
	out, cs := realOutput(t)
	base := mustParseURL(t, cs.Config.BaseURL)

	var heaviest pageWeight
	heaviestGzip := -1
	for _, e := range cs.Errors {
		p := weighPage(t, out, base, "errors/"+e.ID+"/index.html")
		if _, gz := p.total(); gz > heaviestGzip {
			heaviest, heaviestGzip = p, gz
		}
	}
	if heaviestGzip < 0 {
		t.Fatal("the real site has no error pages")
	}
	var report strings.Builder
	fmt.Fprintf(&report, "Page weight, gzip (budget for an error page: %s)\n\n", kb(errorPageBudget))
	fmt.Fprintf(&report, "heaviest error page of %d, %s", len(cs.Errors), heaviest)
	for _, other := range []string{"index.html", "errors/index.html", "404.html"} {
		fmt.Fprintf(&report, "\nfor comparison, not budgeted: %s", weighPage(t, out, base, other))
	}
	if meta, ok := out["search/meta.json"]; ok {
		fmt.Fprintf(&report, "\nthe search index's meta.json, fetched on the first search: %s gzip (%s raw)\n", kb(gzipSize(t, meta)), kb(len(meta)))
	}
	t.Log("\n" + report.String())
	if err := os.MkdirAll(filepath.Dir(budgetReport), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(budgetReport, []byte(report.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if heaviestGzip > errorPageBudget {
		t.Errorf("%s weighs %s gzip with its CSS and JS, over the budget of %s:\n%s",
			heaviest.page, kb(heaviestGzip), kb(errorPageBudget), report.String())
	}
}

// weighPage measures an HTML page of out and what it loads: its stylesheets,
// its scripts and what they import statically, and what the stylesheets
// reference with url() or @import. Every resource counts once.
func weighPage(t *testing.T, out site.MemWriter, base *url.URL, name string) pageWeight {
	t.Helper()
	data, ok := out[name]
	if !ok {
		t.Fatalf("%s is not in the output", name)
	}
	p := pageWeight{page: name}
	p.parts = append(p.parts, weighed{name: name, kind: "html", raw: len(data), gzip: gzipSize(t, data)})
	seen := map[string]bool{name: true}
	var add func(ref, from, kind, importedBy string)
	add = func(ref, from, kind, importedBy string) {
		file, ok := outputFile(base, from, ref)
		if !ok {
			t.Errorf("%s: %q is not a file of the site", from, ref)
			return
		}
		if seen[file] {
			return
		}
		seen[file] = true
		data, ok := out[file]
		if !ok {
			t.Errorf("%s: %q: %s is missing from the output", from, ref, file)
			return
		}
		p.parts = append(p.parts, weighed{name: file, kind: kind, raw: len(data), gzip: gzipSize(t, data), importedBy: importedBy})
		switch kind {
		case "js":
			for _, spec := range staticImports(data) {
				add(spec, file, "js", file)
			}
		case "css":
			for _, u := range cssURLs(data) {
				if !strings.HasPrefix(u, "data:") {
					// Imported stylesheets, images and fonts count as CSS.
					add(u, file, "css", "")
				}
			}
		}
	}
	doc := parseHTML(t, name, data)
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch {
		case n.DataAtom == atom.Link && hasToken(attrValue(n, "rel"), "stylesheet"):
			add(attrValue(n, "href"), name, "css", "")
		case n.DataAtom == atom.Script && attrValue(n, "src") != "":
			add(attrValue(n, "src"), name, "js", "")
		}
	}
	return p
}

// outputFile resolves ref, as found in the output file from, to the output
// file it loads. ok is false for a URL outside the site.
func outputFile(base *url.URL, from, ref string) (string, bool) {
	pageURL := base.ResolveReference(&url.URL{Path: from})
	if strings.HasSuffix(from, "/index.html") || from == "index.html" {
		pageURL = base.ResolveReference(&url.URL{Path: strings.TrimSuffix(from, "index.html")})
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	u := pageURL.ResolveReference(r)
	if u.Scheme != base.Scheme || u.Host != base.Host || !strings.HasPrefix(u.Path, base.Path) {
		return "", false
	}
	file := strings.TrimPrefix(u.Path, base.Path)
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	return path.Clean(file), true
}

// The assets are our own small modules, so a pattern finds their static
// imports: import x from "./a.js", import {a} from "./a.js", import "./a.js",
// export ... from "./a.js". (HTML, which others write, is parsed instead.)
// An import clause never holds a string, parenthesis, "=" or ";", so the
// pattern cannot run on into code.
var importRE = regexp.MustCompile(`(?m)^[ \t]*(?:(?:import|export)\s[^"'\x60;()=]*?\bfrom\s*|import\s*)["']([^"']+)["']`)

func staticImports(js []byte) []string {
	var specs []string
	for _, m := range importRE.FindAllSubmatch(js, -1) {
		specs = append(specs, string(m[1]))
	}
	return specs
}

var (
	cssURLRE    = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImportRE = regexp.MustCompile(`@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// cssURLs returns what a stylesheet references: url() and @import.
func cssURLs(css []byte) []string {
	var urls []string
	for _, re := range []*regexp.Regexp{cssURLRE, cssImportRE} {
		for _, m := range re.FindAllSubmatch(css, -1) {
			for _, g := range m[1:] {
				if len(g) > 0 {
					urls = append(urls, string(g))
				}
			}
		}
	}
	return urls
}

// jsURLRE finds string literals in scripts that are absolute URLs or
// protocol-relative ones: anything that would reach another host.
var jsURLRE = regexp.MustCompile(`["'\x60]((?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^"'\x60\s]*)`)

// fetchRE finds fetch("…") calls with a literal URL.
var fetchRE = regexp.MustCompile(`\bfetch\(\s*["'\x60]([^"'\x60]*)["'\x60]`)

// TestNoRequestToAnotherHost scans every page and asset for URLs that would
// make the browser contact another host (CDN fonts, trackers, scripts):
// href, src, action, srcset, poster and data attributes, meta refresh, CSS
// url() and @import, and script imports, fetches and URL strings. Allowed:
// the site's own base URL (canonical and permalinks), and links (<a href>,
// followed only when clicked) to the support contact and the edit page.
func TestNoRequestToAnotherHost(t *testing.T) {
	out, cs := realOutput(t)
	base := mustParseURL(t, cs.Config.BaseURL)
	sup := cs.Config.Support
	allowedLink := func(u *url.URL) bool {
		switch {
		case u.Scheme == "mailto":
			return sup.Email != "" && strings.EqualFold(u.Opaque, sup.Email)
		case sup.URL != "" && u.String() == sup.URL:
			return true
		case cs.Config.EditURL != "" && strings.HasPrefix(u.String(), cs.Config.EditURL):
			return true
		}
		return false
	}
	// own reports whether ref, found in from, stays on the site (or is data
	// in the page itself).
	own := func(from, ref string) (*url.URL, bool) {
		ref = strings.TrimSpace(ref)
		if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "data:") {
			return nil, true
		}
		_, ok := outputFile(base, from, ref)
		u, err := url.Parse(ref)
		if err != nil {
			return nil, false
		}
		return u, ok
	}
	var checked int
	for _, name := range slices.Sorted(maps.Keys(out)) {
		data := out[name]
		switch path.Ext(name) {
		case ".html":
			doc := parseHTML(t, name, data)
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				for _, ref := range elementURLs(n) {
					checked++
					u, ok := own(name, ref.value)
					if ok || (n.DataAtom == atom.A && ref.attr == "href" && u != nil && allowedLink(u)) {
						continue
					}
					t.Errorf("%s: <%s %s=%q> points outside the site", name, n.Data, ref.attr, ref.value)
				}
			}
		case ".css":
			for _, ref := range cssURLs(data) {
				checked++
				if _, ok := own(name, ref); !ok {
					t.Errorf("%s: url(%q) points outside the site", name, ref)
				}
			}
		case ".js":
			var refs []string
			refs = append(refs, staticImports(data)...)
			for _, re := range []*regexp.Regexp{jsURLRE, fetchRE} {
				for _, m := range re.FindAllSubmatch(data, -1) {
					refs = append(refs, string(m[1]))
				}
			}
			for _, ref := range refs {
				checked++
				if _, ok := own(name, ref); !ok {
					t.Errorf("%s: %q points outside the site", name, ref)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("found no URL at all to check; the test is broken")
	}
}

type urlRef struct{ attr, value string }

// elementURLs returns the URLs in an element's attributes that the browser
// loads or follows.
func elementURLs(n *html.Node) []urlRef {
	var refs []urlRef
	for _, a := range n.Attr {
		switch a.Key {
		case "href", "src", "action", "formaction", "poster", "data", "cite", "background", "ping":
			refs = append(refs, urlRef{a.Key, a.Val})
		case "srcset", "imagesrcset":
			for c := range strings.SplitSeq(a.Val, ",") {
				if f := strings.Fields(c); len(f) > 0 {
					refs = append(refs, urlRef{a.Key, f[0]})
				}
			}
		case "style":
			for _, u := range cssURLs([]byte(a.Val)) {
				refs = append(refs, urlRef{a.Key, u})
			}
		case "content":
			switch {
			case strings.EqualFold(attrValue(n, "http-equiv"), "refresh"):
				if i := strings.Index(strings.ToLower(a.Val), "url="); i >= 0 {
					refs = append(refs, urlRef{"content", strings.Trim(a.Val[i+len("url="):], `'" `)})
				}
			case strings.HasPrefix(attrValue(n, "property"), "og:") && strings.Contains(a.Val, "://"):
				refs = append(refs, urlRef{"content", a.Val})
			}
		}
	}
	return refs
}

// TestPagesLoadNoBlockingOrInlineScript requires of every HTML page: each
// <script src> is a module or deferred or async (none blocks rendering), no
// inline script other than JSON data, a Content-Security-Policy <meta> whose
// script-src allows no inline script and no other host, and alt text on
// every image.
func TestPagesLoadNoBlockingOrInlineScript(t *testing.T) {
	out, _ := realOutput(t)
	var pages int
	for _, name := range slices.Sorted(maps.Keys(out)) {
		if path.Ext(name) != ".html" {
			continue
		}
		pages++
		doc := parseHTML(t, name, out[name])
		var csps []string
		var scripts int
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.DataAtom {
			case atom.Script:
				scripts++
				typ := strings.ToLower(strings.TrimSpace(attrValue(n, "type")))
				if src := attrValue(n, "src"); src != "" {
					if typ != "module" && !hasAttr(n, "defer") && !hasAttr(n, "async") {
						t.Errorf("%s: <script src=%q> blocks rendering: make it type=module, defer or async", name, src)
					}
					continue
				}
				if typ != "application/json" && typ != "application/ld+json" {
					t.Errorf("%s: an inline <script type=%q>: scripts belong in files (the CSP blocks inline ones)", name, typ)
				}
			case atom.Meta:
				if strings.EqualFold(attrValue(n, "http-equiv"), "Content-Security-Policy") {
					csps = append(csps, attrValue(n, "content"))
				}
			case atom.Img:
				if !hasAttr(n, "alt") {
					t.Errorf("%s: <img src=%q> has no alt attribute", name, attrValue(n, "src"))
				}
			}
			// Inline event handlers are inline script too.
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=…>: an inline event handler", name, n.Data, a.Key)
				}
			}
		}
		if len(csps) == 0 {
			t.Errorf("%s: no <meta http-equiv=\"Content-Security-Policy\">", name)
		}
		for _, csp := range csps {
			for _, problem := range cspProblems(csp) {
				t.Errorf("%s: Content-Security-Policy %q: %s", name, csp, problem)
			}
		}
	}
	if pages == 0 {
		t.Fatal("the real site has no HTML pages")
	}
}

// isRedirectPage reports whether doc is a redirect page: a meta refresh.
func isRedirectPage(doc *html.Node) bool {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta && strings.EqualFold(attrValue(n, "http-equiv"), "refresh") {
			return true
		}
	}
	return false
}

// cspProblems checks a policy: scripts only from the site itself (no inline
// script in any form: 'unsafe-inline', nonces, hashes; no eval), and no
// directive that lets the page load from another host.
func cspProblems(csp string) []string {
	var problems []string
	directives := map[string][]string{}
	for d := range strings.SplitSeq(csp, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		name := strings.ToLower(f[0])
		directives[name] = f[1:]
		for _, src := range f[1:] {
			s := strings.ToLower(src)
			if strings.HasPrefix(s, "'") || s == "data:" || s == "blob:" && name != "script-src" {
				continue
			}
			if name == "report-uri" || name == "report-to" || name == "sandbox" {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s allows %s: another host", name, src))
		}
	}
	scriptSrc, ok := directives["script-src"]
	if !ok {
		scriptSrc, ok = directives["default-src"]
	}
	if !ok {
		return append(problems, "no script-src or default-src: any script may run")
	}
	for _, src := range scriptSrc {
		switch s := strings.ToLower(src); {
		case s == "'self'" || s == "'none'":
		case s == "'unsafe-inline'" || s == "'unsafe-hashes'" || s == "'unsafe-eval'" ||
			strings.HasPrefix(s, "'nonce-") || strings.HasPrefix(s, "'sha"):
			problems = append(problems, "script-src allows inline script or eval: "+src)
		default:
			problems = append(problems, "script-src allows "+src)
		}
	}
	return problems
}

func TestCSPProblemsDetects(t *testing.T) {
	tests := []struct {
		csp  string
		want int // number of problems
	}{
		{"default-src 'self'; script-src 'self'; img-src 'self' data:", 0},
		{"default-src 'self'", 0},
		{"img-src 'self'", 1},
		{"script-src 'self' 'unsafe-inline'", 1},
		{"script-src 'self' 'nonce-abc'", 1},
		{"script-src 'self' 'sha256-abc='", 1},
		{"default-src 'self' 'unsafe-inline'", 1},
		{"script-src 'self' https://cdn.example.com", 2},
		{"default-src 'self'; font-src https://fonts.gstatic.com", 1},
		{"default-src 'self'; script-src data:", 1},
	}
	for _, tt := range tests {
		if got := cspProblems(tt.csp); len(got) != tt.want {
			t.Errorf("cspProblems(%q) = %q, want %d problems", tt.csp, got, tt.want)
		}
	}
}

func TestStaticImports(t *testing.T) {
	js := []byte(`// a comment: import x from "./nope.js" is not at a line start
import { a, b } from "./search.js";
import def from './b.js';
import "./side-effect.js";
export { c } from "./c.js";
export function f() { return "./not-an-import.js"; }
  import {
    d,
  } from "./d.js";
const x = await import("./lazy.js");
`)
	got := staticImports(js)
	want := []string{"./search.js", "./b.js", "./side-effect.js", "./c.js", "./d.js"}
	if !slices.Equal(got, want) {
		t.Errorf("staticImports = %q, want %q", got, want)
	}
}

func TestOutputFile(t *testing.T) {
	base, _ := url.Parse("https://help.example.nl/docs/")
	tests := []struct {
		from, ref, want string
		ok              bool
	}{
		{"errors/x/index.html", "/docs/assets/style.css?v=abc", "assets/style.css", true},
		{"errors/x/index.html", "../../assets/site.js", "assets/site.js", true},
		{"assets/search-ui.js", "./search.js", "assets/search.js", true},
		{"index.html", "errors/", "errors/index.html", true},
		{"index.html", "https://help.example.nl/docs/errors/x/", "errors/x/index.html", true},
		{"index.html", "https://fonts.googleapis.com/css", "", false},
		{"index.html", "//cdn.example.com/x.js", "", false},
		{"index.html", "/other/x.js", "", false},
		{"index.html", "http://help.example.nl/docs/", "", false},
	}
	for _, tt := range tests {
		got, ok := outputFile(base, tt.from, tt.ref)
		if got != tt.want || ok != tt.ok {
			t.Errorf("outputFile(%q, %q) = %q, %v, want %q, %v", tt.from, tt.ref, got, ok, tt.want, tt.ok)
		}
	}
}

func mustParseURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u
}

func parseHTML(t *testing.T, name string, data []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func attrValue(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasToken(list, token string) bool {
	for f := range strings.FieldsSeq(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}
