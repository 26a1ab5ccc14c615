package site

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/markdown"
	"github.com/bookzo/exact-help/internal/search/token"
)

// A Cache keeps, from one build of a site to the next, what was made from
// each error file: its view, its rendered body and its page fragments. The
// dev server keeps one, so that after a change only the changed files are
// rendered again. Entries are keyed by content sums (content.Error.Sum, the
// keys of views and categories), never by pointers, so an entry is never
// handed to another file's error and a full build may share the cache with
// a quick one. A Cache is safe for concurrent use; its entries never depend
// on scheduling.
type Cache struct {
	mu sync.Mutex
	// key is what every entry depends on (siteKey): site settings, home
	// page, theme, address, compact mode. Another key empties the cache.
	key    [32]byte
	bodies map[[32]byte]*body      // by the file's Sum
	views  map[[32]byte]*errorView // by the file's Sum: what the file alone gives
	frags  map[fragKey]template.HTML
	cats   map[[2]string]catFrag
	// orders keeps, by the sum of a category's files, the order a sort by
	// title gave them (positions in id order); links the link table, by
	// the sum of every file's Sum and the unusable anchors.
	orders          map[[32]byte][]int32
	links, linksFor string
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
	steps   []string      // solutionSteps(res), made once
	links   string
	names   string
	key     [32]byte // the error view's key: the file's Sum, links, names
}

// newBody keeps a rendered body of e.
func newBody(e *content.Error, res markdown.Result, links, names string) *body {
	b := &body{res: res, html: template.HTML(res.HTML), summary: firstSentence(res.Solution), steps: solutionSteps(res), links: links, names: names}
	b.res.HTML = nil // kept as html only
	b.setKey(e)
	return b
}

// setKey sums the key of e's view: the file and what its body was
// rendered with.
func (b *body) setKey(e *content.Error) { b.key = sum(e.Sum[:], []byte(b.links), []byte(b.names)) }

// fits reports whether b, rendered by an earlier build, is what this build
// would render: with the same link table and, if it named errors, the
// same names (the sum names returns).
func (b *body) fits(links string, names func() string) bool {
	return (b.links == "" || b.links == links) && (b.names == "" || b.names == names())
}

// A fragment of a page, by template name and the key of the error view it
// shows.
type fragKey struct {
	name string
	key  [32]byte
}

// A category's fragment is kept once per template name and category, with
// the key of the category (its errors' keys) it was made from.
type catFrag struct {
	key  [32]byte
	html template.HTML
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	c := &Cache{}
	c.clear()
	return c
}

func (c *Cache) clear() {
	c.bodies = map[[32]byte]*body{}
	c.views = map[[32]byte]*errorView{}
	c.frags = map[fragKey]template.HTML{}
	c.cats = map[[2]string]catFrag{}
	c.orders = map[[32]byte][]int32{}
	c.links, c.linksFor = "", ""
	c.anchors, c.anchorsFor = "", ""
	c.parsed = nil
}

// reset empties the cache unless it was made for key.
func (c *Cache) reset(key [32]byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != key {
		c.key = key
		c.clear()
	}
}

