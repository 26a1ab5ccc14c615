package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
)

func linker(known ...string) Links {
	return Links{Error: func(id string) (string, bool) {
		for _, k := range known {
			if k == id {
				return "/errors/" + id + "/", true
			}
		}
		return "", false
	}}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		contains []string
		absent   []string
	}{
		{"no typographer", `Klik op "Opslaan" -- niet op 'Annuleren'...`,
			[]string{`&quot;Opslaan&quot; -- niet op 'Annuleren'...`}, []string{"&ldquo;", "&ndash;", "&hellip;"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"strikethrough", "~~oud~~", []string{"<del>oud</del>"}, nil},
		{"autolink", "zie https://start.exactonline.nl nu", []string{`<a href="https://start.exactonline.nl">`}, nil},
		{"highlighted code", "```go\nfunc main() {}\n```", []string{`<pre class="hl-chroma">`, `<span class="hl-kd">func</span>`}, []string{"style="}},
		{"code in an unknown language is plain", "```geentaal\n<b>x</b>\n```", []string{`<pre><code class="language-geentaal">&lt;b&gt;x&lt;/b&gt;` + "\n</code></pre>"}, []string{"<b>", "hl-"}},
		{"code without a language is plain", "```\na < b\n```", []string{"<pre><code>a &lt; b\n</code></pre>"}, []string{"hl-"}},
		{"language name escaped", "```a\"onclick=x\nx\n```", []string{`class="language-a&quot;onclick=x"`}, []string{`"onclick`}},
		{"internal link short form", "[zie](error:reeds-verwerkt)", []string{`<a href="/errors/reeds-verwerkt/">zie</a>`}, nil},
		{"internal link relative", "[zie](../reeds-verwerkt/)", []string{`<a href="/errors/reeds-verwerkt/">zie</a>`}, nil},
		{"internal link to the list block", "[zie](/errors/#reeds-verwerkt)", []string{`<a href="/errors/reeds-verwerkt/">zie</a>`}, nil},
		{"internal link with the site's URL", "[zie](https://help.example.com/errors/reeds-verwerkt/)", []string{`<a href="/errors/reeds-verwerkt/">zie</a>`}, nil},
		{"other page of the site kept", "[zie](https://help.example.com/categories/x/)", []string{`<a href="https://help.example.com/categories/x/">zie</a>`}, nil},
		{"raw html not rendered", "a <script>alert(1)</script> b\n\n<div onclick=x>y</div>", nil, []string{"<script", "<div", "onclick"}},
		{"javascript link dropped", "[klik](javascript:alert(1))", []string{"klik"}, []string{"javascript", "<a"}},
		{"javascript link upper case dropped", "[klik](JavaScript:alert(1))", []string{"klik"}, []string{"avaScript", "<a"}},
		{"data image dropped", "![x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"<img", "data:"}},
		{"headings get no id", "## Stappen", []string{"<h2>Stappen</h2>"}, []string{"id="}},
		{"html in text escaped", "a < b & c > d", []string{"a &lt; b &amp; c &gt; d"}, nil},
	}
	r := New(WithSiteURL("https://help.example.com/"))
	for _, tt := range tests {
		res := r.Render([]byte(tt.src), linker("reeds-verwerkt"))
		html := string(res.HTML)
		for _, s := range tt.contains {
			if !strings.Contains(html, s) {
				t.Errorf("%s: Render(%q) = %q, want it to contain %q", tt.name, tt.src, html, s)
			}
		}
		for _, s := range tt.absent {
			if strings.Contains(html, s) {
				t.Errorf("%s: Render(%q) = %q, want no %q", tt.name, tt.src, html, s)
			}
		}
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		src  string
		want []Problem
	}{
		{"ok [a](error:known) [b](../known/) [c](https://x.nl) [d](mailto:a@b.c)", nil},
		{"\n\nregel <b>vet</b>", []Problem{
			{3, `raw HTML "<b>" is not shown on the site; write Markdown instead`},
			{3, `raw HTML "</b>" is not shown on the site; write Markdown instead`},
		}},
		{"a\n\n<div>\nx\n</div>", []Problem{{3, "raw HTML is not shown on the site; write Markdown instead"}}},
		{"a\n[x](error:onbekend)", []Problem{{2, `link "error:onbekend": no error has the id "onbekend" (see content/errors/)`}}},
		{"[x](../onbekend/)", []Problem{{1, `link "../onbekend/": no error has the id "onbekend" (see content/errors/)`}}},
		{"[x](https://help.example.com/docs/errors/onbekend/)", []Problem{{1, `link "https://help.example.com/docs/errors/onbekend/": no error has the id "onbekend" (see content/errors/)`}}},
		{"[x](/docs/errors/onbekend/)", []Problem{{1, `link "/docs/errors/onbekend/": no error has the id "onbekend" (see content/errors/)`}}},
		{"[x](/errors/#onbekend)", []Problem{{1, `link "/errors/#onbekend": no error has the id "onbekend" (see content/errors/)`}}},
		{"[x](https://help.example.com/docs/categories/verbinding/) [y](https://andere.example.com/errors/onbekend/)", nil},
		{"[x](https://help.example.com/docs/errors/known/) [y](//help.example.com/docs/errors/#known)", nil},
		{"\n[x](javascript:alert(1))", []Problem{{2, `link "javascript:alert(1)": only http, https, mailto and tel links are allowed; the link is dropped`}}},
		{strings.Repeat(">", MaxNesting+5) + " diep", []Problem{{1, "lists and quotes are nested more than 32 deep"}}},
	}
	r := New(WithSiteURL("https://help.example.com/docs/"))
	for _, tt := range tests {
		got := r.Render([]byte(tt.src), linker("known")).Problems
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Render(%q).Problems = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	res := New().Render([]byte("**Oorzaak.** Een *fout*.\n\n1. Stap `een`\n2. Stap twee"), linker())
	want := "Oorzaak. Een fout.\nStap een\nStap twee"
	if res.Text != want {
		t.Errorf("Text = %q, want %q", res.Text, want)
	}
}

func TestCauseAndSolutionLines(t *testing.T) {
	tests := []struct {
		src             string
		cause, solution int
	}{
		{"**Oorzaak.** X.\n\n**Oplossing.** Y.", 1, 3},
		{"Intro.\n\n**Oorzaak.** X.", 3, 0},
		{"**Oplossing:** Y.", 0, 1},
		{"## Oorzaak\n\nX.\n\n### Oplossing.\n\nY.", 1, 5},
		{"**oplossing.** Y.", 0, 1},
		{"Zie **Oplossing.** hieronder.", 0, 0}, // not at the start of the paragraph
		{"*Oplossing.* Y.", 0, 1},               // italics: given the bold form
		{"**De oplossing.** Y.", 0, 0},
		{"- **Oplossing.** in a list", 0, 1},
		{"", 0, 0},
	}
	for _, tt := range tests {
		res := New().Render([]byte(tt.src), linker())
		if res.CauseLine != tt.cause || res.SolutionLine != tt.solution {
			t.Errorf("Render(%q): CauseLine, SolutionLine = %d, %d; want %d, %d", tt.src, res.CauseLine, res.SolutionLine, tt.cause, tt.solution)
		}
	}
}

// TestSolutionSteps: the steps are the items of the solution's first
// numbered list, as plain text; a list before the solution, a bulleted one
// or a second one is not it.
func TestSolutionSteps(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"**Oorzaak.** X.\n\n**Oplossing.** Let op. Doe dit:\n\n1. Ga naar **Verkoop > Posten**.\n2. Letter `af`.", []string{"Ga naar Verkoop > Posten.", "Letter af."}},
		{"**Oplossing.**\n\n1. Een\n   - a\n   - b\n2. Twee\n\nTekst.\n\n1. Later", []string{"Een a b", "Twee"}},
		{"1. Voor\n\n**Oplossing.** Y.", nil},
		{"**Oplossing.** Y.\n\n- a\n- b", nil},
		{"**Oplossing.** Y.\n\n**Oorzaak.** Z.\n\n1. Na de oorzaak", nil},
		{"**Oorzaak.** X.\n\n1. Geen oplossing", nil},
	}
	for _, tt := range tests {
		res := New().Render([]byte(tt.src), linker())
		if !reflect.DeepEqual(res.Steps, tt.want) {
			t.Errorf("Render(%q).Steps = %q, want %q", tt.src, res.Steps, tt.want)
		}
	}
}

