package site_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// benchSite is a generated site of 2,000 errors, written once per run.
var benchSite = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "gen-bench-*")
	if err != nil {
		return "", err
	}
	return dir, corpus.Write(dir, 2000, 1)
})

func benchDir(b *testing.B) string {
	dir, err := benchSite()
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func loadBench(b *testing.B) *content.Site {
	cs, ds := content.Load(os.DirFS(benchDir(b)))
	if len(ds.Errors()) > 0 {
		b.Fatal(ds)
	}
	return cs
}

// BenchmarkLoad reads and validates 2,000 error files (split, TOML, checks).
func BenchmarkLoad(b *testing.B) {
	dir := benchDir(b)
	for b.Loop() {
		content.Load(os.DirFS(dir))
	}
}

// BenchmarkRender renders 2,000 Markdown bodies and prepares the pages.
func BenchmarkRender(b *testing.B) {
	cs := loadBench(b)
	for b.Loop() {
		site.New(cs, theme.FS, site.Options{})
	}
}

// BenchmarkWrite executes the templates and writes every file into memory:
// pages, list, JSON, sitemap, search index.
func BenchmarkWrite(b *testing.B) {
	s, _ := site.New(loadBench(b), theme.FS, site.Options{})
	for b.Loop() {
		if _, err := s.Write(site.MemWriter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPublish writes the site to disk through Publish (temp folder and
// swap).
func BenchmarkPublish(b *testing.B) {
	s, _ := site.New(loadBench(b), theme.FS, site.Options{})
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		o, err := site.OpenOutput(out, time.Second, nil)
		if err != nil {
			b.Fatal(err)
		}
		_, err = o.Publish(func(w site.Writer) error {
			_, err := s.Write(w)
			return err
		}, nil)
		o.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}
