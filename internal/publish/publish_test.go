package publish

import (
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/site"
)

// TestOutputThatIsNotAFolderIsRefused: an -out that is a file, a device or
// a link is refused before anything is built, and left as it was.
func TestOutputThatIsNotAFolderIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("data\n"), 0o644)
	target := filepath.Join(dir, "real")
	os.Mkdir(target, 0o755)
	link := filepath.Join(dir, "link")
	os.Symlink(target, link)
	for _, c := range []struct {
		out, want string
	}{
		{notes, "exists and is not a folder (a file)"},
		{"/dev/null", "exists and is not a folder (a device)"},
		{link, "is a symbolic link (to " + target + ")"},
	} {
		err := publish(c.out, writeAll(map[string]string{"index.html": "site"}))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("publish into %s: error %v, want it to say %q", c.out, err, c.want)
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "data\n" {
		t.Errorf("notes.txt is now %q", b)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if entries, _ := os.ReadDir(target); len(entries) != 0 {
		t.Errorf("the link's target was written to: %v", entries)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("the folder holds %d entries after the refusals, want the 3 it had", len(entries))
	}
}

// TestOutputWithForeignFilesIsRefused: a folder that holds an earlier build
// and files no build wrote, or files changed since, is refused with their
// names, and nothing in it is deleted.
func TestOutputWithForeignFilesIsRefused(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		add   func(out string)
		wants []string
	}{
		{"CNAME and .git", func(out string) {
			os.WriteFile(filepath.Join(out, "CNAME"), []byte("help.example.com\n"), 0o644)
			os.MkdirAll(filepath.Join(out, ".git", "objects"), 0o755)
			os.WriteFile(filepath.Join(out, ".git", "HEAD"), []byte("ref: refs/heads/gh-pages\n"), 0o644)
		}, []string{"holds files that no build wrote: .git/, CNAME;", "set cname in site.toml"}},
		{"empty folder", func(out string) { os.Mkdir(filepath.Join(out, "drafts"), 0o755) },
			[]string{"holds files that no build wrote: drafts/;"}},
		{"link", func(out string) { os.Symlink("/etc/passwd", filepath.Join(out, "errors", "passwd")) },
			[]string{"holds files that no build wrote: errors/passwd;"}},
		{"edited, same size", func(out string) {
			p := filepath.Join(out, "index.html")
			os.WriteFile(p, []byte("mine"), 0o644)
			later := time.Now().Add(time.Hour)
			os.Chtimes(p, later, later)
		}, []string{"holds files changed since gen wrote them: index.html;"}},
		{"edited, other size", func(out string) {
			os.WriteFile(filepath.Join(out, "errors", "a", "index.html"), []byte("my notes"), 0o644)
		}, []string{"changed since gen wrote them: errors/a/index.html;"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if err := publish(out, writeAll(map[string]string{"index.html": "v1!", "errors/a/index.html": "a"})); err != nil {
				t.Fatal(err)
			}
			c.add(out)
			before := treeWithLinks(t, out)
			err := publish(out, writeAll(map[string]string{"index.html": "v2"}))
			if err == nil {
				t.Fatal("publish replaced a folder with foreign files")
			}
			for _, want := range c.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q\ndoes not say %q", err, want)
				}
			}
			after := treeWithLinks(t, out)
			if strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("the refused folder changed:\nbefore %v\nafter  %v", before, after)
			}
			assertNoTemp(t, out)
		})
	}
}

// TestCopiedOutputIsAccepted: a copy of an earlier build (new times, same
// bytes) is still recognised file by file.
func TestCopiedOutputIsAccepted(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	if err := publish(out, writeAll(map[string]string{"index.html": "v1", "a/b.html": "b"})); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	for _, name := range []string{"index.html", "a/b.html"} {
		os.Chtimes(filepath.Join(out, name), later, later)
	}
	if err := publish(out, writeAll(map[string]string{"index.html": "v2"})); err != nil {
		t.Fatalf("a build with new file times but the same bytes was refused: %v", err)
	}
}

