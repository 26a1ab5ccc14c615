// Package serve is the writers' preview server: it builds the site into
// memory, serves it on the loopback interface, rebuilds when a file changes,
// and tells open pages to reload.
//
// # Behaviour
//
//   - Every build goes into a new in-memory snapshot; a request is always
//     answered from one complete snapshot, never from a build in progress.
//   - A build that fails keeps the last good snapshot in service and shows its
//     diagnostics (file:line: message) as an overlay on every page until a
//     build succeeds again. Before the first good build, every page is the
//     list of problems.
//   - Pages reload through server-sent events at /_gen/events. The reload
//     script is a file (/_gen/reload.js), added to every HTML page as a module
//     script, so the pages' Content-Security-Policy needs no exception.
//   - anchors.lock is checked as gen check checks it (an id not recorded yet
//     is a problem, as it is in CI) but never written while serving: a
//     draft id does not become a published anchor.
//   - Of two files that clash (a message, a title), the one saved last is
//     reported.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bookzo/exact-help/internal/anchors"
	"github.com/bookzo/exact-help/internal/build"
	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
)

//go:embed reload.js
var reloadJS []byte

// Options configure a Server.
type Options struct {
	Src     string // the site folder
	BaseURL string // the address pages are served at, such as http://127.0.0.1:1313/
	Theme   fs.FS  // the theme (read from disk while serving, for theme work)
	// ThemeDir is the theme's folder on disk, watched for changes; "" when
	// the theme is embedded.
	ThemeDir string
	Debounce time.Duration // how long to wait for more changes; default 100ms
	Logf     func(format string, args ...any)
}

// snapshot is one build: its files, or its problems.
type snapshot struct {
	files    site.MemWriter
	content  *content.Site // what files were built from (nil for a failed build)
	routes   []site.Route  // the route table of the build (nil for a failed build)
	problems []string      // errors of the build that produced this state
	gen      int           // build number
	took     time.Duration
}

// Server serves the site and rebuilds it.
type Server struct {
	opts Options
	good atomic.Pointer[snapshot] // the last successful build
	last atomic.Pointer[snapshot] // the last build, good or bad

	mu      sync.Mutex
	clients map[chan string]struct{}

	// Builds take buildMu: the builder (its loader and cache) carries what
	// one build made to the next.
	buildMu sync.Mutex
	builds  int
	builder *build.Builder
	ranks   *rankCache    // the loader's ranks: file times, forgotten on change
	checked chan struct{} // closed when the background check of the last build is done
	// unapplied are the files that changed since the build in service: a
	// failed quick build leaves them to the next one; nil with needFull
	// after a failed full build.
	unapplied []string
	needFull  bool

	newWatcher func() (watcher, error) // fsnotify's; a test's own
}

// New returns a server; call Build before serving.
func New(opts Options) *Server {
	if opts.Debounce == 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	done := make(chan struct{})
	close(done)
	// A clash between two files is reported at the one saved last: the
	// file the writer is editing.
	// Each file is looked at once, and again when it changes (prepare
	// forgets the changed files' times): 10,000 stats a build cost more
	// than the quick build itself.
	ranks := &rankCache{times: map[string]int64{}}
	rank := func(p string) int64 {
		return ranks.get(p, func() int64 {
			if st, err := os.Lstat(filepath.Join(opts.Src, filepath.FromSlash(p))); err == nil {
				return st.ModTime().UnixNano()
			}
			return 0
		})
	}
	b := build.New(os.DirFS(opts.Src), build.Options{
		Theme:   opts.Theme,
		BaseURL: opts.BaseURL,
		Cache:   site.NewCache(),
		Rank:    func(*anchors.Lock) func(string) int64 { return rank },
		// What gen check (and so CI) would fail on too: an id or alias
		// not recorded yet, a record out of order.
		Strict: true,
	})
	return &Server{
		opts:    opts,
		clients: map[chan string]struct{}{},
		builder: b,
		ranks:   ranks,
		checked: done,

		newWatcher: newFSWatcher,
	}
}

