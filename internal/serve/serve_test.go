package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/theme"
)

const siteTOML = `title = "Test"
baseURL = "https://help.example.com/"
language = "nl"
[support]
email = "support@example.com"
[[categories]]
name = "instellingen"
title = "Instellingen"
`

func errorFile(title, severity string) string {
	return "+++\nid = \"reeds-verwerkt\"\ntitle = \"" + title + "\"\nmessages = [\"Reeds verwerkt\"]\ncategory = \"instellingen\"\nseverity = \"" + severity + "\"\n+++\nTekst.\n"
}

// newSite writes a one-error site and returns its folder and error file.
func newSite(t *testing.T) (string, string) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(siteTOML), 0o644)
	file := filepath.Join(dir, "content", "errors", "reeds-verwerkt.md")
	os.MkdirAll(filepath.Dir(file), 0o755)
	os.WriteFile(file, []byte(errorFile("Eerste titel", "error")), 0o644)
	return dir, file
}

// events reads an event stream into a channel of event names.
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/_gen/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type = %q", ct)
	}
	c := make(chan string, 16)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				c <- name
			}
		}
		close(c)
	}()
	return c
}

func waitEvent(t *testing.T, c <-chan string, want string) {
	t.Helper()
	select {
	case got := <-c:
		if got != want {
			t.Fatalf("event %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no %q event within 10s", want)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEditReloadBreakRecover edits a file while the server runs: the page is
// rebuilt and a reload event sent; a broken file keeps the last good page in
// service and reports the problem with file and line; fixing it recovers.
func TestEditReloadBreakRecover(t *testing.T) {
	dir, file := newSite(t)
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: 20 * time.Millisecond})
	if !s.Build() {
		t.Fatal("first build failed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watching := make(chan error, 1)
	go func() { watching <- s.Watch(ctx) }()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after the event stream's cleanup, which ends it

	code, body := get(t, srv.URL+"/errors/reeds-verwerkt/")
	if code != 200 || !strings.Contains(body, "Eerste titel") || !strings.Contains(body, `<script type="module" src="/_gen/reload.js"></script>`) {
		t.Fatalf("first page: %d, reload script or title missing:\n%.400s", code, body)
	}
	ev := events(t, srv.URL)
	waitFor(t, "the event stream to register", func() bool { return s.Clients() == 1 })
	time.Sleep(50 * time.Millisecond) // let the watcher settle on a slow machine

	os.WriteFile(file, []byte(errorFile("Tweede titel", "error")), 0o644)
	waitEvent(t, ev, "reload")
	if _, body := get(t, srv.URL+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Tweede titel") {
		t.Errorf("after the edit the page still shows the old title")
	}

	os.WriteFile(file, []byte(errorFile("Derde titel", "rood")), 0o644)
	waitEvent(t, ev, "build-error")
	_, status := get(t, srv.URL+"/_gen/status")
	var st struct {
		OK       bool
		Problems []string
	}
	json.Unmarshal([]byte(status), &st)
	wantProblem := filepath.ToSlash("content/errors/reeds-verwerkt.md") + `:6: severity "rood"`
	if st.OK || len(st.Problems) != 1 || !strings.Contains(st.Problems[0], wantProblem) {
		t.Errorf("status after a broken save = %s, want a problem containing %q", status, wantProblem)
	}
	if _, body := get(t, srv.URL+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Tweede titel") {
		t.Errorf("while broken, the last good page is not served")
	}

	os.WriteFile(file, []byte(errorFile("Vierde titel", "error")), 0o644)
	waitEvent(t, ev, "reload")
	if _, status := get(t, srv.URL+"/_gen/status"); !strings.Contains(status, `"ok":true`) {
		t.Errorf("status after the fix = %s", status)
	}
	if _, body := get(t, srv.URL+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Vierde titel") {
		t.Errorf("after the fix the page is not rebuilt")
	}
	cancel()
	select {
	case err := <-watching:
		if err != nil {
			t.Errorf("Watch: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("Watch did not return after cancel")
	}
}

func TestBrokenFirstBuildShowsProblems(t *testing.T) {
	dir, file := newSite(t)
	os.WriteFile(file, []byte("geen front matter\n"), 0o644)
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS})
	if s.Build() {
		t.Fatal("build of a broken site succeeded")
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after the event stream's cleanup, which ends it
	code, body := get(t, srv.URL+"/")
	if code != 500 || !strings.Contains(body, "reeds-verwerkt.md:1: missing front matter") {
		t.Errorf("page before any good build: %d\n%s", code, body)
	}
}

func TestServingRules(t *testing.T) {
	dir, _ := newSite(t)
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS})
	s.Build()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after the event stream's cleanup, which ends it
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", 200, "text/html; charset=utf-8"},
		{"/errors/reeds-verwerkt/", 200, "text/html; charset=utf-8"},
		{"/errors/reeds-verwerkt", 301, ""},
		{"/errors.json", 200, "application/json"},
		{"/assets/style.css", 200, "text/css; charset=utf-8"},
		{"/errors/bestaat-niet/", 404, "text/html; charset=utf-8"},
		{"/_gen/reload.js", 200, "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		res, err := client.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.status || (tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype) {
			t.Errorf("GET %s = %d %q, want %d %q", tt.path, res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.ctype)
		}
	}
	// Paths that try to leave the site are answered from the in-memory
	// build only: never a file of the machine.
	for _, p := range []string{"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/errors/..%2f..%2f..%2fetc/passwd"} {
		_, body := get(t, srv.URL+p)
		if strings.Contains(body, "root:") {
			t.Errorf("GET %s served a file from outside the site", p)
		}
	}
}

// TestShutdownEndsEventStreams stops the server (Ctrl-C) while a page holds
// an event stream open: Serve must return promptly, not wait for the stream.
func TestShutdownEndsEventStreams(t *testing.T) {
	dir, _ := newSite(t)
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS})
	s.Build()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	ev := events(t, "http://"+ln.Addr().String())
	waitFor(t, "the event stream", func() bool { return s.Clients() == 1 })
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after shutdown with an open event stream")
	}
	for range ev {
		// The stream ends.
	}
	if n := s.Clients(); n != 0 {
		t.Errorf("%d event streams still registered after shutdown", n)
	}
}

