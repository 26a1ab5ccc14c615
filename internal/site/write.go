package site

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
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

// Create passes a stream on where the writer takes one; the stream is
// written without the lock, and stored under it on Close.
func (l *lockedWriter) Create(name string) (io.WriteCloser, error) {
	sw, ok := l.w.(streamer)
	if !ok {
		return &bufferedFile{w: l, name: name, n: new(atomic.Int64)}, nil
	}
	l.mu.Lock()
	f, err := sw.Create(name)
	l.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return &lockedStream{WriteCloser: f, mu: &l.mu}, nil
}

type lockedStream struct {
	io.WriteCloser
	mu *sync.Mutex
}

func (s *lockedStream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.WriteCloser.Close()
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
	// Header, Footer and Notice are the theme's "site-header",
	// "site-footer" and "notice", the same on every page of a kind:
	// rendered once per kind (as Hugo's partialCached), not per page.
	Header, Footer, Notice template.HTML
}

// cachedParts renders the parts of a page that depend on its kind only.
func (s *Site) cachedParts(kind string) (header, footer, notice template.HTML, err error) {
	p := &page{Site: s.view, Kind: kind}
	var b [3]template.HTML
	for i, name := range []string{"site-header", "site-footer", "notice"} {
		if b[i], err = executeFragment(s.tmpl[kind], name, p); err != nil {
			return "", "", "", fmt.Errorf("%s: %w", name, err)
		}
	}
	return b[0], b[1], b[2], nil
}

// counter wraps a Writer and counts what passes through it.
type counter struct {
	w                   Writer
	pages, files, bytes atomic.Int64
}

func (c *counter) concurrentSafe() {}

// MakeDirs passes on to the writer, if it makes folders.
func (c *counter) MakeDirs(dirs []string) error {
	if d, ok := c.w.(dirMaker); ok {
		return d.MakeDirs(dirs)
	}
	return nil
}

// Create opens a stream to name: the writer's own, or a buffer that is
// written to it on Close.
func (c *counter) Create(name string) (io.WriteCloser, error) {
	c.files.Add(1)
	if strings.HasSuffix(name, ".html") {
		c.pages.Add(1)
	}
	if sw, ok := c.w.(streamer); ok {
		f, err := sw.Create(name)
		if err != nil {
			return nil, err
		}
		return &countedStream{WriteCloser: f, n: &c.bytes}, nil
	}
	return &bufferedFile{w: c.w, name: name, n: &c.bytes}, nil
}

type countedStream struct {
	io.WriteCloser
	n *atomic.Int64
}

func (s *countedStream) Write(p []byte) (int, error) {
	n, err := s.WriteCloser.Write(p)
	s.n.Add(int64(n))
	return n, err
}

// bufferedFile collects a stream for a writer that takes whole files.
type bufferedFile struct {
	bytes.Buffer
	w    Writer
	name string
	n    *atomic.Int64
}

func (b *bufferedFile) Close() error {
	b.n.Add(int64(b.Len()))
	return b.w.WriteFile(b.name, b.Bytes())
}

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
	return s.WriteOnly(w, nil)
}

// WriteOnly writes the pages named in only (output paths, as Pages gives
// them) and nothing else: the dev server's answer to a change. only == nil
// writes everything, as Write.
func (s *Site) WriteOnly(w Writer, only map[string]bool) (Stats, error) {
	c := &counter{w: concurrent(w)}
	err := s.write(c, only)
	return Stats{Pages: int(c.pages.Load()), Files: int(c.files.Load()), Bytes: c.bytes.Load()}, err
}

