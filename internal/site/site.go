// Package site turns a loaded content.Site into the files of the static site.
//
// # Output
//
//	index.html                   home: search box, notice, errors by category
//	errors/index.html            every error on one page, each block id="<id>",
//	                             plus an empty anchor id="<alias>" per alias
//	errors/<id>/index.html       one page per error
//	errors/<alias>/index.html    a redirect page to errors/<id>/
//	categories/<name>/index.html one page per category
//	errors.json                  the machine-readable map of errors
//	404.html, sitemap.xml, robots.txt
//	CNAME                        with site.toml's cname: the custom domain
//	                             of a site published from a GitHub Pages branch
//	.gen-output                  the manifest: every file of the build, so the
//	                             next build knows what it may replace (Publish)
//	assets/...                   the theme's static files, style.css with the
//	                             generated code-highlighting rules appended
//
// Links inside the site are root-relative and carry the base URL's path, so a
// site published under https://host/docs/ links to /docs/errors/...; canonical
// URLs are absolute.
//
// Output is deterministic: the same input gives the same bytes.
package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/markdown"
	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/par"
)

// Site is a site ready to be written: bodies rendered, templates parsed.
type Site struct {
	view  *siteView
	theme fs.FS
	tmpl  map[string]*template.Template
	css   []byte
	cache *Cache // nil: render everything
	links string // linkTable of the site, with a cache
}

type siteView struct {
	Title     string
	Language  string
	BaseURL   string // absolute, ends in "/"
	BasePath  string // the base URL's path, ends in "/"
	CSSURL    string
	Support   content.Support
	HomeTitle string
	Intro     template.HTML
	Notice    template.HTML
	// Compact is set above site.toml's compactAbove errors: the list page
	// leaves out the errors' text, the home page lists a few per category.
	Compact bool

	Categories []*categoryView
	Errors     []*errorView // by id
	byID       map[string]*errorView
	src        *content.Site
}

type categoryView struct {
	content.Category
	URL       string
	Canonical string
	Errors    []*errorView
	// HomeErrors are the errors the home page lists: all of them, or on a
	// compact site the first homePerCategory; More counts the rest.
	HomeErrors []*errorView
	More       int
}

// homePerCategory is how many errors per category a compact home page lists.
const homePerCategory = 10

type errorView struct {
	*content.Error
	Site          *siteView
	URL           string // root-relative page URL
	Canonical     string // absolute page URL
	ListURL       string // absolute URL of the error's block on the list page
	EditURL       string
	CategoryURL   string
	CategoryTitle string
	HTML          template.HTML
	Text          string
	MessageViews  [][]message.Segment
	// FirstMessage is the first message as a reader sees it (escaped braces
	// unescaped), for lists and descriptions.
	FirstMessage string
	// NoSolution is set for a body that describes the cause but no
	// solution: the page says so, as for an empty body.
	NoSolution bool
	// Summary is the theme's "error-summary" (the error in a list of
	// links), rendered once per build by Write and reused on every page
	// that shows it.
	Summary template.HTML
	// SolutionSummary is the first sentence of the solution, for the
	// triage view of a pasted log.
	SolutionSummary string
	body            *body // the rendered body, for the cache
	RelatedViews    []*errorView
	UpdatedText     string
	UpdatedISO      string
}

// linkTools is what the "link-tools" template needs: the anchor and the URL
// that "Link kopiëren" copies.
type linkTools struct {
	ID      string
	Title   string
	CopyURL string
}

// PageTools copies the canonical page URL (on the error's own page).
func (e *errorView) PageTools() linkTools { return linkTools{e.ID, e.Title, e.Canonical} }

// ListTools copies the list page URL with the error's anchor.
func (e *errorView) ListTools() linkTools { return linkTools{e.ID, e.Title, e.ListURL} }

// Options change how a site is built.
type Options struct {
	// Theme replaces the embedded theme (a folder on disk while serving).
	Theme fs.FS
	// BaseURL replaces site.toml's baseURL (the dev server's own address).
	BaseURL string
	// Cache, when set, keeps rendered bodies and fragments for the next
	// build of the same site (the dev server); see Cache.
	Cache *Cache
}