// TestOutputWithoutManifestIsRefused: a folder with files but no manifest is
// not replaced, whether or not it looks like an earlier build.
func TestOutputWithoutManifestIsRefused(t *testing.T) {
	t.Parallel()
	for name, files := range map[string][]string{
		"old build": {"errors.json", "404.html", "index.html"},
		"unrelated": {"thesis.tex"},
	} {
		out := filepath.Join(t.TempDir(), "public")
		os.Mkdir(out, 0o755)
		for _, f := range files {
			os.WriteFile(filepath.Join(out, f), []byte("x"), 0o644)
		}
		err := publish(out, writeAll(map[string]string{"index.html": "v2"}))
		if err == nil || !strings.Contains(err.Error(), "there is no .public.gen-output beside it") {
			t.Errorf("%s: error %v, want a refusal naming .public.gen-output", name, err)
		}
		if got := readTree(t, out); len(got) != len(files) || got[files[0]] != "x" {
			t.Errorf("%s: the folder changed: %v", name, got)
		}
	}
}

// TestMountPointIsRefusedBeforeBuilding: a mount point cannot be replaced by
// a rename; that is said before anything is built.
func TestMountPointIsRefusedBeforeBuilding(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "mnt")
	os.Mkdir(out, 0o755)
	if err := syscall.Mount("tmpfs", out, "tmpfs", 0, "size=1m"); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root): %v", err)
	}
	defer syscall.Unmount(out, 0)
	built := false
	err := publish(out, func(w site.Writer) error { built = true; return nil })
	if err == nil || !strings.Contains(err.Error(), "is a mount point") || !strings.Contains(err.Error(), "-out "+filepath.Join(out, "site")) {
		t.Errorf("error %v, want a refusal that says it is a mount point and what to do", err)
	}
	if built {
		t.Error("the site was built before the refusal")
	}
	assertNoTemp(t, out)
}

// TestOldOutputThatCannotBeRemoved: when a folder of the old output cannot
// be emptied by this user, the build is refused before it runs; and when
// removing the old output fails after the swap anyway, the new build is in
// place, the commit step ran, and the leftover is named.
func TestOldOutputThatCannotBeRemoved(t *testing.T) {
	t.Parallel()
	t.Run("refused before building", func(t *testing.T) {
		if os.Getuid() == 0 {
			t.Skip("root may write any folder; TestOutputOfAnotherUser covers this as root")
		}
		out := filepath.Join(t.TempDir(), "public")
		if err := publish(out, writeAll(map[string]string{"errors/a/index.html": "a"})); err != nil {
			t.Fatal(err)
		}
		os.Chmod(filepath.Join(out, "errors"), 0o555)
		defer os.Chmod(filepath.Join(out, "errors"), 0o755)
		err := publish(out, writeAll(map[string]string{"index.html": "v2"}))
		if err == nil || !strings.Contains(err.Error(), "errors cannot be written by this user") {
			t.Errorf("error %v, want a refusal naming errors/", err)
		}
	})
	t.Run("leftover after the swap", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		if err := publish(out, writeAll(map[string]string{"index.html": "v1"})); err != nil {
			t.Fatal(err)
		}
		o, err := OpenOutput(out, time.Second, nil)
		if err != nil {
			t.Fatal(err)
		}
		denied := errors.New("permission denied")
		var old string
		o.removed = func(p string) error { old = filepath.Dir(p); return denied }
		committed := false
		res, err := o.Publish(writeAll(map[string]string{"index.html": "v2"}), func() error { committed = true; return nil })
		o.Close()
		if err != nil {
			t.Fatalf("Publish returned %v after the new build was in place", err)
		}
		if got := readTree(t, out); got["index.html"] != "v2" {
			t.Errorf("out holds %v, want the new build", got)
		}
		if !committed {
			t.Error("the commit step did not run")
		}
		if len(res.Leftovers) != 1 || !strings.Contains(res.Leftovers[0].Error(), "moved to "+old+", could not be removed") || !strings.Contains(res.Leftovers[0].Error(), "rm -rf "+old) {
			t.Errorf("leftovers %v, want the old output %s named with how to remove it", res.Leftovers, old)
		}
		os.RemoveAll(old)
	})
}

// TestOutputOfAnotherUser runs a build as another user (nobody) into an
// output folder that root made: it must be refused before building, with
// nothing changed and nothing left behind.
func TestOutputOfAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run a process as another user")
	}
	if os.Getenv("SITE_TEST_AS_NOBODY") != "" {
		return
	}
	dir := t.TempDir()
	for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	out := filepath.Join(dir, "public")
	if err := publish(out, writeAll(map[string]string{"index.html": "v1", "errors/a/index.html": "a"})); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777) // nobody may make the temporary folder beside out
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "site.test")
	data, _ := os.ReadFile(self)
	os.WriteFile(bin, data, 0o755)
	cmd := exec.Command(bin, "-test.run=^TestPublishAsNobody$", "-test.v")
	cmd.Env = append(os.Environ(), "SITE_TEST_AS_NOBODY="+out, "GOCOVERDIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the build as nobody: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), "cannot be written by this user") {
		t.Errorf("the build as nobody did not refuse the folder:\n%s", b)
	}
	if got := readTree(t, out); got["index.html"] != "v1" || len(got) != 2 {
		t.Errorf("out changed: %v", got)
	}
	os.Remove(bin)
	assertNoTemp(t, out)
}

