package site_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/search"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// routeSite is a small catalogue: two categories, related errors, an
// alias and a link between bodies.
func routeSite() fstest.MapFS {
	cfg := partsSiteTOML + "[[categories]]\nname = \"boeking\"\ntitle = \"Boeking\"\n"
	file := func(id, cat, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: fmt.Appendf(nil, "+++\nid = %q\ntitle = \"Titel %s\"\nmessages = [\"Melding %s in het log\", \"Message %s in the log\"]\ncategory = %q\nseverity = \"error\"\n%s+++\n%s",
			id, id, id, id, cat, extra, body)}
	}
	return fstest.MapFS{
		"site.toml":                 {Data: []byte(cfg)},
		"content/errors/aa-een.md":  file("aa-een", "verbinding", "aliases = [\"oud-een\"]\n", "**Oplossing.** Wacht.\n"),
		"content/errors/bb-twee.md": file("bb-twee", "verbinding", "related = [\"aa-een\"]\n", "**Oplossing.** Zie [een](error:aa-een).\n"),
		"content/errors/cc-drie.md": file("cc-drie", "boeking", "", "**Oplossing.** Boek opnieuw.\n"),
		"content/errors/dd-vier.md": file("dd-vier", "boeking", "", "**Oplossing.** Vraag het na.\n"),
	}
}

func routesOf(t *testing.T, fsys fstest.MapFS) (*site.Site, []site.Route) {
	t.Helper()
	cs, ds := content.Load(fsys)
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	s, ds := site.New(cs, theme.FS, site.Options{})
	if err := site.Check(ds); err != nil {
		t.Fatal(err)
	}
	return s, s.Routes()
}

// TestRoutesAreTheOutput: the route table names every file the build
// writes, and nothing else (the search index is one route, search/).
func TestRoutesAreTheOutput(t *testing.T) {
	t.Parallel()
	s, routes := routesOf(t, routeSite())
	out := site.MemWriter{}
	if _, err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	var want []string
	for name := range out {
		if !strings.HasPrefix(name, "search/") {
			want = append(want, name)
		}
	}
	var got []string
	for _, r := range routes {
		if r.Kind != site.KindSearch {
			got = append(got, r.Path)
		} else if r.Path != "search/" {
			t.Errorf("the search route is %q", r.Path)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("routes\n%v\nfiles written\n%v", got, want)
	}
	// The sitemap lists the routes with a Loc, the alias's redirect not.
	sitemap := string(out["sitemap.xml"])
	for _, r := range routes {
		if r.Loc != "" && !strings.Contains(sitemap, "<loc>"+r.Loc+"</loc>") {
			t.Errorf("sitemap lacks %s", r.Loc)
		}
	}
	if strings.Contains(sitemap, "oud-een") {
		t.Error("the sitemap lists an alias")
	}
}

// TestChangedPages: a change touches exactly the pages whose inputs it
// changed, and the keys come from the files, not from the objects a load
// made: a second load of the same files touches nothing.
func TestChangedPages(t *testing.T) {
	t.Parallel()
	edit := func(fsys fstest.MapFS, name, old, new string) fstest.MapFS {
		out := fstest.MapFS{}
		for k, v := range fsys {
			out[k] = v
		}
		data := string(fsys[name].Data)
		if !strings.Contains(data, old) {
			t.Fatalf("%s has no %q", name, old)
		}
		out[name] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
		return out
	}
	home := []string{"errors/index.html", "index.html"}
	for _, tc := range []struct {
		name          string
		change        func(fstest.MapFS) fstest.MapFS
		touched, gone []string
	}{
		{"nothing", func(f fstest.MapFS) fstest.MapFS { return f }, nil, nil},
		{"a body: its page, its category, the pages that relate to it, home and list",
			func(f fstest.MapFS) fstest.MapFS { return edit(f, "content/errors/aa-een.md", "Wacht.", "Wacht even.") },
			append([]string{"categories/verbinding/index.html", "errors/aa-een/index.html", "errors/bb-twee/index.html", "errors/oud-een/index.html"}, home...), nil},
		{"an error nobody relates to",
			func(f fstest.MapFS) fstest.MapFS { return edit(f, "content/errors/dd-vier.md", "na.", "na!") },
			append([]string{"categories/boeking/index.html", "errors/dd-vier/index.html"}, home...), nil},
		{"an alias renamed",
			func(f fstest.MapFS) fstest.MapFS { return edit(f, "content/errors/aa-een.md", "oud-een", "ouder-een") },
			// bb-twee links to aa-een: the link table changed, so its body is rendered again.
			append([]string{"categories/verbinding/index.html", "errors/aa-een/index.html", "errors/bb-twee/index.html", "errors/ouder-een/index.html"}, home...),
			[]string{"errors/oud-een/index.html"}},
		{"site.toml: every page",
			func(f fstest.MapFS) fstest.MapFS { return edit(f, "site.toml", `title = "Test"`, `title = "Test 2"`) },
			nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, before := routesOf(t, routeSite())
			_, after := routesOf(t, tc.change(routeSite()))
			touched, gone := site.Changed(before, after)
			want := tc.touched
			if strings.HasPrefix(tc.name, "site.toml") {
				want = nil
				for _, r := range after {
					if r.Kind.Page() {
						want = append(want, r.Path)
					}
				}
			}
			slices.Sort(want)
			if !slices.Equal(touched, want) || !slices.Equal(gone, tc.gone) {
				t.Errorf("touched %v\nwant    %v\ngone %v, want %v", touched, want, gone, tc.gone)
			}
		})
	}
}

