package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bookzo/exact-help/internal/content"
)

// A Writer receives the files of a built site. Paths are slash-separated and
// relative to the output folder.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// concurrentWriter marks writers whose WriteFile may be called from several
// goroutines at once.
type concurrentWriter interface {
	Writer
	concurrentSafe()
}

// lockedWriter serializes calls to a writer that is not safe for concurrent
// use (MemWriter: the files are rendered in parallel, stored one at a time).
type lockedWriter struct {
	mu sync.Mutex
	w  Writer
}

func (l *lockedWriter) WriteFile(name string, data []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.WriteFile(name, data)
}

func concurrent(w Writer) Writer {
	if _, ok := w.(concurrentWriter); ok {
		return w
	}
	return &lockedWriter{w: w}
}

// Stats summarizes what Write wrote.
type Stats struct {
	Pages int // HTML pages, redirects included
	Files int // all files
	Bytes int64
}

type page struct {
	Site        *siteView
	Kind        string
	Title       string
	Description string
	Canonical   string
	NoIndex     bool
	Scripts     []string
	JSONLD      template.JS
	Error       *errorView
	Category    *categoryView
	AnchorMap   template.JS
}

// counter wraps a Writer and counts what passes through it.
type counter struct {
	w                   Writer
	pages, files, bytes atomic.Int64
}

func (c *counter) concurrentSafe() {}

func (c *counter) WriteFile(name string, data []byte) error {
	c.files.Add(1)
	c.bytes.Add(int64(len(data)))
	if strings.HasSuffix(name, ".html") {
		c.pages.Add(1)
	}
	return c.w.WriteFile(name, data)
}

// Write renders every page and asset of the site to w. WriteFile is called
// from several goroutines at once when w is a *DirWriter; other writers are
// called one at a time.
func (s *Site) Write(w Writer) (Stats, error) {
	c := &counter{w: concurrent(w)}
	err := s.write(c)
	return Stats{Pages: int(c.pages.Load()), Files: int(c.files.Load()), Bytes: c.bytes.Load()}, err
}

func (s *Site) write(w Writer) error {
	w = concurrent(w)
	v := s.view
	// Every file is a job; jobs run on every core, and each writes its own
	// file, so the output does not depend on their order.
	var jobs []func() error
	put := func(kind, name string, p *page) {
		jobs = append(jobs, func() error {
			p.Site = v
			p.Kind = kind
			p.Scripts = s.scripts(kind)
			b, err := execute(s.tmpl[kind], "base", p)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return w.WriteFile(name, b)
		})
	}
	put("home", "index.html", &page{Canonical: v.BaseURL, Description: "Oorzaak en oplossing van elke melding uit de synchronisatie met Exact Online."})
	put("list", "errors/index.html", &page{Title: "Alle foutmeldingen", Canonical: v.BaseURL + "errors/", Description: "Alle meldingen uit de synchronisatie met Exact Online met hun oplossing.", AnchorMap: anchorMap(v)})
	for _, e := range v.Errors {
		put("error", "errors/"+e.ID+"/index.html", &page{
			Title:       e.Title,
			Canonical:   e.Canonical,
			Description: describe(e),
			Error:       e,
			JSONLD:      errorJSONLD(e),
		})
		for _, a := range e.Aliases {
			jobs = append(jobs, func() error {
				b, err := execute(s.tmpl["redirect"], "redirect", map[string]any{
					"Site": v, "Title": e.Title, "Canonical": e.Canonical, "Target": e.URL,
				})
				if err != nil {
					return err
				}
				return w.WriteFile("errors/"+a+"/index.html", b)
			})
		}
	}
	for _, c := range v.Categories {
		put("category", "categories/"+c.Name+"/index.html", &page{Title: c.Title, Canonical: c.Canonical, Description: c.Description, Category: c})
	}
	put("notfound", "404.html", &page{Title: "Pagina niet gevonden", NoIndex: true})
	for _, f := range []func(Writer) error{s.writeErrorsJSON, s.writeSearch, s.writeSitemap, s.writeRobots, s.writeAssets} {
		jobs = append(jobs, func() error { return f(w) })
	}
	return parallel(jobs)
}

// scripts returns the module scripts of a page kind: site.js everywhere; the
// search UI on the home page (the search box) and on error pages (it
// highlights the words of the search that led there).
func (s *Site) scripts(kind string) []string {
	list := []string{s.view.BasePath + "assets/site.js"}
	if kind == "home" || kind == "error" {
		list = append(list, s.view.BasePath+"assets/search-ui.js")
	}
	return list
}