// TestPublishAsNobody is the other user's half of TestOutputOfAnotherUser.
func TestPublishAsNobody(t *testing.T) {
	out := os.Getenv("SITE_TEST_AS_NOBODY")
	if out == "" {
		t.Skip("run by TestOutputOfAnotherUser")
	}
	err := publish(out, writeAll(map[string]string{"index.html": "v2"}))
	if err == nil {
		t.Fatal("nobody replaced root's output")
	}
	t.Log(err)
}

// TestConcurrentPublishTakesTurns: two builds into one folder run one after
// the other; each finds the other's whole output.
func TestConcurrentPublishTakesTurns(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	inside := make(chan struct{})
	release := make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- publish(out, func(w site.Writer) error {
			close(inside)
			<-release
			return w.WriteFile("index.html", []byte("first"))
		})
	}()
	<-inside
	second := make(chan error, 1)
	waited := make(chan struct{})
	go func() {
		o, err := OpenOutput(out, 10*time.Second, func() { close(waited) })
		if err != nil {
			second <- err
			return
		}
		defer o.Close()
		_, err = o.Publish(writeAll(map[string]string{"index.html": "second"}), nil)
		second <- err
	}()
	select {
	case <-waited:
	case err := <-second:
		t.Fatalf("the second build did not wait for the first: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the second build neither waited nor finished")
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the second build, after the first: %v", err)
	}
	if got := readTree(t, out); got["index.html"] != "second" || len(got) != 1 {
		t.Errorf("out = %v, want the second build", got)
	}
	assertNoTemp(t, out)
}

// TestPublishTimesOut: a build that cannot get the folder in time says so.
func TestPublishTimesOut(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	o, err := OpenOutput(out, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	_, err = OpenOutput(out, 50*time.Millisecond, nil)
	if err == nil || !strings.Contains(err.Error(), "another gen build is writing into this folder") {
		t.Errorf("error %v, want a timeout that says what it waited for", err)
	}
}

// treeWithLinks lists every entry below dir with its kind and content.
func treeWithLinks(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out = append(out, rel+" -> "+target)
		case fi.IsDir():
			out = append(out, rel+"/")
		default:
			b, _ := os.ReadFile(p)
			out = append(out, rel+": "+string(b))
		}
		return nil
	})
	return out
}

// TestEditsAreFoundInCopiesAndAfterTouch: a file edited without changing
// its size is found whether its time was set back (touch -d) or the folder
// was copied (cp -r gives every file a new time, the manifest last).
func TestEditsAreFoundInCopiesAndAfterTouch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "pub")
	if err := publish(out, writeAll(map[string]string{"index.html": "<p>ok</p>", "a/b.html": "bbb"})); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(out, "index.html")
	os.WriteFile(p, []byte("<p>OK</p>"), 0o644)
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(p, past, past)
	if err := publish(out, writeAll(map[string]string{"index.html": "v2"})); err == nil || !strings.Contains(err.Error(), "changed since gen wrote them: index.html") {
		t.Errorf("an edit with its time set back: %v", err)
	}
	// The copy: every file written anew, the manifest beside it last.
	cp := filepath.Join(dir, "pub2")
	for _, name := range []string{"index.html", "a/b.html"} {
		b, _ := os.ReadFile(filepath.Join(out, name))
		os.MkdirAll(filepath.Dir(filepath.Join(cp, name)), 0o755)
		os.WriteFile(filepath.Join(cp, name), b, 0o644)
	}
	list, _ := os.ReadFile(manifestPath(out))
	os.WriteFile(manifestPath(cp), list, 0o644)
	if err := publish(cp, writeAll(map[string]string{"index.html": "v2"})); err == nil || !strings.Contains(err.Error(), "changed since gen wrote them: index.html") {
		t.Errorf("an edit in a copy: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(cp, "index.html")); string(b) != "<p>OK</p>" {
		t.Errorf("the edit in the copy was replaced: %q", b)
	}
}

