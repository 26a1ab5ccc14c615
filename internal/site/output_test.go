package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readTree returns the files below dir (but the manifest) and their text.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() != ManifestName {
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

func writeAll(files map[string]string) func(Writer) error {
	return func(w Writer) error {
		for name, data := range files {
			if err := w.WriteFile(name, []byte(data)); err != nil {
				return err
			}
		}
		return nil
	}
}

// publish opens out, publishes build into it and closes it.
func publish(out string, build func(Writer) error) error {
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
	err := publish(out, func(w Writer) error {
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
	// A killed build leaves its folder behind; no process has this pid.
	stale := filepath.Join(parent, ".public.tmp-999999999-123")
	if err := os.MkdirAll(filepath.Join(stale, "errors"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := publish(out, writeAll(map[string]string{"index.html": "v1"})); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary folder %s was not removed", stale)
	}
}

func TestWriterRefusesEscapes(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"../x", "/etc/x", "a/../../x", ""} {
		if err := (&DirWriter{Dir: dir}).WriteFile(name, nil); err == nil {
			t.Errorf("DirWriter.WriteFile(%q) succeeded, want an error", name)
		}
		if err := (MemWriter{}).WriteFile(name, nil); err == nil {
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
