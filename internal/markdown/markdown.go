// Package markdown renders the Markdown bodies of errors: the one goldmark
// setup of the site, with chroma highlighting and our checks.
//
// # Rendering rules
//
//   - CommonMark plus GFM tables, strikethrough, task lists and autolinks.
//   - No typographer: quotes and dashes stay as written, because error texts
//     are quoted exactly.
//   - Fenced code is highlighted by chroma with CSS classes; StyleSheet returns
//     the matching CSS for light and dark mode.
//   - Raw HTML is never rendered (goldmark's default); Render reports each
//     occurrence as a problem so the writer learns it was dropped.
//   - Links may use http, https, mailto and tel, or be relative. A link with
//     any other scheme (javascript:, data:, ...) is dropped, its text kept, and
//     reported.
//   - A link "error:<id>" (error: in any case) is a link to another error; so
//     are "../<id>/" and "../<id>" (as written between error pages),
//     "/errors/<id>/", "/errors/#<id>", "errors/<id>/", and these written
//     with the site's own URL (WithSiteURL). All are resolved through
//     Links.Error and rewritten to the error's URL; an unknown id is a
//     problem, which names the error the id means in another case, or as a
//     title or message (Links.Find).
//   - A relative link or image that starts with none of "/", "#", "?" and
//     "../" ("ongeldige-referentie-btw-code", "www.exactonline.nl",
//     "support@bookzo.nl", "handleiding.pdf"), or with "../" and a name
//     that is no error's ("../categories/x/" is below /errors/), leads
//     nowhere from an error's page: a problem that gives the form to
//     write. Text at the site's root (Links.AtRoot) may have them, except
//     an error's name, an e-mail or a web address. A link to an error's
//     file, as between files on GitHub ("../reeds-verwerkt.md",
//     "/content/errors/reeds-verwerkt.md", "reeds-verwerkt.html",
//     "errors/Reeds-verwerkt"), leads nowhere from any page: a problem
//     naming the error's link.
//   - What is left of a link to an error that Markdown did not take as a
//     link ("[zie](error: id)", "[zie](error:Een titel)", "[zie] (error:id)")
//     shows as typed: a problem, naming the id to write where Links.Find
//     knows the text.
//   - A list indented by a tab or four spaces is code on the page, or runs
//     into the line above it: a problem at its first line. An indented block
//     counts as such a list, or as text, when its lines look like list items
//     (most of them), bold text or links; other indented code (a log, a stack
//     trace) is code, and so is a block with a log's times or levels, rows
//     ("- Factuur 1001: OK") or headers. The problem offers ``` as the other
//     fix. See mistakes.go; a text reports MaxMistakes of these.
//   - A body that would cost the parser too much (nesting deeper than
//     MaxNesting on one line, more than MaxLinks links, MaxEmphasis * and _,
//     MaxLinkDefs reference definitions, MaxCells table cells) is reported
//     before it is parsed, and not rendered; see guard.go.
//   - Headings get no generated ids: on the list page every anchor is an
//     error's id, and a heading must not take one.
//   - A paragraph that starts with a bold "Oorzaak." or "Oplossing." marks
//     the two parts of a body; the result says where they are, so that a
//     body with a cause and no solution can be published as "no solution
//     yet". The common other ways of writing them ("Oplossing:",
//     "**Oplossing**", "**Oplossing:**", "## Oplossing", the stars astray
//     ("**Oplossing.**Vul", "** Oplossing.**", "**Oplossing.*"), the
//     solution on the line below the cause) are given that one form
//     before rendering, so
//     their pages are those of "**Oplossing.**"; see parts.go. A misspelt
//     one ("**Oplosing.**", "## Oplossingen", "De oplossing: ...") or an
//     indented one (code on the page) below a cause, with no solution, is
//     a problem: the page would show its steps and say there is no
//     solution.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Chroma styles for code blocks in light and dark mode.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// MaxNesting bounds how deeply block quotes and lists may nest: a file of
// thousands of ">" must not exhaust the renderer.
const MaxNesting = 32

