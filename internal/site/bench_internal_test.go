package site

import (
	"os"
	"testing"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/theme"
)

// BenchmarkIndex builds the search index of 2,000 generated errors (the
// index stage of a build: tokenizing, postings, shards), of each corpus
// shape (see bench_test.go).
func BenchmarkIndex(b *testing.B) {
	for _, shape := range []string{"plain", "family"} {
		b.Run(shape, func(b *testing.B) {
			dir := b.TempDir()
			write := corpus.Write
			if shape == "family" {
				write = func(dir string, n int, seed uint64) error { return corpus.WriteFamily(dir, n, seed, true) }
			}
			if err := write(dir, 2000, 1); err != nil {
				b.Fatal(err)
			}
			cs, ds := content.Load(os.DirFS(dir))
			if len(ds.Errors()) > 0 {
				b.Fatal(ds)
			}
			s, _ := New(cs, theme.FS, Options{})
			for b.Loop() {
				if err := s.writeSearch(&writeRun{w: &counter{w: MemWriter{}}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