// New renders the bodies of s and prepares its pages. The diagnostics report
// problems in bodies (raw HTML, bad links); the site must not be published
// when they hold errors.
func New(s *content.Site, theme fs.FS, opts Options) (*Site, content.Diagnostics) {
	if opts.Theme != nil {
		theme = opts.Theme
	}
	base := s.Config.BaseURL
	if opts.BaseURL != "" {
		base = opts.BaseURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, content.Diagnostics{{Path: content.ConfigPath, Msg: "baseURL: " + err.Error()}}
	}
	v := &siteView{
		Title:     s.Config.Title,
		Language:  s.Config.Language,
		BaseURL:   base,
		BasePath:  u.EscapedPath(),
		Support:   s.Config.Support,
		HomeTitle: s.Home.Title,
		Compact:   s.Config.Compact(len(s.Errors)),
		byID:      map[string]*errorView{},
		src:       s,
	}
	if v.HomeTitle == "" {
		v.HomeTitle = s.Config.Title
	}
	var ds content.Diagnostics
	// Links written with the site's published URL are internal too, also in
	// a build for another address (the dev server, tests).
	md := markdown.New(markdown.WithSiteURL(s.Config.BaseURL), markdown.WithSiteURL(base))
	link := func(id string) (string, bool) {
		e := s.Resolve(id)
		if e == nil && s.MayHold(id) != "" {
			// A file that could not be read may be that error: its own
			// problem is reported, and the build fails on it.
			return v.BasePath + "errors/" + id + "/", true
		}
		if e == nil {
			return "", false
		}
		return v.BasePath + "errors/" + e.ID + "/", true
	}
	find, names := errorNames(s)
	report := func(path string, ps []markdown.Problem) {
		for _, p := range ps {
			ds = append(ds, content.Diagnostic{Path: path, Line: p.Line, Msg: p.Msg})
		}
	}
	if len(s.Home.Body) > 0 {
		r := md.Render(s.Home.Body, markdown.Links{Error: link, Find: find, AtRoot: true})
		report(s.Home.Path, r.Problems)
		v.Intro = template.HTML(r.HTML)
	}
	if s.Home.Notice != "" {
		r := md.Render([]byte(s.Home.Notice), markdown.Links{Error: link, Find: find})
		// Where a problem is in the notice's text is a line of the file.
		if len(s.Home.NoticeBreaks) > 0 {
			for i := range r.Problems {
				r.Problems[i].Line = s.Home.NoticeLine(r.Offsets[i])
			}
		}
		report(s.Home.Path, r.Problems)
		v.Notice = template.HTML(r.HTML)
	}

	cache := opts.Cache
	var links string
	if cache != nil {
		cache.reset(cacheKey(s, theme, base, v.Compact))
		links = linkTable(s)
	}
	v.Errors = make([]*errorView, len(s.Errors))
	for i, e := range s.Errors {
		if c := cache.view(e); c != nil {
			ev := *c // what the error's file alone gives; the build adds the rest
			ev.Site = v
			v.Errors[i] = &ev
			v.byID[e.ID] = &ev
			continue
		}
		ev := &errorView{
			Error:     e,
			Site:      v,
			URL:       v.BasePath + "errors/" + e.ID + "/",
			Canonical: base + "errors/" + e.ID + "/",
			ListURL:   base + "errors/#" + e.ID,
		}
		if s.Config.EditURL != "" {
			ev.EditURL = strings.TrimSuffix(s.Config.EditURL, "/") + "/" + e.Path
		}
		if c := s.Category(e.Category); c != nil {
			ev.CategoryTitle = c.Title
			ev.CategoryURL = v.BasePath + "categories/" + c.Name + "/"
		}
		for i := range e.Messages {
			ev.MessageViews = append(ev.MessageViews, e.Segments(i)) // parsed by content.Load
		}
		if len(ev.MessageViews) > 0 {
			ev.FirstMessage = message.Display(ev.MessageViews[0])
		}
		if !e.Updated.IsZero() {
			ev.UpdatedISO = e.Updated.Format("2006-01-02")
			ev.UpdatedText = dutchDate(e.Updated.Day(), int(e.Updated.Month()), e.Updated.Year())
		}
		cache.putView(e, ev)
		v.Errors[i] = ev
		v.byID[e.ID] = ev
	}
	// Render bodies on every core (those the cache does not have); results
	// land in fixed slots, so the output does not depend on scheduling.
	bodies := make([]*body, len(s.Errors))
	par.Each(len(s.Errors), func(i int) {
		e := s.Errors[i]
		if b := cache.body(e, links, names); b != nil {
			bodies[i] = b
			return
		}
		used, named := false, false
		res := md.Render(e.Body, markdown.Links{
			Error: func(id string) (string, bool) {
				used = true
				return link(id)
			},
			Find: func(text string) string {
				named = true
				return find(text)
			},
		})
		b := &body{res: res, html: template.HTML(res.HTML), summary: firstSentence(res.Solution)}
		b.res.HTML = nil // kept as html only
		if used {
			b.links = links
		}
		if named && cache != nil {
			b.names = names()
		}
		bodies[i] = b
		cache.putBody(e, b)
	})
	if cache != nil {
		keep := make(map[*content.Error]bool, len(s.Errors))
		for _, e := range s.Errors {
			keep[e] = true
		}
		cache.prune(keep)
	}
	for i, ev := range v.Errors {
		ev.body = bodies[i]
		r := bodies[i].res
		report(ev.Path, r.Problems)
		if r.CauseLine > 0 && r.SolutionLine == 0 {
			// The writers' to-do (see content's warning for an empty body).
			ev.NoSolution = true
			ds = append(ds, content.Diagnostic{Path: ev.Path, Line: r.CauseLine, Warning: true, Todo: content.TodoSolution,
				Msg: "no solution described yet: the cause (**Oorzaak.**) is there; add a paragraph that starts with **Oplossing.**"})
		}
		ev.HTML = bodies[i].html
		ev.Text = r.Text
		ev.SolutionSummary = bodies[i].summary
		for _, r := range ev.Related {
			if rv := v.byID[r]; rv != nil {
				ev.RelatedViews = append(ev.RelatedViews, rv)
			}
		}
	}
	for _, c := range s.Config.Categories {
		cv := &categoryView{
			Category:  c,
			URL:       v.BasePath + "categories/" + c.Name + "/",
			Canonical: base + "categories/" + c.Name + "/",
		}
		for _, e := range s.InCategory(c.Name) {
			cv.Errors = append(cv.Errors, v.byID[e.ID])
		}
		cv.HomeErrors = cv.Errors
		if v.Compact && len(cv.Errors) > homePerCategory {
			cv.HomeErrors, cv.More = cv.Errors[:homePerCategory], len(cv.Errors)-homePerCategory
		}
		v.Categories = append(v.Categories, cv)
	}

	site := &Site{view: v, theme: theme, cache: cache, links: links}
	if th := cache.theme(); th != nil {
		site.css, site.tmpl = th.css, th.tmpl
	} else {
		css, err := fs.ReadFile(theme, "static/style.css")
		if err != nil {
			ds = append(ds, content.Diagnostic{Path: "theme/static/style.css", Msg: err.Error()})
		}
		// The theme's rules come last so that they win over chroma's.
		site.css = append(slices.Clip(markdown.StyleSheet()), css...)
		if err := site.parseTemplates(); err != nil {
			ds = append(ds, content.Diagnostic{Path: "theme/templates", Msg: err.Error()})
		} else {
			cache.putTheme(&parsedTheme{css: site.css, tmpl: site.tmpl})
		}
	}
	sum := sha256.Sum256(site.css)
	v.CSSURL = v.BasePath + "assets/style.css?v=" + hex.EncodeToString(sum[:6])
	ds.Sort()
	return site, ds
}