// A Linker resolves the target of an internal link: an error id (or alias) to
// the URL of its page. ok is false when no error has that id.
type Linker func(id string) (url string, ok bool)

// Links tells Render how the links of a text resolve.
type Links struct {
	// Error resolves links to errors.
	Error Linker
	// Find names the error that a writer's text means: its id, an alias,
	// its title or one of its messages, as the search compares them (case,
	// accents, spacing and punctuation do not count), spaces around it
	// trimmed; "" when no error has that name. It is called only to word a
	// problem (a link that names an error but is no link to it); nil names
	// none.
	Find func(text string) (id string)
	// AtRoot is set for text shown only at the site's root (the home page's
	// text), where a relative link such as "categories/verbinding/" leads
	// somewhere. On an error's page (and in the notice, which every page
	// shows) such a link leads to a page that does not exist: a problem.
	AtRoot bool
}

// A Problem is something wrong in a body, at a line of its file.
type Problem struct {
	Line int
	Msg  string
}

// Result is a rendered body.
type Result struct {
	HTML     []byte
	Text     string // plain text, for structured data and search
	Problems []Problem
	// Offsets holds, for each problem, the byte offset in the source where
	// it is (on its line; the line's start where no finer place is known):
	// the notice, whose lines a TOML string may join, maps it to the file's
	// line.
	Offsets []int
	// CauseLine and SolutionLine are the lines of the first paragraph that
	// starts with a bold "Oorzaak." or "Oplossing." (or of a heading with
	// that word), the writers' convention for the two parts of a body; 0
	// when there is none.
	CauseLine, SolutionLine int
	// Solution is the plain text of the solution: from the "Oplossing."
	// paragraph (that word left out) to the end, or to a "Oorzaak." after
	// it; "" when there is none.
	Solution string
	// Steps holds the plain text of each item of the solution's first
	// numbered list, in order; nil when the solution has none.
	Steps []string
}

// Renderer renders bodies. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// self holds the prefixes of the site's own URLs (its base URL and base
	// path), so that a link written with them to an error is checked too.
	self []string
	// plainCode: code blocks are not highlighted (WithoutHighlighting);
	// full is the setup with highlighting then, for a body whose
	// highlighted code could reach MaxHTMLBytes.
	plainCode bool
	full      goldmark.Markdown
}

// An Option configures a Renderer.
type Option func(*Renderer)

// WithSiteURL tells the renderer the site's base URL
// ("https://help.example.com/docs/"): links to errors written with it, or
// with its path ("/docs/errors/<id>/"), are internal links.
func WithSiteURL(base string) Option {
	return func(r *Renderer) {
		if u, err := url.Parse(base); err == nil && u.Host != "" {
			p := strings.TrimSuffix(u.Path, "/") + "/"
			r.self = append(r.self, strings.TrimSuffix(base, "/")+"/", "//"+u.Host+p)
			if p != "/" {
				r.self = append(r.self, p)
			}
		}
	}
}

// WithoutHighlighting renders code blocks as plain <pre><code>, for a
// check, whose HTML is never published: highlighting takes a third of the
// rendering time of a catalogue with logs, and finds no problem but one,
// the size of the HTML (MaxHTMLBytes), which it can make many times
// larger. A body whose highlighted code could reach the limit is rendered
// with highlighting, so the check reports what the build reports.
func WithoutHighlighting() Option {
	return func(r *Renderer) { r.plainCode = true }
}

// New returns the site's Markdown renderer.
func New(opts ...Option) *Renderer {
	r := &Renderer{}
	for _, o := range opts {
		o(r)
	}
	r.md = newGoldmark(r.plainCode)
	if r.plainCode {
		r.full = newGoldmark(false)
	}
	return r
}

// newGoldmark is the one goldmark setup, with or without highlighting.
func newGoldmark(plainCode bool) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.TaskList,
			newQuickLinkify(),
			newHighlighter(plainCode),
			parts{},
		),
	)
}

