package publish

import (
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/bookzo/exact-help/internal/site"
)

// DirWriter writes files below a folder, creating folders as needed. It is
// safe for concurrent use.
type DirWriter struct {
	Dir     string
	mu      sync.Mutex
	created map[string]bool
	// wrote records every file written (Publish lists them in the
	// output's manifest).
	wrote map[string]written
}

// written is what the manifest records of a file.
type written struct {
	size int64
	sum  uint32 // CRC-32C of the bytes
}

func (d *DirWriter) record(name string, w written) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.wrote == nil {
		d.wrote = map[string]written{}
	}
	d.wrote[name] = w
}

// ConcurrentSafe tells site.Site.Write that WriteFile may be called from
// several goroutines at once.
func (d *DirWriter) ConcurrentSafe() {}

// WriteFile writes data to name below the folder. Names that would leave the
// folder are refused.
func (d *DirWriter) WriteFile(name string, data []byte) error {
	p, err := d.prepare(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	d.record(name, written{int64(len(data)), crc32.Checksum(data, castagnoli)})
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// prepare returns the path of name below the folder, with its folder made.
func (d *DirWriter) prepare(name string) (string, error) {
	if err := site.CheckName("write", name); err != nil {
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
		if err := site.CheckName("make", name); err != nil {
			return err
		}
		if err := d.mkdir(filepath.Join(d.Dir, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	return nil
}

// Create opens name below the folder for writing, as WriteFile would.
func (d *DirWriter) Create(name string) (io.WriteCloser, error) {
	p, err := d.prepare(name)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &recordedFile{f: f, d: d, name: name}, nil
}

// recordedFile counts and sums what is written to it, for the manifest.
type recordedFile struct {
	f    *os.File
	d    *DirWriter
	name string
	w    written
}

func (r *recordedFile) Write(p []byte) (int, error) {
	n, err := r.f.Write(p)
	r.w.size += int64(n)
	r.w.sum = crc32.Update(r.w.sum, castagnoli, p[:n])
	return n, err
}

func (r *recordedFile) Close() error {
	if err := r.f.Close(); err != nil {
		return err
	}
	r.d.record(r.name, r.w)
	return nil
}