// watched starts a server that watches dir, serves it, and streams its
// events; everything stops when the test ends.
func watched(t *testing.T, opts Options) (*Server, string, <-chan string) {
	t.Helper()
	s := New(opts)
	if !s.Build() {
		t.Fatal("first build failed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		cancel()
		<-done
		srv.Close()
	})
	ev := events(t, srv.URL)
	waitFor(t, "the event stream to register", func() bool { return s.Clients() == 1 })
	time.Sleep(50 * time.Millisecond) // let the watcher settle on a slow machine
	return s, srv.URL, ev
}

// TestWatchesSiteSettingsThemeAndNewFiles changes site.toml, a template and
// a stylesheet of a theme read from disk, and adds an error file in a new
// save: each time the site is rebuilt and open pages told to reload.
func TestWatchesSiteSettingsThemeAndNewFiles(t *testing.T) {
	dir, _ := newSite(t)
	themeDir := filepath.Join(t.TempDir(), "theme")
	if err := os.CopyFS(themeDir, theme.FS); err != nil {
		t.Fatal(err)
	}
	_, url, ev := watched(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: os.DirFS(themeDir), ThemeDir: themeDir, Debounce: 20 * time.Millisecond})

	edit := func(path, old, new string) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("test setup: %s has no %q", path, old)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name       string
		change     func()
		path, want string
	}{
		{"site.toml", func() { edit(filepath.Join(dir, "site.toml"), `title = "Test"`, `title = "Nieuwe sitenaam"`) },
			"/errors/reeds-verwerkt/", "Nieuwe sitenaam"},
		{"a template", func() {
			edit(filepath.Join(themeDir, "templates", "base.html"), "Direct naar de inhoud", "Direct naar de uitleg")
		},
			"/errors/reeds-verwerkt/", "Direct naar de uitleg"},
		{"a stylesheet", func() { edit(filepath.Join(themeDir, "static", "style.css"), ":root", "/* stijl-wijziging */\n:root") },
			"/assets/style.css", "stijl-wijziging"},
		{"a new error file", func() {
			os.WriteFile(filepath.Join(dir, "content", "errors", "server-unavailable.md"),
				[]byte("+++\nid = \"server-unavailable\"\ntitle = \"Server niet bereikbaar\"\nmessages = [\"Server Unavailable\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n"), 0o644)
		}, "/errors/server-unavailable/", "Server niet bereikbaar"},
	}
	for _, st := range steps {
		st.change()
		waitEvent(t, ev, "reload")
		if code, body := get(t, url+st.path); code != 200 || !strings.Contains(body, st.want) {
			t.Errorf("after changing %s: GET %s = %d without %q", st.name, st.path, code, st.want)
		}
	}
}