func TestStyleSheetHasDarkMode(t *testing.T) {
	css := string(StyleSheet())
	if !strings.Contains(css, ".hl-chroma") || !strings.Contains(css, "@media (prefers-color-scheme: dark)") {
		t.Errorf("StyleSheet lacks the light or dark rules:\n%.300s", css)
	}
}

// FuzzRender renders arbitrary Markdown: it must not panic, must not nest
// without bound, and must never emit a script element or an event handler.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "errors", "*.md"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{"<script>x</script>", "[a](javascript:x)", "> > > >", "```\ncode", "| a |\n|-|\n| <b> |", "[x](error:y)",
		// The forms parts rewrites, and the mistakes of mistakes.go.
		"**Oorzaak.** X.\n**Oplossing:** Y.", "## Oplossing\n1. a", "Oplossing\n---\n\nY", "Intro\nOorzaak: x  \n*oplossing*. y", "- Oplossing:\n  **Oorzaak**",
		"Stappen:\n\n\t1. a **b**\n\t2. c", "Stappen:\n    - a\n    - b", "> x\n>\n>     - a", "[x](error: y) [z] (error:Y z)", "[x](y) ![i](y.png) [w](www.x.nl)"} {
		f.Add(s)
	}
	r := New(WithSiteURL("https://help.example.com/docs/"))
	f.Fuzz(func(t *testing.T, src string) {
		res := r.Render([]byte(src), linker("y"))
		if bad := executable(string(res.HTML)); bad != "" {
			t.Errorf("Render(%q) emitted executable markup (%s): %s", src, bad, res.HTML)
		}
		if len(res.HTML) > MaxHTMLBytes {
			t.Errorf("Render(%.60q…) gave %d bytes of HTML, over the limit", src, len(res.HTML))
		}
		for _, p := range res.Problems {
			if p.Line < 1 || p.Line > 1+strings.Count(src, "\n") || p.Msg == "" {
				t.Errorf("Render(%.60q…): problem %+v outside the text's lines", src, p)
			}
		}
	})
}

