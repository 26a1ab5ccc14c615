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
//	assets/...                   the theme's static files, style.css with the
//	                             generated code-highlighting rules appended
//
// and nothing else: what gen keeps about the folder, the manifest of every
// file of the build (so the next build knows what it may replace), is
// beside it, .public.gen-output next to public/ (package publish), so a deploy of
// the folder publishes the site alone.
//
// Links inside the site are root-relative and carry the base URL's path, so a
// site published under https://host/docs/ links to /docs/errors/...; canonical
// URLs are absolute.
//
// Output is deterministic: the same input gives the same bytes, and two
// builds of it into two folders are the same for diff -r.
//
// # Routes
//
// The route table (Site.Routes) is the only place that knows this layout:
// each file its path, kind, sitemap entry, key and render function. Write
// renders the table, the sitemap lists it, and the dev server compares the
// tables of two builds (Changed) to rewrite only the pages whose key
// changed. A key sums the inputs of its file and nothing else reaches the
// render function: siteKey (site.toml, the home page, the theme, the
// address, compact mode), and the keys of the errors the file shows (an
// error's key is its file's content.Error.Sum with the link table and the
// errors' names its body was rendered with). Caches (Cache, and gen
// build's persistent one) are keyed the same way, never by pointers.
//
// Page text is the theme's: a kind of page may define "page-title" and
// "page-description" (the list page's title, the home page's description).
package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/markdown"
	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/par"
)

// Site is a site ready to be written: bodies rendered, templates parsed.
type Site struct {
	view       *siteView
	src        *content.Site
	errors     []*errorView // by id
	categories []*categoryView
	byID       map[string]*errorView
	theme      fs.FS
	tmpl       map[string]*template.Template
	css        []byte
	engine     []byte   // assets/search.js: the engine bundled (bundle.Module)
	cache      *Cache   // nil: nothing is kept for the next build
	store      Store    // nil: none
	checkOnly  bool     // Options.CheckOnly
	key        [32]byte // what every file depends on (siteKey)
	links      string   // linkTable of the site
	routes     func() []Route
}

// siteView is what every page may show of the site: its settings and the
// home page's text, never its errors (a page that lists errors has them
// as inputs of its own; see Route.Key).
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
	key        [32]byte // the sum of its errors' keys, in order
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
	// summary is the theme's "error-summary" (the error in a list of
	// links): rendered once per build, when a page first shows it.
	summary *lazyHTML
	// SolutionSummary is the first sentence of the solution, and
	// SolutionSteps its steps (solutionSteps), for the triage view of a
	// pasted log; Solved is set when the body describes a solution.
	SolutionSummary string
	SolutionSteps   []string
	Solved          bool
	body            *body // the rendered body, for the cache
	UpdatedText     string
	UpdatedISO      string
	// key sums what the view is made from: the file (Sum) and what its
	// body was rendered with (the link table, the errors' names).
	key   [32]byte
	owner *Site // the build the view is of
}

// A lazyHTML is a fragment rendered on first use.
type lazyHTML struct {
	once sync.Once
	html template.HTML
	err  error
}