// maxHighlightGrowth bounds how many bytes of HTML highlighting makes of
// one byte of code: a span per token, a line wrapper per line (an empty
// line of one byte becomes some 50).
const maxHighlightGrowth = 128

// Render renders src, a file's text with its front matter blanked, so that
// line numbers count from the top of the file.
func (r *Renderer) Render(src []byte, links Links) Result {
	res := r.render(src, links)
	if len(res.Offsets) < len(res.Problems) {
		// The problems found before parsing or after rendering know their
		// line only: they are at its start.
		starts := []int{0}
		for i, c := range src {
			if c == '\n' {
				starts = append(starts, i+1)
			}
		}
		for _, p := range res.Problems[len(res.Offsets):] {
			res.Offsets = append(res.Offsets, starts[min(max(p.Line, 1), len(starts))-1])
		}
	}
	return res
}

// render checks src before parsing (guard), parses it, walks the tree once
// (bodyWalk: the text, the parts, the problems), rewrites the links that
// are dropped and renders the HTML.
func (r *Renderer) render(src []byte, links Links) Result {
	if ps := guard(src); len(ps) > 0 {
		return Result{Problems: ps}
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	w := &bodyWalk{r: r, src: src, links: links, lineOf: &lineIndex{src: src}, solStart: -1, solEnd: -1}
	_ = ast.Walk(doc, w.visit)
	w.reportNearLead()
	res := &w.res
	if w.deepest > MaxNesting {
		// Do not hand a nesting bomb to the renderer's recursion.
		res.Text = strings.TrimSpace(w.text.String())
		return *res
	}
	if mayHaveRawErrorLink(src) {
		rawErrorLinks(doc, src, links, w.mistake)
	}
	w.dropUnsafe()
	out := outputs.Get().(*output)
	defer out.put()
	buf := &out.buf
	err := r.md.Renderer().Render(out.writer(), src, doc)
	if r.full != nil && err == nil && buf.Len()+w.highlighted*maxHighlightGrowth > MaxHTMLBytes {
		// Without highlighting, this body may pass the limit that the
		// build's HTML does not: measure the build's.
		buf.Reset()
		err = r.full.Renderer().Render(out.writer(), src, doc)
	}
	if err != nil {
		res.Problems = append(res.Problems, Problem{Line: 1, Msg: "cannot render: " + err.Error()})
	}
	if buf.Len() > MaxHTMLBytes {
		res.Problems = append(res.Problems, Problem{Line: 1, Msg: fmt.Sprintf("the text renders to %d bytes of HTML; the limit is %d", buf.Len(), MaxHTMLBytes)})
		return *res
	}
	res.HTML = bytes.Clone(buf.Bytes()) // its own size: bodies are kept all build long
	res.Text = strings.TrimSpace(w.text.String())
	if w.solStart >= 0 {
		res.Solution = w.solution()
	}
	return *res
}

// An output is where a body is rendered: a buffer and the buffered writer
// goldmark takes (it makes a 4 KB one per body when given a plain
// io.Writer), reused from body to body.
type output struct {
	buf bytes.Buffer
	bw  *bufio.Writer
}

var outputs = sync.Pool{New: func() any { return &output{} }}

// writer returns the buffered writer into the buffer; goldmark flushes it.
func (o *output) writer() *bufio.Writer {
	if o.bw == nil {
		o.bw = bufio.NewWriter(&o.buf)
	}
	return o.bw
}

func (o *output) put() {
	if o.bw == nil || o.buf.Cap() > 1<<20 {
		return // keep the pool small
	}
	o.buf.Reset()
	o.bw.Reset(&o.buf)
	outputs.Put(o)
}

// A bodyWalk is one walk over a parsed body: what it has found so far.
type bodyWalk struct {
	r      *Renderer
	src    []byte
	links  Links
	lineOf *lineIndex
	res    Result
	text   strings.Builder // the plain text
	// highlighted counts the bytes of code in a language the highlighter
	// knows, for a renderer without highlighting (Renderer.full).
	highlighted int
	// unwrap holds the links and images that are dropped, their text
	// kept; plain the unsafe autolinks, shown as their text.
	unwrap []ast.Node
	plain  []*ast.AutoLink
	// depth is the nesting of lists and quotes at the node, deepest the
	// most so far.
	depth, deepest int
	// mistakes counts the mistakes (mistakes.go) so far.
	mistakes int
	// solStart and solEnd are the byte offsets in text of the solution,
	// -1 when not (yet) known.
	solStart, solEnd int
	// stepList is the solution's first numbered list while the walk is in
	// it, stepStart the offset in text where its current item starts;
	// stepsDone is set once it has been walked.
	stepList  ast.Node
	stepStart int
	stepsDone bool
	// A solution's lead that is not read as one (nearSolution, an indented
	// lead): the problem if the body turns out to have no solution.
	nearMsg    string
	nearOffset int
}

// problem reports a problem at the byte offset of src.
func (w *bodyWalk) problem(offset int, format string, args ...any) {
	w.res.Problems = append(w.res.Problems, Problem{Line: w.lineOf.at(offset), Msg: fmt.Sprintf(format, args...)})
	w.res.Offsets = append(w.res.Offsets, offset)
}

// mistake reports a mistake (mistakes.go); after MaxMistakes of them, one
// problem says that the rest are not listed.
func (w *bodyWalk) mistake(offset int, msg string) {
	w.mistakes++
	switch {
	case w.mistakes <= MaxMistakes:
		w.problem(offset, "%s", msg)
	case w.mistakes == MaxMistakes+1:
		w.problem(offset, "more than %d mistakes of these kinds (indented lists, links that lead nowhere); the rest are not listed: fix these first", MaxMistakes)
	}
}

// near keeps the first lead of a solution that is not read as one.
func (w *bodyWalk) near(offset int, msg string) {
	if w.nearMsg == "" {
		w.nearMsg, w.nearOffset = msg, offset
	}
}

// nearLead keeps n as a near lead when it is a misspelt solution lead
// (nearSolution). Once a near lead is kept or a solution is found, no
// later one is.
func (w *bodyWalk) nearLead(n ast.Node) {
	if w.nearMsg != "" || w.res.SolutionLine != 0 {
		return
	}
	if lead := nearSolution(n, w.src); lead != "" {
		w.near(nodeOffset(n, w.src), fmt.Sprintf("%s is not read as the solution, so the page would also say that no solution is described yet: write **Oplossing.** at the start of the paragraph", excerpt(lead)))
	}
}

// reportNearLead reports the near lead of a body with a cause and no
// solution: the page would show the steps and say there is no solution,
// and the one problem is the lead.
func (w *bodyWalk) reportNearLead() {
	if w.res.CauseLine > 0 && w.res.SolutionLine == 0 && w.nearMsg != "" {
		w.problem(w.nearOffset, "%s", w.nearMsg)
		w.res.SolutionLine = w.lineOf.at(w.nearOffset)
	}
}

// indentedBlock checks an indented code block: Markdown indented by
// mistake, or a solution indented so that it shows as code.
func (w *bodyWalk) indentedBlock(n *ast.CodeBlock) {
	if offset, msg, parts, ok := indentedMarkdown(n, w.src); ok {
		w.mistake(offset, msg)
		// The parts are there, only indented: the one problem says so,
		// and no "no solution" warning follows from it.
		line := w.lineOf.at(offset)
		for _, p := range parts {
			if p == "oorzaak" && w.res.CauseLine == 0 {
				w.res.CauseLine = line
			} else if p == "oplossing" && w.res.SolutionLine == 0 {
				w.res.SolutionLine = line
			}
		}
	} else if w.nearMsg == "" && w.res.SolutionLine == 0 {
		if offset, ws, ok := indentedLead(n, w.src); ok {
			w.near(offset, fmt.Sprintf("this solution is indented with %s, so the page shows it as code and would also say that no solution is described yet: start each line at the margin", ws))
		}
	}
}

// visit is the walk's function. On the way in, it follows the nesting,
// notes the parts and checks the node; on the way out of a block, it ends
// the block's line of text.
func (w *bodyWalk) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	w.nesting(n, entering)
	if !entering {
		if n.Type() == ast.TypeBlock && w.text.Len() > 0 && !strings.HasSuffix(w.text.String(), "\n") {
			w.text.WriteByte('\n')
		}
		w.leaveStep(n)
		return ast.WalkContinue, nil
	}
	w.notePart(n)
	w.enterStep(n)
	return w.node(n), nil
}

