package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// corpusSite writes a small catalogue of the real shape.
func corpusSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.WriteFamily(dir, 300, 7, true); err != nil {
		t.Fatal(err)
	}
	return dir
}

// identify returns this test program's identity (Identify).
func identify(t testing.TB) Generator {
	t.Helper()
	gen, err := Identify()
	if err != nil {
		t.Fatal(err)
	}
	return gen
}

// buildWith builds the site in dir, through the cache in cacheDir ("": no
// cache), and returns its files; a cache is committed after the build.
func buildWith(t *testing.T, dir, cacheDir string) (site.MemWriter, int) {
	t.Helper()
	var store site.Store
	var c *Cache
	if cacheDir != "" {
		var err error
		if c, err = OpenCache(cacheDir, dir, identify(t)); err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		store = c
	}
	r := New(os.DirFS(dir), Options{Theme: theme.FS, Store: store}).Build(content.Changes{All: true}, content.Full)
	if errs := r.Diags.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	out := site.MemWriter{}
	if _, err := r.Site.Write(out); err != nil {
		t.Fatal(err)
	}
	hits := 0
	if c != nil {
		hits = c.Hits()
		if err := c.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return out, hits
}

func sameFiles(t *testing.T, what string, got, want site.MemWriter) {
	t.Helper()
	var diff []string
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			diff = append(diff, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diff = append(diff, name+" (extra)")
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("%s: %d files differ from the build without a cache, such as %v", what, len(diff), diff[:min(5, len(diff))])
	}
}

// TestCacheGivesTheSameBytes: a cold build, a warm one, and a warm one after
// a change write exactly what a build without the cache writes, and the
// warm builds take their files from the cache.
func TestCacheGivesTheSameBytes(t *testing.T) {
	t.Parallel()
	dir, cache := corpusSite(t), t.TempDir()
	plain, _ := buildWith(t, dir, "")
	cold, hits := buildWith(t, dir, cache)
	sameFiles(t, "cold", cold, plain)
	if hits != 0 {
		t.Errorf("cold build: %d hits", hits)
	}
	warm, hits := buildWith(t, dir, cache)
	sameFiles(t, "warm", warm, plain)
	if hits < 600 { // 300 bodies and 300 pages at least
		t.Errorf("warm build: %d hits, want every body and page", hits)
	}

	// One file changes: its page, its category, home, list and the data
	// files are made again; the output is what a build without the cache
	// makes of the changed site.
	names, _ := filepath.Glob(filepath.Join(dir, "content", "errors", "*.md"))
	sort.Strings(names)
	data, err := os.ReadFile(names[42])
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(data), "**Oorzaak.**", "**Oorzaak.** Nieuw.", 1)
	if changed == string(data) {
		t.Fatal("corpus file has no **Oorzaak.**")
	}
	os.WriteFile(names[42], []byte(changed), 0o644)
	after, hits := buildWith(t, dir, cache)
	plainAfter, _ := buildWith(t, dir, "")
	sameFiles(t, "after a change", after, plainAfter)
	if hits == 0 {
		t.Error("after a change: no hits")
	}
}

// TestBrokenPackIsIgnored: a pack damaged anywhere (header, entries, index,
// trailer), cut short, or of another generator gives no wrong byte: what
// it held is made again.
func TestBrokenPackIsIgnored(t *testing.T) {
	t.Parallel()
	dir, cache := corpusSite(t), t.TempDir()
	plain, _ := buildWith(t, dir, "")
	buildWith(t, dir, cache)
	packs, _ := filepath.Glob(filepath.Join(cache, "site-*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs %v", packs)
	}
	good, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	n := len(good)
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"a byte of the header's generator id", func(b []byte) []byte { b[len(packMagic)+3] ^= 1; return b }},
		{"a byte of the first entry", func(b []byte) []byte { b[headerSize+10] ^= 0x40; return b }},
		{"a byte in the middle", func(b []byte) []byte { b[n/2] ^= 0x40; return b }},
		{"a byte of the index", func(b []byte) []byte { b[n-trailerSize-20] ^= 1; return b }},
		{"the trailer's count", func(b []byte) []byte { b[n-trailerSize] ^= 1; return b }},
		{"cut short", func(b []byte) []byte { return b[:n-100] }},
		{"empty", func(b []byte) []byte { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(packs[0], tc.damage(bytes.Clone(good)), 0o600); err != nil {
				t.Fatal(err)
			}
			out, _ := buildWith(t, dir, cache)
			sameFiles(t, tc.name, out, plain)
		})
	}
}

// TestConcurrentBuildsLeaveAWholePack: builds at once through one cache
// folder each leave a whole pack; the next build reads it.
func TestConcurrentBuildsLeaveAWholePack(t *testing.T) {
	t.Parallel()
	dir, cache := corpusSite(t), t.TempDir()
	plain, _ := buildWith(t, dir, "")
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			out, _ := buildWith(t, dir, cache)
			sameFiles(t, "concurrent", out, plain)
		})
	}
	wg.Wait()
	out, hits := buildWith(t, dir, cache)
	sameFiles(t, "after", out, plain)
	if hits == 0 {
		t.Error("no hits after the concurrent builds")
	}
	left, _ := filepath.Glob(filepath.Join(cache, ".site-*"))
	if len(left) > 0 {
		t.Errorf("temporary packs left: %v", left)
	}
}

// TestCheckReadsTheCache: a check takes the bodies a build left in the
// cache, finds exactly what a check without it finds (a problem in a file
// changed since included), and leaves the cache as it was.
func TestCheckReadsTheCache(t *testing.T) {
	t.Parallel()
	dir, cache := corpusSite(t), t.TempDir()
	buildWith(t, dir, cache)
	names, _ := filepath.Glob(filepath.Join(dir, "content", "errors", "*.md"))
	sort.Strings(names)
	data, _ := os.ReadFile(names[7])
	os.WriteFile(names[7], append(data, []byte("\nZie <b>dit</b>.\n")...), 0o644)
	packs, _ := filepath.Glob(filepath.Join(cache, "site-*.pack"))
	before, _ := os.ReadFile(packs[0])
	check := func(store site.Store) string {
		r := New(os.DirFS(dir), Options{Theme: theme.FS, Store: store, Strict: true, CheckOnly: true}).Build(content.Changes{All: true}, content.Full)
		return fmt.Sprint(r.Diags)
	}
	c, err := ReadCache(cache, dir, identify(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	with, without := check(c), check(nil)
	if with != without {
		t.Errorf("with the cache:\n%s\nwithout:\n%s", with, without)
	}
	if !strings.Contains(with, filepath.Base(names[7])) || !strings.Contains(with, "HTML") {
		t.Errorf("the changed file's problem is not reported:\n%s", with)
	}
	if c.Hits() < 290 {
		t.Errorf("%d hits, want the bodies of the unchanged files", c.Hits())
	}
	c.Commit()
	after, _ := os.ReadFile(packs[0])
	left, _ := filepath.Glob(filepath.Join(cache, ".site-*"))
	if !bytes.Equal(before, after) || len(left) > 0 {
		t.Error("a check changed the cache")
	}
}

// TestCacheFolderOthersCanWrite is refused: a pack another user planted
// there would be published.
func TestCacheFolderOthersCanWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if c, err := OpenCache(dir, dir, identify(t)); err == nil || !strings.Contains(err.Error(), "other users") {
		t.Errorf("OpenCache of a folder others can write: %v", err)
		if c != nil {
			c.Close()
		}
	}
	if c, _ := ReadCache(dir, dir, identify(t)); c == nil || c.idx != nil {
		t.Error("ReadCache read a pack from a folder others can write")
	}
}
