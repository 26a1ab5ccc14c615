package publish

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// crashPoints are the steps of Publish, in order, at which a kill leaves a
// state of its own; from "swapped" on, the new build is in place.
// "removing" is a kill after the first file of the old output is removed.
var crashPoints = []string{"marked", "built", "committed", "listed", "unmarked", "swapped", "removing", "removed", "pruned"}

var (
	crashOld  = map[string]string{"index.html": "v1", "errors/a/index.html": "a1", "old/only.html": "old"}
	crashNew  = map[string]string{"index.html": "v2", "errors/a/index.html": "a2", "new/only.html": "new"}
	crashNext = map[string]string{"index.html": "v3"}
)

// TestKillAtEveryCrashPoint kills a build with SIGKILL (in a child
// process) at every crash point of Publish, into a new folder and over an
// earlier build. After each kill the output holds the old build or the new
// one, whole, and nothing else (no list of gen's); the manifest beside it
// agrees, so the next build accepts it, and leaves nothing of the killed
// build behind: beside the output, only the manifest, which lists that
// build alone. Over an earlier gen's output (its list inside), the same.
func TestKillAtEveryCrashPoint(t *testing.T) {
	if os.Getenv("SITE_TEST_KILL_AT") != "" {
		return
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{"new folder", "earlier build", "earlier gen's build"} {
		for i, point := range crashPoints {
			if point == "removing" && start == "new folder" {
				continue // nothing old to remove
			}
			t.Run(start+"/"+point, func(t *testing.T) {
				t.Parallel()
				out := filepath.Join(t.TempDir(), "public")
				old := map[string]string{}
				switch start {
				case "earlier build":
					if err := publish(out, writeAll(crashOld)); err != nil {
						t.Fatal(err)
					}
					old = crashOld
				case "earlier gen's build":
					writeLegacy(t, out, crashOld)
					old = readTree(t, out) // with its list and stamp
				}
				cmd := exec.Command(self, "-test.run=^TestPublishKilledAt$")
				cmd.Env = append(os.Environ(), "SITE_TEST_KILL_AT="+point, "SITE_TEST_OUT="+out, "GOCOVERDIR="+t.TempDir())
				b, err := cmd.CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("the build was not killed at %s: %v\n%s", point, err, b)
				}
				want := old
				if i >= slices.Index(crashPoints, "swapped") {
					want = crashNew
				}
				if got := readTree(t, out); !maps.Equal(got, want) {
					t.Fatalf("killed at %s: the output holds %v, want %v", point, got, want)
				}
				if err := publish(out, writeAll(crashNext)); err != nil {
					t.Fatalf("the build after a kill at %s: %v", point, err)
				}
				if got := readTree(t, out); !maps.Equal(got, crashNext) {
					t.Errorf("after the next build the output holds %v, want %v", got, crashNext)
				}
				entries, _ := os.ReadDir(filepath.Dir(out))
				var beside []string
				for _, e := range entries {
					beside = append(beside, e.Name())
				}
				if want := []string{".public.gen-output", "public"}; !slices.Equal(beside, want) {
					t.Errorf("beside the output after the next build: %v, want %v", beside, want)
				}
				if m, err := readManifest(out); err != nil || len(m.builds) != 1 || m.builds[0].folder != folderID(out) {
					t.Errorf("the manifest after the next build: %v, %v; want the output's build alone", m, err)
				}
			})
		}
	}
}

// TestPublishKilledAt is the child of TestKillAtEveryCrashPoint: a build
// of crashNew that kills itself at SITE_TEST_KILL_AT.
func TestPublishKilledAt(t *testing.T) {
	point, out := os.Getenv("SITE_TEST_KILL_AT"), os.Getenv("SITE_TEST_OUT")
	if point == "" {
		t.Skip("run by TestKillAtEveryCrashPoint")
	}
	kill := func() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	o, err := OpenOutput(out, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.step = func(name string) {
		if name == point {
			kill()
		}
	}
	o.removed = func(p string) error {
		err := os.Remove(p)
		if point == "removing" {
			kill()
		}
		return err
	}
	_, err = o.Publish(writeAll(crashNew), func() error { return nil })
	fmt.Println("not killed:", err)
	o.Close()
	t.Fatalf("the build was not killed at %s", point)
}
