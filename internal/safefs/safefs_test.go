package safefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

func TestReadFileRefusesWhatItMustNotRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("12345"), 0o644)
	os.WriteFile(filepath.Join(dir, "big.txt"), []byte("123456"), 0o644)
	os.Symlink(filepath.Join(dir, "ok.txt"), filepath.Join(dir, "link.txt"))
	os.Mkdir(filepath.Join(dir, "folder"), 0o755)
	syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644)
	fsys := os.DirFS(dir)
	for _, c := range []struct {
		name, want string
	}{
		{"ok.txt", ""},
		{"big.txt", "the file is 6 bytes; the limit is 5 bytes: it was not read"},
		{"link.txt", "a symbolic link"},
		{"folder", "a folder where a file belongs"},
		{"pipe", "a named pipe (FIFO), not a regular file"},
	} {
		data, err := ReadFile(fsys, c.name, 5)
		switch {
		case c.want == "" && (err != nil || string(data) != "12345"):
			t.Errorf("ReadFile(%s) = %q, %v", c.name, data, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want) || !errors.Is(err, ErrRefused)):
			t.Errorf("ReadFile(%s) error %v, want %q", c.name, err, c.want)
		}
	}
	entries, _ := fs.ReadDir(fsys, ".")
	for _, de := range entries {
		_, err := ReadListed(fsys, ".", de, 5)
		if (err == nil) != (de.Name() == "ok.txt") {
			t.Errorf("ReadListed(%s): %v", de.Name(), err)
		}
	}
}

func TestGuardedFS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	os.WriteFile(filepath.Join(dir, "static", "a.css"), []byte("body{}"), 0o644)
	os.WriteFile(filepath.Join(dir, "static", "big.js"), []byte(strings.Repeat("x", 100)), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(dir, "static", "passwd"))
	fsys := FS(os.DirFS(dir), 64)
	if b, err := fs.ReadFile(fsys, "static/a.css"); err != nil || string(b) != "body{}" {
		t.Errorf("a.css: %q, %v", b, err)
	}
	for _, name := range []string{"static/big.js", "static/passwd"} {
		if _, err := fs.ReadFile(fsys, name); !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	var walked []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		walked = append(walked, p)
		return nil
	})
	if len(walked) != 5 {
		t.Errorf("WalkDir through the guard saw %v", walked)
	}
}

// TestReadStopsAtTheLimit: a file that grows after the stat is not read
// past the limit.
func TestReadStopsAtTheLimit(t *testing.T) {
	t.Parallel()
	f := &growing{MapFile: fstest.MapFile{Data: []byte("abc")}, extra: 1 << 20}
	fsys := growFS{f}
	if _, err := ReadFile(fsys, "x", 10); err == nil || !strings.Contains(err.Error(), "larger than the limit of 10 bytes") {
		t.Errorf("ReadFile of a growing file: %v", err)
	}
}

type growFS struct{ f *growing }

func (g growFS) Open(name string) (fs.File, error) {
	return &growingFile{info: fstest.MapFS{"x": &g.f.MapFile}, left: len(g.f.Data) + g.f.extra}, nil
}

type growing struct {
	fstest.MapFile
	extra int
}

type growingFile struct {
	info fstest.MapFS
	left int
}

func (f *growingFile) Stat() (fs.FileInfo, error) { return fs.Stat(f.info, "x") }
func (f *growingFile) Close() error               { return nil }
func (f *growingFile) Read(p []byte) (int, error) {
	if f.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), f.left)
	f.left -= n
	return n, nil
}

// TestGuardedFSRefusesLinkedFolders: a link anywhere in a path, not only at
// its end, is refused.
func TestGuardedFSRefusesLinkedFolders(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "base.html"), []byte("SECRET"), 0o644)
	os.MkdirAll(filepath.Join(dir, "theme"), 0o755)
	os.Symlink(outside, filepath.Join(dir, "theme", "templates"))
	fsys := FS(os.DirFS(dir), 1<<20)
	for _, name := range []string{"theme/templates/base.html", "theme/templates"} {
		if _, err := fs.ReadFile(fsys, name); !errors.Is(err, ErrRefused) {
			t.Errorf("ReadFile(%s) = %v, want a refusal", name, err)
		}
	}
	if _, err := fs.ReadDir(fsys, "theme/templates"); !errors.Is(err, ErrRefused) {
		t.Errorf("ReadDir through a link: %v, want a refusal", err)
	}
}
