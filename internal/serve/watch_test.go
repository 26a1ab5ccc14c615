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

// deleted drops the watches of dir and the folders in it, as inotify does
// when they are deleted (so a folder made in its place, which may get its
// inode number, is not watched by them).
func (f *fakeWatcher) deleted(dir string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for p := range f.dirs {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			delete(f.dirs, p)
		}
	}
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
	waitServed(t, s, ev, url+"/errors/server-unavailable/", "Nieuwe titel van B", "the overflow")
	s.WaitChecked()
	if _, body := get(t, url+"/errors/server-unavailable/"); !strings.Contains(body, "Nieuwe titel van B") {
		t.Errorf("after the background check B's page shows %q, not its new title", titleOf(body))
	}
	if _, body := get(t, url+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Tweede titel") {
		t.Errorf("A's page shows %q, not its new title", titleOf(body))
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
// content/errors was moved away and a copy with an edit put in its place,
// and the events of both were lost. After the overflow the copy is built
// and watched: a later edit in it is served.
func TestOverflowWatchesFoldersMadeDuringIt(t *testing.T) {
	dir, file := newSite(t)
	s, fw, url, ev := faked(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: 10 * time.Millisecond})

	errs := filepath.Join(dir, "content", "errors")
	moved := filepath.Join(t.TempDir(), "errors")
	if err := os.Rename(errs, moved); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(moved, filepath.Base(file)), []byte(errorFile("Tweede titel", "error")), 0o644)
	if err := os.CopyFS(errs, os.DirFS(moved)); err != nil {
		t.Fatal(err)
	}
	fw.fail(fsnotify.ErrEventOverflow)
	fw.sync(dir)
	if !fw.watching(errs) {
		t.Fatal("after an overflow, the content/errors made during it is not watched")
	}
	page := url + "/errors/reeds-verwerkt/"
	waitServed(t, s, ev, page, "Tweede titel", "the overflow")
	os.WriteFile(file, []byte(errorFile("Derde titel", "error")), 0o644)
	if !fw.send(file, fsnotify.Write) {
		t.Fatal("content/errors is no longer watched")
	}
	waitServed(t, s, ev, page, "Derde titel", "an edit in the new content/errors")
}

// waitServed waits until the page at url holds want, checking it after
// each reload: the builds of one change may be several (a build can start
// halfway through a change, even fail, and the next one finish it).
func waitServed(t *testing.T, s *Server, ev <-chan string, url, want, after string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		_, body := get(t, url)
		if strings.Contains(body, want) {
			return
		}
		select {
		case <-ev:
		case <-deadline:
			t.Fatalf("10s after %s, %s shows %q, without %q (last build's problems: %v)", after, url, titleOf(body), want, s.last.Load().problems)
		}
	}
}

// titleOf returns a page's first heading.
func titleOf(page string) string {
	_, h1, _ := strings.Cut(page, "<h1>")
	h1, _, _ = strings.Cut(h1, "</h1>")
	return h1
}