// TestFilesAddedDuringTheBuildAreKept: a file put into the output folder
// while the new build is written is not deleted with the old output: it is
// kept, and named.
func TestFilesAddedDuringTheBuildAreKept(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "pub")
	if err := publish(out, writeAll(map[string]string{"index.html": "v1"})); err != nil {
		t.Fatal(err)
	}
	o, err := OpenOutput(out, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := o.Publish(func(w site.Writer) error {
		os.WriteFile(filepath.Join(out, "CNAME"), []byte("help.example.com\n"), 0o644)
		return w.WriteFile("index.html", []byte("v2"))
	}, nil)
	o.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Leftovers) != 1 || !strings.Contains(res.Leftovers[0].Error(), "holds files no build wrote, which appeared while this one was made: CNAME") {
		t.Fatalf("leftovers %v, want the added CNAME named", res.Leftovers)
	}
	kept := strings.Fields(strings.SplitN(res.Leftovers[0].Error(), "moved to ", 2)[1])[0]
	kept = strings.TrimSuffix(kept, ",")
	if b, err := os.ReadFile(filepath.Join(kept, "CNAME")); err != nil || string(b) != "help.example.com\n" {
		t.Errorf("the added file was not kept in %s: %q, %v", kept, b, err)
	}
	if _, err := os.Stat(filepath.Join(kept, "index.html")); err == nil {
		t.Error("the old build's own file was kept too")
	}
}

// TestOutputGivenRelatively: "." as -out, from inside the folder, works as
// its absolute path does; and folders made for a build that fails are
// removed again.
func TestOutputGivenRelatively(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "pub")
	if err := publish(out, writeAll(map[string]string{"index.html": "v1"})); err != nil {
		t.Fatal(err)
	}
	t.Chdir(out)
	if err := publish(".", writeAll(map[string]string{"index.html": "v2"})); err != nil {
		t.Fatalf("publish into . from inside it: %v", err)
	}
	if got := readTree(t, out); got["index.html"] != "v2" {
		t.Errorf("out = %v", got)
	}
	deep := filepath.Join(dir, "newa", "newb", "pub")
	boom := errors.New("template failed")
	if err := publish(deep, func(site.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "newa")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build left the folders it made: %v", err)
	}
}

// TestEarlierGensOutputIsRecognisedOnce: an output folder of the gen
// before this one, with its list inside (.gen-output and its stamp) and
// none beside it, is replaced by a build, which holds no list; one with a
// file that list does not name, or an edited one, is refused by name. The
// list inside is recognised once: put back into a folder that has its
// list beside it, it is a file no build wrote.
func TestEarlierGensOutputIsRecognisedOnce(t *testing.T) {
	t.Parallel()
	v1 := map[string]string{"index.html": "v1", "errors/a/index.html": "a"}
	v2 := map[string]string{"index.html": "v2", "errors/b/index.html": "b"}
	out := filepath.Join(t.TempDir(), "public")
	writeLegacy(t, out, v1)
	if err := publish(out, writeAll(v2)); err != nil {
		t.Fatalf("an earlier gen's output was refused: %v", err)
	}
	if got := readTree(t, out); !maps.Equal(got, v2) {
		t.Errorf("after the build the output holds %v, want %v", got, v2)
	}
	if m, err := readManifest(out); err != nil || len(m.builds) != 1 {
		t.Errorf("the manifest beside the output: %v, %v; want one build", m, err)
	}
	writeLegacy(t, out, v2)
	before := readTree(t, out)
	if err := publish(out, writeAll(v1)); err == nil || !strings.Contains(err.Error(), "holds files that no build wrote: .gen-output, .gen-output.stamp;") {
		t.Errorf("a list put back inside the output: %v, want a refusal naming it", err)
	}
	if got := readTree(t, out); !maps.Equal(got, before) {
		t.Errorf("the refused folder changed: %v", got)
	}

	for _, c := range []struct {
		name, want string
		change     func(out string)
	}{
		{"foreign file", "holds files that no build wrote: CNAME;", func(out string) {
			os.WriteFile(filepath.Join(out, "CNAME"), []byte("help.example.com\n"), 0o644)
		}},
		{"edited file", "changed since gen wrote them: index.html;", func(out string) {
			p := filepath.Join(out, "index.html")
			os.WriteFile(p, []byte("v9"), 0o644)
			past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			os.Chtimes(p, past, past)
		}},
	} {
		out := filepath.Join(t.TempDir(), "public")
		writeLegacy(t, out, v1)
		c.change(out)
		before := readTree(t, out)
		if err := publish(out, writeAll(v2)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s in an earlier gen's output: %v, want %q", c.name, err, c.want)
		}
		if got := readTree(t, out); !maps.Equal(got, before) {
			t.Errorf("%s: the refused folder changed: %v", c.name, got)
		}
		if _, err := os.Lstat(manifestPath(out)); err == nil {
			t.Errorf("%s: a refused build wrote %s", c.name, manifestPath(out))
		}
	}
}

