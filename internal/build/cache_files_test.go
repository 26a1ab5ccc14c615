package build

import (
	"os"
	"syscall"
	"testing"
	"time"
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
		c, err := ReadCache(cache, dir)
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
	c, err := ReadCache(cache, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.idx != nil {
		t.Error("ReadCache followed a link to a pack")
	}
}
