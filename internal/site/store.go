package site

import (
	"encoding/binary"
	"html/template"
	"io"
	"path"
	"strings"
	"sync/atomic"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/markdown"
)

// A Store keeps what a build made, by key, for a later build in another
// process: gen build's persistent cache (package build). Get returns what
// Put was given for the key, or false; a Store may forget anything, and
// must never return what another key was given. Site keys its entries by
// content sums (see Routes), so an entry is right for every build that asks
// for its key; what Get returns is decoded strictly, and anything that
// does not decode is rendered again.
type Store interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, data []byte)
}

// storeVersion changes whenever the encoding of entries changes.
const storeVersion = "site store 1"

func routeEntry(r *Route) [32]byte { return sum([]byte(storeVersion), []byte("route"), r.Key[:]) }

func bodyEntry(siteKey [32]byte, e *content.Error) [32]byte {
	return sum([]byte(storeVersion), []byte("body"), siteKey[:], e.Sum[:])
}

// storedBody returns e's body from the store, if an earlier build rendered
// it with the same link table and names.
func (s *Site) storedBody(e *content.Error, names func() string) *body {
	if s.store == nil {
		return nil
	}
	data, ok := s.store.Get(bodyEntry(s.key, e))
	if !ok {
		return nil
	}
	b, ok := decodeBody(data)
	if !ok || !b.fits(s.links, names) {
		return nil
	}
	b.setKey(e)
	return b
}

func (s *Site) storeBody(e *content.Error, b *body) {
	// A check's bodies are not the published ones (no highlighting).
	if s.store != nil && !s.checkOnly {
		s.store.Put(bodyEntry(s.key, e), encodeBody(b))
	}
}

func encodeBody(b *body) []byte {
	var e encoder
	e.str(string(b.html))
	e.str(b.summary)
	e.num(len(b.steps))
	for _, s := range b.steps {
		e.str(s)
	}
	e.str(b.links)
	e.str(b.names)
	e.str(b.res.Text)
	e.str(b.res.Solution)
	e.num(b.res.CauseLine)
	e.num(b.res.SolutionLine)
	e.num(len(b.res.Problems))
	for i, p := range b.res.Problems {
		e.num(p.Line)
		e.str(p.Msg)
		e.num(b.res.Offsets[i])
	}
	return e.b
}

func decodeBody(data []byte) (*body, bool) {
	d := decoder{b: data}
	b := &body{}
	b.html = template.HTML(d.str())
	b.summary = d.str()
	// A step takes a byte at least: no count beyond what is left.
	steps := d.num()
	if d.err != nil || steps > len(d.b) {
		return nil, false
	}
	for range steps {
		b.steps = append(b.steps, d.str())
	}
	b.links = d.str()
	b.names = d.str()
	b.res.Text = d.str()
	b.res.Solution = d.str()
	b.res.CauseLine = d.num()
	b.res.SolutionLine = d.num()
	// A problem takes 3 bytes at least: no count beyond what is left.
	n := d.num()
	if d.err != nil || n > len(d.b)/3 {
		return nil, false
	}
	for range n {
		b.res.Problems = append(b.res.Problems, markdown.Problem{Line: d.num(), Msg: d.str()})
		b.res.Offsets = append(b.res.Offsets, d.num())
		if d.err != nil {
			return nil, false
		}
	}
	return b, d.done()
}

// renderRoute writes the route's files: those the store holds for its key,
// or rendered (and then kept in the store).
func (s *Site) renderRoute(run *writeRun, r *Route) error {
	if s.store == nil {
		return r.render(run)
	}
	k := routeEntry(r)
	if data, ok := s.store.Get(k); ok {
		if files, ok := decodeFiles(data); ok && ownFiles(r, files) {
			for _, f := range files {
				if err := run.w.WriteFile(f.name, f.data); err != nil {
					return err
				}
			}
			return nil
		}
	}
	rec := &recorder{next: run.w}
	if err := r.render(&writeRun{w: rec, parts: run.parts}); err != nil {
		return err
	}
	s.store.Put(k, rec.e.b)
	return nil
}

// ownFiles reports whether files are the route's own: its path, or files
// in its folder (the search index).
// A name that is not clean (such as search/../index.html) is not.
func ownFiles(r *Route, files []storedFile) bool {
	for _, f := range files {
		if path.Clean(f.name) != f.name || strings.Contains("/"+f.name+"/", "/../") {
			return false
		}
		if f.name != r.Path && !(strings.HasSuffix(r.Path, "/") && strings.HasPrefix(f.name, r.Path)) {
			return false
		}
	}
	return len(files) > 0
}

type storedFile struct {
	name string
	data []byte
}

func decodeFiles(data []byte) ([]storedFile, bool) {
	d := decoder{b: data}
	var files []storedFile
	for !d.done() && d.err == nil {
		files = append(files, storedFile{d.str(), d.bytes()})
	}
	return files, d.err == nil
}

// A recorder passes a route's files on and records them, for the store.
// A route's files are written by one job, one after another.
type recorder struct {
	next fileWriter
	e    encoder
}

func (r *recorder) WriteFile(name string, data []byte) error {
	r.e.str(name)
	r.e.bytes(data)
	return r.next.WriteFile(name, data)
}

// Create buffers the stream: it is recorded whole.
func (r *recorder) Create(name string) (io.WriteCloser, error) {
	return &bufferedFile{w: r, name: name, n: new(atomic.Int64)}, nil
}

func (r *recorder) MakeDirs(dirs []string) error { return r.next.MakeDirs(dirs) }

// encoder and decoder are the store's encoding: numbers as uvarints,
// strings as their length and bytes. The decoder checks every length.
type encoder struct{ b []byte }

func (e *encoder) num(n int)      { e.b = binary.AppendUvarint(e.b, uint64(n)) }
func (e *encoder) str(s string)   { e.num(len(s)); e.b = append(e.b, s...) }
func (e *encoder) bytes(p []byte) { e.num(len(p)); e.b = append(e.b, p...) }

type decoder struct {
	b   []byte
	err error
}

type decodeError struct{}

func (decodeError) Error() string { return "site: a stored entry does not decode" }

func (d *decoder) num() int {
	if d.err != nil {
		return 0
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > 1<<31 {
		d.err = decodeError{}
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

func (d *decoder) str() string { return string(d.bytes()) }

// bytes returns the next string's bytes, in place.
func (d *decoder) bytes() []byte {
	n := d.num()
	if d.err != nil || n > len(d.b) {
		d.err = decodeError{}
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	return p
}

// done reports whether everything decoded and nothing is left.
func (d *decoder) done() bool { return d.err == nil && len(d.b) == 0 }