// enterStep notes the start of the solution's first numbered list and of
// each of its items.
func (w *bodyWalk) enterStep(n ast.Node) {
	switch {
	case w.stepList == nil && !w.stepsDone && w.solStart >= 0 && w.solEnd < 0:
		if l, ok := n.(*ast.List); ok && l.IsOrdered() {
			w.stepList = n
		}
	case w.stepList != nil && n.Parent() == w.stepList:
		w.stepStart = w.text.Len()
	}
}

// leaveStep keeps the text of an item of the solution's first numbered
// list (its nested lists included), and ends the list.
func (w *bodyWalk) leaveStep(n ast.Node) {
	switch {
	case w.stepList == nil:
	case n == w.stepList:
		w.stepList, w.stepsDone = nil, true
	case n.Parent() == w.stepList:
		if step := strings.Join(strings.Fields(w.text.String()[w.stepStart:]), " "); step != "" {
			w.res.Steps = append(w.res.Steps, step)
		}
	}
}

// nesting follows how deeply lists and quotes nest, reporting once a
// nesting deeper than MaxNesting.
func (w *bodyWalk) nesting(n ast.Node, entering bool) {
	switch n.Kind() {
	case ast.KindBlockquote, ast.KindList:
		if entering {
			w.depth++
			if w.depth > w.deepest {
				w.deepest = w.depth
				if w.depth == MaxNesting+1 {
					w.problem(nodeOffset(n, w.src), "lists and quotes are nested more than %d deep", MaxNesting)
				}
			}
		} else {
			w.depth--
		}
	}
}