// A rankCache keeps the modification time of each file the loader ranked.
type rankCache struct {
	mu    sync.Mutex
	times map[string]int64
}

func (c *rankCache) get(p string, stat func() int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.times[p]; ok {
		return t
	}
	t := stat()
	c.times[p] = t
	return t
}

// forget drops the times of the changed files.
func (c *rankCache) forget(ch content.Changes) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch.All {
		clear(c.times)
		return
	}
	for _, p := range ch.Files {
		delete(c.times, p)
	}
}

// Build builds the whole site into a new snapshot and tells open pages:
// "reload" after a good build, "build-error" after a failed one. It reports
// whether the build succeeded.
func (s *Server) Build() bool { return s.Rebuild(content.Changes{All: true}) }

// Rebuild builds the site again after the changes ch: error files (paths
// relative to the site folder), or everything (site.toml, the theme). It
// answers fast: it reads and renders only the changed files, checks what
// one file can break, writes only the pages whose route key changed
// (site.Changed) over the last good build, and tells open pages to reload. Then a full build, with every site-wide check, runs in the
// background from the cache; it reports what the quick check could not see
// (overlapping messages), and brings the search index, errors.json and the
// sitemap up to date. Its pages must equal the quick build's; if they do
// not, they replace them and pages reload again.
func (s *Server) Rebuild(ch content.Changes) bool {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	prev := s.good.Load()
	if ch.All || prev == nil || s.needFull {
		ok := s.full()
		s.needFull, s.unapplied = !ok, nil
		return ok
	}
	changed := append(s.unapplied, ch.Files...)
	slices.Sort(changed)
	changed = slices.Compact(changed)
	start := time.Now()
	s.builds++
	snap := &snapshot{gen: s.builds}
	cs, built, problems := s.prepare(content.Changes{Files: changed}, content.Quick)
	if len(problems) == 0 {
		// The pages whose inputs changed: the route tables' keys say.
		routes := built.Routes()
		touched, gone := site.Changed(prev.routes, routes)
		files := make(site.MemWriter, len(prev.files))
		for name, data := range prev.files {
			files[name] = data
		}
		for _, name := range gone {
			delete(files, name)
		}
		if _, err := built.WriteOnly(files, touched); err != nil {
			problems = []string{err.Error()}
		} else {
			snap.routes = routes
			s.serveBuild(snap, files, cs, start, fmt.Sprintf("%s changed, %s", content.Count(len(changed), "file"), content.Count(len(touched), "page")))
			s.unapplied = nil
			s.checkLater(snap.gen)
			return true
		}
	}
	snap.problems = problems
	snap.took = time.Since(start)
	s.unapplied = changed
	s.fail(snap)
	return false
}

// full reads every file and builds every page, with every check. The
// caller holds buildMu.
func (s *Server) full() bool {
	start := time.Now()
	s.builds++
	snap := &snapshot{gen: s.builds}
	cs, routes, files, problems := s.buildAll(content.Changes{All: true})
	if len(problems) == 0 {
		snap.routes = routes
		s.serveBuild(snap, files, cs, start, fmt.Sprintf("%d files", len(files)))
		return true
	}
	snap.problems = problems
	snap.took = time.Since(start)
	s.fail(snap)
	return false
}

// serveBuild puts a good build in service and tells open pages to reload.
func (s *Server) serveBuild(snap *snapshot, files site.MemWriter, cs *content.Site, start time.Time, what string) {
	snap.files, snap.content = files, cs
	snap.took = time.Since(start)
	s.good.Store(snap)
	s.last.Store(snap)
	s.opts.Logf("build %d: %s in %s", snap.gen, what, snap.took.Round(time.Microsecond))
	s.broadcast("reload")
}

// fail records a failed build and shows its problems.
func (s *Server) fail(snap *snapshot) {
	s.last.Store(snap)
	s.opts.Logf("build %d failed in %s:\n  %s", snap.gen, snap.took.Round(time.Millisecond), strings.Join(snap.problems, "\n  "))
	s.broadcast("build-error")
}

