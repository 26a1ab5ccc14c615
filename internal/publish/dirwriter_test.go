package publish

import (
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/site"
)

// readTree returns the files below dir and their text.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// writeLegacy writes files into dir as the gen before this one left an
// output: with its list of them inside, .gen-output, and the stamp naming
// that list by device and inode, .gen-output.stamp.
func writeLegacy(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	list := "# Written by gen build: every file of this build (CRC-32C, size, path).\n" +
		"# gen replaces this folder only while it holds these files and nothing else.\n"
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		list += fmt.Sprintf("%08x %d %s\n", crc32.Checksum([]byte(files[name]), castagnoli), len(files[name]), name)
	}
	p := filepath.Join(dir, legacyManifest)
	if err := os.WriteFile(p, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Lstat(p)
	os.WriteFile(filepath.Join(dir, legacyStamp), []byte(fileID(fi)+"\n"), 0o644)
}

func writeAll(files map[string]string) func(site.Writer) error {
	return func(w site.Writer) error {
		for name, data := range files {
			if err := w.WriteFile(name, []byte(data)); err != nil {
				return err
			}
		}
		return nil
	}
}

// publish opens out, publishes build into it and closes it.
func publish(out string, build func(site.Writer) error) error {
	o, err := OpenOutput(out, time.Second, nil)
	if err != nil {
		return err
	}
	defer o.Close()
	_, err = o.Publish(build, nil)
	return err
}

func TestPublishReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publish(out, writeAll(map[string]string{"index.html": "v1", "old/page.html": "gone"})); err != nil {
		t.Fatal(err)
	}
	if err := publish(out, writeAll(map[string]string{"index.html": "v2", "new/page.html": "new"})); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	want := map[string]string{"index.html": "v2", "new/page.html": "new"}
	if len(got) != len(want) || got["index.html"] != "v2" || got["new/page.html"] != "new" {
		t.Errorf("after the second publish the output is %v, want %v", got, want)
	}
	assertNoTemp(t, out)
}

func TestPublishFailureLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	before := map[string]string{"index.html": "v1", "errors/a/index.html": "a"}
	if err := publish(out, writeAll(before)); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("template failed")
	err := publish(out, func(w site.Writer) error {
		if err := w.WriteFile("index.html", []byte("half")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Publish error = %v, want %v", err, boom)
	}
	got := readTree(t, out)
	if len(got) != len(before) || got["index.html"] != "v1" || got["errors/a/index.html"] != "a" {
		t.Errorf("a failed build changed the output: %v, want %v", got, before)
	}
	assertNoTemp(t, out)
}

func TestPublishCleansStaleTemp(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	// A build killed while writing leaves its folder with the marker; one
	// killed after the swap leaves the old output, which its manifest
	// names. No process has these pids.
	killed := filepath.Join(parent, ".public.tmp-999999999-123")
	os.MkdirAll(filepath.Join(killed, "errors"), 0o755)
	os.WriteFile(filepath.Join(killed, markerName), nil, 0o644)
	os.WriteFile(filepath.Join(killed, "errors", "half.html"), []byte("<p>ha"), 0o644)
	// (One an earlier gen moved aside holds that gen's list inside it.)
	moved := filepath.Join(parent, ".public.tmp-999999998-7")
	writeLegacy(t, moved, map[string]string{"index.html": "old", "errors/a/index.html": "a"})
	// An empty one: a build killed between making its folder and marking
	// it. Removed (an empty folder holds nothing of anyone's).
	empty := filepath.Join(parent, ".public.tmp-999999996-1")
	os.MkdirAll(empty, 0o755)
	// A killed build's folder whose process number another process has
	// now (1, always running): removed all the same, as no other build
	// can write beside an output whose lock this one holds.
	reused := filepath.Join(parent, ".public.tmp-1-5")
	os.MkdirAll(reused, 0o755)
	os.WriteFile(filepath.Join(reused, markerName), nil, 0o644)
	// Empty folders only: an old output whose files and list a killed
	// build had removed, not yet its folders. Removed.
	folders := filepath.Join(parent, ".public.tmp-999999995-1")
	os.MkdirAll(filepath.Join(folders, "errors", "a"), 0o755)
	os.MkdirAll(filepath.Join(folders, "categories", "b"), 0o755)
	// Named like a leftover, but not gen's: left alone, and named.
	mine := filepath.Join(parent, ".public.tmp-999999997-backup")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644)
	o, err := OpenOutput(out, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := o.Publish(writeAll(map[string]string{"index.html": "v1"}), nil)
	o.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{killed, moved, empty, folders, reused} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("stale temporary folder %s was not removed", p)
		}
	}
	if b, err := os.ReadFile(filepath.Join(mine, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("a folder that is not gen's was touched: %q, %v", b, err)
	}
	if len(res.Leftovers) != 1 || !strings.Contains(res.Leftovers[0].Error(), mine+" is named like a leftover of a gen build but is not one") {
		t.Errorf("leftovers %v, want the foreign folder named", res.Leftovers)
	}
}

func TestWriterRefusesEscapes(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"../x", "/etc/x", "a/../../x", ""} {
		if err := (&DirWriter{Dir: dir}).WriteFile(name, nil); err == nil {
			t.Errorf("DirWriter.WriteFile(%q) succeeded, want an error", name)
		}
		if err := (site.MemWriter{}).WriteFile(name, nil); err == nil {
			t.Errorf("MemWriter.WriteFile(%q) succeeded, want an error", name)
		}
	}
}

func assertNoTemp(t *testing.T, out string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.tmp-") {
			t.Errorf("temporary folder %s left behind", e.Name())
		}
	}
}