// Summary returns the theme's "error-summary" for e (the error in a list of
// links: home, category, related errors), rendered once per build and from
// the cache where it has it.
func (e *errorView) Summary() (template.HTML, error) {
	l := e.summary
	l.once.Do(func() { l.html, l.err = e.owner.fragment(KindError, "error-summary", e) })
	return l.html, l.err
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

// IndexMessages are the messages a compact list page shows with the
// error's title (see the theme's "list-index"): each as a reader sees it,
// but for those that read as the title, which the page has already.
func (e *errorView) IndexMessages() []string {
	title := strings.TrimRight(e.Title, ". ")
	var ms []string
	for _, segs := range e.MessageViews {
		if m := message.Display(segs); strings.TrimRight(m, ". ") != title {
			ms = append(ms, m)
		}
	}
	return ms
}

// Options change how a site is built.
type Options struct {
	// Theme replaces the embedded theme (a folder on disk while serving).
	Theme fs.FS
	// BaseURL replaces site.toml's baseURL (the dev server's own address).
	BaseURL string
	// Cache, when set, keeps rendered bodies and fragments for the next
	// build of the same site (the dev server); see Cache.
	Cache *Cache
	// Store, when set, keeps rendered bodies and the files of each route
	// for a build in another process (gen build's persistent cache).
	Store Store
	// CheckOnly prepares the site for its diagnostics only (gen check):
	// code blocks are not highlighted, and Write refuses to write it. It
	// takes bodies from Store (the problems, text and parts of a body do
	// not depend on highlighting) but puts none there.
	CheckOnly bool
}

// New renders the bodies of s and prepares its pages. The diagnostics report
// problems in bodies (raw HTML, bad links); the site must not be published
// when they hold errors.
func New(s *content.Site, theme fs.FS, opts Options) (*Site, content.Diagnostics) {
	if opts.Theme != nil {
		theme = opts.Theme
	}
	v, err := newSiteView(s, opts.BaseURL)
	if err != nil {
		return nil, content.Diagnostics{{Path: content.ConfigPath, Msg: "baseURL: " + err.Error()}}
	}
	site := &Site{view: v, src: s, theme: theme, cache: opts.Cache, store: opts.Store, links: opts.Cache.linkTable(s), byID: make(map[string]*errorView, len(s.Errors))}
	site.routes = sync.OnceValue(site.buildRoutes)
	var ds content.Diagnostics
	mdOpts := []markdown.Option{markdown.WithSiteURL(s.Config.BaseURL), markdown.WithSiteURL(v.BaseURL)}
	if opts.CheckOnly {
		mdOpts = append(mdOpts, markdown.WithoutHighlighting())
		site.checkOnly = true
	}
	r := newRenderer(s, v.BasePath, markdown.New(mdOpts...), &ds)
	homeLinks := site.renderHome(r)
	site.key = siteKey(s, theme, v, homeLinks, site.links)
	site.cache.reset(site.key)
	site.makeErrorViews()
	bodies := site.renderBodies(r)
	site.attachBodies(r, bodies)
	site.cache.prune(site.errors)
	site.makeCategoryViews()
	site.loadTheme(&ds)
	ds.Sort()
	return site, ds
}

// newSiteView reads the site's settings, with base in place of site.toml's
// baseURL when it is set.
func newSiteView(s *content.Site, base string) (*siteView, error) {
	if base == "" {
		base = s.Config.BaseURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	v := &siteView{
		Title:     s.Config.Title,
		Language:  s.Config.Language,
		BaseURL:   base,
		BasePath:  u.EscapedPath(),
		Support:   s.Config.Support,
		HomeTitle: s.Home.Title,
		Compact:   s.Config.Compact(len(s.Errors)),
	}
	if v.HomeTitle == "" {
		v.HomeTitle = s.Config.Title
	}
	return v, nil
}

// renderer renders the site's Markdown: links to errors resolve to their
// pages, and problems are reported at their file.
type renderer struct {
	md    *markdown.Renderer
	link  func(id string) (string, bool)
	find  func(text string) string
	names func() string
	ds    *content.Diagnostics
}

func newRenderer(s *content.Site, basePath string, md *markdown.Renderer, ds *content.Diagnostics) *renderer {
	find, names := errorNames(s)
	link := func(id string) (string, bool) {
		e := s.Resolve(id)
		if e == nil && s.MayHold(id) != "" {
			// A file that could not be read may be that error: its own
			// problem is reported, and the build fails on it.
			return basePath + "errors/" + id + "/", true
		}
		if e == nil {
			return "", false
		}
		return basePath + "errors/" + e.ID + "/", true
	}
	return &renderer{md: md, link: link, find: find, names: names, ds: ds}
}

func (r *renderer) report(path string, ps []markdown.Problem) {
	for _, p := range ps {
		*r.ds = append(*r.ds, content.Diagnostic{Path: path, Line: p.Line, Msg: p.Msg})
	}
}

// renderHome renders the home page's intro and the site's notice (shown on
// every page). It reports whether either links to an error: then every
// page depends on the link table.
func (s *Site) renderHome(r *renderer) (usedLinks bool) {
	cs, v := s.src, s.view
	links := markdown.Links{Error: func(id string) (string, bool) {
		usedLinks = true
		return r.link(id)
	}, Find: r.find}
	if len(cs.Home.Body) > 0 {
		links.AtRoot = true
		res := r.md.Render(cs.Home.Body, links)
		r.report(cs.Home.Path, res.Problems)
		v.Intro = template.HTML(res.HTML)
		links.AtRoot = false
	}
	if cs.Home.Notice != "" {
		res := r.md.Render([]byte(cs.Home.Notice), links)
		// Where a problem is in the notice's text is a line of the file.
		if len(cs.Home.NoticeBreaks) > 0 {
			for i := range res.Problems {
				res.Problems[i].Line = cs.Home.NoticeLine(res.Offsets[i])
			}
		}
		r.report(cs.Home.Path, res.Problems)
		v.Notice = template.HTML(res.HTML)
	}
	return usedLinks
}

// makeErrorViews makes the view of each error: from the cache where an
// earlier build made it from the same file.
func (s *Site) makeErrorViews() {
	cs, v := s.src, s.view
	s.errors = make([]*errorView, len(cs.Errors))
	for i, e := range cs.Errors {
		ev := s.cache.view(e)
		if ev == nil {
			ev = newErrorView(cs, v, e)
			s.cache.putView(e, ev)
		}
		ev.Error, ev.Site, ev.owner, ev.summary = e, v, s, &lazyHTML{}
		s.errors[i] = ev
		s.byID[e.ID] = ev
	}
}

// newErrorView makes what e's file and the site's settings give of e's
// view; the build adds the rest.
func newErrorView(cs *content.Site, v *siteView, e *content.Error) *errorView {
	ev := &errorView{
		Error:     e,
		Site:      v,
		URL:       v.BasePath + "errors/" + e.ID + "/",
		Canonical: v.BaseURL + "errors/" + e.ID + "/",
		ListURL:   v.BaseURL + "errors/#" + e.ID,
	}
	if cs.Config.EditURL != "" {
		ev.EditURL = strings.TrimSuffix(cs.Config.EditURL, "/") + "/" + e.Path
	}
	if c := cs.Category(e.Category); c != nil {
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
	return ev
}

// renderBodies renders the errors' bodies on every core (those the cache
// does not have); results land in fixed slots, so the output does not
// depend on scheduling.
func (s *Site) renderBodies(r *renderer) []*body {
	cs := s.src
	bodies := make([]*body, len(cs.Errors))
	par.Each(len(cs.Errors), func(i int) {
		e := cs.Errors[i]
		if b := s.cache.body(e, s.links, r.names); b != nil {
			bodies[i] = b
			return
		}
		if b := s.storedBody(e, r.names); b != nil {
			bodies[i] = b
			s.cache.putBody(e, b)
			return
		}
		used, named := false, false
		res := r.md.Render(e.Body, markdown.Links{
			Error: func(id string) (string, bool) {
				used = true
				return r.link(id)
			},
			Find: func(text string) string {
				named = true
				return r.find(text)
			},
		})
		links, names := "", ""
		if used {
			links = s.links
		}
		if named {
			names = r.names()
		}
		b := newBody(e, res, links, names)
		bodies[i] = b
		s.cache.putBody(e, b)
		s.storeBody(e, b)
	})
	return bodies
}

// attachBodies puts each body in its error's view, reports its problems and
// sets the view's key.
func (s *Site) attachBodies(rd *renderer, bodies []*body) {
	for i, ev := range s.errors {
		b := bodies[i]
		ev.body = b
		r := b.res
		rd.report(ev.Path, r.Problems)
		ev.NoSolution = r.CauseLine > 0 && r.SolutionLine == 0
		if ev.NoSolution {
			// The writers' to-do (see content's warning for an empty body).
			*rd.ds = append(*rd.ds, content.Diagnostic{Path: ev.Path, Line: r.CauseLine, Warning: true, Todo: content.TodoSolution,
				Msg: "no solution described yet: the cause (**Oorzaak.**) is there; add a paragraph that starts with **Oplossing.**"})
		}
		ev.HTML = b.html
		ev.Text = r.Text
		ev.SolutionSummary = b.summary
		ev.SolutionSteps = b.steps
		ev.Solved = ev.HasBody() && !ev.NoSolution
		ev.key = b.key
	}
}

// related returns the views of e's related errors (those that exist). An
// error view holds no related errors of its own: only e's page shows
// them, so what a page shows of other errors is among its route's inputs.
func (s *Site) related(e *errorView) []*errorView {
	var out []*errorView
	for _, r := range e.Related {
		if rv := s.byID[r]; rv != nil {
			out = append(out, rv)
		}
	}
	return out
}

// makeCategoryViews lists each category's errors.
func (s *Site) makeCategoryViews() {
	cs, v := s.src, s.view
	members := map[string][]*errorView{} // in id order
	for _, ev := range s.errors {
		members[ev.Category] = append(members[ev.Category], ev)
	}
	orders := make(map[[32]byte][]int32, len(cs.Config.Categories))
	for _, c := range cs.Config.Categories {
		cv := &categoryView{
			Category:  c,
			URL:       v.BasePath + "categories/" + c.Name + "/",
			Canonical: v.BaseURL + "categories/" + c.Name + "/",
		}
		cv.Errors = s.inCategory(c.Name, members[c.Name], orders)
		keys := make([]byte, 0, 32*len(cv.Errors))
		for _, ev := range cv.Errors {
			keys = append(keys, ev.key[:]...)
		}
		cv.key = sum([]byte(c.Name), keys)
		cv.HomeErrors = cv.Errors
		if v.Compact && len(cv.Errors) > homePerCategory {
			cv.HomeErrors, cv.More = cv.Errors[:homePerCategory], len(cv.Errors)-homePerCategory
		}
		s.categories = append(s.categories, cv)
	}
	s.cache.keepOrders(orders)
}

// inCategory returns the errors of a category in content.InCategory's
// order (current ones first, by title), given its members in id order:
// the order is made from the files alone, so the cache keeps it by their
// sums, and a build after a change sorts only the changed category.
func (s *Site) inCategory(name string, members []*errorView, orders map[[32]byte][]int32) []*errorView {
	sums := make([]byte, 0, 32*len(members))
	for _, ev := range members {
		sums = append(sums, ev.Sum[:]...)
	}
	k := sum([]byte(name), sums)
	order := s.cache.order(k)
	if len(order) != len(members) {
		pos := make(map[*content.Error]int32, len(members))
		for i, ev := range members {
			pos[ev.Error] = int32(i)
		}
		order = make([]int32, 0, len(members))
		for _, e := range s.src.InCategory(name) {
			order = append(order, pos[e])
		}
	}
	orders[k] = order
	out := make([]*errorView, len(order))
	for i, j := range order {
		out[i] = members[j]
	}
	return out
}

// loadTheme parses the theme's templates and makes the stylesheet, or takes
// them from the cache.
func (s *Site) loadTheme(ds *content.Diagnostics) {
	if th := s.cache.theme(); th != nil {
		s.css, s.tmpl, s.engine = th.css, th.tmpl, th.engine
	} else {
		css, err := fs.ReadFile(s.theme, "static/style.css")
		if err != nil {
			*ds = append(*ds, content.Diagnostic{Path: "theme/static/style.css", Msg: err.Error()})
		}
		// The theme's rules come last so that they win over chroma's.
		s.css = append(slices.Clip(markdown.StyleSheet()), css...)
		engine, engineErr := s.bundleEngine()
		if engineErr != nil {
			*ds = append(*ds, content.Diagnostic{Path: "theme/" + engineEntry, Msg: engineErr.Error()})
		}
		s.engine = engine
		if err := s.parseTemplates(); err != nil {
			*ds = append(*ds, content.Diagnostic{Path: "theme/templates", Msg: err.Error()})
		} else if engineErr == nil {
			s.cache.putTheme(&parsedTheme{css: s.css, tmpl: s.tmpl, engine: s.engine})
		}
	}
	h := sha256.Sum256(s.css)
	s.view.CSSURL = s.view.BasePath + "assets/style.css?v=" + hex.EncodeToString(h[:6])
}

// The theme's templates may call
//
//	{{cached "name" .}}
//
// for an error or a category: the named template executed for it, kept in
// the cache from one build to the next (as Hugo's partialCached), so that a
// page of 10,000 errors is put together from cached parts after a change.
// Without a cache it is the template executed.
func (s *Site) parseTemplates() error {
	s.tmpl = map[string]*template.Template{}
	stub := template.FuncMap{"cached": func(string, any) (template.HTML, error) { return "", nil }}
	base, err := template.New("base").Funcs(stub).ParseFS(s.theme, "templates/base.html")
	if err != nil {
		return err
	}
	for _, kind := range pageKinds {
		t, err := template.Must(base.Clone()).ParseFS(s.theme, "templates/"+string(kind)+".html")
		if err != nil {
			return err
		}
		// The templates may outlive s in the cache: the function uses the
		// template set and the cache only, which the next Site shares.
		tmpl, cache := s.tmpl, s.cache
		t.Funcs(template.FuncMap{"cached": func(name string, data any) (template.HTML, error) {
			return fragment(tmpl, cache, kind, name, data)
		}})
		s.tmpl[string(kind)] = t
	}
	t, err := template.New("redirect").Funcs(stub).ParseFS(s.theme, "templates/base.html", "templates/redirect.html")
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
