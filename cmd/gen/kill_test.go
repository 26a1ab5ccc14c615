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
)

// TestMain lets the test binary stand in for gen: with GEN_TEST_MAIN=1 it
// runs the command with its arguments (for tests that must kill a build).
func TestMain(m *testing.M) {
	if os.Getenv("GEN_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestKilledBuildLeavesOutputIntact builds a site, then again and again
// with changed content, killing each build with SIGKILL at a random moment
// (reading, rendering, writing, swapping). After every kill the output
// folder must hold exactly the last complete build: the one before, or,
// when the kill came too late, the new one, whole. The next build that is
// not killed removes the temporary folders the killed ones left.
func TestKilledBuildLeavesOutputIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 1,500 errors a dozen times")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, out := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if err := corpus.Write(src, 1500, 3); err != nil {
		t.Fatal(err)
	}
	gen := func(args ...string) *exec.Cmd {
		cmd := exec.Command(self, args...)
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
	killed := 0
	for i := range 12 {
		// New content, so that a half-replaced output could not pass.
		data := bytes.Replace(orig, []byte("title = \""), []byte(fmt.Sprintf("title = \"Versie %d ", i)), 1)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := gen("build", "-src", src, "-out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Anywhere from the start to well past the end of a build.
		time.Sleep(time.Duration(rng.Int64N(int64(2 * took))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		now := snapshotHashes(t, out)
		switch {
		case err == nil: // finished before the kill: the new build, whole
			checkComplete(t, out, now)
			if equalHashes(now, last) {
				t.Fatalf("round %d: a finished build left the old output", i)
			}
			last = now
		case equalHashes(now, last):
			killed++
		default:
			t.Fatalf("round %d: after SIGKILL the output is neither the old build nor a new one (%d files, was %d): %s", i, len(now), len(last), firstDifference(last, now))
		}
	}
	t.Logf("%d of 12 builds killed before they finished", killed)
	if killed == 0 {
		t.Errorf("no build was killed before it finished: the test did not test")
	}

	// Killed builds leave their temporary folders; the next build removes
	// them.
	stale, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
	t.Logf("%d temporary folders left by killed builds", len(stale))
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
	if err := json.Unmarshal(data, &idx); err != nil || len(idx.Errors) < 1500 {
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
