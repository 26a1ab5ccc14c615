package serve

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/bookzo/exact-help/theme"
)

// A fakeWatcher is a watcher whose events the test sends. It reports an
// event as inotify does: only when the folder it happened in is watched,
// and that folder is still the one that was added (a folder moved away and
// replaced by a copy is another folder, unwatched until it is added).
type fakeWatcher struct {
	t      *testing.T
	events chan fsnotify.Event
	errors chan error

	mu   sync.Mutex
	dirs map[string]os.FileInfo // the folders added, as they were then
}

func newFakeWatcher(t *testing.T) *fakeWatcher {
	return &fakeWatcher{t: t, events: make(chan fsnotify.Event), errors: make(chan error), dirs: map[string]os.FileInfo{}}
}

func (f *fakeWatcher) Add(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dirs[filepath.Clean(dir)] = st
	return nil
}

func (f *fakeWatcher) Remove(dir string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.dirs, filepath.Clean(dir))
	return nil
}

func (f *fakeWatcher) Events() <-chan fsnotify.Event { return f.events }
func (f *fakeWatcher) Errors() <-chan error          { return f.errors }
func (f *fakeWatcher) Close() error                  { return nil }

// watching reports whether dir, the folder now at that path, is watched.
func (f *fakeWatcher) watching(dir string) bool {
	f.mu.Lock()
	added, ok := f.dirs[filepath.Clean(dir)]
	f.mu.Unlock()
	now, err := os.Stat(dir)
	return ok && err == nil && os.SameFile(added, now)
}

// send reports that op happened to name, if its folder is watched, and
// reports whether it did. It returns when Watch has taken the event: the
// channel is unbuffered, so Watch has handled every earlier one.
func (f *fakeWatcher) send(name string, op fsnotify.Op) bool {
	f.t.Helper()
	if !f.watching(filepath.Dir(name)) {
		return false
	}
	deliver(f.t, f.events, fsnotify.Event{Name: name, Op: op})
	return true
}

// fail reports a watcher error, such as fsnotify.ErrEventOverflow.
func (f *fakeWatcher) fail(err error) {
	f.t.Helper()
	deliver(f.t, f.errors, err)
}

// deliver sends v to Watch, failing the test if Watch does not take it.
func deliver[T any](t *testing.T, c chan T, v T) {
	t.Helper()
	select {
	case c <- v:
	case <-time.After(10 * time.Second):
		t.Fatalf("Watch did not take %v within 10s", v)
	}
}

// faked starts a server that watches through a fakeWatcher, serves the
// site and streams its events; everything stops when the test ends. It
// returns once Watch watches its folders.
func faked(t *testing.T, opts Options) (*Server, *fakeWatcher, string, <-chan string) {
	t.Helper()
	s := New(opts)
	fw := newFakeWatcher(t)
	s.newWatcher = func() (watcher, error) { return fw, nil }
	if !s.Build() {
		t.Fatalf("first build failed: %v", s.last.Load().problems)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
		srv.Close()
	})
	ev := events(t, srv.URL)
	waitFor(t, "the event stream to register", func() bool { return s.Clients() == 1 })
	fw.sync(opts.Src) // Watch has added its folders
	return s, fw, srv.URL, ev
}

// sync returns when Watch has handled every event and error sent before:
// it sends a change of a file that is not the site's (in the site folder
// src), whether or not its folder is watched yet.
func (f *fakeWatcher) sync(src string) {
	f.t.Helper()
	deliver(f.t, f.events, fsnotify.Event{Name: filepath.Join(src, "README.md"), Op: fsnotify.Write})
}

// TestWatchRebuildsWhatTheWatcherReports: an edit the watcher reports is
// built and served, and open pages reload.
func TestWatchRebuildsWhatTheWatcherReports(t *testing.T) {
	dir, file := newSite(t)
	_, fw, url, ev := faked(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: 10 * time.Millisecond})
	os.WriteFile(file, []byte(errorFile("Tweede titel", "error")), 0o644)
	if !fw.send(file, fsnotify.Write) {
		t.Fatal("content/errors is not watched")
	}
	waitEvent(t, ev, "reload")
	if _, body := get(t, url+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Tweede titel") {
		t.Errorf("after the edit the page still shows the old title")
	}
}