// TestDebounceMergesChanges saves a file five times in quick succession, as
// an editor's format-on-save and a writer's fingers do: one build, one
// reload, of the last version.
func TestDebounceMergesChanges(t *testing.T) {
	dir, file := newSite(t)
	const debounce = 300 * time.Millisecond
	s, url, ev := watched(t, Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: debounce})
	before := s.lastGen()
	for i := range 5 {
		os.WriteFile(file, []byte(errorFile("Versie "+strconv.Itoa(i+1), "error")), 0o644)
		time.Sleep(debounce / 10)
	}
	waitEvent(t, ev, "reload")
	select {
	case e := <-ev:
		t.Errorf("a second event %q: the saves were not merged into one build", e)
	case <-time.After(3 * debounce):
	}
	if n := s.lastGen() - before; n != 1 {
		t.Errorf("%d builds for five quick saves, want 1", n)
	}
	if _, body := get(t, url+"/errors/reeds-verwerkt/"); !strings.Contains(body, "Versie 5") {
		t.Errorf("the page does not show the last save")
	}
}

// TestServeShowsWhatCheckFails: the preview's problems are those gen check
// (and so CI) would fail on, each once, at the file the writer changed:
// a copied file whose new id is not recorded yet; a typo in a new file that
// gen new recorded (the typo, not an anchor "no error has any more"); a
// message the new file repeats (at the new file, saved last, though it
// sorts first).
func TestServeShowsWhatCheckFails(t *testing.T) {
	t.Parallel()
	const valuta = "+++\nid = \"ongeldige-waarde-valuta\"\ntitle = \"Ongeldige waarde: Valuta\"\nmessages = [\"Ongeldige waarde: Valuta\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\nTekst.\n"
	cases := []struct {
		name, lock, file, want string
	}{
		{"copied file", "reeds-verwerkt\n", valuta,
			`content/errors/ongeldige-waarde-valuta.md:2: id "ongeldige-waarde-valuta" is not in anchors.lock yet`},
		{"typo in a recorded new file", "ongeldige-waarde-valuta\nreeds-verwerkt\n", strings.Replace(valuta, `severity = "error"`, `severity = “error”`, 1),
			`content/errors/ongeldige-waarde-valuta.md:6:12: curly quotes: text must be in straight quotes "`},
		{"repeated message", "ongeldige-waarde-valuta\nreeds-verwerkt\n", strings.Replace(valuta, `["Ongeldige waarde: Valuta"]`, `["Ongeldige waarde: Valuta", "Reeds verwerkt"]`, 1),
			`content/errors/ongeldige-waarde-valuta.md:4: message "Reeds verwerkt" is already a message of content/errors/reeds-verwerkt.md`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir, _ := newSite(t)
			os.WriteFile(filepath.Join(dir, "anchors.lock"), []byte("reeds-verwerkt\n"), 0o644)
			s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS})
			if !s.Build() {
				t.Fatal("first build failed")
			}
			// As gen new (or a copy and an edit of anchors.lock) leaves it.
			os.WriteFile(filepath.Join(dir, "anchors.lock"), []byte(tc.lock), 0o644)
			p := filepath.Join(dir, "content", "errors", "ongeldige-waarde-valuta.md")
			os.WriteFile(p, []byte(tc.file), 0o644)
			later := time.Now().Add(time.Minute)
			os.Chtimes(p, later, later)
			if s.Rebuild(content.Changes{All: true}) {
				t.Fatal("the build succeeded; gen check would fail")
			}
			s.WaitChecked()
			srv := httptest.NewServer(s.Handler())
			defer srv.Close()
			_, status := get(t, srv.URL+"/_gen/status")
			var st struct{ Problems []string }
			json.Unmarshal([]byte(status), &st)
			if len(st.Problems) != 1 || !strings.HasPrefix(st.Problems[0], filepath.ToSlash(dir)+"/"+tc.want) && !strings.HasPrefix(st.Problems[0], tc.want) {
				t.Errorf("problems = %q, want exactly one starting with %q", st.Problems, tc.want)
			}
		})
	}
}
