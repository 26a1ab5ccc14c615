//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/corpus"
)

// TestCachePackThatIsANamedPipe: a named pipe in the cache folder under
// the pack's name hangs neither gen build nor gen check (-wait does not
// bound an open): both run as without a cache, and the build saves a pack
// in its place.
func TestCachePackThatIsANamedPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, cache := filepath.Join(dir, "site"), filepath.Join(dir, "cache")
	if err := corpus.WriteFamily(src, 20, 3, true); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := gen("build", "-src", src, "-out", filepath.Join(dir, "out1"), "-cache", cache); code != 0 {
		t.Fatal(stderr)
	}
	packs, _ := filepath.Glob(filepath.Join(cache, "site-*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs: %v", packs)
	}
	os.Remove(packs[0])
	if err := syscall.Mkfifo(packs[0], 0o600); err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { // a reader stuck in open(2) goes on
		if w, err := os.OpenFile(packs[0], os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	for _, args := range [][]string{
		{"check", "-src", src, "-cache", cache, "-wait", "1s"},
		{"build", "-src", src, "-out", filepath.Join(dir, "out2"), "-cache", cache, "-wait", "1s", "-timings"},
	} {
		type result struct {
			code   int
			stderr string
		}
		done := make(chan result, 1)
		go func() {
			code, _, stderr := gen(args...)
			done <- result{code, stderr}
		}()
		select {
		case r := <-done:
			if r.code != 0 || args[0] == "build" && !strings.Contains(r.stderr, "; 0 cache hits") {
				t.Errorf("gen %v: exit %d\n%s", args, r.code, r.stderr)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("gen %v hangs on a named pipe at the pack's path", args)
		}
	}
	if fi, err := os.Lstat(packs[0]); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the build saved no pack in the pipe's place: %v", err)
	}
}