// linkifyPair returns goldmark with its own GFM autolinks and with
// quickLinkify, otherwise alike.
func linkifyPair() (goldmark.Markdown, goldmark.Markdown) {
	return goldmark.New(goldmark.WithExtensions(extension.Linkify)), goldmark.New(goldmark.WithExtensions(newQuickLinkify()))
}

// TestQuickLinkifyAgrees renders autolink cases with goldmark's linkify and
// with quickLinkify: the same HTML.
func TestQuickLinkifyAgrees(t *testing.T) {
	ref, quick := linkifyPair()
	for _, src := range []string{
		"zie https://start.exactonline.nl/docs?x=1. nu",
		"mail support@bookzo.nl of (www.bookzo.nl/help)",
		"*www.bookzo.nl* _ftp://x.nl_ ~http://a.b~",
		"a@b geen punt, a@b.nl. en a.b@c.d-e",
		"https:// leeg, www. leeg, @ alleen",
		"tekst zonder links maar met * en _ en ( haakjes )",
	} {
		var a, b bytes.Buffer
		ref.Convert([]byte(src), &a)
		quick.Convert([]byte(src), &b)
		if a.String() != b.String() {
			t.Errorf("quickLinkify(%q) = %q, goldmark's linkify gives %q", src, b.String(), a.String())
		}
	}
}

// FuzzQuickLinkify: for any Markdown, quickLinkify finds exactly the links
// goldmark's linkify finds.
func FuzzQuickLinkify(f *testing.F) {
	for _, s := range []string{"https://x.nl a@b.nl www.x.nl", "(a@b.c)", "*ftp://x*"} {
		f.Add(s)
	}
	ref, quick := linkifyPair()
	f.Fuzz(func(t *testing.T, src string) {
		var a, b bytes.Buffer
		ref.Convert([]byte(src), &a)
		quick.Convert([]byte(src), &b)
		if a.String() != b.String() {
			t.Fatalf("quickLinkify(%q) = %q, goldmark's linkify gives %q", src, b.String(), a.String())
		}
	})
}

// TestCostlyBodiesAreRefused feeds the renderer bodies of up to 1 MiB (the
// file limit) built from the constructs that goldmark parses in quadratic
// time or renders to many times their size. Each is refused before parsing
// with a problem at its line: without the guard, most of them take minutes,
// so a regression shows as this test running into go test's timeout.
func TestCostlyBodiesAreRefused(t *testing.T) {
	const mib = 1 << 20
	fill := func(unit string, size int) string { return strings.Repeat(unit, size/len(unit)) }
	table := func(cols, rows int) string {
		return "|" + strings.Repeat("a|", cols) + "\n|" + strings.Repeat("-|", cols) + "\n" + strings.Repeat("|a\n", rows)
	}
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"a line of nested quotes", "Intro.\n\n" + fill(">", mib-10) + " x", 3, "nested more than 32 deep"},
		{"a line of nested lists", fill("1. ", mib), 1, "nested more than 32 deep"},
		{"a line of nested bullets", fill("- ", mib), 1, "nested more than 32 deep"},
		{"unclosed links", fill("[a](", mib), 1, "more than 2000 links"},
		{"emphasis marks", fill("*a", mib), 1, "more than 5000 * and _"},
		{"underscores", fill("_a", mib), 1, "more than 5000 * and _"},
		{"reference definitions", fill("[a]: b\n", mib/2) + fill("[a]", mib/2), 501, "more than 500 link reference definitions"},
		{"a wide table", table(2000, 2000), 1, "more than 50000 cells"},
		{"a long table", "Tekst.\n\n" + table(2, 300000), 3, "more than 50000 cells"},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := r.Render([]byte(tt.src), linker())
			if len(res.Problems) != 1 || res.Problems[0].Line != tt.line || !strings.Contains(res.Problems[0].Msg, tt.msg) {
				t.Fatalf("Render: problems %v, want one at line %d with %q", res.Problems, tt.line, tt.msg)
			}
			if res.HTML != nil {
				t.Errorf("Render rendered a refused body (%d bytes)", len(res.HTML))
			}
		})
	}
	// Near each limit but under it, bodies render.
	for _, src := range []string{
		strings.Repeat(">", MaxNesting) + " x",
		strings.Repeat("[a](#b) ", MaxLinks),
		strings.Repeat("*a* ", MaxEmphasis/2),
		table(50, MaxCells/50-2),
	} {
		if res := r.Render([]byte(src), linker()); len(res.Problems) > 0 || len(res.HTML) == 0 {
			t.Errorf("Render(%.40q…): %v; want it rendered", src, res.Problems)
		}
	}
}