var pageKinds = []string{"home", "error", "list", "category", "notfound"}

// The theme's templates may call
//
//	{{cached "name" .}}
//
// for an error or a category: the named template executed for it, kept in
// the dev server's cache from one build to the next (as Hugo's
// partialCached), so that a page of 10,000 errors is put together from
// cached parts after a change.
func (s *Site) parseTemplates() error {
	s.tmpl = map[string]*template.Template{}
	stub := template.FuncMap{"cached": func(string, any) (template.HTML, error) { return "", nil }}
	base, err := template.New("base").Funcs(stub).ParseFS(s.theme, "templates/base.html")
	if err != nil {
		return err
	}
	for _, kind := range pageKinds {
		t, err := template.Must(base.Clone()).ParseFS(s.theme, "templates/"+kind+".html")
		if err != nil {
			return err
		}
		if s.cache == nil {
			// Nothing to keep: {{cached "x" .}} is {{template "x" .}},
			// which streams into the page.
			for _, tt := range t.Templates() {
				if tt.Tree != nil {
					uncache(tt.Tree.Root)
				}
			}
		} else {
			// The templates may outlive s in the cache: the function uses
			// the template set and the cache only, which the next Site
			// shares.
			tmpl, cache := s.tmpl, s.cache
			t.Funcs(template.FuncMap{"cached": func(name string, data any) (template.HTML, error) {
				return fragment(tmpl, cache, kind, name, data)
			}})
		}
		s.tmpl[kind] = t
	}
	t, err := template.New("redirect").Funcs(stub).ParseFS(s.theme, "templates/base.html", "templates/redirect.html")
	if err != nil {
		return err
	}
	s.tmpl["redirect"] = t
	return nil
}

