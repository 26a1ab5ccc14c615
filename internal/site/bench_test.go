package site_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/publish"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// The stage benchmarks run on generated sites of 2,000 errors of each
// corpus shape: plain (a few shapes with numbered objects) and family (the
// shape of real catalogues: shared beginnings, placeholders in the same
// places, wrappers, both languages), each written once per run.
var shapes = []string{"plain", "family"}

var benchSites = map[string]func() (string, error){
	"plain": sync.OnceValues(func() (string, error) {
		return writeBench(func(dir string) error { return corpus.Write(dir, 2000, 1) })
	}),
	"family": sync.OnceValues(func() (string, error) {
		return writeBench(func(dir string) error { return corpus.WriteFamily(dir, 2000, 1, true) })
	}),
}

func writeBench(write func(dir string) error) (string, error) {
	dir, err := os.MkdirTemp("", "gen-bench-*")
	if err != nil {
		return "", err
	}
	return dir, write(dir)
}

func benchDir(b *testing.B, shape string) string {
	dir, err := benchSites[shape]()
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func loadBench(b *testing.B, shape string) *content.Site {
	cs, ds := content.Load(os.DirFS(benchDir(b, shape)))
	if len(ds.Errors()) > 0 {
		b.Fatal(ds)
	}
	return cs
}

// eachShape runs bench once per corpus shape, as a sub-benchmark.
func eachShape(b *testing.B, bench func(b *testing.B, shape string)) {
	for _, shape := range shapes {
		b.Run(shape, func(b *testing.B) { bench(b, shape) })
	}
}

// BenchmarkLoad reads and validates 2,000 error files (split, TOML, checks).
func BenchmarkLoad(b *testing.B) {
	eachShape(b, func(b *testing.B, shape string) {
		dir := benchDir(b, shape)
		for b.Loop() {
			content.Load(os.DirFS(dir))
		}
	})
}

// BenchmarkRender renders 2,000 Markdown bodies and prepares the pages.
func BenchmarkRender(b *testing.B) {
	eachShape(b, func(b *testing.B, shape string) {
		cs := loadBench(b, shape)
		for b.Loop() {
			site.New(cs, theme.FS, site.Options{})
		}
	})
}

// BenchmarkWrite executes the templates and writes every file into memory:
// pages, list, JSON, sitemap, search index.
func BenchmarkWrite(b *testing.B) {
	eachShape(b, func(b *testing.B, shape string) {
		s, _ := site.New(loadBench(b, shape), theme.FS, site.Options{})
		for b.Loop() {
			if _, err := s.Write(site.MemWriter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPublish writes the site to disk through Publish (temp folder and
// swap).
func BenchmarkPublish(b *testing.B) {
	eachShape(b, func(b *testing.B, shape string) {
		s, _ := site.New(loadBench(b, shape), theme.FS, site.Options{})
		publishLoop(b, func(w site.Writer) error {
			_, err := s.Write(w)
			return err
		})
	})
}

// publishLoop publishes what write writes into one output folder, again
// and again, for b.
func publishLoop(b *testing.B, write func(site.Writer) error) {
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		o, err := publish.OpenOutput(out, time.Second, nil)
		if err != nil {
			b.Fatal(err)
		}
		_, err = o.Publish(write, nil)
		o.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloor is what BenchmarkPublish cannot go below: the same files
// (names, bytes, folders) written through Publish with no rendering, the
// folders made first and the files written on every core as a build does.
// A build's stages (Load, Render, Index, Write) read against it.
func BenchmarkFloor(b *testing.B) {
	eachShape(b, func(b *testing.B, shape string) {
		s, _ := site.New(loadBench(b, shape), theme.FS, site.Options{})
		files := site.MemWriter{}
		if _, err := s.Write(files); err != nil {
			b.Fatal(err)
		}
		publishLoop(b, files.CopyTo)
	})
}
