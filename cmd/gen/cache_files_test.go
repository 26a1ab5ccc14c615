//go:build unix

package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/flock"
)

// TestCachePackThatIsANamedPipe: a named pipe in the cache folder under
// the pack's name hangs neither gen build nor gen check (-wait does not
// bound an open): both run as without a cache, and the build saves a pack
// in its place.
func TestCachePackThatIsANamedPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, cache := filepath.Join(dir, "site"), filepath.Join(dir, "cache")
	if err := corpus.WriteFamily(src, 20, 3, true); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := gen("build", "-src", src, "-out", filepath.Join(dir, "out1"), "-cache", cache); code != 0 {
		t.Fatal(stderr)
	}
	packs, _ := filepath.Glob(filepath.Join(cache, "site-*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs: %v", packs)
	}
	os.Remove(packs[0])
	if err := syscall.Mkfifo(packs[0], 0o600); err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { // a reader stuck in open(2) goes on
		if w, err := os.OpenFile(packs[0], os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	for _, args := range [][]string{
		{"check", "-src", src, "-cache", cache, "-wait", "1s"},
		{"build", "-src", src, "-out", filepath.Join(dir, "out2"), "-cache", cache, "-wait", "1s", "-timings"},
	} {
		type result struct {
			code   int
			stderr string
		}
		done := make(chan result, 1)
		go func() {
			code, _, stderr := gen(args...)
			done <- result{code, stderr}
		}()
		select {
		case r := <-done:
			if r.code != 0 || args[0] == "build" && !strings.Contains(r.stderr, "; 0 cache hits") {
				t.Errorf("gen %v: exit %d\n%s", args, r.code, r.stderr)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("gen %v hangs on a named pipe at the pack's path", args)
		}
	}
	if fi, err := os.Lstat(packs[0]); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the build saved no pack in the pipe's place: %v", err)
	}
}

// copyProgram writes the program at from to to, with extra bytes after
// it (which make another file of it, so another gen, that runs the same).
func copyProgram(t *testing.T, from, to string, extra string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	tmp := to + ".new"
	if err := os.WriteFile(tmp, append(data, extra...), 0o755); err != nil {
		t.Fatal(err)
	}
	// A rename, as go build and go install replace a program: the running
	// one keeps its image, the path names the new one.
	if err := os.Rename(tmp, to); err != nil {
		t.Fatal(err)
	}
}

// TestCacheIsKeyedByTheRunningGen: a gen whose program file is replaced
// while it waits for the site's lock keeps its entries under its own
// identity, not the new program's: the new gen renders everything, and the
// first (a copy of it, byte for byte) finds them.
func TestCacheIsKeyedByTheRunningGen(t *testing.T) {
	t.Parallel()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, cache := filepath.Join(dir, "site"), filepath.Join(dir, "cache")
	if err := corpus.WriteFamily(src, 20, 3, true); err != nil {
		t.Fatal(err)
	}
	bin, first := filepath.Join(dir, "gen"), filepath.Join(dir, "gen-first")
	copyProgram(t, self, bin, "")
	copyProgram(t, self, first, "")
	command := func(program, cache string, args ...string) *exec.Cmd {
		cmd := exec.Command(program, append(args, "-src", src, "-cache", cache)...)
		cmd.Env = append(os.Environ(), "GEN_TEST_MAIN=1")
		return cmd
	}
	hits := func(program, cache, out string) string {
		t.Helper()
		b, err := command(program, cache, "build", "-out", filepath.Join(dir, out), "-timings").CombinedOutput()
		if err != nil {
			t.Fatalf("%s build: %v\n%s", filepath.Base(program), err, b)
		}
		i := strings.Index(string(b), " cache hits")
		return string(b[strings.LastIndexByte(string(b[:i]), ' ')+1 : i])
	}

	lk, err := lockSite(src, flock.Exclusive, time.Second, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cmd := command(bin, cache, "build", "-out", filepath.Join(dir, "out"), "-wait", "1m")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waiting, done := make(chan struct{}), make(chan string)
	go func() {
		var log strings.Builder
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "waiting for another gen process") {
				close(waiting)
			}
		}
		done <- log.String()
	}()
	select {
	case <-waiting:
	case <-time.After(30 * time.Second):
		lk.Unlock()
		cmd.Process.Kill()
		t.Fatalf("the build did not wait for the site's lock:\n%s", <-done)
	}
	copyProgram(t, self, bin, "\x00another build of gen")
	lk.Unlock()
	log := <-done
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the build that waited: %v\n%s%s", err, stdout.String(), log)
	}

	// Each reads the pack the build that waited left.
	again := filepath.Join(dir, "cache-again")
	if err := os.CopyFS(again, os.DirFS(cache)); err != nil || os.Chmod(again, 0o700) != nil {
		t.Fatal(err)
	}
	if n := hits(bin, cache, "out-new"); n != "0" {
		t.Errorf("the new gen took %s entries that the gen before it made", n)
	}
	if n := hits(first, again, "out-first"); n == "0" {
		t.Error("the gen that waited did not keep its entries under its own identity: a copy of it finds none")
	}
}