// uncache turns every {{cached "name" pipeline}} below n into
// {{template "name" pipeline}}.
func uncache(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for i, c := range n.Nodes {
			if a, ok := c.(*parse.ActionNode); ok {
				if tn := asTemplateCall(a); tn != nil {
					n.Nodes[i] = tn
					continue
				}
			}
			uncache(c)
		}
	case *parse.IfNode:
		uncache(n.List)
		uncache(n.ElseList)
	case *parse.RangeNode:
		uncache(n.List)
		uncache(n.ElseList)
	case *parse.WithNode:
		uncache(n.List)
		uncache(n.ElseList)
	}
}

// asTemplateCall returns {{template "name" arg}} for the action
// {{cached "name" arg}}, or nil for any other action.
func asTemplateCall(a *parse.ActionNode) *parse.TemplateNode {
	if a.Pipe == nil || len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) != 1 {
		return nil
	}
	args := a.Pipe.Cmds[0].Args
	if len(args) != 3 {
		return nil
	}
	id, ok := args[0].(*parse.IdentifierNode)
	name, ok2 := args[1].(*parse.StringNode)
	if !ok || !ok2 || id.Ident != "cached" {
		return nil
	}
	pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: a.Pos, Line: a.Line,
		Cmds: []*parse.CommandNode{{NodeType: parse.NodeCommand, Pos: a.Pos, Args: []parse.Node{args[2]}}}}
	return &parse.TemplateNode{NodeType: parse.NodeTemplate, Pos: a.Pos, Line: a.Line, Name: name.Text, Pipe: pipe}
}

// firstSentence returns text up to the end of its first sentence (a period,
// question or exclamation mark before a space or the end), at most 200
// characters, cut at a word.
func firstSentence(text string) string {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if (c != '.' && c != '!' && c != '?') || i+1 < len(text) && text[i+1] != ' ' {
			continue
		}
		// Not after an abbreviation ("Rekening nr. verkoop", "i.p.v."):
		// a word of one letter, or a known short form.
		word := strings.ToLower(text[strings.LastIndexByte(text[:i], ' ')+1 : i])
		if c == '.' && !strings.HasSuffix(word, ")") && (len(strings.TrimLeft(word, "(")) == 1 || strings.Contains(word, ".") || abbreviations[word]) {
			continue
		}
		text = text[:i+1]
		break
	}
	return shorten(text, 200)
}

// abbreviations are the Dutch short forms that end in a period inside a
// sentence.
var abbreviations = map[string]bool{"nr": true, "bijv": true, "bv": true, "ca": true, "incl": true, "excl": true,
	"evt": true, "max": true, "min": true, "enz": true, "etc": true, "tel": true, "resp": true, "vs": true, "dhr": true, "mevr": true}

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

func dutchDate(day, month, year int) string {
	return fmt.Sprintf("%d %s %d", day, months[month-1], year)
}

func execute(t *template.Template, name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
