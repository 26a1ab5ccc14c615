package site_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/search"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

var update = flag.Bool("update", false, "rewrite golden files")

// loadArchive loads a txtar site from testdata/sites.
func loadArchive(t testing.TB, name string) *content.Site {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "sites", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	s, ds := content.Load(fsys)
	if len(ds.Errors()) > 0 {
		t.Fatalf("loading %s:\n%v", name, ds)
	}
	return s
}

func build(t testing.TB, cs *content.Site) site.MemWriter {
	t.Helper()
	s, ds := site.New(cs, theme.FS, site.Options{})
	if err := site.Check(ds); err != nil {
		t.Fatal(err)
	}
	out := site.MemWriter{}
	if _, err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGolden builds testdata/sites/basic.txtar and compares every output
// file but the theme's assets and the search index with testdata/golden/basic
// (the pages and errors.json are the contract's bytes; the index's shards
// are named by their hashes and change with every change of its format:
// TestSearchIndexIsWhole and the engine's own tests check it). Run with
// -update after an intended change and review the diff.
func TestGolden(t *testing.T) {
	out := build(t, loadArchive(t, "basic"))
	dir := filepath.Join("..", "..", "testdata", "golden", "basic")
	var names []string
	for name := range out {
		if !strings.HasPrefix(name, "assets/") && !strings.HasPrefix(name, "search/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if *update {
		os.RemoveAll(dir)
		for _, name := range names {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, unfingerprint(out[name]), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	var golden []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			golden = append(golden, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(golden)
	if strings.Join(golden, "\n") != strings.Join(names, "\n") {
		t.Errorf("output files differ from golden files:\n got: %q\nwant: %q", names, golden)
	}
	for _, name := range names {
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			continue
		}
		if got := unfingerprint(out[name]); !bytes.Equal(got, want) {
			t.Errorf("%s differs from its golden file (run go test ./internal/site -update and review the diff):\n%s", name, firstDiff(got, want))
		}
	}
}

// TestSearchIndexIsWhole: the index of the basic site is of this version,
// every shard meta.json names is written, every error has its doc, and the
// messages are compiled as the engine reads them.
func TestSearchIndexIsWhole(t *testing.T) {
	out := build(t, loadArchive(t, "basic"))
	var meta struct {
		Version int `json:"version"`
		Docs    int `json:"docs"`
	}
	if err := json.Unmarshal(out["search/meta.json"], &meta); err != nil || meta.Version != search.Version {
		t.Fatalf("meta.json: %v, version %d", err, meta.Version)
	}
	layout, err := search.ReadLayout(out["search/meta.json"])
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range slices.Concat(slices.Collect(maps.Values(layout.TermShards)), layout.DocShards, []string{layout.DocInfo}) {
		if _, ok := out["search/"+p]; !ok {
			t.Errorf("meta.json names %s, which is not written", p)
		}
	}
	var docs []struct {
		ID       string   `json:"id"`
		Messages []string `json:"messages"`
		Parts    [][]any  `json:"parts"`
		Telling  [][]int  `json:"telling"`
		Derived  []any    `json:"derived"`
	}
	for _, p := range layout.DocShards {
		var shard struct {
			Docs []struct {
				ID       string   `json:"id"`
				Messages []string `json:"messages"`
				Parts    [][]any  `json:"parts"`
				Telling  [][]int  `json:"telling"`
				Derived  []any    `json:"derived"`
			} `json:"docs"`
		}
		json.Unmarshal(out["search/"+p], &shard)
		for _, d := range shard.Docs {
			docs = append(docs, struct {
				ID       string   `json:"id"`
				Messages []string `json:"messages"`
				Parts    [][]any  `json:"parts"`
				Telling  [][]int  `json:"telling"`
				Derived  []any    `json:"derived"`
			}(d))
		}
	}
	if len(docs) != meta.Docs || meta.Docs != 4 {
		t.Fatalf("%d docs in the shards, meta says %d; the site has 4", len(docs), meta.Docs)
	}
	for _, d := range docs {
		if d.ID == "geen-periode-voor-datum" {
			got, _ := json.Marshal(d.Parts[0])
			if want := `[["periode","datum","tabel","bevat","geen","periode","voor","deze","datum"],0]`; string(got) != want {
				t.Errorf("parts of %s = %s, want %s", d.ID, got, want)
			}
		}
		// Each message, then each derived template, has its parts and
		// telling words.
		if n := len(d.Messages) + len(d.Derived); len(d.Parts) != n || len(d.Telling) != n {
			t.Errorf("%s: %d messages and %d derived templates, %d parts, %d telling lists", d.ID, len(d.Messages), len(d.Derived), len(d.Parts), len(d.Telling))
		}
	}
}

var fingerprint = regexp.MustCompile(`style\.css\?v=[0-9a-f]{12}`)

// unfingerprint replaces the stylesheet's fingerprint, which changes with
// every edit of the CSS (TestStylesheetFingerprint checks it), so that golden
// pages change only when pages do.
func unfingerprint(b []byte) []byte {
	return fingerprint.ReplaceAll(b, []byte("style.css?v=FINGERPRINT"))
}

// TestStylesheetFingerprint checks that pages link the stylesheet with the
// hash of the stylesheet they are published with, so browsers never combine a
// new page with an old cached stylesheet.
func TestStylesheetFingerprint(t *testing.T) {
	out := build(t, loadArchive(t, "basic"))
	sum := sha256.Sum256(out["assets/style.css"])
	want := "style.css?v=" + hex.EncodeToString(sum[:6])
	for _, name := range []string{"index.html", "errors/index.html", "404.html"} {
		if got := fingerprint.Find(out[name]); string(got) != want {
			t.Errorf("%s links %q, want %q", name, got, want)
		}
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

// TestDeterministic builds the real site twice, the second time on one core,
// and requires byte-identical output.
func TestDeterministic(t *testing.T) {
	cs, ds := content.Load(os.DirFS(filepath.Join("..", "..")))
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	first := build(t, cs)
	prev := runtime.GOMAXPROCS(1)
	cs2, _ := content.Load(os.DirFS(filepath.Join("..", "..")))
	second := build(t, cs2)
	runtime.GOMAXPROCS(prev)
	if len(first) != len(second) {
		t.Fatalf("builds wrote %d and %d files", len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
}
