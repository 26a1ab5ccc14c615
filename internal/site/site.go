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
	"runtime"
	"strings"
	"sync"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/markdown"
	"github.com/bookzo/exact-help/internal/message"
)

// Site is a site ready to be written: bodies rendered, templates parsed.
type Site struct {
	view  *siteView
	theme fs.FS
	tmpl  map[string]*template.Template
	css   []byte
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
	Summary      template.HTML
	RelatedViews []*errorView
	UpdatedText  string
	UpdatedISO   string
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
		if e == nil {
			return "", false
		}
		return v.BasePath + "errors/" + e.ID + "/", true
	}
	report := func(path string, ps []markdown.Problem) {
		for _, p := range ps {
			ds = append(ds, content.Diagnostic{Path: path, Line: p.Line, Msg: p.Msg})
		}
	}
	if len(s.Home.Body) > 0 {
		r := md.Render(s.Home.Body, link)
		report(s.Home.Path, r.Problems)
		v.Intro = template.HTML(r.HTML)
	}
	if s.Home.Notice != "" {
		// Render the notice with blank lines before it, so its line numbers
		// are those of the file.
		src := strings.Repeat("\n", s.Home.NoticeLine) + s.Home.Notice
		r := md.Render([]byte(src), link)
		report(s.Home.Path, r.Problems)
		v.Notice = template.HTML(r.HTML)
	}

	v.Errors = make([]*errorView, len(s.Errors))
	for i, e := range s.Errors {
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
		for _, m := range e.Messages {
			segs, _ := message.Parse(m) // validated by content.Load
			ev.MessageViews = append(ev.MessageViews, segs)
		}
		if len(ev.MessageViews) > 0 {
			ev.FirstMessage = message.Display(ev.MessageViews[0])
		}
		if !e.Updated.IsZero() {
			ev.UpdatedISO = e.Updated.Format("2006-01-02")
			ev.UpdatedText = dutchDate(e.Updated.Day(), int(e.Updated.Month()), e.Updated.Year())
		}
		v.Errors[i] = ev
		v.byID[e.ID] = ev
	}
	// Render bodies on every core; results land in fixed slots, so the output
	// does not depend on scheduling.
	results := make([]markdown.Result, len(s.Errors))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i] = md.Render(s.Errors[i].Body, link)
			}
		})
	}
	for i := range s.Errors {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, ev := range v.Errors {
		report(ev.Path, results[i].Problems)
		if r := results[i]; r.CauseLine > 0 && r.SolutionLine == 0 {
			// The writers' to-do (see content's warning for an empty body).
			ev.NoSolution = true
			ds = append(ds, content.Diagnostic{Path: ev.Path, Line: r.CauseLine, Warning: true, Todo: content.TodoSolution,
				Msg: "no solution described yet: the cause (**Oorzaak.**) is there; add a paragraph that starts with **Oplossing.**"})
		}
		ev.HTML = template.HTML(results[i].HTML)
		ev.Text = results[i].Text
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

	site := &Site{view: v, theme: theme}
	css, err := fs.ReadFile(theme, "static/style.css")
	if err != nil {
		ds = append(ds, content.Diagnostic{Path: "theme/static/style.css", Msg: err.Error()})
	}
	// The theme's rules come last so that they win over chroma's.
	site.css = append(markdown.StyleSheet(), css...)
	sum := sha256.Sum256(site.css)
	v.CSSURL = v.BasePath + "assets/style.css?v=" + hex.EncodeToString(sum[:6])
	if err := site.parseTemplates(); err != nil {
		ds = append(ds, content.Diagnostic{Path: "theme/templates", Msg: err.Error()})
	}
	ds.Sort()
	return site, ds
}

var pageKinds = []string{"home", "error", "list", "category", "notfound"}

func (s *Site) parseTemplates() error {
	s.tmpl = map[string]*template.Template{}
	base, err := template.New("base").ParseFS(s.theme, "templates/base.html")
	if err != nil {
		return err
	}
	for _, kind := range pageKinds {
		t, err := template.Must(base.Clone()).ParseFS(s.theme, "templates/"+kind+".html")
		if err != nil {
			return err
		}
		s.tmpl[kind] = t
	}
	t, err := template.New("redirect").ParseFS(s.theme, "templates/base.html", "templates/redirect.html")
	if err != nil {
		return err
	}
	s.tmpl["redirect"] = t
	return nil
}

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