// executable returns what in html could run script or load another
// document: a script, iframe, object, embed, base, form or style element,
// an on* attribute, or a javascript:, vbscript: or data: URL in an href or
// src; "" when there is none.
func executable(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "base", "form", "style", "frame", "applet", "svg", "math":
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					return "attribute " + a.Key
				}
				if a.Key == "href" || a.Key == "src" {
					v := strings.ToLower(strings.Map(func(r rune) rune {
						if r <= ' ' {
							return -1
						}
						return r
					}, a.Val))
					for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
						if strings.HasPrefix(v, scheme) {
							return a.Key + "=" + a.Val
						}
					}
				}
			}
		}
	}
}

func TestExecutableDetects(t *testing.T) {
	for _, bad := range []string{`<script>x</script>`, "<a href=\" jaVa\tscript:x\">", `<img src="data:x">`, `<p onclick=x>`, `<svg>`} {
		if executable(bad) == "" {
			t.Errorf("executable(%q) = \"\", want a finding", bad)
		}
	}
	if got := executable(`<p>javascript:alert(1) &lt;script&gt;</p><a href="https://x.nl/javascript:">x</a>`); got != "" {
		t.Errorf("executable(text) = %q, want none", got)
	}
}

// TestWithoutHighlighting: a check's renderer leaves code blocks plain and
// finds exactly the problems, text and parts the published one finds.
func TestWithoutHighlighting(t *testing.T) {
	t.Parallel()
	src := []byte("**Oorzaak.** Het log zegt:\n\n```json\n{\"fout\": \"Ongeldige referentie <b>\"}\n```\n\n**Oplossing.** Zie <span>dit</span> en [die](error:onbekend).\n")
	links := Links{Error: func(string) (string, bool) { return "", false }}
	full, plain := New().Render(src, links), New(WithoutHighlighting()).Render(src, links)
	if !bytes.Contains(full.HTML, []byte(`class="hl-`)) {
		t.Fatalf("the published renderer did not highlight: %s", full.HTML)
	}
	if bytes.Contains(plain.HTML, []byte(`class="hl-`)) || !bytes.Contains(plain.HTML, []byte("<pre><code class=\"language-json\">{&quot;fout&quot;: &quot;Ongeldige referentie &lt;b&gt;&quot;}\n</code></pre>")) {
		t.Errorf("without highlighting: %s", plain.HTML)
	}
	full.HTML, plain.HTML = nil, nil
	if !reflect.DeepEqual(full, plain) || len(full.Problems) == 0 {
		t.Errorf("the results differ beyond the HTML:\n%+v\n%+v", full, plain)
	}
}

// TestHighlightGrowthBound: highlighting makes at most maxHighlightGrowth
// bytes of HTML of a byte of code, on code written to grow the most (a
// token or a line per byte, characters that are escaped), so a check
// without highlighting knows when to measure the build's HTML.
func TestHighlightGrowthBound(t *testing.T) {
	t.Parallel()
	codes := []string{strings.Repeat("\n", 2000), strings.Repeat("a\n", 2000), strings.Repeat("<>&\"'", 400),
		strings.Repeat("{[(,;:.)]}", 200), strings.Repeat("1 ", 1000), strings.Repeat("\"\"", 1000), strings.Repeat("/* */", 400), strings.Repeat("$a ", 700)}
	r := New()
	for _, lang := range []string{"go", "json", "xml", "sql", "powershell", "bash", "html", "javascript", "python", "yaml", "csharp"} {
		for _, code := range codes {
			src := "```" + lang + "\n" + code + "\n```\n"
			html := r.Render([]byte(src), Links{}).HTML
			if growth := float64(len(html)) / float64(len(code)+1); growth > maxHighlightGrowth {
				t.Errorf("%s: %d bytes of code gave %d bytes of HTML (%.0f×)", lang, len(code)+1, len(html), growth)
			}
		}
	}
}