func (s *Site) write(w *counter, only map[string]bool) error {
	v := s.view
	// First the fragment that several pages show, once per error: its
	// summary (home, category, related errors).
	// Meanwhile the folders of the error pages are made in one goroutine:
	// made in parallel, they would all wait for the lock of errors/. (A
	// write of a few pages makes their folders as it goes.)
	dirsMade := make(chan error, 1)
	if only == nil {
		dirs := make([]string, 0, len(v.Errors))
		for _, e := range v.Errors {
			dirs = append(dirs, "errors/"+e.ID)
			for _, a := range e.Aliases {
				dirs = append(dirs, "errors/"+a)
			}
		}
		go func() { dirsMade <- w.MakeDirs(dirs) }()
	} else {
		dirsMade <- nil
	}
	fragments := make([]func() error, len(v.Errors))
	for i, e := range v.Errors {
		fragments[i] = func() error {
			var err error
			e.Summary, err = s.fragment("error", "error-summary", e)
			return err
		}
	}
	err := parallel(fragments)
	derr := <-dirsMade
	if err == nil {
		err = derr
	}
	if err != nil {
		return err
	}

	// Every file is a job; jobs run on every core, and each writes its own
	// file, so the output does not depend on their order. The longest jobs,
	// the search index and the list page, go first, so that they do not
	// run alone at the end.
	var jobs []func() error
	// add adds the job that writes the file name; "" for the jobs of
	// several files (the search index, assets), which only == nil runs.
	add := func(name string, job func() error) {
		if only == nil || name != "" && only[name] {
			jobs = append(jobs, job)
		}
	}
	add("", func() error { return s.writeSearch(w) })
	type parts struct{ header, footer, notice template.HTML }
	cached := map[string]parts{}
	for _, kind := range pageKinds {
		var p parts
		var err error
		if p.header, p.footer, p.notice, err = s.cachedParts(kind); err != nil {
			return fmt.Errorf("%s pages: %w", kind, err)
		}
		cached[kind] = p
	}
	fill := func(p *page, kind string) *page {
		c := cached[kind]
		p.Site, p.Kind, p.Scripts = v, kind, s.scripts(kind)
		p.Header, p.Footer, p.Notice = c.header, c.footer, c.notice
		return p
	}
	putLazy := func(kind, name string, mk func() *page) {
		add(name, func() error {
			p := fill(mk(), kind)
			buf := getBuffer()
			defer putBuffer(buf)
			if err := s.tmpl[kind].ExecuteTemplate(buf, "base", p); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return w.WriteFile(name, buf.Bytes())
		})
	}
	put := func(kind, name string, p *page) { putLazy(kind, name, func() *page { return p }) }
	put("home", "index.html", &page{Canonical: v.BaseURL, Description: "Oorzaak en oplossing van elke melding uit de synchronisatie met Exact Online."})
	// The list page holds every error: streamed to its file, not built in
	// memory (41 MB at 10,000 errors with their full text).
	add("errors/index.html", func() error {
		p := fill(&page{Title: "Alle foutmeldingen", Canonical: v.BaseURL + "errors/",
			Description: "Alle meldingen uit de synchronisatie met Exact Online met hun oplossing.", AnchorMap: s.anchorMap()}, "list")
		return stream(w, "errors/index.html", func(out io.Writer) error {
			return s.tmpl["list"].ExecuteTemplate(out, "base", p)
		})
	})
	for _, e := range v.Errors {
		// The description and structured data are made in the job, on
		// every core.
		putLazy("error", "errors/"+e.ID+"/index.html", func() *page {
			return &page{
				Title:       e.Title,
				Canonical:   e.Canonical,
				Description: describe(e),
				Error:       e,
				JSONLD:      errorJSONLD(e),
			}
		})
		for _, a := range e.Aliases {
			add("errors/"+a+"/index.html", func() error {
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
	for _, f := range []func(Writer) error{s.writeErrorsJSON, s.writeSitemap, s.writeRobots, s.writeAssets} {
		add("", func() error { return f(w) })
	}
	if cname := v.src.Config.CNAME; cname != "" {
		add("CNAME", func() error { return w.WriteFile("CNAME", []byte(cname+"\n")) })
	}
	return parallel(jobs)
}

// scripts returns the module scripts of a page kind: site.js everywhere;
// the search box on the home page; the anchors on the list page; on error
// pages the highlighting of the words of the search that led there (which
// loads the engine only then).
func (s *Site) scripts(kind string) []string {
	list := []string{s.view.BasePath + "assets/site.js"}
	switch kind {
	case "home":
		list = append(list, s.view.BasePath+"assets/search-ui.js")
	case "list":
		list = append(list, s.view.BasePath+"assets/list.js")
	case "error":
		list = append(list, s.view.BasePath+"assets/highlight.js")
	}
	return list
}

// dirMaker is a Writer that can make the folders of many files at once.
type dirMaker interface {
	MakeDirs(dirs []string) error
}

// A streamer is a Writer that can take a file's data as a stream.
type streamer interface {
	Create(name string) (io.WriteCloser, error)
}

// stream writes the file name with write, straight into the file where the
// writer can take a stream.
func stream(w streamer, name string, write func(io.Writer) error) error {
	f, err := w.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Page buffers are reused: a build renders thousands of pages of a few KB.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // keep the pool small
	}
	b.Reset()
	buffers.Put(b)
}

// executeFragment executes the named template of t with data.
func executeFragment(t *template.Template, name string, data any) (template.HTML, error) {
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.ExecuteTemplate(buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
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

// anchorMap returns the list page's anchor map, from the cache while the
// ids and aliases stay the same.
func (s *Site) anchorMap() template.JS {
	if s.cache == nil {
		return anchorMap(s.view)
	}
	c := s.cache
	c.mu.Lock()
	m, ok := c.anchors, c.anchorsFor == s.links
	c.mu.Unlock()
	if !ok {
		m = anchorMap(s.view)
		c.mu.Lock()
		c.anchors, c.anchorsFor = m, s.links
		c.mu.Unlock()
	}
	return m
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
	return shorten(strings.Join(strings.Fields(text), " "), 160)
}

// shorten returns text cut to at most n characters, at a word where one
// ends past the 100th byte, with "…" where it was cut.
func shorten(text string, n int) string {
	if r := []rune(text); len(r) > n {
		cut := string(r[:n-3])
		if i := strings.LastIndexByte(cut, ' '); i > 100 {
			cut = cut[:i]
		}
		return cut + "…"
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
	Fix      string   `json:"fix,omitempty"`
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
			Fix:      e.Fix,
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