// replace replaces the folder dir with a copy of itself that alter
// changes, as a writer does with rm -rf and cp -r (how "rm") or mv and
// cp -r ("mv"), and sends the events that the folder it is in reports, if
// that folder is watched.
func replace(t *testing.T, fw *fakeWatcher, dir, how string, alter func(copy string)) {
	t.Helper()
	saved := filepath.Join(t.TempDir(), filepath.Base(dir))
	switch how {
	case "rm":
		if err := os.CopyFS(saved, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		fw.deleted(dir)
		fw.send(dir, fsnotify.Remove)
	case "mv":
		// Out of the site: a folder beside content/errors is a problem.
		if err := os.Rename(dir, saved); err != nil {
			t.Fatal(err)
		}
		fw.send(dir, fsnotify.Rename)
	}
	alter(saved)
	if err := os.CopyFS(dir, os.DirFS(saved)); err != nil {
		t.Fatal(err)
	}
	fw.send(dir, fsnotify.Create)
}

// edit replaces old with new in the file p.
func edit(t *testing.T, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("test setup: %s has no %q", p, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReplacedThemeFolderIsWatched: the theme folder is replaced by an
// edited copy (rm -rf and cp -r, or mv and cp -r), in the site folder or
// elsewhere (-theme); the copy is built, and a later edit of one of its
// templates is served.
func TestReplacedThemeFolderIsWatched(t *testing.T) {
	for _, tc := range []struct{ name, where, how string }{
		{"rm -rf and copy", "site", "rm"},
		{"mv away and copy", "site", "mv"},
		{"outside the site, rm -rf and copy", "elsewhere", "rm"},
		{"outside the site, mv away and copy", "elsewhere", "mv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := newSite(t)
			themeDir := filepath.Join(dir, "theme")
			if tc.where == "elsewhere" {
				themeDir = filepath.Join(t.TempDir(), "mijn-thema")
			}
			if err := os.CopyFS(themeDir, theme.FS); err != nil {
				t.Fatal(err)
			}
			s, fw, url, ev := faked(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: os.DirFS(themeDir), ThemeDir: themeDir, Debounce: 10 * time.Millisecond})
			page := url + "/errors/reeds-verwerkt/"
			replace(t, fw, themeDir, tc.how, func(copy string) {
				edit(t, filepath.Join(copy, "templates", "error.html"), "<h1>{{.Title}}</h1>", "<h1>{{.Title}} (kopie)</h1>")
			})
			fw.sync(dir)
			templates := filepath.Join(themeDir, "templates")
			if !fw.watching(templates) {
				t.Fatalf("after the theme folder was replaced, %s is not watched", templates)
			}
			waitServed(t, s, ev, page, "(kopie)", "the theme folder was replaced")
			edit(t, filepath.Join(templates, "error.html"), "(kopie)", "(bewerkt)")
			if !fw.send(filepath.Join(templates, "error.html"), fsnotify.Write) {
				t.Fatal("the new theme's templates are not watched")
			}
			waitServed(t, s, ev, page, "(bewerkt)", "an edit of the new theme's error.html")
		})
	}
}

// TestReplacedFolderInsideIsWatched: content/errors, or a folder of the
// theme, is replaced by an edited copy, moved away or deleted first; the
// copy is built, and a later edit in it is served.
func TestReplacedFolderInsideIsWatched(t *testing.T) {
	for _, how := range []string{"rm", "mv"} {
		t.Run("content/errors, "+how, func(t *testing.T) {
			dir, file := newSite(t)
			s, fw, url, ev := faked(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: 10 * time.Millisecond})
			page := url + "/errors/reeds-verwerkt/"
			errs := filepath.Dir(file)
			replace(t, fw, errs, how, func(copy string) {
				os.WriteFile(filepath.Join(copy, filepath.Base(file)), []byte(errorFile("Tweede titel", "error")), 0o644)
			})
			fw.sync(dir)
			if !fw.watching(errs) {
				t.Fatal("the new content/errors is not watched")
			}
			waitServed(t, s, ev, page, "Tweede titel", "content/errors was replaced")
			os.WriteFile(file, []byte(errorFile("Derde titel", "error")), 0o644)
			if !fw.send(file, fsnotify.Write) {
				t.Fatal("the new content/errors is not watched")
			}
			waitServed(t, s, ev, page, "Derde titel", "an edit in the new content/errors")
		})
		t.Run("theme/templates, "+how, func(t *testing.T) {
			dir, _ := newSite(t)
			themeDir := filepath.Join(dir, "theme")
			if err := os.CopyFS(themeDir, theme.FS); err != nil {
				t.Fatal(err)
			}
			s, fw, url, ev := faked(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: os.DirFS(themeDir), ThemeDir: themeDir, Debounce: 10 * time.Millisecond})
			page := url + "/errors/reeds-verwerkt/"
			templates := filepath.Join(themeDir, "templates")
			replace(t, fw, templates, how, func(copy string) {
				edit(t, filepath.Join(copy, "error.html"), "<h1>{{.Title}}</h1>", "<h1>{{.Title}} (kopie)</h1>")
			})
			fw.sync(dir)
			if !fw.watching(templates) {
				t.Fatal("the new theme/templates is not watched")
			}
			waitServed(t, s, ev, page, "(kopie)", "theme/templates was replaced")
			edit(t, filepath.Join(templates, "error.html"), "(kopie)", "(bewerkt)")
			if !fw.send(filepath.Join(templates, "error.html"), fsnotify.Write) {
				t.Fatal("the new theme/templates is not watched")
			}
			waitServed(t, s, ev, page, "(bewerkt)", "an edit of error.html")
		})
	}
}
