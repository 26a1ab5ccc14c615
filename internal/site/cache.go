package site

import (
	"crypto/sha256"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/markdown"
)

// A Cache keeps, from one build of a site to the next, what was made from
// each error file: its rendered body and its page fragments. The dev server
// keeps one, so that after a change only the changed files are rendered
// again. Entries are keyed by the *content.Error, which a content.Loader
// gives again for a file that has not changed. A Cache is safe for
// concurrent use; its entries never depend on scheduling.
type Cache struct {
	mu sync.Mutex
	// key is what every entry depends on: site settings, home page, theme,
	// address, compact mode. Another key empties the cache.
	key    [32]byte
	bodies map[*content.Error]*body
	views  map[*content.Error]*errorView // what the file alone gives (no Site, body, related)
	frags  map[fragKey]template.HTML
	cats   map[[2]string]catFrag
	// anchors is the list page's anchor map, made for the link table
	// anchorsFor.
	anchors    template.JS
	anchorsFor string
	parsed     *parsedTheme // the theme's templates, parsed once
}

// A body is one error's rendered Markdown. links is the link table it was
// rendered with, "" when it has no links to other errors: a body with links
// is rendered again when an id or alias comes or goes. names is the sum of
// the errors' names (errorNames) when a problem of the body named an error,
// so that the problem names the right one after a title changes.
type body struct {
	res     markdown.Result
	html    template.HTML // res.HTML as a string, made once
	summary string        // firstSentence(res.Solution), made once
	links   string
	names   string
}

// A fragment of a page, by template name and the error (and body) it
// shows.
type fragKey struct {
	name string
	e    *content.Error
	b    *body
}

// A category's fragment is kept once per template name and category, with
// the sum of its errors' entries it was made from.
type catFrag struct {
	members [32]byte
	html    template.HTML
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	c := &Cache{}
	c.clear()
	return c
}

func (c *Cache) clear() {
	c.bodies = map[*content.Error]*body{}
	c.views = map[*content.Error]*errorView{}
	c.frags = map[fragKey]template.HTML{}
	c.cats = map[[2]string]catFrag{}
	c.anchors, c.anchorsFor = "", ""
	c.parsed = nil
}

// reset empties the cache unless it was made for key.
func (c *Cache) reset(key [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != key {
		c.key = key
		c.clear()
	}
}

// prune drops the entries of errors that are not in keep (deleted or
// changed files).
func (c *Cache) prune(keep map[*content.Error]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := range c.bodies {
		if !keep[e] {
			delete(c.bodies, e)
		}
	}
	for e := range c.views {
		if !keep[e] {
			delete(c.views, e)
		}
	}
	for k := range c.frags {
		if !keep[k.e] {
			delete(c.frags, k)
		}
	}
}

// body returns the body of e rendered by an earlier build with the same
// link table and, if it named errors, the same names (the sum names returns).
func (c *Cache) body(e *content.Error, links string, names func() string) *body {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	b := c.bodies[e]
	c.mu.Unlock()
	if b != nil && (b.links == "" || b.links == links) && (b.names == "" || b.names == names()) {
		return b
	}
	return nil
}

func (c *Cache) putBody(e *content.Error, b *body) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bodies[e] = b
}

// view returns a copy-ready view of e made by an earlier build.
func (c *Cache) view(e *content.Error) *errorView {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.views[e]
}

// putView keeps the parts of ev that e's file alone gives.
func (c *Cache) putView(e *content.Error, ev *errorView) {
	if c == nil {
		return
	}
	cp := *ev
	cp.Site = nil
	c.mu.Lock()
	defer c.mu.Unlock()
	c.views[e] = &cp
}

func (c *Cache) frag(k fragKey) (template.HTML, bool) {
	if c == nil {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.frags[k]
	return h, ok
}

func (c *Cache) putFrag(k fragKey, h template.HTML) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frags[k] = h
}

// cacheKey sums what every cached entry depends on.
func cacheKey(s *content.Site, theme fs.FS, base string, compact bool) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%q %v %t\n%#v\n%#v\n", base, s.Config.BaseURL, compact, s.Config, s.Home)
	var names []string
	_ = fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(theme, n)
		fmt.Fprintf(h, "%s %d\n", n, len(b))
		h.Write(b)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// errorNames returns Links.Find for s: the error that a writer's text names
// by its id, an alias, its title or one of its messages, compared in lower
// case with runs of spaces as one and a final full stop left out; ids win
// over aliases, aliases over titles, titles over messages. sum returns the
// sum of those names, for the cache. Both are made on first use: only a
// body with a problem asks.
func errorNames(s *content.Site) (find func(text string) string, sum func() string) {
	table := sync.OnceValue(func() map[string]string {
		m := map[string]string{}
		add := func(name, id string) {
			if k := foldName(name); k != "" {
				if _, ok := m[k]; !ok {
					m[k] = id
				}
			}
		}
		for _, e := range s.Errors {
			add(e.ID, e.ID)
		}
		for _, e := range s.Errors {
			for _, a := range e.Aliases {
				add(a, e.ID)
			}
		}
		for _, e := range s.Errors {
			add(e.Title, e.ID)
		}
		for _, e := range s.Errors {
			for _, msg := range e.Messages {
				add(msg, e.ID)
			}
		}
		return m
	})
	find = func(text string) string { return table()[foldName(text)] }
	sum = sync.OnceValue(func() string {
		var lines []string
		for k, id := range table() {
			lines = append(lines, k+"\x00"+id)
		}
		sort.Strings(lines)
		h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		return string(h[:])
	})
	return find, sum
}

