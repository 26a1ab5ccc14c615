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
//   - anchors.lock is checked but never written while serving: a draft id
//     does not become a published anchor.
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
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bookzo/exact-help/internal/anchors"
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
	problems []string // errors of the build that produced this state
	gen      int      // build number
	took     time.Duration
}

// Server serves the site and rebuilds it.
type Server struct {
	opts Options
	good atomic.Pointer[snapshot] // the last successful build
	last atomic.Pointer[snapshot] // the last build, good or bad

	mu      sync.Mutex
	clients map[chan string]struct{}
	builds  int
	buildMu sync.Mutex
}

// New returns a server; call Build before serving.
func New(opts Options) *Server {
	if opts.Debounce == 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	return &Server{opts: opts, clients: map[chan string]struct{}{}}
}

// Build builds the site into a new snapshot and tells open pages: "reload"
// after a good build, "build-error" after a failed one. It reports whether the build
// succeeded.
func (s *Server) Build() bool {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	s.builds++
	snap := &snapshot{gen: s.builds}
	files, problems := s.build()
	snap.took = time.Since(start)
	if len(problems) > 0 {
		snap.problems = problems
		s.last.Store(snap)
		s.opts.Logf("build %d failed in %s:\n  %s", snap.gen, snap.took.Round(time.Millisecond), strings.Join(problems, "\n  "))
		s.broadcast("build-error")
		return false
	}
	snap.files = files
	s.good.Store(snap)
	s.last.Store(snap)
	s.opts.Logf("build %d: %d files in %s", snap.gen, len(files), snap.took.Round(time.Millisecond))
	s.broadcast("reload")
	return true
}

func (s *Server) build() (site.MemWriter, []string) {
	cs, ds := content.Load(os.DirFS(s.opts.Src))
	if cs != nil {
		built, rds := site.New(cs, s.opts.Theme, site.Options{Theme: s.opts.Theme, BaseURL: s.opts.BaseURL})
		ds = append(ds, rds...)
		if data, err := os.ReadFile(filepath.Join(s.opts.Src, anchors.Path)); err == nil {
			lock, lds := anchors.Parse(data)
			ds = append(ds, lds...)
			ds = append(ds, lock.Verify(cs, false, nil)...)
		}
		ds.Sort()
		if len(ds.Errors()) == 0 {
			files := site.MemWriter{}
			if _, err := built.Write(files); err != nil {
				return nil, []string{err.Error()}
			}
			return files, nil
		}
	}
	var problems []string
	for _, d := range ds.Errors() {
		problems = append(problems, d.String())
	}
	return nil, problems
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

// Handler serves the site, the reload script and the event stream.
func (s *Server) Handler() http.Handler {
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
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
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
