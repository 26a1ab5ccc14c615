package site

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/bookzo/exact-help/internal/bundle"
	"github.com/bookzo/exact-help/internal/search"
)

// A Kind is what a route makes. The kinds of HTML pages are also the names
// of the theme's page templates (templates/<kind>.html).
type Kind string

const (
	KindHome     Kind = "home"
	KindList     Kind = "list"
	KindError    Kind = "error"
	KindRedirect Kind = "redirect" // an alias's page: a redirect to its error
	KindCategory Kind = "category"
	KindNotFound Kind = "notfound"
	KindData     Kind = "data"   // errors.json, sitemap.xml, robots.txt, CNAME
	KindAsset    Kind = "asset"  // a file of the theme's static folder
	KindSearch   Kind = "search" // the search index: the files under search/
)

// pageKinds are the kinds with a page template of their own.
var pageKinds = []Kind{KindHome, KindError, KindList, KindCategory, KindNotFound}

// Page reports whether the route is an HTML page: the dev server's quick
// build writes only these.
func (k Kind) Page() bool {
	switch k {
	case KindHome, KindList, KindError, KindRedirect, KindCategory, KindNotFound:
		return true
	}
	return false
}

// A Route is one file of the built site (the search index: one folder).
// The route table (Routes) is the only place that knows the site's layout:
// the build writes it, the sitemap lists it, and the dev server compares
// two tables to know which pages a change touched (Changed).
type Route struct {
	Path string // the output path, slash-separated; the search index's ends in "/"
	Kind Kind
	// Loc is the page's absolute URL in the sitemap, "" for a file the
	// sitemap does not list; LastMod its date of change, if known.
	Loc, LastMod string
	// Key sums everything the file is made from: the site's settings and
	// theme (siteKey) and the keys of the errors it shows. Two builds that
	// give a route the same key give it the same bytes.
	Key [32]byte

	render func(run *writeRun) error
}

// Routes returns the route table of the site, in the order the build
// writes it (the longest jobs first).
func (s *Site) Routes() []Route { return s.routes() }

// buildRoutes makes the route table. Each route's key names the inputs its
// render function reads, and nothing else may reach it: the page data of an
// error page holds the site's settings, the error and its related errors;
// only the home and list pages, the data files and the search index see
// every error.
func (s *Site) buildRoutes() []Route {
	v := s.view
	all := s.allKeys()
	// A file's path is one of its inputs: no two routes share a key.
	key := func(path string, inputs ...[]byte) [32]byte {
		return sum(append([][]byte{[]byte(path), s.key[:]}, inputs...)...)
	}
	rs := []Route{
		{Path: "search/", Kind: KindSearch, Key: key("search/", all), render: s.writeSearch},
		{Path: "index.html", Kind: KindHome, Loc: v.BaseURL, Key: key("index.html", all), render: s.writeHome},
		{Path: "errors/index.html", Kind: KindList, Loc: v.BaseURL + "errors/", Key: key("errors/index.html", all), render: s.writeList},
	}
	for _, c := range s.categories {
		p := "categories/" + c.Name + "/index.html"
		r := Route{Path: p, Kind: KindCategory, Key: key(p, c.key[:]), render: s.categoryPage(c)}
		if len(c.Errors) > 0 { // an empty category page has nothing to find
			r.Loc = c.Canonical
		}
		rs = append(rs, r)
	}
	for _, e := range s.errors {
		// An error's page shows the error and its related errors (their
		// summaries).
		p := "errors/" + e.ID + "/index.html"
		inputs := [][]byte{e.key[:]}
		for _, r := range s.related(e) {
			inputs = append(inputs, r.key[:])
		}
		rs = append(rs, Route{Path: p, Kind: KindError, Loc: e.Canonical, LastMod: e.UpdatedISO, Key: key(p, inputs...), render: s.errorPage(e)})
		for _, a := range e.Aliases {
			p := "errors/" + a + "/index.html"
			rs = append(rs, Route{Path: p, Kind: KindRedirect, Key: key(p, e.key[:]), render: s.redirectPage(e, a)})
		}
	}
	rs = append(rs,
		Route{Path: "404.html", Kind: KindNotFound, Key: key("404.html"), render: s.writeNotFound},
		Route{Path: "errors.json", Kind: KindData, Key: key("errors.json", all), render: s.writeErrorsJSON},
		Route{Path: "sitemap.xml", Kind: KindData, Key: key("sitemap.xml", all), render: s.writeSitemap},
		Route{Path: "robots.txt", Kind: KindData, Key: key("robots.txt"), render: s.writeRobots},
	)
	if cname := s.src.Config.CNAME; cname != "" {
		rs = append(rs, Route{Path: "CNAME", Kind: KindData, Key: key("CNAME"), render: func(run *writeRun) error {
			return run.w.WriteFile("CNAME", []byte(cname+"\n"))
		}})
	}
	rs = append(rs, s.assetRoutes()...)
	return append(rs, s.generatedAssetRoutes()...)
}