// parallel runs jobs on every core (twice as many workers as cores, as jobs
// also wait for the disk) and returns the error of the first failing job in
// list order, so that the reported error does not depend on scheduling.
func parallel(jobs []func() error) error {
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				errs[i] = jobs[i]()
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// anchorMap maps every anchor (ids and aliases) to its error's id and page,
// for the list page's script: a hash that names no block on the page (an
// alias, or an error that lives on another page) still lands.
func anchorMap(v *siteView) template.JS {
	type target struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	m := map[string]target{}
	for _, e := range v.Errors {
		m[e.ID] = target{e.ID, e.URL}
		for _, a := range e.Aliases {
			m[a] = target{e.ID, e.URL}
		}
	}
	return jsonScript(m)
}

// describe returns a page description: the start of the body's text, or the
// first message.
func describe(e *errorView) string {
	text := e.Text
	if text == "" {
		return "Melding in de synchronisatie met Exact Online: " + e.FirstMessage
	}
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > 160 {
		cut := string(r[:157])
		if i := strings.LastIndexByte(cut, ' '); i > 100 {
			cut = cut[:i]
		}
		text = cut + "…"
	}
	return text
}

// jsonScript marshals v for a <script> element: encoding/json escapes <, >
// and &, and U+2028/U+2029, so no data can close the element.
func jsonScript(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, slices and strings: cannot fail
	}
	return template.JS(b)
}

// errorJSONLD is schema.org structured data for an error page: a FAQPage
// whose question is the error and whose answer is its solution, and the
// breadcrumb trail.
func errorJSONLD(e *errorView) template.JS {
	crumbs := map[string]any{
		"@context": "https://schema.org",
		"@type":    "BreadcrumbList",
		"itemListElement": []any{
			map[string]any{"@type": "ListItem", "position": 1, "name": "Home", "item": e.Site.BaseURL},
			map[string]any{"@type": "ListItem", "position": 2, "name": e.CategoryTitle, "item": e.Site.BaseURL + strings.TrimPrefix(e.CategoryURL, e.Site.BasePath)},
			map[string]any{"@type": "ListItem", "position": 3, "name": e.Title, "item": e.Canonical},
		},
	}
	if !e.HasBody() {
		return jsonScript([]any{crumbs})
	}
	faq := map[string]any{
		"@context": "https://schema.org",
		"@type":    "FAQPage",
		"mainEntity": []any{map[string]any{
			"@type": "Question",
			"name":  e.Title,
			"acceptedAnswer": map[string]any{
				"@type": "Answer",
				"text":  e.Text,
			},
		}},
	}
	return jsonScript([]any{faq, crumbs})
}

// ErrorsJSONVersion is the version of errors.json's format; it changes only
// when a change would break a reader.
const ErrorsJSONVersion = 1

type errorsJSON struct {
	Version int         `json:"version"`
	Errors  []errorJSON `json:"errors"`
}

type errorJSON struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Messages []string `json:"messages"`
	Severity string   `json:"severity"`
	Category string   `json:"category"`
	Status   string   `json:"status"`
	URL      string   `json:"url"`
	Aliases  []string `json:"aliases"`
}

// writeErrorsJSON writes /errors.json: for each error (sorted by id) its id,
// title, message templates, severity, category, status, canonical URL and
// aliases, so the application can link a log line to its help page.
func (s *Site) writeErrorsJSON(w Writer) error {
	out := errorsJSON{Version: ErrorsJSONVersion, Errors: []errorJSON{}}
	for _, e := range s.view.Errors {
		out.Errors = append(out.Errors, errorJSON{
			ID:       e.ID,
			Title:    e.Title,
			Messages: e.Messages,
			Severity: e.Severity,
			Category: e.Category,
			Status:   e.Status,
			URL:      e.Canonical,
			Aliases:  append([]string{}, e.Aliases...),
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return w.WriteFile("errors.json", append(b, '\n'))
}

func (s *Site) writeSitemap(w Writer) error {
	type urlEntry struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name   `xml:"urlset"`
		NS      string     `xml:"xmlns,attr"`
		URLs    []urlEntry `xml:"url"`
	}
	v := s.view
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	set.URLs = append(set.URLs, urlEntry{Loc: v.BaseURL}, urlEntry{Loc: v.BaseURL + "errors/"})
	for _, c := range v.Categories {
		if len(c.Errors) > 0 { // an empty category page has nothing to find
			set.URLs = append(set.URLs, urlEntry{Loc: c.Canonical})
		}
	}
	for _, e := range v.Errors {
		set.URLs = append(set.URLs, urlEntry{Loc: e.Canonical, LastMod: e.UpdatedISO})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	b.WriteByte('\n')
	return w.WriteFile("sitemap.xml", b.Bytes())
}

func (s *Site) writeRobots(w Writer) error {
	return w.WriteFile("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+s.view.BaseURL+"sitemap.xml\n"))
}

// writeAssets copies the theme's static folder to assets/, with the
// generated stylesheet in place of the theme's own.
func (s *Site) writeAssets(w Writer) error {
	var names []string
	err := fs.WalkDir(s.theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, p := range names {
		rel := strings.TrimPrefix(p, "static/")
		dst := path.Join("assets", rel)
		var data []byte
		if rel == "style.css" {
			data = s.css
		} else if data, err = fs.ReadFile(s.theme, p); err != nil {
			return err
		}
		if err := w.WriteFile(dst, data); err != nil {
			return err
		}
	}
	return nil
}

// Check reports whether the site's diagnostics allow publishing.
func Check(ds content.Diagnostics) error {
	if len(ds.Errors()) > 0 {
		return ds
	}
	return nil
}