// secondError is an error file other than reeds-verwerkt's.
func secondError(title string) []byte {
	return []byte("+++\nid = \"server-unavailable\"\ntitle = \"" + title + "\"\nmessages = [\"Server Unavailable\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\nTekst.\n")
}

// TestChangeLostInAnOverflowIsServed: while the server was stopped (a long
// build), the writer saved A and B; A's event came through, B's was lost
// when the watcher's queue overflowed. After the overflow B's new title is
// served, the background check keeps it, and the site is what a cold
// build of the folder makes.
func TestChangeLostInAnOverflowIsServed(t *testing.T) {
	dir, a := newSite(t)
	b := filepath.Join(dir, "content", "errors", "server-unavailable.md")
	os.WriteFile(b, secondError("Server niet bereikbaar"), 0o644)
	s, fw, url, ev := faked(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: 10 * time.Millisecond})

	os.WriteFile(a, []byte(errorFile("Tweede titel", "error")), 0o644)
	os.WriteFile(b, secondError("Nieuwe titel van B"), 0o644)
	if !fw.send(a, fsnotify.Write) {
		t.Fatal("content/errors is not watched")
	}
	fw.fail(fsnotify.ErrEventOverflow)
	// A build for A's event may come first; wait for the one that serves B.
	page := url + "/errors/server-unavailable/"
	deadline := time.After(10 * time.Second)
	for {
		select {
		case e := <-ev:
			if e != "reload" {
				t.Fatalf("event %q, want reload: %v", e, s.last.Load().problems)
			}
		case <-deadline:
			_, body := get(t, page)
			t.Fatalf("10s after the overflow B's page still shows %q, not its new title", titleOf(body))
		}
		s.WaitChecked()
		if _, body := get(t, page); strings.Contains(body, "Nieuwe titel van B") {
			break
		}
	}
	if _, body := get(t, url+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Tweede titel") {
		t.Errorf("A's page shows %q, want its new title", titleOf(body))
	}
	served, cold := s.good.Load().files, fullBuild(t, dir)
	if len(served) != len(cold) {
		t.Errorf("after the overflow %d files are served, a cold build makes %d", len(served), len(cold))
	}
	for name, data := range cold {
		if !bytes.Equal(served[name], data) {
			t.Errorf("after the overflow, %s differs from a cold build", name)
		}
	}
}

// TestOverflowWatchesFoldersMadeDuringIt: during the overflow
// content/errors was moved away and a copy put in its place, and the
// events of both were lost. After the overflow the new folder is watched:
// an edit in it is served.
func TestOverflowWatchesFoldersMadeDuringIt(t *testing.T) {
	dir, file := newSite(t)
	_, fw, url, ev := faked(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: 10 * time.Millisecond})

	errs := filepath.Join(dir, "content", "errors")
	old := filepath.Join(t.TempDir(), "errors")
	if err := os.Rename(errs, old); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(errs, os.DirFS(old)); err != nil {
		t.Fatal(err)
	}
	fw.fail(fsnotify.ErrEventOverflow)
	fw.sync(dir)
	if !fw.watching(errs) {
		t.Fatal("after an overflow, the content/errors made during it is not watched")
	}
	waitEvent(t, ev, "reload")
	os.WriteFile(file, []byte(errorFile("Tweede titel", "error")), 0o644)
	if !fw.send(file, fsnotify.Write) {
		t.Fatal("content/errors is no longer watched")
	}
	waitEvent(t, ev, "reload")
	if _, body := get(t, url+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Tweede titel") {
		t.Errorf("an edit in the new content/errors is not served: the page shows %q", titleOf(body))
	}
}

// titleOf returns a page's first heading.
func titleOf(page string) string {
	_, h1, _ := strings.Cut(page, "<h1>")
	h1, _, _ = strings.Cut(h1, "</h1>")
	return h1
}
