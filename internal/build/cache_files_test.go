//go:build unix

package build

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// packPathOf returns the path of the pack of the site folder src in dir.
func packPathOf(t *testing.T, dir, src string) string {
	t.Helper()
	p, err := packPath(dir, src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mkfifo makes a named pipe at p, and releases whatever blocks opening it
// for reading when the test ends.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() {
		if w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
}

// within runs f, failing the test if it does not return in time.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s hangs", what)
	}
}

// TestPackThatIsANamedPipe: a named pipe at the pack's path is not opened
// (opening it would wait for a writer forever, and -wait does not bound
// it): the build reads no pack, renders everything and saves a pack in its
// place; a check reads none.
func TestPackThatIsANamedPipe(t *testing.T) {
	t.Parallel()
	dir, cache := corpusSite(t), t.TempDir()
	plain, _ := buildWith(t, dir, "")
	pack := packPathOf(t, cache, dir)
	mkfifo(t, pack)
	within(t, "ReadCache of a named pipe", func() {
		c, err := ReadCache(cache, dir, identify(t))
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close()
		if c.idx != nil {
			t.Error("ReadCache read an index from a named pipe")
		}
	})
	within(t, "a build with a named pipe for its pack", func() {
		out, hits := buildWith(t, dir, cache)
		sameFiles(t, "named pipe", out, plain)
		if hits != 0 {
			t.Errorf("%d hits from a named pipe", hits)
		}
	})
	if fi, err := os.Lstat(pack); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the build did not save a pack in the pipe's place: %v", err)
	}
}

// TestPackThatIsALinkIsNotRead: a symbolic link at the pack's path is not
// followed, even to a whole pack of this generator.
func TestPackThatIsALinkIsNotRead(t *testing.T) {
	t.Parallel()
	dir, cache, other := corpusSite(t), t.TempDir(), t.TempDir()
	buildWith(t, dir, other)
	pack := packPathOf(t, cache, dir)
	if err := os.Symlink(packPathOf(t, other, dir), pack); err != nil {
		t.Skip(err)
	}
	c, err := ReadCache(cache, dir, identify(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.idx != nil {
		t.Error("ReadCache followed a link to a pack")
	}
}

// TestSweepRemovesOnlyWhatGenWrote: the sweep removes an old pack and an
// old leftover of a killed build, each named as gen names them and holding
// gen's header (and a pack its trailer), of this gen or another; a file of
// the user's (whatever its name and age), a link, a named pipe or a folder
// is never removed, and nothing blocks.
func TestSweepRemovesOnlyWhatGenWrote(t *testing.T) {
	t.Parallel()
	dir, elsewhere := t.TempDir(), t.TempDir()
	gen := identify(t)
	whole := pack(gen, []byte("entry"), [][4]uint64{{0, uint64(headerSize), 5, 0}})
	otherGen := pack([32]byte{1}, nil, nil)
	leftover := append([]byte(packMagic), gen[:]...) // a killed build's new pack
	notes := []byte("my notes, kept next to the cache\n")
	const old, recent = 31 * 24 * time.Hour, time.Minute
	type file struct {
		data []byte
		age  time.Duration
		gone bool
	}
	files := map[string]file{
		"site-0123456789abcdef.pack":     {whole, old, true},
		"site-1123456789abcdef.pack":     {otherGen, old, true},
		"site-2123456789abcdef.pack":     {whole, recent, false},
		".site-12345.pack.tmp":           {leftover, 2 * time.Hour, true},
		".site-23456.pack.tmp":           {leftover, recent, false},
		"site-backup.pack":               {notes, old, false},
		".site-notes.pack.tmp":           {notes, old, false},
		"site-copy.pack":                 {whole, old, false}, // not a name gen gives
		"site-3123456789abcdef.pack":     {notes, old, false}, // gen's name, the user's bytes
		".site-34567.pack.tmp":           {notes, old, false},
		"site-4123456789abcdef.pack":     {leftover, old, false}, // no trailer: not a pack
		"site-5123456789abcdef.pack":     {[]byte(packMagic), old, false},
		".site-45678.pack.tmp":           {nil, old, false}, // empty: nothing says it is gen's
		"notes.txt":                      {notes, old, false},
		"site-0123456789abcdef.pack.bak": {whole, old, false},
	}
	at := func(age time.Duration) time.Time { return time.Now().Add(-age) }
	for name, f := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, at(f.age), at(f.age))
	}
	// A link to an old pack, itself old; a named pipe and a folder under
	// gen's names.
	target := filepath.Join(elsewhere, "site-6123456789abcdef.pack")
	os.WriteFile(target, whole, 0o600)
	os.Chtimes(target, at(old), at(old))
	link := filepath.Join(dir, "site-6123456789abcdef.pack")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	tv := []unix.Timeval{unix.NsecToTimeval(at(old).UnixNano()), unix.NsecToTimeval(at(old).UnixNano())}
	if err := unix.Lutimes(link, tv); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "site-7123456789abcdef.pack")
	mkfifo(t, fifo)
	os.Chtimes(fifo, at(old), at(old))
	folder := filepath.Join(dir, ".site-56789.pack.tmp")
	os.Mkdir(folder, 0o700)
	os.Chtimes(folder, at(old), at(old))

	within(t, "the sweep", func() { sweep(dir, time.Now()) })
	for name, f := range files {
		_, err := os.Lstat(filepath.Join(dir, name))
		if gone := err != nil; gone != f.gone {
			t.Errorf("%s: removed %v, want %v", name, gone, f.gone)
		}
	}
	for _, p := range []string{link, target, fifo, folder} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

// TestKilledBuildsLeftoverIsSwept: a build killed before it saved its pack
// leaves a new pack that already holds gen's header, so the sweep can tell
// it is gen's and removes it after an hour.
func TestKilledBuildsLeftoverIsSwept(t *testing.T) {
	t.Parallel()
	dir, src := t.TempDir(), t.TempDir()
	c, err := OpenCache(dir, src, identify(t))
	if err != nil {
		t.Fatal(err)
	}
	c.Put([32]byte{1}, []byte("entry")) // and then the build is killed
	tmp := c.tmp.Name()
	hour := time.Now().Add(-2 * time.Hour)
	os.Chtimes(tmp, hour, hour)
	c2, err := OpenCache(dir, src, identify(t))
	if err != nil {
		t.Fatal(err)
	}
	c2.Close()
	if _, err := os.Lstat(tmp); err == nil {
		t.Errorf("the killed build's %s was not removed", filepath.Base(tmp))
	}
	c.tmp.Close()
}
