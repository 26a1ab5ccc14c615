package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// DirWriter writes files below a folder, creating folders as needed. It is
// safe for concurrent use.
type DirWriter struct {
	Dir     string
	mu      sync.Mutex
	created map[string]bool
}

func (d *DirWriter) concurrentSafe() {}

// WriteFile writes data to name below the folder. Names that would leave the
// folder are refused.
func (d *DirWriter) WriteFile(name string, data []byte) error {
	p, err := d.prepare(name)
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// prepare returns the path of name below the folder, with its folder made.
func (d *DirWriter) prepare(name string) (string, error) {
	if err := checkName("write", name); err != nil {
		return "", err
	}
	p := filepath.Join(d.Dir, filepath.FromSlash(name))
	return p, d.mkdir(filepath.Dir(p))
}

// mkdir makes the folder dir (a path below d.Dir) unless this writer made it
// already.
func (d *DirWriter) mkdir(dir string) error {
	d.mu.Lock()
	done := d.created[dir]
	d.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.created == nil {
		d.created = map[string]bool{}
	}
	d.created[dir] = true
	return nil
}

// MakeDirs makes the folders (slash-separated, below the folder) one after
// the other, so that later writes into them need no mkdir.
func (d *DirWriter) MakeDirs(dirs []string) error {
	for _, name := range dirs {
		if err := checkName("make", name); err != nil {
			return err
		}
		if err := d.mkdir(filepath.Join(d.Dir, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	return nil
}

// checkName refuses a name that would leave the output folder.
func checkName(verb, name string) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to %s %q: outside the output folder", verb, name)
	}
	return nil
}

// Create opens name below the folder for writing, as WriteFile would.
func (d *DirWriter) Create(name string) (io.WriteCloser, error) {
	p, err := d.prepare(name)
	if err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

// MemWriter keeps the files in memory (the dev server, tests).
type MemWriter map[string][]byte

// Create returns a stream whose bytes are stored under name on Close,
// without the copy WriteFile makes.
func (m MemWriter) Create(name string) (io.WriteCloser, error) {
	if err := checkName("write", name); err != nil {
		return nil, err
	}
	f := &memFile{m: m, name: name}
	// A file built before (the dev server's last build) is about as large
	// again: grow once, not by doubling.
	if old := m[name]; len(old) > 0 {
		f.Grow(len(old) + len(old)/16)
	}
	return f, nil
}

type memFile struct {
	bytes.Buffer
	m    MemWriter
	name string
}

func (f *memFile) Close() error {
	f.m[f.name] = f.Bytes()
	return nil
}

// WriteFile stores a copy of data under name.
func (m MemWriter) WriteFile(name string, data []byte) error {
	if err := checkName("write", name); err != nil {
		return err
	}
	m[name] = append([]byte(nil), data...)
	return nil
}

// tempPrefix names the folders a build writes into before they replace the
// output folder: .<out>.tmp-<pid>-<random>, beside it.
func tempPrefix(out string) string {
	return "." + filepath.Base(out) + ".tmp-"
}

// Publish runs build into a new folder beside out and, only if build
// succeeds, puts that folder in the place of out. A failed or killed build
// leaves out as it was. Leftovers of killed builds are removed first.
func Publish(out string, build func(w Writer) error) error {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	cleanStale(out)
	tmp, err := os.MkdirTemp(parent, tempPrefix(out)+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := build(&DirWriter{Dir: tmp}); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swap(tmp, out); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// swap puts the folder tmp in the place of out. Where the system can, both
// names are exchanged in one step, so out is never missing; the old output
// then sits at tmp and is removed.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err := exchange(tmp, out); err == nil {
		return os.RemoveAll(tmp)
	}
	// Fallback: two renames, with the old output kept until the new one is in
	// place.
	old := tmp + "-old"
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}

// cleanStale removes temporary folders of earlier builds whose process is no
// longer running. A folder of a running build (another gen process) stays.
func cleanStale(out string) {
	prefix := tempPrefix(out)
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err == nil && pid != os.Getpid() && processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(filepath.Dir(out), e.Name()))
	}
}

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// CheckOutput refuses an output folder whose replacement by Publish would
// destroy what the build reads: the site folder src or a folder that holds
// it, and any of inputs (content, theme), a folder inside one, or a folder
// that holds one. An existing folder that is not empty must be the output of
// an earlier build (it holds errors.json and 404.html), so that a mistyped
// -out cannot wipe an unrelated folder.
func CheckOutput(out, src string, inputs ...string) error {
	o := realPath(out)
	if s := realPath(src); o == s || within(s, o) {
		return fmt.Errorf("-out %s: the output folder would replace the site folder %s; choose a folder such as %s", out, src, filepath.Join(src, "public"))
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		if i := realPath(in); o == i || within(i, o) || within(o, i) {
			return fmt.Errorf("-out %s: the output folder overlaps %s, which the build reads; choose a folder such as %s", out, in, filepath.Join(src, "public"))
		}
	}
	entries, err := os.ReadDir(out)
	if err != nil || len(entries) == 0 {
		return nil // new, empty, or not a folder (Publish reports that)
	}
	for _, name := range []string{"errors.json", "404.html"} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || !fi.Mode().IsRegular() {
			return fmt.Errorf("-out %s: the folder exists and is not the output of an earlier build (it has no %s); a build replaces the whole folder, so choose a new or empty one", out, name)
		}
	}
	return nil
}

// realPath returns p made absolute, with the symbolic links of the part of
// it that exists resolved.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(dir) == dir {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}