// TestKeysSayTheBytes: pages whose key did not change have the same bytes,
// in a site built without a cache and in one built through a cache that
// was filled by another site first.
func TestKeysSayTheBytes(t *testing.T) {
	t.Parallel()
	a := routeSite()
	b := routeSite()
	b["content/errors/cc-drie.md"] = &fstest.MapFile{Data: bytes.Replace(b["content/errors/cc-drie.md"].Data, []byte("opnieuw"), []byte("later opnieuw"), 1)}
	cache := site.NewCache()
	write := func(fsys fstest.MapFS, c *site.Cache) (map[string][32]byte, site.MemWriter) {
		cs, _ := content.Load(fsys)
		s, ds := site.New(cs, theme.FS, site.Options{Cache: c})
		if err := site.Check(ds); err != nil {
			t.Fatal(err)
		}
		out := site.MemWriter{}
		if _, err := s.Write(out); err != nil {
			t.Fatal(err)
		}
		keys := map[string][32]byte{}
		for _, r := range s.Routes() {
			keys[r.Path] = r.Key
		}
		return keys, out
	}
	ka, oa := write(a, cache)
	kb, ob := write(b, cache)
	_, plain := write(b, nil)
	same := 0
	for name, k := range kb {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if !bytes.Equal(ob[name], plain[name]) {
			t.Errorf("%s: built through the cache, it differs from the build without one", name)
		}
		if ka[name] == k {
			same++
			if !bytes.Equal(oa[name], ob[name]) {
				t.Errorf("%s: same key, other bytes", name)
			}
		}
	}
	if same == 0 {
		t.Error("no page kept its key")
	}
}

// TestCheckOnlyIsNotWritten: a site prepared for a check has the same
// diagnostics and is never written.
func TestCheckOnlyIsNotWritten(t *testing.T) {
	t.Parallel()
	cs, _ := content.Load(routeSite())
	_, full := site.New(cs, theme.FS, site.Options{})
	s, check := site.New(cs, theme.FS, site.Options{CheckOnly: true})
	if fmt.Sprint(full) != fmt.Sprint(check) {
		t.Errorf("diagnostics\n%v\nfor a check\n%v", full, check)
	}
	if _, err := s.Write(site.MemWriter{}); err == nil {
		t.Error("a check's site was written")
	}
}

// TestGeneratedAssets: the engine's fold table is written from Go, its
// route's key sums its bytes, and a theme cannot bring a file of its own
// to that path.
func TestGeneratedAssets(t *testing.T) {
	t.Parallel()
	const fold = "assets/engine/fold.js"
	s, routes := routesOf(t, routeSite())
	out := site.MemWriter{}
	if _, err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out[fold], search.FoldJS()) {
		t.Errorf("%s is not search.FoldJS():\n%s", fold, out[fold])
	}
	n := 0
	for _, r := range routes {
		if r.Path == fold {
			n++
			if r.Kind != site.KindAsset {
				t.Errorf("%s: kind %s", fold, r.Kind)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d routes write %s", n, fold)
	}

	th := fstest.MapFS{}
	if err := fs.WalkDir(theme.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		th[p] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	th["static/engine/fold.js"] = &fstest.MapFile{Data: []byte("export const FOLD = [];\n")}
	cs, _ := content.Load(routeSite())
	s2, ds := site.New(cs, th, site.Options{})
	if err := site.Check(ds); err != nil {
		t.Fatal(err)
	}
	_, err := s2.Write(site.MemWriter{})
	if err == nil || !strings.Contains(err.Error(), "theme/static/engine/fold.js: the generator writes assets/engine/fold.js itself") {
		t.Errorf("a theme with its own fold.js: err = %v", err)
	}
}
