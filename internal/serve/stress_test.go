package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/theme"
)

// TestServeUnderStress runs the dev server on loopback while a writer's
// editor saves files in every way editors do (in place, through a temporary
// file renamed over the original, delete and write again, a broken save) and
// readers fetch pages, the search index and the event stream, all at once.
// Every answer must be a whole page of one build (well-formed, its title
// and heading alike); nothing may panic; after shutdown no goroutine may be
// left; and the heap must not grow with the number of builds. Run it with
// -race too (the README's test command does).
func TestServeUnderStress(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 150, 11); err != nil {
		t.Fatal(err)
	}
	ids := errorIDs(t, dir)
	baseline := runtime.NumGoroutine()

	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Debounce: 15 * time.Millisecond})
	if !s.Build() {
		t.Fatal("first build failed")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	watched := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	go func() { watched <- s.Watch(ctx) }()
	time.Sleep(50 * time.Millisecond) // let the watcher settle

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()

	var stop atomic.Bool
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 10 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}

	// The editor.
	var saves atomic.Int64
	wg.Go(func() {
		rng := rand.New(rand.NewPCG(1, 2))
		for i := 0; !stop.Load(); i++ {
			id := ids[rng.IntN(len(ids))]
			file := filepath.Join(dir, "content", "errors", id+".md")
			data, err := os.ReadFile(file)
			if err != nil {
				continue // deleted a moment ago
			}
			changed := regexp.MustCompile(`(?m)^title = "(.*?)( v\d+)?"$`).ReplaceAll(data, []byte(fmt.Sprintf(`title = "$1 v%d"`, i)))
			switch i % 5 {
			case 0, 1: // in place
				os.WriteFile(file, changed, 0o644)
			case 2: // vim/VS Code: write a temporary file, rename it over
				tmp := filepath.Join(dir, "content", "errors", "."+id+".md.swp")
				os.WriteFile(tmp, changed, 0o644)
				os.Rename(tmp, file)
			case 3: // delete, then write again
				os.Remove(file)
				time.Sleep(5 * time.Millisecond)
				os.WriteFile(file, changed, 0o644)
			case 4: // a broken save, fixed at once
				os.WriteFile(file, bytes.Replace(changed, []byte("+++\n"), []byte("+++\nid = \n"), 1), 0o644)
				time.Sleep(10 * time.Millisecond)
				os.WriteFile(file, changed, 0o644)
			}
			saves.Add(1)
			time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
		}
	})

	// The readers.
	titleRe := regexp.MustCompile(`<title>(.*?) · `)
	h1Re := regexp.MustCompile(`<h1>(.*?)</h1>`)
	var reads atomic.Int64
	for r := range 6 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(r), 7))
			for !stop.Load() {
				path := "/errors/" + ids[rng.IntN(len(ids))] + "/"
				switch rng.IntN(6) {
				case 0:
					path = "/"
				case 1:
					path = "/errors/"
				case 2:
					path = "/search/meta.json"
				}
				res, err := client.Get(url + path)
				if err != nil {
					fail("GET %s: %v", path, err)
					continue
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				reads.Add(1)
				if err != nil {
					fail("GET %s: reading: %v", path, err)
					continue
				}
				switch {
				case res.StatusCode == http.StatusNotFound: // an error deleted a moment ago
				case res.StatusCode != http.StatusOK:
					fail("GET %s: status %d", path, res.StatusCode)
				case path == "/search/meta.json":
					if !bytes.HasPrefix(body, []byte("{")) || !bytes.HasSuffix(bytes.TrimSpace(body), []byte("}")) {
						fail("GET %s: not a whole JSON file", path)
					}
				default:
					if !bytes.HasPrefix(body, []byte("<!DOCTYPE html>")) || !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) {
						fail("GET %s: not a whole page (%d bytes)", path, len(body))
					}
					if path != "/" && path != "/errors/" {
						t, h := titleRe.FindSubmatch(body), h1Re.FindSubmatch(body)
						if t == nil || h == nil || !bytes.Equal(t[1], h[1]) {
							fail("GET %s: title and heading from different builds: %q, %q", path, t, h)
						}
					}
				}
			}
		})
	}
	// Pages that come and go, with their event streams.
	wg.Go(func() {
		for !stop.Load() {
			sctx, scancel := context.WithTimeout(ctx, 200*time.Millisecond)
			req, _ := http.NewRequestWithContext(sctx, "GET", url+"/_gen/events", nil)
			if res, err := client.Do(req); err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			scancel()
		}
	})

	heapAt := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	time.Sleep(1500 * time.Millisecond)
	s.WaitChecked()
	early, earlyBuilds := heapAt(), s.lastGen()
	// At least a dozen more builds: slow under -race on a shared machine,
	// so the deadline is generous (a stuck server still fails the test).
	for end := time.Now().Add(120 * time.Second); s.lastGen() < earlyBuilds+12 && time.Now().Before(end); {
		time.Sleep(50 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	s.WaitChecked()
	late, lateBuilds := heapAt(), s.lastGen()
	t.Logf("%d saves, %d reads, %d builds; heap %.1f MB after %d builds, %.1f MB after %d", saves.Load(), reads.Load(), lateBuilds,
		float64(early)/1e6, earlyBuilds, float64(late)/1e6, lateBuilds)
	for _, f := range failures {
		t.Error(f)
	}
	if lateBuilds-earlyBuilds < 12 {
		t.Errorf("only %d builds while the editor saved: the test did not stress the server", lateBuilds-earlyBuilds)
	}
	if late > early+early/2+16<<20 {
		t.Errorf("the heap grew from %.1f MB to %.1f MB over %d builds", float64(early)/1e6, float64(late)/1e6, lateBuilds-earlyBuilds)
	}

	// The site still builds from what the editor left, and serves it.
	time.Sleep(100 * time.Millisecond)
	s.WaitChecked()
	if last := s.last.Load(); len(last.problems) > 0 {
		t.Errorf("after the last save, the build has problems: %v", last.problems)
	}

	cancel()
	for name, c := range map[string]chan error{"Serve": served, "Watch": watched} {
		select {
		case err := <-c:
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s did not return after shutdown", name)
		}
	}
	s.WaitChecked()
	client.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after shutdown, %d before the server started:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}
