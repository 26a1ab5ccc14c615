// Package e2e drives the built help site in a real browser: Chromium,
// headless, through the DevTools protocol (chromedp).
//
// # What it runs against
//
// Each site is built with the internal packages into a temporary folder and
// served by net/http/httptest on 127.0.0.1, as a static host would serve it:
// files as they are, and every unknown path answered with the site's 404.html
// and status 404. Two sites are used: the real one (the repository's content,
// loaded from "..") and testdata/sites/basic.txtar, the small site with an
// alias. Both are built with their base URL set to the server's address, so
// links and canonical URLs point at the test server.
//
// # The browser
//
// Chromium is found in $CHROMIUM, /usr/bin/chromium, or as chromium,
// chromium-browser or google-chrome in $PATH. Without it the tests skip with a
// loud message, except in CI (CI=true), where a missing browser is a failure.
// One browser runs for the whole test binary, started by the first test that
// needs it; each test gets its own tab and a bounded context. Tests wait for
// conditions by polling; they never sleep and hope.
//
// Screenshots are written to testout/screenshots/ at the repository root
// (git-ignored), for people and CI artifacts to look at.
package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/publish"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

const (
	// testTimeout bounds each test's (or subtest's) tab.
	testTimeout = 30 * time.Second
	// waitTimeout bounds one wait for a condition; shorter than testTimeout,
	// so that a failed wait still has time to report the page's state.
	waitTimeout = 10 * time.Second
	// startTimeout bounds the browser's start.
	startTimeout = 60 * time.Second
)

// repoRoot is the repository, seen from the package folder (go test runs
// tests in the package's folder).
const repoRoot = ".."

// The browser, shared by every test of the binary.
var (
	chromiumPath string // "" when none was found
	browserCtx   context.Context
	startOnce    sync.Once
	startErr     error
)

// Resources that live until the binary ends (servers, temporary folders).
var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func atExit(f func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, f)
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// The tests spend most of their time waiting for the browser, not on a
	// core; unless -parallel is given, run more of them side by side than
	// the default (GOMAXPROCS).
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(max(4, runtime.GOMAXPROCS(0))))
	}
	defer func() {
		cleanupMu.Lock()
		defer cleanupMu.Unlock()
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}()
	chromiumPath = findChromium()
	if chromiumPath == "" && os.Getenv("CI") != "true" {
		// Skips are silent without -v; say it here too.
		fmt.Fprintf(os.Stderr, "%s\n!!! e2e: %s: the browser tests SKIP\n%s\n",
			strings.Repeat("!", 72), missingChromium(), strings.Repeat("!", 72))
	}
	if chromiumPath != "" {
		// A fresh profile for this run. (Not t.TempDir: the browser outlives
		// any one test.)
		profile, err := os.MkdirTemp("", "e2e-chromium-profile-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			return 1
		}
		atExit(func() { os.RemoveAll(profile) })
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			// A desktop's mouse: headless Chromium reports no hovering
			// pointer (hover: none) unless told. Phone-sized tests emulate
			// touch on top.
			chromedp.Flag("blink-settings", "primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4"),
			chromedp.UserDataDir(profile),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		var cancelBrowser context.CancelFunc
		browserCtx, cancelBrowser = chromedp.NewContext(allocCtx)
		atExit(func() {
			// Close the browser gracefully, but not forever.
			done := make(chan struct{})
			go func() {
				_ = chromedp.Cancel(browserCtx)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
			}
			cancelBrowser()
			cancelAlloc()
		})
	}
	return m.Run()
}

// findChromium returns the browser to drive, or "".
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if full, err := exec.LookPath(p); err == nil {
			return full
		}
		return "" // set but wrong: say so rather than pick another browser
	}
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if full, err := exec.LookPath(name); err == nil {
			return full
		}
	}
	return ""
}