// notePart notes the line of the first cause and solution, and where in
// the text the solution starts and ends (at a cause after it).
func (w *bodyWalk) notePart(n ast.Node) {
	switch part(n, w.src) {
	case "oorzaak":
		if w.res.CauseLine == 0 {
			w.res.CauseLine = w.lineOf.at(nodeOffset(n, w.src))
		}
		if w.solStart >= 0 && w.solEnd < 0 {
			w.solEnd = w.text.Len()
		}
	case "oplossing":
		if w.res.SolutionLine == 0 {
			w.res.SolutionLine = w.lineOf.at(nodeOffset(n, w.src))
			w.solStart = w.text.Len()
		}
	}
}

// node adds n's text and checks it, by its kind: one case per kind of
// node that holds text or can be wrong.
func (w *bodyWalk) node(n ast.Node) ast.WalkStatus {
	src := w.src
	switch n := n.(type) {
	case *ast.HTMLBlock:
		w.problem(n.Lines().At(0).Start, "raw HTML is not shown on the site; write Markdown instead")
		return ast.WalkSkipChildren
	case *ast.RawHTML:
		seg := n.Segments.At(0)
		w.problem(seg.Start, "raw HTML %s is not shown on the site; write Markdown instead", excerpt(string(seg.Value(src))))
	case *ast.Text:
		w.text.Write(n.Segment.Value(src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.text.WriteByte(' ')
		}
	case *ast.String:
		w.text.Write(n.Value)
	case *ast.CodeSpan:
		// Its text children are collected by the walk.
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		// A fenced block is code as the writer meant it; an indented
		// one may be Markdown indented by mistake.
		if cb, ok := n.(*ast.CodeBlock); ok {
			w.indentedBlock(cb)
		}
		lines := n.Lines()
		highlighted := false
		if fb, ok := n.(*ast.FencedCodeBlock); ok && w.r.full != nil {
			lang := fb.Language(src)
			highlighted = lang != nil && lexers.Get(string(lang)) != nil
		}
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.text.Write(seg.Value(src))
			if highlighted {
				w.highlighted += seg.Len()
			}
		}
	case *ast.Paragraph, *ast.TextBlock:
		if offset, msg, ok := runInList(n, src); ok {
			w.mistake(offset, msg)
		}
		w.nearLead(n)
	case *ast.Heading:
		w.nearLead(n)
	case *ast.AutoLink:
		w.text.Write(n.URL(src))
		if !safeURL(string(n.URL(src))) {
			w.problem(nodeOffset(n, src), "link %s: only http, https, mailto and tel links are allowed; the link is dropped", excerpt(string(n.URL(src))))
			w.plain = append(w.plain, n)
		}
	case *ast.Link:
		w.link(n)
	case *ast.Image:
		if dest := string(n.Destination); !safeURL(dest) {
			w.problem(nodeOffset(n, src), "image %s: only http and https images are allowed; the image is dropped", excerpt(dest))
			w.unwrap = append(w.unwrap, n)
		} else if msg := relativeTarget("image", dest, w.links); msg != "" {
			w.mistake(nodeOffset(n, src), msg)
		}
	}
	return ast.WalkContinue
}

