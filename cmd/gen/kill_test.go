package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/publish"
)

// TestMain lets the test binary stand in for gen: with GEN_TEST_MAIN=1 it
// runs the command with its arguments (for tests that must kill a build).
// The tests' builds keep their persistent cache (gen build -cache) in a
// folder of their own, never the user's.
func TestMain(m *testing.M) {
	if os.Getenv("GEN_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	dir, err := os.MkdirTemp("", "gen-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestKilledBuildLeavesOutputIntact builds a site, then again and again
// with changed content, killing each build with SIGKILL at a random moment
// (reading, rendering, writing, swapping). After every kill the output
// folder must hold exactly a complete build: the one before, or, when the
// kill came after the swap, the new one (built whole elsewhere to compare),
// and nothing else; and the list beside it must agree, so that the next
// build may replace it. The next build that is not killed removes the
// temporary folders the killed ones left.
// killSiteErrors is the size of the killed builds' site: big enough that a
// build takes long enough to be killed at many moments (the test fails when
// no kill lands before the swap), small enough to build two dozen times.
const killSiteErrors = 300

func TestKilledBuildLeavesOutputIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 300 errors two dozen times")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := memTempDir(t)
	src, out := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if err := corpus.Write(src, killSiteErrors, 3); err != nil {
		t.Fatal(err)
	}
	// Every build renders everything (no persistent cache), so that each
	// takes as long as the one that was timed.
	gen := func(args ...string) *exec.Cmd {
		cmd := exec.Command(self, append(args, "-cache", "off")...)
		cmd.Env = append(os.Environ(), "GEN_TEST_MAIN=1")
		return cmd
	}
	build := func() {
		t.Helper()
		if b, err := gen("build", "-src", src, "-out", out).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, b)
		}
	}
	start := time.Now()
	build()
	took := time.Since(start)
	last := snapshotHashes(t, out)
	checkComplete(t, out, last)

	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d; a build takes %v", seed, took.Round(time.Millisecond))
	rng := rand.New(rand.NewPCG(seed, 0))
	file := filepath.Join(src, "content", "errors", "gegenereerd-000007.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	killed, finished := 0, 0
	for i := range 12 {
		// New content, so that a half-replaced output could not pass.
		data := bytes.Replace(orig, []byte("title = \""), []byte(fmt.Sprintf("title = \"Versie %d ", i)), 1)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// What the new build gives, built whole elsewhere first. (Timed
		// too: a first build slowed by a busy machine would make every
		// kill come after the end.)
		expect := filepath.Join(dir, fmt.Sprintf("expect-%d", i))
		began := time.Now()
		if b, err := gen("build", "-src", src, "-out", expect).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, b)
		}
		took = min(took, time.Since(began))
		next := snapshotHashes(t, expect)
		os.RemoveAll(expect)
		cmd := gen("build", "-src", src, "-out", out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// From the start to well past the end of a build: round i kills
		// at a random moment of the i-th twelfth of twice a build's time.
		slot := 2 * took / 12
		time.Sleep(time.Duration(i)*slot + time.Duration(rng.Int64N(int64(slot))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); err != nil && (!ok || ws.Signal() != syscall.SIGKILL) {
			t.Fatalf("round %d: the build failed before it was killed: %v\n%s", i, err, stderr.String())
		}
		now := snapshotHashes(t, out)
		// Whatever the moment of the kill, the list beside the output
		// agrees with it: a build may replace it.
		if o, err := publish.OpenOutput(out, time.Second, nil); err != nil {
			t.Fatalf("round %d: after SIGKILL the output is refused: %v", i, err)
		} else {
			o.Close()
		}
		switch {
		case equalHashes(now, next): // finished, or killed after the swap
			checkComplete(t, out, now)
			if err == nil {
				finished++
			}
			last = now
		case err == nil:
			t.Fatalf("round %d: a finished build left another output than the build's: %s", i, firstDifference(next, now))
		case equalHashes(now, last):
			killed++
		default:
			t.Fatalf("round %d: after SIGKILL the output is neither the old build nor the new one (%d files, was %d, would be %d): %s", i, len(now), len(last), len(next), firstDifference(last, now))
		}
	}
	t.Logf("of 12 builds, %d were killed before the swap, %d finished, %d were killed after it", killed, finished, 12-killed-finished)
	if killed == 0 {
		t.Errorf("no build was killed before it finished: the test did not test")
	}

	// A build killed while it writes leaves its temporary folder; the next
	// build removes it.
	var stale []string
	for attempt := 0; len(stale) == 0 && attempt < 30; attempt++ {
		cmd := gen("build", "-src", src, "-out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(took/2 + time.Duration(rng.Int64N(int64(took/2))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		stale, _ = filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
	}
	if len(stale) == 0 {
		t.Fatal("no killed build left a temporary folder to clean up")
	}
	t.Logf("temporary folders left by a killed build: %v", stale)
	build()
	if left, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left after a complete build: %v", left)
	}
	checkComplete(t, out, snapshotHashes(t, out))
}

// snapshotHashes returns the hash of every file below dir, by relative path.
func snapshotHashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			m[rel] = sha256.Sum256(b)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return m
}

func equalHashes(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func firstDifference(a, b map[string][32]byte) string {
	for k, v := range a {
		if w, ok := b[k]; !ok {
			return k + " is missing"
		} else if w != v {
			return k + " differs"
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			return k + " is new"
		}
	}
	return "no difference"
}

// checkComplete checks that an output folder is a whole site: every error
// of errors.json has its page, and every page ends as a page does.
func checkComplete(t *testing.T, out string, files map[string][32]byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "errors.json"))
	if err != nil {
		t.Fatalf("incomplete output: %v", err)
	}
	var idx struct {
		Errors []struct{ ID string }
	}
	if err := json.Unmarshal(data, &idx); err != nil || len(idx.Errors) < killSiteErrors {
		t.Fatalf("incomplete output: errors.json has %d errors (%v)", len(idx.Errors), err)
	}
	for _, e := range idx.Errors {
		if _, ok := files[filepath.Join("errors", e.ID, "index.html")]; !ok {
			t.Fatalf("incomplete output: no page for %s", e.ID)
		}
	}
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			b, _ := os.ReadFile(filepath.Join(out, name))
			if !bytes.HasSuffix(bytes.TrimSpace(b), []byte("</html>")) {
				t.Fatalf("incomplete output: %s is cut off", name)
			}
		}
	}
}