// missingChromium says that no browser was found, and how to get one.
func missingChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return fmt.Sprintf("chromium not found: $CHROMIUM=%q is not an executable", p)
	}
	return "chromium not found; .ci/run installs it with apt-get install -y chromium"
}

// requireBrowser starts the shared browser, or skips (locally) or fails (in
// CI) the test when there is none.
func requireBrowser(t *testing.T) {
	t.Helper()
	if chromiumPath == "" {
		msg := missingChromium()
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("\n" + strings.Repeat("!", 72) + "\n!!! SKIPPING BROWSER TEST: " + msg +
			"\n!!! (set $CHROMIUM to a Chromium or Chrome binary to run it)\n" + strings.Repeat("!", 72))
	}
	startOnce.Do(func() {
		// The first Run binds the browser's life to its context, so it runs
		// on browserCtx (no deadline); the wait for it is bounded here.
		done := make(chan error, 1)
		go func() { done <- chromedp.Do(browserCtx) }()
		select {
		case startErr = <-done:
		case <-time.After(startTimeout):
			startErr = fmt.Errorf("the browser did not start within %v", startTimeout)
		}
		if startErr != nil {
			startErr = fmt.Errorf("starting %s: %w", chromiumPath, startErr)
		}
	})
	if startErr != nil {
		t.Fatal(startErr)
	}
}

// newTab opens a tab in the shared browser for the test, bounded by
// testTimeout; it closes when the test ends.
func newTab(t *testing.T) context.Context {
	t.Helper()
	return openTab(t, "a tab")
}

// openTab opens a tab of the shared browser with opts, closed when the test
// ends; what names it in a failure.
func openTab(t *testing.T, what string, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	requireBrowser(t)
	tabCtx, cancelTab := chromedp.NewContext(browserCtx, opts...)
	ctx, cancel := context.WithTimeout(tabCtx, testTimeout)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening %s: %v", what, err)
	}
	// Tests run side by side, each in its own tab; each tab behaves as the
	// focused one, as the only tab of a reader's window does: focus,
	// :focus-visible and clipboard reads do not depend on which tab was
	// opened last.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("opening %s: emulating focus: %v", what, err)
	}
	return ctx
}

// clipboardMu guards the browser's clipboard, which all tabs share.
var clipboardMu sync.Mutex

// lockClipboard takes the clipboard for a write-then-read sequence of the
// test, so that no test in another tab writes in between; the returned
// function gives it back (once), as does the test's end.
func lockClipboard(t *testing.T) (unlock func()) {
	clipboardMu.Lock()
	unlock = sync.OnceFunc(clipboardMu.Unlock)
	t.Cleanup(unlock)
	return unlock
}

// do runs actions in the tab and fails the test on an error.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// navigate opens url in the tab and waits for its load event.
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, "opening "+url, chromedp.Navigate(url))
}

// eval evaluates a JavaScript expression in the page and decodes its value;
// promises are awaited.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor evaluates cond, a JavaScript expression, until it is true, and
// fails the test after waitTimeout. Errors while the page changes (a
// navigation destroys the context being evaluated in) count as false. On
// failure it reports the value of the JavaScript expression state, if any.
func waitFor(t *testing.T, ctx context.Context, what, cond, state string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	var lastErr error
	for {
		ok, err := chromedp.Run(wctx, chromedp.Evaluate[bool](cond, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		if err != nil && wctx.Err() == nil {
			lastErr = err
		}
		select {
		case <-wctx.Done():
			msg := fmt.Sprintf("timed out after %v waiting for %s\n  condition: %s", waitTimeout, what, cond)
			if lastErr != nil {
				msg += fmt.Sprintf("\n  last error: %v", lastErr)
			}
			if state != "" {
				if b, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](state)); err == nil {
					msg += "\n  page state: " + string(b)
				} else {
					msg += fmt.Sprintf("\n  page state: unavailable (%v)", err)
				}
			}
			t.Fatal(msg)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// setViewport sets the tab's viewport; widths below 600 are emulated as a
// phone (mobile viewport, touch).
func setViewport(t *testing.T, ctx context.Context, width, height int64) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	do(t, ctx, fmt.Sprintf("setting the viewport to %dx%d", width, height), chromedp.EmulateViewport(width, height, opts...))
}

// emulateMedia sets the CSS media type ("screen", "print", or "" for the
// default) and prefers-color-scheme ("light", "dark", or "" for the default).
func emulateMedia(t *testing.T, ctx context.Context, media, scheme string) {
	t.Helper()
	p := emulation.SetEmulatedMediaParams{Media: media}
	if scheme != "" {
		p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p); err != nil {
		t.Fatalf("emulating media %q, color scheme %q: %v", media, scheme, err)
	}
}

// disableJavaScript turns off the page's scripts in the tab, as a browser
// with JavaScript switched off. DevTools evaluation still works.
func disableJavaScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disabling JavaScript: %v", err)
	}
}