// allKeys are the keys of every error, in order: the inputs of a page
// that shows them all.
func (s *Site) allKeys() []byte {
	keys := make([]byte, 0, 32*len(s.errors))
	for _, e := range s.errors {
		keys = append(keys, e.key[:]...)
	}
	return keys
}

// assetRoutes are the theme's static files, under assets/, with the
// generated stylesheet in place of the theme's own and the engine bundled
// in place of its entry (bundleEngine). A theme file where the
// generator writes one of its own (generatedAssets) is an error.
func (s *Site) assetRoutes() []Route {
	var names []string
	walkErr := fs.WalkDir(s.theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if walkErr != nil {
		return []Route{{Path: "assets/", Kind: KindAsset, render: func(*writeRun) error { return walkErr }}}
	}
	sort.Strings(names)
	var rs []Route
	for _, p := range names {
		rel := strings.TrimPrefix(p, "static/")
		dst := "assets/" + rel
		data, err := fs.ReadFile(s.theme, p)
		switch p {
		case "static/style.css":
			data, err = s.css, nil
		case engineEntry:
			data, err = s.engine, nil
		}
		for _, a := range generatedAssets() {
			if a.path == dst {
				data, err = nil, fmt.Errorf("theme/%s: the generator writes %s itself; remove the theme's file", p, dst)
			}
		}
		rs = append(rs, Route{Path: dst, Kind: KindAsset, Key: sum([]byte(dst), s.key[:], data), render: func(run *writeRun) error {
			if err != nil {
				return err
			}
			return run.w.WriteFile(dst, data)
		}})
	}
	return rs
}

// A generatedAsset is a file under assets/ that the generator makes from
// Go, not from the theme: the search engine's fold table comes from the
// tokenizer it must agree with (search.FoldJS).
type generatedAsset struct {
	path string
	make func() []byte
}

// generatedAssets lists them, in path order.
func generatedAssets() []generatedAsset {
	return []generatedAsset{{"assets/engine/fold.js", search.FoldJS}}
}

// generatedAssetRoutes are the routes of generatedAssets. A route's key
// sums its bytes, as a theme asset's does.
func (s *Site) generatedAssetRoutes() []Route {
	var rs []Route
	for _, a := range generatedAssets() {
		dst, data := a.path, a.make()
		rs = append(rs, Route{Path: dst, Kind: KindAsset, Key: sum([]byte(dst), s.key[:], data), render: func(run *writeRun) error {
			return run.w.WriteFile(dst, data)
		}})
	}
	return rs
}

// engineEntry is the search engine's module in the theme: the output's
// assets/search.js is it with every module it imports, minified into one
// file, which is what the pages import. The modules stay in the output as
// they are (assets/engine/), for the Node tests that import them one by one.
const engineEntry = "static/search.js"

// bundleEngine bundles engineEntry with the generated fold table.
func (s *Site) bundleEngine() ([]byte, error) {
	gen := map[string][]byte{}
	for _, a := range generatedAssets() {
		gen["static/"+strings.TrimPrefix(a.path, "assets/")] = a.make()
	}
	return bundle.Module(s.theme, engineEntry, gen)
}

// Changed compares the pages of two route tables, before and after a
// change: touched are the pages of next that are new or have another key,
// gone the pages of prev that next does not have. Other files (the search
// index, errors.json, the sitemap, assets) are not compared.
func Changed(prev, next []Route) (touched, gone []string) {
	old := make(map[string][32]byte, len(prev))
	for _, r := range prev {
		if r.Kind.Page() {
			old[r.Path] = r.Key
		}
	}
	for _, r := range next {
		if !r.Kind.Page() {
			continue
		}
		if k, ok := old[r.Path]; !ok || k != r.Key {
			touched = append(touched, r.Path)
		}
		delete(old, r.Path)
	}
	for p := range old {
		gone = append(gone, p)
	}
	sort.Strings(touched)
	sort.Strings(gone)
	return touched, gone
}
