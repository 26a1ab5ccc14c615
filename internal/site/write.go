package site

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/par"
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
	ConcurrentSafe()
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
	Kind        Kind
	Title       string
	Description string
	Canonical   string
	NoIndex     bool
	Scripts     []string
	JSONLD      template.JS
	Error       *errorView
	// Related are the error page's related errors.
	Related  []*errorView
	Category *categoryView
	// Categories and Errors are the whole catalogue, on the pages that
	// show it (home, list) only.
	Categories []*categoryView
	Errors     []*errorView
	AnchorMap  template.JS
	// Header, Footer and Notice are the theme's "site-header",
	// "site-footer" and "notice", the same on every page of a kind:
	// rendered once per kind (as Hugo's partialCached), not per page.
	Header, Footer, Notice template.HTML
}

// kindParts are the parts of a page that depend on its kind only: the
// cached header, footer and notice, and the title and description the
// theme gives pages of the kind ("page-title", "page-description").
type kindParts struct {
	header, footer, notice template.HTML
	title, description     string
}

// kindParts renders the parts of a page that depend on its kind only.
func (s *Site) kindParts(kind Kind) (kindParts, error) {
	p := &page{Site: s.view, Kind: kind}
	var b [5]template.HTML
	for i, name := range []string{"site-header", "site-footer", "notice", "page-title", "page-description"} {
		var err error
		if b[i], err = executeFragment(s.tmpl[string(kind)], name, p); err != nil {
			return kindParts{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	// The title and description are text: the page escapes them again.
	return kindParts{b[0], b[1], b[2], html.UnescapeString(strings.TrimSpace(string(b[3]))), html.UnescapeString(strings.TrimSpace(string(b[4])))}, nil
}

// counter wraps a Writer and counts what passes through it.
type counter struct {
	w                   Writer
	pages, files, bytes atomic.Int64
}

func (c *counter) ConcurrentSafe() {}

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
// from several goroutines at once when w has a ConcurrentSafe method
// (publish.DirWriter); other writers are
// called one at a time.
func (s *Site) Write(w Writer) (Stats, error) {
	return s.write(w, s.Routes(), true)
}

// WriteOnly writes the files of the routes in paths (Route.Path) and
// nothing else: the dev server's answer to a change (see Changed).
func (s *Site) WriteOnly(w Writer, paths []string) (Stats, error) {
	want := make(map[string]bool, len(paths))
	for _, p := range paths {
		want[p] = true
	}
	var rs []Route
	for _, r := range s.Routes() {
		if want[r.Path] {
			rs = append(rs, r)
		}
	}
	return s.write(w, rs, false)
}

// A writeRun is one Write: where the files go, and the parts of each kind
// of page.
type writeRun struct {
	w     fileWriter
	parts map[Kind]kindParts
}

// write renders the routes: every file is a job, jobs run on every core,
// and each writes its own file, so the output does not depend on their
// order. all is set for the whole site.
func (s *Site) write(w Writer, routes []Route, all bool) (Stats, error) {
	if s.checkOnly {
		return Stats{}, errors.New("site: a site prepared for a check (CheckOnly) is not written")
	}
	c := &counter{w: concurrent(w)}
	run := &writeRun{w: c, parts: map[Kind]kindParts{}}
	err := s.prepareWrite(run, all)
	if err == nil {
		errs := make([]error, len(routes))
		par.Each(len(routes), func(i int) { errs[i] = s.renderRoute(run, &routes[i]) })
		err = firstError(errs)
	}
	return Stats{Pages: int(c.pages.Load()), Files: int(c.files.Load()), Bytes: c.bytes.Load()}, err
}

// firstError returns the first error in list order, so that the reported
// error does not depend on scheduling.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// prepareWrite renders the parts of each kind of page. Meanwhile, for the
// whole site, the folders of the error pages are made in one goroutine:
// made in parallel, they would all wait for the lock of errors/. (A write
// of a few pages makes their folders as it goes.)
func (s *Site) prepareWrite(run *writeRun, all bool) error {
	dirsMade := make(chan error, 1)
	if all {
		dirs := make([]string, 0, len(s.errors))
		for _, e := range s.errors {
			dirs = append(dirs, "errors/"+e.ID)
			for _, a := range e.Aliases {
				dirs = append(dirs, "errors/"+a)
			}
		}
		go func() { dirsMade <- run.w.MakeDirs(dirs) }()
	} else {
		dirsMade <- nil
	}
	var err error
	for _, kind := range pageKinds {
		var p kindParts
		if p, err = s.kindParts(kind); err != nil {
			err = fmt.Errorf("%s pages: %w", kind, err)
			break
		}
		run.parts[kind] = p
	}
	if derr := <-dirsMade; err == nil {
		err = derr
	}
	return err
}

// fill sets the parts of p that its kind gives.
func (s *Site) fill(run *writeRun, p *page, kind Kind) *page {
	c := run.parts[kind]
	p.Site, p.Kind, p.Scripts = s.view, kind, s.scripts(kind)
	p.Header, p.Footer, p.Notice = c.header, c.footer, c.notice
	if p.Title == "" {
		p.Title = c.title
	}
	if p.Description == "" {
		p.Description = c.description
	}
	return p
}

// writePage renders the page p of the kind to name.
func (s *Site) writePage(run *writeRun, kind Kind, name string, p *page) error {
	p = s.fill(run, p, kind)
	buf := getBuffer()
	defer putBuffer(buf)
	if err := s.tmpl[string(kind)].ExecuteTemplate(buf, "base", p); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return run.w.WriteFile(name, buf.Bytes())
}

func (s *Site) writeHome(run *writeRun) error {
	return s.writePage(run, KindHome, "index.html", &page{Canonical: s.view.BaseURL, Categories: s.categories, Errors: s.errors})
}

// writeList writes the list page, which holds every error: streamed to its
// file, not built in memory (41 MB at 10,000 errors with their full text).
func (s *Site) writeList(run *writeRun) error {
	const name = "errors/index.html"
	p := &page{Canonical: s.view.BaseURL + "errors/", Categories: s.categories, Errors: s.errors}
	if !s.view.Compact {
		// A compact list page holds every id and alias as an anchor of its
		// own, and no anchor map (see the theme's "list-index").
		p.AnchorMap = s.anchorMap()
	}
	p = s.fill(run, p, KindList)
	return stream(run.w, name, func(out io.Writer) error {
		return s.tmpl[string(KindList)].ExecuteTemplate(out, "base", p)
	})
}

func (s *Site) writeNotFound(run *writeRun) error {
	return s.writePage(run, KindNotFound, "404.html", &page{NoIndex: true})
}

func (s *Site) categoryPage(c *categoryView) func(*writeRun) error {
	return func(run *writeRun) error {
		return s.writePage(run, KindCategory, "categories/"+c.Name+"/index.html",
			&page{Title: c.Title, Canonical: c.Canonical, Description: c.Description, Category: c})
	}
}

// errorPage writes an error's page; its description and structured data
// are made in the job, on every core.
func (s *Site) errorPage(e *errorView) func(*writeRun) error {
	return func(run *writeRun) error {
		return s.writePage(run, KindError, "errors/"+e.ID+"/index.html", &page{
			Title:       e.Title,
			Canonical:   e.Canonical,
			Description: describe(e, run.parts[KindError].description),
			Error:       e,
			Related:     s.related(e),
			JSONLD:      errorJSONLD(e),
		})
	}
}

// redirectPage writes the page of e's alias a: a redirect to e's page.
func (s *Site) redirectPage(e *errorView, a string) func(*writeRun) error {
	return func(run *writeRun) error {
		buf := getBuffer()
		defer putBuffer(buf)
		if err := s.tmpl["redirect"].ExecuteTemplate(buf, "redirect", map[string]any{
			"Site": s.view, "Title": e.Title, "Canonical": e.Canonical, "Target": e.URL,
		}); err != nil {
			return err
		}
		return run.w.WriteFile("errors/"+a+"/index.html", buf.Bytes())
	}
}

// scripts returns the module scripts of a page kind: site.js everywhere;
// the search box on the home page; the anchors on the list page; on error
// pages the highlighting of the words of the search that led there (which
// loads the engine only then).
func (s *Site) scripts(kind Kind) []string {
	list := []string{s.view.BasePath + "assets/site.js"}
	switch kind {
	case KindHome:
		list = append(list, s.view.BasePath+"assets/search-ui.js")
	case KindList:
		list = append(list, s.view.BasePath+"assets/list.js")
	case KindError:
		list = append(list, s.view.BasePath+"assets/highlight.js")
	}
	return list
}

// A fileWriter is where a route's render function writes: whole files,
// streams, folders.
type fileWriter interface {
	Writer
	streamer
	dirMaker
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

// anchorMap returns the list page's anchor map, from the cache while the
// ids and aliases stay the same.
func (s *Site) anchorMap() template.JS {
	if s.cache == nil {
		return anchorMap(s.errors)
	}
	c := s.cache
	c.mu.Lock()
	m, ok := c.anchors, c.anchorsFor == s.links
	c.mu.Unlock()
	if !ok {
		m = anchorMap(s.errors)
		c.mu.Lock()
		c.anchors, c.anchorsFor = m, s.links
		c.mu.Unlock()
	}
	return m
}

// anchorMap maps every anchor (ids and aliases) to its error's id and page,
// for the list page's script: a hash that names no block on the page (an
// alias, or an error that lives on another page) still lands.
func anchorMap(errors []*errorView) template.JS {
	type target struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	m := map[string]target{}
	for _, e := range errors {
		m[e.ID] = target{e.ID, e.URL}
		for _, a := range e.Aliases {
			m[a] = target{e.ID, e.URL}
		}
	}
	return jsonScript(m)
}

// describe returns an error page's description: the start of the body's
// text, or, without one, the theme's description of error pages
// ("page-description") followed by the first message.
func describe(e *errorView, theme string) string {
	text := e.Text
	if text == "" {
		return strings.TrimSpace(theme + " " + e.FirstMessage)
	}
	const n = 160
	return shorten(joinFields(text, n+1), n)
}

// joinFields returns the words of text (strings.Fields) joined by one
// space, up to the first max characters: what shorten keeps of a text is
// in them, and the rest of a long body's text is not copied.
func joinFields(text string, max int) string {
	var b strings.Builder
	runes := 0
	for len(text) > 0 && runes < max {
		i := strings.IndexFunc(text, unicode.IsSpace)
		if i == 0 {
			_, size := utf8.DecodeRuneInString(text)
			text = text[size:]
			continue
		}
		if i < 0 {
			i = len(text)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
			runes++
		}
		word := text[:i]
		for j := range word {
			if runes == max {
				word = word[:j]
				break
			}
			runes++
		}
		b.WriteString(word)
		text = text[i:]
	}
	return b.String()
}

// shorten returns text cut to at most n characters, at a word where one
// ends past the 100th byte, with "…" where it was cut.
func shorten(text string, n int) string {
	if utf8.RuneCountInString(text) > n {
		cut, k := text, 0
		for i := range text { // the first n-3 characters
			if k == n-3 {
				cut = text[:i]
				break
			}
			k++
		}
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
// breadcrumb trail. Typed structs, not maps: their fields are in the
// order encoding/json sorts a map's keys, so the bytes are those of maps,
// made without sorting or reflecting on them per page.
func errorJSONLD(e *errorView) template.JS {
	type listItem struct {
		Type     string `json:"@type"`
		Item     string `json:"item"`
		Name     string `json:"name"`
		Position int    `json:"position"`
	}
	type breadcrumbs struct {
		Context string     `json:"@context"`
		Type    string     `json:"@type"`
		Items   []listItem `json:"itemListElement"`
	}
	type answer struct {
		Type string `json:"@type"`
		Text string `json:"text"`
	}
	type question struct {
		Type   string `json:"@type"`
		Answer answer `json:"acceptedAnswer"`
		Name   string `json:"name"`
	}
	type faqPage struct {
		Context string     `json:"@context"`
		Type    string     `json:"@type"`
		Main    []question `json:"mainEntity"`
	}
	crumbs := breadcrumbs{"https://schema.org", "BreadcrumbList", []listItem{
		{"ListItem", e.Site.BaseURL, "Home", 1},
		{"ListItem", e.Site.BaseURL + strings.TrimPrefix(e.CategoryURL, e.Site.BasePath), e.CategoryTitle, 2},
		{"ListItem", e.Canonical, e.Title, 3},
	}}
	if !e.HasBody() {
		return jsonScript([]any{crumbs})
	}
	faq := faqPage{"https://schema.org", "FAQPage", []question{{"Question", answer{"Answer", e.Text}, e.Title}}}
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
func (s *Site) writeErrorsJSON(run *writeRun) error {
	out := errorsJSON{Version: ErrorsJSONVersion, Errors: []errorJSON{}}
	for _, e := range s.errors {
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
	return run.w.WriteFile("errors.json", append(b, '\n'))
}

// writeSitemap lists the routes that have a sitemap entry (Route.Loc), in
// the table's order.
func (s *Site) writeSitemap(run *writeRun) error {
	type urlEntry struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name   `xml:"urlset"`
		NS      string     `xml:"xmlns,attr"`
		URLs    []urlEntry `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, r := range s.Routes() {
		if r.Loc != "" {
			set.URLs = append(set.URLs, urlEntry{Loc: r.Loc, LastMod: r.LastMod})
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	b.WriteByte('\n')
	return run.w.WriteFile("sitemap.xml", b.Bytes())
}

func (s *Site) writeRobots(run *writeRun) error {
	return run.w.WriteFile("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+s.view.BaseURL+"sitemap.xml\n"))
}

// Check reports whether the site's diagnostics allow publishing.
func Check(ds content.Diagnostics) error {
	if len(ds.Errors()) > 0 {
		return ds
	}
	return nil
}