// A served site: built output on disk, behind a local HTTP server.
type served struct {
	URL     string        // the server's address, without a trailing slash
	Content *content.Site // what the site was built from
	Dir     string        // the output folder
}

var (
	sitesMu sync.Mutex
	sites   = map[string]*served{}
)

// realSite serves the repository's own content.
func realSite(t *testing.T) *served {
	t.Helper()
	return serveSite(t, "real", func() (fs.FS, error) { return os.DirFS(repoRoot), nil })
}

// basicSite serves testdata/sites/basic.txtar, the small site with an alias.
func basicSite(t *testing.T) *served {
	t.Helper()
	return serveSite(t, "basic", func() (fs.FS, error) {
		ar, err := txtar.ParseFile(filepath.Join(repoRoot, "testdata", "sites", "basic.txtar"))
		if err != nil {
			return nil, err
		}
		fsys := fstest.MapFS{}
		for _, f := range ar.Files {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
		return fsys, nil
	})
}

// serveSite builds the site once per binary and serves it.
func serveSite(t *testing.T, name string, src func() (fs.FS, error)) *served {
	t.Helper()
	sitesMu.Lock()
	defer sitesMu.Unlock()
	if s := sites[name]; s != nil {
		return s
	}
	fsys, err := src()
	if err != nil {
		t.Fatalf("site %s: %v", name, err)
	}
	cs, ds := content.Load(fsys)
	if cs == nil || len(ds.Errors()) > 0 {
		t.Fatalf("loading site %s:\n%v", name, ds)
	}
	dir, err := os.MkdirTemp("", "e2e-site-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	atExit(func() { os.RemoveAll(dir) })
	// The server starts first: its address is the site's base URL.
	srv := httptest.NewServer(siteHandler(dir))
	atExit(srv.Close)
	s, ds := site.New(cs, theme.FS, site.Options{BaseURL: srv.URL + "/"})
	if err := site.Check(ds); err != nil {
		t.Fatalf("building site %s: %v", name, err)
	}
	if _, err := s.Write(&publish.DirWriter{Dir: dir}); err != nil {
		t.Fatalf("writing site %s: %v", name, err)
	}
	sv := &served{URL: srv.URL, Content: cs, Dir: dir}
	sites[name] = sv
	return sv
}

// siteHandler serves a built site as a static host does: files and folders
// with an index.html as they are, anything else the site's 404.html with
// status 404.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		fi, err := os.Stat(p)
		if err == nil && fi.IsDir() {
			fi, err = os.Stat(filepath.Join(p, "index.html"))
		}
		if err != nil || fi.IsDir() {
			page, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.Error(w, "404.html missing from the built site", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(page)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r)
	})
}

// screenshotDir is where screenshots go: testout/screenshots at the
// repository root.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(repoRoot, "testout", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// saveScreenshot writes png to the screenshot folder as name.
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	p := filepath.Join(screenshotDir(t), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	t.Logf("screenshot: %s", abs)
}
