package build

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "write the fuzz seeds in testdata/fuzz/FuzzReadPack again, from builds")

// seedDir holds FuzzReadPack's seeds: packs that builds wrote.
var seedDir = filepath.Join("testdata", "fuzz", "FuzzReadPack")

// FuzzReadPack: whatever bytes lie at a pack's path, reading them either
// finds no pack or an index whose entries lie between the header and the
// index; it never panics, allocates at most a few times the file's size,
// and an entry that reads is the bytes at its place. A pack is read only
// by the generator in its header. Seeded with packs that builds wrote
// (testdata/fuzz/FuzzReadPack, see TestFuzzSeedsAreRealPacks) and hostile
// ones; the generator is taken from the header, so that the seeds of an
// earlier test binary reach the entries. A pack is kilobytes, and the
// fuzzer minimizes every new input by removing each run of its bytes in
// turn (quadratic in its length, a minute by default); to fuzz it for
// longer, cap that:
//
//	go test -run '^$' -fuzz '^FuzzReadPack$' -fuzzminimizetime 2s ./internal/build
func FuzzReadPack(f *testing.F) {
	gen := identify(f)
	f.Add(pack(gen, []byte("entry"), [][4]uint64{{0, uint64(headerSize), 5, 0}}))
	f.Add(pack(gen, []byte("entry"), [][4]uint64{{0, math.MaxInt64, math.MaxUint32, 0}}))
	huge := pack(gen, nil, nil)
	copy(huge[len(huge)-trailerSize:], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add(huge) // a count of entries far beyond the file
	f.Add([]byte(packMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		var gen Generator
		if len(data) >= headerSize {
			gen = Generator(data[len(packMagic):headerSize])
		}
		r, size := bytes.NewReader(data), int64(len(data))
		// The heap's allocations: exact for large objects, which an
		// allocation by a claimed count or length would be (gigabytes);
		// small ones are counted when a P's cache is flushed, which can
		// put earlier ones in the window, hence the slack. (ReadMemStats
		// would stop the world for every input.)
		allocs := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
		metrics.Read(allocs)
		before := allocs[0].Value.Uint64()
		idx, ok := readIndex(r, size, gen)
		metrics.Read(allocs)
		if got := allocs[0].Value.Uint64() - before; got > 8*uint64(size)+16<<20 {
			t.Fatalf("reading the index of a %d-byte pack allocated %d bytes", size, got)
		}
		if !ok {
			return
		}
		if int64(len(idx)) > size/indexEntry {
			t.Fatalf("%d entries in a pack of %d bytes", len(idx), size)
		}
		other := gen
		other[0] ^= 1
		if _, ok := readIndex(r, size, other); ok {
			t.Fatal("a pack was read by another generator")
		}
		c := &Cache{old: r, idx: idx, readOnly: true}
		for k, pe := range idx {
			if pe.off < int64(headerSize) || pe.off > size || int64(pe.n) > size-pe.off {
				t.Fatalf("entry at %d, %d bytes, in a pack of %d", pe.off, pe.n, size)
			}
			if got, ok := c.Get(k); ok && !bytes.Equal(got, data[pe.off:pe.off+int64(pe.n)]) {
				t.Fatalf("entry at %d, %d bytes: Get returned %d other bytes", pe.off, pe.n, len(got))
			}
		}
	})
}

// TestFuzzSeedsAreRealPacks: FuzzReadPack's seeds are whole packs of the
// current format, every entry of which reads. With -update they are
// written again: the packs of a cold build of testdata/sites/basic.txtar
// (without its table and code) and of a warm build after a change to one
// file, made with a theme of one-line templates and assets. The pages'
// bytes mean nothing to the pack, and large seeds would starve the fuzzer,
// which minimizes every new input.
func TestFuzzSeedsAreRealPacks(t *testing.T) {
	if *update {
		writeSeeds(t)
	}
	names, _ := filepath.Glob(filepath.Join(seedDir, "build-*"))
	if len(names) < 2 {
		t.Fatalf("%d seeds from builds in %s; write them with go test ./internal/build -run TestFuzzSeedsAreRealPacks -update", len(names), seedDir)
	}
	for _, name := range names {
		data := readSeed(t, name)
		r, size := bytes.NewReader(data), int64(len(data))
		idx, ok := readIndex(r, size, Generator(data[len(packMagic):headerSize]))
		if !ok {
			t.Errorf("%s is not a pack of this format; write the seeds again with -update", name)
			continue
		}
		c := &Cache{old: r, idx: idx, readOnly: true}
		for k := range idx {
			if _, ok := c.Get(k); !ok {
				t.Errorf("%s: an entry does not read", name)
			}
		}
		if len(idx) < 20 {
			t.Errorf("%s: %d entries, want a build's", name, len(idx))
		}
	}
}

// readSeed returns the []byte of a corpus file of go test's fuzzing.
func readSeed(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lit, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "go test fuzz v1\n[]byte(")
	lit, ok2 := strings.CutSuffix(lit, ")")
	s, err := strconv.Unquote(lit)
	if !ok || !ok2 || err != nil || len(s) < headerSize {
		t.Fatalf("%s is not a corpus file of one []byte of a pack", name)
	}
	return []byte(s)
}

// writeSeeds builds testdata/sites/basic.txtar through a cache twice (the
// second time after a change) and writes each pack as a seed.
func writeSeeds(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "sites", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir, cache := t.TempDir(), t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		// Without the table and the code, whose highlighting would put
		// 10 KB of CSS in the pack.
		data, _, _ := bytes.Cut(f.Data, []byte("\n| Veld"))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	th := fstest.MapFS{
		"templates/base.html": {Data: []byte(`{{define "base"}}<!DOCTYPE html><title>{{template "page-title" .}}</title>{{template "main" .}}{{end}}` +
			`{{define "page-title"}}Help{{end}}{{define "page-description"}}Help.{{end}}` +
			`{{define "site-header"}}<header>Help</header>{{end}}{{define "site-footer"}}{{end}}{{define "notice"}}{{end}}` +
			`{{define "error-summary"}}<p>{{.Title}}</p>{{end}}`)},
		"templates/redirect.html": {Data: []byte(`{{define "redirect"}}<a href="{{.Target}}">{{.Title}}</a>{{end}}`)},
	}
	err = fs.WalkDir(theme.FS, ".", func(name string, d fs.DirEntry, err error) error {
		kind, isPage := strings.CutPrefix(name, "templates/")
		switch {
		case err != nil || d.IsDir() || th[name] != nil:
			return err
		case isPage:
			th[name] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1>` + strings.TrimSuffix(kind, ".html") + `</h1>{{end}}`)}
		case strings.HasPrefix(name, "static/"):
			th[name] = &fstest.MapFile{Data: []byte("/* " + name + " */\n")}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	gen := identify(t)
	build := func(seed string) {
		c, err := OpenCache(cache, dir, gen)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		r := New(os.DirFS(dir), Options{Theme: th, Store: c}).Build(content.Changes{All: true}, content.Full)
		if errs := r.Diags.Errors(); len(errs) > 0 {
			t.Fatal(errs)
		}
		if _, err := r.Site.Write(site.MemWriter{}); err != nil {
			t.Fatal(err)
		}
		if err := c.Commit(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(seedDir, 0o755)
		if err := os.WriteFile(filepath.Join(seedDir, seed), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build("build-basic-cold")
	p := filepath.Join(dir, "content", "errors", "geen-periode-voor-datum.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, append(data, "\nNog een alinea.\n"...), 0o644)
	build("build-basic-warm-after-change")
}
