// Package build runs one build of a site folder, the same way for every
// caller: gen build, gen check and the dev server.
//
//	load (content.Loader) → pages (site.New) → anchors (anchors.lock)
//
// A Builder keeps its Loader, so a second Build reads only the files that
// changed (content.Changes). The caller writes the result: gen build
// publishes it to the output folder (publish.Output), the dev server keeps it
// in memory; with a site.Store the pages a build made before are taken
// from it (see Cache for gen build's persistent one).
package build

import (
	"fmt"
	"io/fs"
	"time"

	"github.com/bookzo/exact-help/internal/anchors"
	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
)

// Options configure a Builder.
type Options struct {
	// Theme is the theme the pages are made with.
	Theme fs.FS
	// BaseURL replaces site.toml's baseURL (the dev server's own address).
	BaseURL string
	// Cache keeps rendered bodies and fragments for the next Build (the dev
	// server).
	Cache *site.Cache
	// Store keeps the files of routes across processes (gen build's
	// persistent cache); nil: none.
	Store site.Store
	// Rank, when set, gives each Build the ranking of error files by how
	// recent a change they are, from the record read for it: a clash is
	// reported at the newer file (see content.Loader.Rank).
	Rank func(record *anchors.Lock) func(path string) int64
	// Strict requires every current id and alias to be recorded in
	// anchors.lock, as gen check (and CI) do; the dev server too.
	Strict bool
	// CheckOnly prepares the site for its diagnostics only (gen check):
	// see site.Options.CheckOnly.
	CheckOnly bool
	// Published is the published site's record (gen check -published): no
	// anchor of it may leave anchors.lock. Nil: not checked.
	Published *anchors.Lock
}

// A Builder builds one site folder, again and again. It is not safe for
// concurrent use.
type Builder struct {
	fsys   fs.FS
	opts   Options
	loader *content.Loader
}

// New returns a builder of the site folder fsys.
func New(fsys fs.FS, opts Options) *Builder {
	return &Builder{fsys: fsys, opts: opts, loader: content.NewLoader(fsys)}
}

// A Result is one build: the content, its pages, the record of anchors and
// every diagnostic, sorted. Site is nil when site.toml cannot be used.
type Result struct {
	Content *content.Site
	Site    *site.Site
	Lock    *anchors.Lock // nil when the site has no anchors.lock yet
	Diags   content.Diagnostics
	// How long reading and checking the files, and rendering the bodies,
	// took (gen build -timings).
	LoadTime, RenderTime time.Duration
}

// Build loads the site after the changes ch, makes its pages and checks
// its anchors against anchors.lock.
func (b *Builder) Build(ch content.Changes, check content.Check) *Result {
	r := &Result{}
	// The record, read once: for the ranking, and verified after the
	// content.
	lock, lds := anchors.Read(b.fsys)
	if b.opts.Rank != nil {
		b.loader.Rank = b.opts.Rank(lock)
	}
	start := time.Now()
	r.Content, r.Diags = b.loader.Load(ch, check)
	r.LoadTime = time.Since(start)
	if r.Content == nil {
		r.Diags.Sort()
		return r
	}
	start = time.Now()
	var rds content.Diagnostics
	r.Site, rds = site.New(r.Content, b.opts.Theme, site.Options{BaseURL: b.opts.BaseURL, Cache: b.opts.Cache, Store: b.opts.Store, CheckOnly: b.opts.CheckOnly})
	r.RenderTime = time.Since(start)
	r.Diags = append(r.Diags, rds...)
	r.Diags = append(r.Diags, lds...)
	switch {
	case lock != nil:
		r.Lock = lock
		r.Diags = append(r.Diags, lock.Verify(r.Content, b.opts.Strict, b.opts.Published)...)
	case len(lds) == 0 && b.opts.Published != nil:
		r.Diags = append(r.Diags, content.Diagnostic{Path: anchors.Path, Msg: fmt.Sprintf(
			"anchors.lock is missing, but the published site's record holds %s that must keep working: restore the file (git checkout origin/main -- anchors.lock)",
			content.Count(b.opts.Published.Len(), "anchor"))})
	}
	r.Diags.Sort()
	return r
}