// prune drops the entries that are not this build's errors': bodies and
// views by their file's Sum (deleted or changed files), fragments by the
// key of their view. The two sums are of different things, so one set
// holds both.
func (c *Cache) prune(errors []*errorView) {
	if c == nil {
		return
	}
	keep := make(map[[32]byte]bool, 2*len(errors))
	for _, e := range errors {
		keep[e.Sum] = true
		keep[e.key] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.bodies {
		if !keep[k] {
			delete(c.bodies, k)
		}
	}
	for k := range c.views {
		if !keep[k] {
			delete(c.views, k)
		}
	}
	for k := range c.frags {
		if !keep[k.key] {
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
	b := c.bodies[e.Sum]
	c.mu.Unlock()
	if b != nil && b.fits(links, names) {
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
	c.bodies[e.Sum] = b
}

// view returns a copy of the view of e's file that an earlier build made,
// or nil.
func (c *Cache) view(e *content.Error) *errorView {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	v := c.views[e.Sum]
	c.mu.Unlock()
	if v == nil {
		return nil
	}
	cp := *v
	return &cp
}

// putView keeps the parts of ev that e's file alone gives.
func (c *Cache) putView(e *content.Error, ev *errorView) {
	if c == nil {
		return
	}
	cp := *ev
	cp.Error, cp.Site, cp.owner, cp.summary = nil, nil, nil, nil
	c.mu.Lock()
	defer c.mu.Unlock()
	c.views[e.Sum] = &cp
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

// sum is the SHA-256 of parts, each preceded by its length (so that no two
// lists of parts give the same bytes).
func sum(parts ...[]byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// siteKey sums what every file of the site depends on: site.toml, the
// home page (its title, intro and notice), the theme's files, the address
// the site is built for, compact mode, and the link table when the intro or
// notice links to an error.
func siteKey(s *content.Site, theme fs.FS, v *siteView, homeLinks bool, links string) [32]byte {
	if !homeLinks {
		links = ""
	}
	compact := "full"
	if v.Compact {
		compact = "compact"
	}
	th := themeSum(theme)
	return sum([]byte("site 1"), s.Config.Sum[:], s.Home.Sum[:], th[:], []byte(v.BaseURL), []byte(compact), []byte(links))
}

// themeSum sums the theme's files, names and bytes.
func themeSum(theme fs.FS) [32]byte {
	var names []string
	_ = fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	var parts [][]byte
	for _, n := range names {
		b, err := fs.ReadFile(theme, n)
		if err != nil {
			b = []byte("unreadable: " + err.Error())
		}
		parts = append(parts, []byte(n), b)
	}
	return sum(parts...)
}

// errorNames returns Links.Find for s: the error that a writer's text names
// by its id, an alias, its title or one of its messages, compared as the
// search compares them (token.TextKey for names, token.Key for messages,
// so case, accents, spacing and punctuation do not count); ids win over
// aliases, aliases over titles, titles over messages. sum returns the sum
// of those names, for the cache. Both are made on first use: only a body
// with a problem asks.
func errorNames(s *content.Site) (find func(text string) string, sum func() string) {
	table := sync.OnceValue(func() map[string]string {
		m := map[string]string{}
		add := func(k, id string) {
			if k != "" {
				if _, ok := m[k]; !ok {
					m[k] = id
				}
			}
		}
		for _, e := range s.Errors {
			add(token.TextKey(e.ID), e.ID)
		}
		for _, e := range s.Errors {
			for _, a := range e.Aliases {
				add(token.TextKey(a), e.ID)
			}
		}
		for _, e := range s.Errors {
			add(token.TextKey(e.Title), e.ID)
		}
		for _, e := range s.Errors {
			for _, msg := range e.Messages {
				add(token.Key(msg), e.ID)
			}
		}
		return m
	})
	find = func(text string) string {
		// A writer may copy a message with its placeholders; text
		// without braces has one key either way.
		if id := table()[token.Key(text)]; id != "" {
			return id
		}
		return table()[token.TextKey(text)]
	}
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

// order returns the order kept for key, or nil.
func (c *Cache) order(key [32]byte) []int32 {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.orders[key]
}

// keepOrders keeps the orders of this build, and forgets the others.
func (c *Cache) keepOrders(orders map[[32]byte][]int32) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.orders = orders
}

// linkTable returns the site's link table (see linkTable), from the cache
// when no file and no unusable anchor changed.
func (c *Cache) linkTable(s *content.Site) string {
	if c == nil {
		return linkTable(s)
	}
	sums := make([]byte, 0, 32*len(s.Errors))
	for _, e := range s.Errors {
		sums = append(sums, e.Sum[:]...)
	}
	k := sum(sums, []byte(strings.Join(s.Unusable(), "\n")))
	c.mu.Lock()
	links, ok := c.links, c.linksFor == string(k[:])
	c.mu.Unlock()
	if !ok {
		links = linkTable(s)
		c.mu.Lock()
		c.links, c.linksFor = links, string(k[:])
		c.mu.Unlock()
	}
	return links
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
func (s *Site) fragment(kind Kind, name string, e *errorView) (template.HTML, error) {
	return fragment(s.tmpl, s.cache, kind, name, e)
}

// fragment executes the named template of the kind's set for data, an
// error or a category, or returns it from the cache (without one, it
// executes it). A category's fragment depends on its errors, in order.
func fragment(tmpl map[string]*template.Template, cache *Cache, kind Kind, name string, data any) (template.HTML, error) {
	exec := func(where string) (template.HTML, error) {
		h, err := executeFragment(tmpl[string(kind)], name, data)
		if err != nil {
			return "", fmt.Errorf("%s: %s: %w", where, name, err)
		}
		return h, nil
	}
	switch d := data.(type) {
	case *errorView:
		k := fragKey{name, d.key}
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
		k := [2]string{name, d.Name}
		cache.mu.Lock()
		c, ok := cache.cats[k]
		cache.mu.Unlock()
		if ok && c.key == d.key {
			return c.html, nil
		}
		h, err := exec("category " + d.Name)
		if err == nil {
			cache.mu.Lock()
			cache.cats[k] = catFrag{d.key, h}
			cache.mu.Unlock()
		}
		return h, err
	}
	return "", fmt.Errorf("cached %q: %T is not an error or a category", name, data)
}

// parsedTheme is a theme's stylesheet, parsed templates and bundled engine.
type parsedTheme struct {
	css    []byte
	tmpl   map[string]*template.Template
	engine []byte // the engine bundled
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