// link resolves a link to an error to the error's URL, and checks any
// other link: an unsafe one is dropped, its text kept.
func (w *bodyWalk) link(n *ast.Link) {
	dest := string(n.Destination)
	if id, ok := w.r.internalID(dest); ok {
		if u, found := w.links.Error(id); found {
			n.Destination = []byte(u)
		} else {
			w.problem(nodeOffset(n, w.src), "%s", unknownError(dest, id, w.links))
		}
	} else if !safeURL(dest) {
		w.problem(nodeOffset(n, w.src), "link %s: only http, https, mailto and tel links are allowed; the link is dropped", excerpt(dest))
		w.unwrap = append(w.unwrap, n)
	} else if msg := relativeTarget("link", dest, w.links); msg != "" {
		w.mistake(nodeOffset(n, w.src), msg)
	}
}

// dropUnsafe replaces the unsafe autolinks by their text, and the dropped
// links and images by their children.
func (w *bodyWalk) dropUnsafe() {
	for _, n := range w.plain {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(bytes.Clone(n.URL(w.src))))
	}
	for _, n := range w.unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// solution returns the plain text of the solution, its lead left out and
// its spaces collapsed.
func (w *bodyWalk) solution() string {
	all := w.text.String()
	end := w.solEnd
	if end < 0 {
		end = len(all)
	}
	sol := strings.TrimSpace(all[w.solStart:end])
	for _, lead := range []string{"Oplossing.", "Oplossing:", "Oplossing"} {
		if rest, ok := strings.CutPrefix(sol, lead); ok {
			sol = rest
			break
		}
	}
	return strings.Join(strings.Fields(sol), " ")
}

// part returns "oorzaak" or "oplossing" for a paragraph (or a list item's
// text) that starts with that word in bold, "**Oplossing.** ...", the one
// form parts gives every way of writing it; "" for any other node.
func part(n ast.Node, src []byte) string {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock: // a text block: a tight list's item
		// The parts transformer has given every lead it recognises its
		// one form: "**Oplossing**, zie hieronder" is no lead.
		if em, ok := n.FirstChild().(*ast.Emphasis); ok && em.Level == 2 {
			switch string(inlineText(em, src)) {
			case "Oorzaak.":
				return "oorzaak"
			case "Oplossing.":
				return "oplossing"
			}
		}
	}
	return ""
}

// inlineText returns the text of n's inline children.
func inlineText(n ast.Node, src []byte) []byte {
	var b []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, c.Segment.Value(src)...)
		case *ast.String:
			b = append(b, c.Value...)
		default:
			b = append(b, inlineText(c, src)...)
		}
	}
	return b
}

