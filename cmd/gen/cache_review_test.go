package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/theme"
)

// TestCacheFolderAmongTheInputs: a -cache folder among the build's inputs
// (content/errors, the theme, the site folder itself, or the output
// through a symbolic link) is
// refused as one inside the output is: else the pack would become a
// content error, a published asset, or an orphaned copy of the old
// output.
func TestCacheFolderAmongTheInputs(t *testing.T) {
	dir := t.TempDir()
	var src string
	newSite := func(t *testing.T) {
		src = filepath.Join(t.TempDir(), "site")
		if err := corpus.WriteFamily(src, 20, 3, true); err != nil {
			t.Fatal(err)
		}
	}
	th := filepath.Join(dir, "theme")
	if err := os.CopyFS(th, theme.FS); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(th, "theme.go"))
	build := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"build", "-src", src}, args...), &stdout, &stderr)
		return code, stderr.String()
	}
	t.Run("content/errors", func(t *testing.T) {
		newSite(t)
		out := filepath.Join(dir, "out1")
		for i := range 2 {
			if code, log := build("-out", out, "-cache", filepath.Join(src, "content", "errors")); code != 1 || !strings.Contains(log, "inside the content folder") {
				t.Fatalf("build %d: exit %d\n%s", i+1, code, log)
			}
		}
	})
	t.Run("theme/static", func(t *testing.T) {
		newSite(t)
		out := filepath.Join(dir, "out2")
		for i := range 2 {
			if code, log := build("-out", out, "-theme", th, "-cache", filepath.Join(th, "static")); code != 1 || !strings.Contains(log, "inside the theme folder") {
				t.Fatalf("build %d: exit %d\n%s", i+1, code, log)
			}
		}
		packs, _ := filepath.Glob(filepath.Join(out, "assets", "*pack*"))
		dot, _ := filepath.Glob(filepath.Join(out, "assets", ".*pack*"))
		if len(packs)+len(dot) > 0 {
			t.Errorf("the cache is published: %v %v", packs, dot)
		}
	})
	t.Run("the site folder", func(t *testing.T) {
		newSite(t)
		if code, log := build("-out", filepath.Join(dir, "out4"), "-cache", src); code != 1 || !strings.Contains(log, "inside the site folder") {
			t.Errorf("a cache in the site folder is not refused:\n%s", log)
		}
	})
	t.Run("output through a link", func(t *testing.T) {
		newSite(t)
		out := filepath.Join(dir, "out3")
		if code, log := build("-out", out, "-cache", "off"); code != 0 {
			t.Fatal(log)
		}
		link := filepath.Join(dir, "link")
		if err := os.Symlink(out, link); err != nil {
			t.Skip(err)
		}
		code, log := build("-out", out, "-cache", filepath.Join(link, "c"))
		if code != 1 || !strings.Contains(log, "inside the output folder") {
			t.Errorf("a cache inside the output (through a link) is not refused:\n%s", log)
		}
		left, _ := filepath.Glob(filepath.Join(dir, ".out3.tmp-*"))
		if len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	})
}
