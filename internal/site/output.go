package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/bookzo/exact-help/internal/par"
)

// CheckName refuses a name that would leave the output folder, and names
// with control characters (a line break would break the manifest).
func CheckName(verb, name string) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to %s %q: outside the output folder", verb, name)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fmt.Errorf("refusing to %s %q: a control character in a file name", verb, name)
	}
	return nil
}

// MemWriter keeps the files in memory (the dev server, tests).
type MemWriter map[string][]byte

// CopyTo writes m's files into w as a build writes them: their folders
// first (where w makes folders), then the files on every core. It is what
// a build cannot go below (BenchmarkFloor, bench/build/floor).
func (m MemWriter) CopyTo(w Writer) error {
	names := slices.Sorted(maps.Keys(m))
	if d, ok := w.(dirMaker); ok {
		dirs := map[string]bool{}
		for _, n := range names {
			if dir := path.Dir(n); dir != "." {
				dirs[dir] = true
			}
		}
		if err := d.MakeDirs(slices.Sorted(maps.Keys(dirs))); err != nil {
			return err
		}
	}
	errs := make([]error, len(names))
	par.Each(len(names), func(i int) { errs[i] = w.WriteFile(names[i], m[names[i]]) })
	return errors.Join(errs...)
}

// Create returns a stream whose bytes are stored under name on Close,
// without the copy WriteFile makes.
func (m MemWriter) Create(name string) (io.WriteCloser, error) {
	if err := CheckName("write", name); err != nil {
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
	if err := CheckName("write", name); err != nil {
		return err
	}
	m[name] = append([]byte(nil), data...)
	return nil
}