// lineIndex gives the 1-based line of a byte offset in src. It finds the
// line breaks once, on first use: a body may have thousands of problems.
type lineIndex struct {
	src    []byte
	breaks []int // offsets of the "\n"s
	found  bool
}

func (x *lineIndex) at(offset int) int {
	if !x.found {
		x.found = true
		for i, c := range x.src {
			if c == '\n' {
				x.breaks = append(x.breaks, i)
			}
		}
	}
	return 1 + sort.SearchInts(x.breaks, offset)
}

// nodeOffset returns the byte offset of a node's first text, for line numbers.
func nodeOffset(n ast.Node, src []byte) int {
	for c := n; c != nil; c = c.FirstChild() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	// An inline without text of its own (an autolink, a link with no text)
	// starts where the text before it ends.
	for p := n.PreviousSibling(); p != nil && n.Type() == ast.TypeInline; p = p.PreviousSibling() {
		if t, ok := p.(*ast.Text); ok {
			off := t.Segment.Stop
			if t.SoftLineBreak() || t.HardLineBreak() {
				if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
					off += i + 1
				}
			}
			return off
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// relErrorLink matches a link to an error's page or its block on the list
// page, relative to the site's root or to another error's page.
var relErrorLink = regexp.MustCompile(`^(?:\.\./|/errors/|errors/)#?([a-z0-9]+(?:-[a-z0-9]+)*)/?(?:#.*)?$`)

// internalID reports whether dest links to another error, and which: the
// short form error:<id>, ../<id>/ (between error pages), /errors/<id>/ and
// /errors/#<id>, and these written with the site's own URL.
func (r *Renderer) internalID(dest string) (string, bool) {
	if len(dest) >= len("error:") && strings.EqualFold(dest[:len("error:")], "error:") {
		return strings.TrimSpace(dest[len("error:"):]), true
	}
	for _, p := range r.self {
		if rest, ok := strings.CutPrefix(dest, p); ok {
			dest = "/" + rest
			if !strings.HasPrefix(dest, "/errors/") {
				return "", false // another page of the site
			}
			break
		}
	}
	if m := relErrorLink.FindStringSubmatch(dest); m != nil {
		return m[1], true
	}
	return "", false
}

// safeURL reports whether a link may be published: relative, or with an
// allowed scheme.
func safeURL(dest string) bool {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto", "tel":
		// A relative URL whose first segment contains ":" is parsed as a scheme
		// by browsers; url.Parse agrees, so "" here is really relative.
		return !strings.ContainsAny(dest, "\x00") && !strings.HasPrefix(strings.TrimSpace(strings.ToLower(dest)), "javascript")
	}
	return false
}

// StyleSheet returns the CSS for highlighted code: light by default, dark
// under prefers-color-scheme: dark. The bytes are shared: do not change them.
func StyleSheet() []byte { return styleSheet() }

// styleSheet is made once: it depends on chroma's styles only.
var styleSheet = sync.OnceValue(makeStyleSheet)

func makeStyleSheet() []byte {
	var b bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"))
	write := func(name string) {
		st := styles.Get(name)
		if st == nil {
			st = styles.Fallback
		}
		// Backgrounds come from the theme, so code blocks match the page.
		st, _ = st.Builder().Transform(func(e chroma.StyleEntry) chroma.StyleEntry {
			e.Background = 0
			return e
		}).Build()
		_ = f.WriteCSS(&b, st)
	}
	b.WriteString("/* Code highlighting, generated from chroma's " + lightStyle + " and " + darkStyle + " styles. */\n")
	write(lightStyle)
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	write(darkStyle)
	b.WriteString("}\n")
	return b.Bytes()
}

// excerpt quotes a writer's text for a problem, escaped and cut to 100
// characters (the rule of content.Quote, which this leaf package cannot
// import): a link target may be a megabyte long.
func excerpt(text string) string {
	n := 0
	for i := range text {
		if n == 100 {
			q := strconv.Quote(text[:i])
			return q[:len(q)-1] + `…"`
		}
		n++
	}
	return strconv.Quote(text)
}