// checkLater runs the full build of generation gen in the background,
// unless a newer build comes first. It compares its pages with the quick
// build's and swaps in its files.
func (s *Server) checkLater(gen int) {
	done := make(chan struct{})
	s.checked = done
	go func() {
		defer close(done)
		s.buildMu.Lock()
		defer s.buildMu.Unlock()
		if s.builds != gen {
			return // a newer build checks itself
		}
		quick := s.good.Load()
		start := time.Now()
		cs, routes, files, problems := s.buildAll(content.Changes{}) // nothing changed since the quick build
		if len(problems) > 0 {
			// The quick build's pages stay in service, under the problems.
			s.fail(&snapshot{gen: gen, problems: problems, took: time.Since(start)})
			return
		}
		differ := differentPages(quick.files, files)
		snap := &snapshot{gen: gen, files: files, content: cs, routes: routes, took: quick.took}
		s.good.Store(snap)
		s.last.Store(snap)
		if len(differ) > 0 {
			s.opts.Logf("build %d: the full build differs from the quick one in %d pages (%s); reloading", gen, len(differ), strings.Join(differ[:min(3, len(differ))], ", "))
			s.broadcast("reload")
		}
		s.opts.Logf("build %d: checked in %s", gen, time.Since(start).Round(time.Millisecond))
	}()
}

// WaitChecked waits until the background check of the last build is done.
func (s *Server) WaitChecked() {
	s.buildMu.Lock()
	c := s.checked
	s.buildMu.Unlock()
	<-c
}

// differentPages lists the HTML pages that a and b do not have alike.
func differentPages(a, b site.MemWriter) []string {
	var out []string
	for name, data := range b {
		if strings.HasSuffix(name, ".html") && !bytes.Equal(a[name], data) {
			out = append(out, name)
		}
	}
	for name := range a {
		if _, ok := b[name]; !ok && strings.HasSuffix(name, ".html") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// buildAll builds every file of the site with every check, after the
// changes ch.
func (s *Server) buildAll(ch content.Changes) (*content.Site, []site.Route, site.MemWriter, []string) {
	cs, built, problems := s.prepare(ch, content.Full)
	if len(problems) > 0 {
		return nil, nil, nil, problems
	}
	files := site.MemWriter{}
	if _, err := built.Write(files); err != nil {
		return nil, nil, nil, []string{err.Error()}
	}
	return cs, built.Routes(), files, nil
}

// prepare builds the site after the changes ch; it returns the problems
// that forbid serving it.
func (s *Server) prepare(ch content.Changes, check content.Check) (*content.Site, *site.Site, []string) {
	s.ranks.forget(ch)
	r := s.builder.Build(ch, check)
	var problems []string
	for _, d := range r.Diags.Errors() {
		problems = append(problems, d.String())
	}
	if r.Content == nil && len(problems) == 0 {
		problems = []string{"site.toml cannot be used"}
	}
	return r.Content, r.Site, problems
}

func (s *Server) broadcast(event string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- event:
		default: // a slow client misses one event; the next one reloads it
		}
	}
}

// Handler serves the site, the reload script and the event stream, to the
// writer's own browser only (see guard).
func (s *Server) Handler() http.Handler {
	return s.guard(s.mux())
}