// TestDamagedManifestIsRefused: a list beside the output that does not
// parse is neither trusted nor overwritten.
func TestDamagedManifestIsRefused(t *testing.T) {
	t.Parallel()
	for name, data := range map[string]string{
		"not gen's":  "my notes\n",
		"bad line":   manifestHeader + "build 1 2 3\nzzzz 1 index.html\n",
		"no build":   manifestHeader + "0000abcd 2 index.html\n",
		"bad folder": manifestHeader + "build 1 2\n",
		"escape":     manifestHeader + "build 0\n0000abcd 2 ../x\n",
	} {
		out := filepath.Join(t.TempDir(), "public")
		if err := publish(out, writeAll(map[string]string{"index.html": "v1"})); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(manifestPath(out), []byte(data), 0o644)
		err := publish(out, writeAll(map[string]string{"index.html": "v2"}))
		if err == nil || !strings.Contains(err.Error(), manifestPath(out)) || !strings.Contains(err.Error(), "gen deletes nothing on the word of a damaged list") {
			t.Errorf("%s: %v, want a refusal naming %s", name, err, manifestPath(out))
		}
		if b, _ := os.ReadFile(manifestPath(out)); string(b) != data {
			t.Errorf("%s: the damaged list was overwritten", name)
		}
		if got := readTree(t, out); got["index.html"] != "v1" {
			t.Errorf("%s: the output changed: %v", name, got)
		}
	}
}

// TestOutputStaysLockedThroughTheSwap: the new folder is locked before it
// takes the output's place, so a build that finds it there while the old
// output is still being removed (and the manifest not yet brought up to
// date) waits for the first to finish.
func TestOutputStaysLockedThroughTheSwap(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	if err := publish(out, writeAll(map[string]string{"index.html": "v1"})); err != nil {
		t.Fatal(err)
	}
	o, err := OpenOutput(out, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	var during error
	o.step = func(name string) {
		if name == "swapped" {
			_, during = OpenOutput(out, 50*time.Millisecond, nil)
		}
	}
	if _, err := o.Publish(writeAll(map[string]string{"index.html": "v2"}), nil); err != nil {
		t.Fatal(err)
	}
	o.Close()
	if during == nil || !strings.Contains(during.Error(), "another gen build is writing into this folder") {
		t.Errorf("a build opening the output just after the swap: %v, want it to wait", during)
	}
	if err := publish(out, writeAll(map[string]string{"index.html": "v3"})); err != nil {
		t.Errorf("after the first build closed: %v", err)
	}
}

// TestFailureAfterListingLeavesNothingBeside: a build that fails after the
// manifest listed it (here: its marker is gone when it is to be removed)
// leaves the manifest as it was, or none where there was none, and the
// folders made for it are removed again.
func TestFailureAfterListingLeavesNothingBeside(t *testing.T) {
	t.Parallel()
	for _, earlier := range []bool{false, true} {
		dir := t.TempDir()
		out := filepath.Join(dir, "new", "public")
		var before []byte
		if earlier {
			if err := publish(out, writeAll(map[string]string{"index.html": "v1"})); err != nil {
				t.Fatal(err)
			}
			before, _ = os.ReadFile(manifestPath(out))
		}
		o, err := OpenOutput(out, time.Second, nil)
		if err != nil {
			t.Fatal(err)
		}
		o.step = func(name string) {
			if name == "listed" {
				tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.tmp-*", markerName))
				for _, m := range tmps {
					os.Remove(m)
				}
			}
		}
		_, err = o.Publish(writeAll(map[string]string{"index.html": "v2"}), nil)
		o.Close()
		if err == nil {
			t.Fatal("the build succeeded without its marker")
		}
		if !earlier {
			if _, err := os.Lstat(filepath.Join(dir, "new")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a failed first build left %s: %v", filepath.Join(dir, "new"), err)
			}
			continue
		}
		if after, _ := os.ReadFile(manifestPath(out)); string(after) != string(before) {
			t.Errorf("the manifest after a failed build:\n%s\nwant it as it was:\n%s", after, before)
		}
		if got := readTree(t, out); !maps.Equal(got, map[string]string{"index.html": "v1"}) {
			t.Errorf("the output after a failed build: %v", got)
		}
		assertNoTemp(t, out)
	}
}