// foldName is how errorNames compares names.
func foldName(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".")
}

// linkTable sums the ids and aliases of the site, and the anchors of its
// unusable files, as links resolve them.
func linkTable(s *content.Site) string {
	var lines []string
	for _, e := range s.Errors {
		lines = append(lines, e.ID+" "+e.ID)
		for _, a := range e.Aliases {
			lines = append(lines, a+" "+e.ID)
		}
	}
	// A link to an anchor that a file which could not be used may hold is
	// no problem (that file's own is reported) until the file is fixed or
	// removed.
	for _, a := range s.Unusable() {
		lines = append(lines, a+" ?")
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return string(sum[:])
}

// fragment returns the named template of the kind's set executed for an
// error, from the cache where it has it.
func (s *Site) fragment(kind, name string, e *errorView) (template.HTML, error) {
	return fragment(s.tmpl, s.cache, kind, name, e)
}

// fragment executes the named template of the kind's set for data, an
// error or a category, or returns it from the cache. A category's fragment
// depends on its errors, in order.
func fragment(tmpl map[string]*template.Template, cache *Cache, kind, name string, data any) (template.HTML, error) {
	exec := func(where string) (template.HTML, error) {
		h, err := executeFragment(tmpl[kind], name, data)
		if err != nil {
			return "", fmt.Errorf("%s: %s: %w", where, name, err)
		}
		return h, nil
	}
	switch d := data.(type) {
	case *errorView:
		k := fragKey{name, d.Error, d.body}
		if h, ok := cache.frag(k); ok {
			return h, nil
		}
		h, err := exec(d.Path)
		if err == nil {
			cache.putFrag(k, h)
		}
		return h, err
	case *categoryView:
		if cache == nil {
			return exec("category " + d.Name)
		}
		sum := sha256.New()
		for _, e := range d.Errors {
			fmt.Fprintf(sum, "%p %p\n", e.Error, e.body)
		}
		var members [32]byte
		sum.Sum(members[:0])
		k := [2]string{name, d.Name}
		cache.mu.Lock()
		c, ok := cache.cats[k]
		cache.mu.Unlock()
		if ok && c.members == members {
			return c.html, nil
		}
		h, err := exec("category " + d.Name)
		if err == nil {
			cache.mu.Lock()
			cache.cats[k] = catFrag{members, h}
			cache.mu.Unlock()
		}
		return h, err
	}
	return "", fmt.Errorf("cached %q: %T is not an error or a category", name, data)
}

// parsedTheme is a theme's stylesheet and parsed templates.
type parsedTheme struct {
	css  []byte
	tmpl map[string]*template.Template
}

func (c *Cache) theme() *parsedTheme {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.parsed
}

func (c *Cache) putTheme(t *parsedTheme) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parsed = t
}

// Pages returns the output files that a change of the error files in
// paths touches, comparing this site with old, the site before the change:
// the pages of the changed errors and of their aliases, of the errors that
// name one of them as related, of their categories, the home page and the
// list page. gone are the files of ids and aliases that no longer exist.
// The dev server rewrites only these; the other files stay as they were.
func (s *Site) Pages(old *content.Site, paths []string) (touched, gone []string) {
	cs := s.view.src
	byPath := func(site *content.Site) map[string]*content.Error {
		m := map[string]*content.Error{}
		for _, e := range site.Errors {
			m[e.Path] = e
		}
		return m
	}
	oldBy, newBy := byPath(old), byPath(cs)
	ids := map[string]bool{}
	t := map[string]bool{"index.html": true, "errors/index.html": true}
	page := func(id string) string { return path.Join("errors", id, "index.html") }
	for _, p := range paths {
		for _, e := range []*content.Error{oldBy[p], newBy[p]} {
			if e == nil {
				continue
			}
			ids[e.ID] = true
			t[page(e.ID)] = true
			for _, a := range e.Aliases {
				t[page(a)] = true
			}
			t[path.Join("categories", e.Category, "index.html")] = true
		}
	}
	for _, site := range []*content.Site{old, cs} {
		for _, e := range site.Errors {
			for _, r := range e.Related {
				if ids[r] {
					t[page(e.ID)] = true
				}
			}
		}
	}
	for name := range t {
		if id, ok := strings.CutPrefix(strings.TrimSuffix(name, "/index.html"), "errors/"); ok && id != "index.html" && cs.Resolve(id) == nil {
			gone = append(gone, name)
			delete(t, name)
		}
	}
	for name := range t {
		touched = append(touched, name)
	}
	sort.Strings(touched)
	sort.Strings(gone)
	return touched, gone
}