// guard refuses requests that a page on another site could make through the
// writer's browser:
//
//   - A Host that is not this machine's own (127.0.0.1, localhost, [::1], the
//     listen address; any IP address when listening on all of them) is
//     refused: a DNS rebinding attack names an attacker's domain.
//   - /_gen/status (which lists problems with file paths) and /_gen/events
//     refuse an Origin other than the server's own.
//   - Only GET and HEAD are served: the preview changes nothing.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allowedHost(r.Host) {
			http.Error(w, "gen serve answers only requests for this machine (127.0.0.1, localhost, [::1]); this one was for "+r.Host, http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "gen serve only answers GET and HEAD", http.StatusMethodNotAllowed)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/_gen/") && r.URL.Path != "/_gen/reload.js" {
			if o := r.Header.Get("Origin"); o != "" && !s.allowedOrigin(o) {
				http.Error(w, "gen serve answers its own pages only", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// allowedHost reports whether a Host header names this server.
func (s *Server) allowedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	listen := s.listenHost()
	switch {
	case host == "":
		return false
	case strings.EqualFold(host, "localhost"), host == listen:
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	// Listening on every address (-bind 0.0.0.0, for a phone on the same
	// network): any address of this machine, typed as a number. A number
	// cannot be rebound to another machine as a name can.
	l := net.ParseIP(listen)
	return l != nil && l.IsUnspecified()
}

// allowedOrigin reports whether an Origin header is one of this server's
// own addresses (same port).
func (s *Server) allowedOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || !s.allowedHost(u.Host) {
		return false
	}
	return u.Port() == s.listenPort()
}

func (s *Server) listenHost() string {
	u, err := url.Parse(s.opts.BaseURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func (s *Server) listenPort() string {
	u, err := url.Parse(s.opts.BaseURL)
	if err != nil {
		return ""
	}
	if p := u.Port(); p != "" {
		return p
	}
	return "80"
}

func (s *Server) mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/_gen/events", s.events)
	mux.HandleFunc("/_gen/status", s.status)
	mux.HandleFunc("/_gen/reload.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(reloadJS)
	})
	mux.HandleFunc("/", s.page)
	return mux
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	last := s.last.Load()
	st := struct {
		OK       bool     `json:"ok"`
		Build    int      `json:"build"`
		Problems []string `json:"problems"`
	}{OK: true, Problems: []string{}}
	if last != nil {
		st.Build = last.gen
		st.OK = len(last.problems) == 0
		if !st.OK {
			st.Problems = last.problems
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(st)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan string, 4)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %d\n\n", ev, s.lastGen())
			flusher.Flush()
		}
	}
}

func (s *Server) lastGen() int {
	if l := s.last.Load(); l != nil {
		return l.gen
	}
	return 0
}

// Clients returns the number of open event streams.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	snap := s.good.Load()
	if snap == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write(problemPage(s.last.Load()))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	data, ok := snap.files[name]
	if !ok || name == "" || strings.HasSuffix(r.URL.Path, "/") {
		if d, ok2 := snap.files[path.Join(name, "index.html")]; ok2 {
			if !strings.HasSuffix(r.URL.Path, "/") {
				// To the cleaned path, never the request's own: a path
				// such as //evil.com/../errors is a link to another site.
				target := "/" + name + "/"
				if r.URL.RawQuery != "" {
					target += "?" + r.URL.RawQuery
				}
				http.Redirect(w, r, target, http.StatusMovedPermanently)
				return
			}
			data, ok, name = d, true, path.Join(name, "index.html")
		}
	}
	status := http.StatusOK
	if !ok {
		data, status, name = snap.files["404.html"], http.StatusNotFound, "404.html"
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	if strings.HasSuffix(name, ".html") {
		data = injectReload(data)
	}
	w.WriteHeader(status)
	w.Write(data)
}

// injectReload adds the reload script to an HTML page, before </head>.
func injectReload(page []byte) []byte {
	tag := []byte(`<script type="module" src="/_gen/reload.js"></script>` + "\n")
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		return append(tag, page...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// problemPage lists a failed build's problems, for when there is no good
// build to show.
func problemPage(last *snapshot) []byte {
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title>` +
		`<script type="module" src="/_gen/reload.js"></script></head><body><h1>The site does not build</h1><pre>`)
	if last != nil {
		for _, p := range last.problems {
			b.WriteString(htmlEscape(p))
			b.WriteByte('\n')
		}
	}
	b.WriteString("</pre><p>Fix the file and save: this page reloads by itself.</p></body></html>\n")
	return b.Bytes()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// ListenAndServe serves on addr until ctx is done, then shuts down cleanly.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, then shuts down cleanly: open event
// streams are ended, and Serve returns when every handler has.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// Requests derive from base, so that cancelling it ends event streams,
	// which Shutdown would otherwise wait for.
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	cancelBase()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	<-errc
	if errors.Is(err, context.DeadlineExceeded) {
		return srv.Close()
	}
	return err
}
