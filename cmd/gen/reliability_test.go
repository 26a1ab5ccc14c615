package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/corpus"
)

// errorFile is a complete error file with a solution and both languages.
func errorFile(id string) string {
	return "+++\nid = \"" + id + "\"\ntitle = \"Titel " + id + "\"\nmessages = [\"De synchronisatie van " + id + " is mislukt\", \"The sync of " + id + " failed with an error\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n**Oplossing.** Tekst.\n"
}

// writeSite writes site.toml (baseSiteTOML unless files has one) and files
// below dir.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if _, ok := files["site.toml"]; !ok {
		files["site.toml"] = baseSiteTOML
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// memTempDir returns a temporary folder in memory (tmpfs) where the
// machine has one: on a disk with online discard, removing a build of
// thousands of files stalls the next for seconds.
func memTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "gen-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// gen runs the command in-process and returns its exit status and output.
func gen(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// TestBuildNeverReplacesWhatItDidNotWrite: an -out that is a file or a link
// is refused and left as it was; so is an earlier build's folder with files
// the build did not write, until they leave it; a CNAME comes from
// site.toml.
func TestBuildNeverReplacesWhatItDidNotWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	writeSite(t, src, map[string]string{"content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt")})
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("data\n"), 0o644)
	realOut := filepath.Join(dir, "real")
	os.Symlink(realOut, filepath.Join(dir, "link"))
	for _, c := range []struct{ out, want string }{
		{notes, "exists and is not a folder"},
		{filepath.Join(dir, "link"), "is a symbolic link"},
	} {
		code, _, stderr := gen("build", "-src", src, "-out", c.out)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("build -out %s: exit %d, stderr %q; want exit 1 and %q", c.out, code, stderr, c.want)
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "data\n" {
		t.Errorf("notes.txt is now %q", b)
	}
	if _, err := os.Lstat(realOut); err == nil {
		t.Errorf("the link's target %s was created", realOut)
	}

	out := filepath.Join(dir, "public")
	if code, _, stderr := gen("build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("first build: %d\n%s", code, stderr)
	}
	os.WriteFile(filepath.Join(out, "CNAME"), []byte("help.example.com\n"), 0o644)
	os.MkdirAll(filepath.Join(out, ".git"), 0o755)
	os.WriteFile(filepath.Join(out, ".git", "HEAD"), []byte("ref: refs/heads/gh-pages\n"), 0o644)
	code, _, stderr := gen("build", "-src", src, "-out", out)
	if code != 1 || !strings.Contains(stderr, "holds files that no build wrote: .git/, CNAME;") {
		t.Fatalf("build over foreign files: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, ".git", "HEAD")); err != nil {
		t.Fatalf("the refused build deleted .git: %v", err)
	}
	// The writer moves them out and asks for the CNAME in site.toml.
	os.RemoveAll(filepath.Join(out, ".git"))
	os.Remove(filepath.Join(out, "CNAME"))
	writeSite(t, src, map[string]string{"site.toml": strings.Replace(baseSiteTOML, "language", "cname = \"help.example.com\"\nlanguage", 1)})
	for range 2 { // the second build replaces the first's CNAME: it wrote it
		if code, _, stderr := gen("build", "-src", src, "-out", out); code != 0 {
			t.Fatalf("build with cname: %d\n%s", code, stderr)
		}
	}
	if b, err := os.ReadFile(filepath.Join(out, "CNAME")); err != nil || string(b) != "help.example.com\n" {
		t.Errorf("CNAME = %q, %v", b, err)
	}
}

// TestTwoBuildsAreByteIdentical builds two copies of one site, as two
// checkouts of one commit, each into its own output folder: the folders
// are the same as diff -r sees them (the same names, the same kinds of
// file, the same bytes), and neither holds a file of gen's own.
func TestTwoBuildsAreByteIdentical(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := corpus.WriteFamily(a, 60, 3, true); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(b, os.DirFS(a)); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{a, b} {
		if code, _, stderr := gen("build", "-src", src); code != 0 {
			t.Fatalf("gen build -src %s: exit %d\n%s", src, code, stderr)
		}
	}
	ta, tb := tree(t, filepath.Join(a, "public")), tree(t, filepath.Join(b, "public"))
	for _, name := range slices.Sorted(maps.Keys(ta)) {
		switch other, ok := tb[name]; {
		case !ok:
			t.Errorf("Only in a/public: %s", name)
		case other.kind != ta[name].kind:
			t.Errorf("a/public/%s is %v, b/public/%s is %v", name, ta[name].kind, name, other.kind)
		case other.data != ta[name].data:
			t.Errorf("Files a/public/%s and b/public/%s differ", name, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(tb)) {
		if _, ok := ta[name]; !ok {
			t.Errorf("Only in b/public: %s", name)
		}
	}
	if len(ta) < 100 {
		t.Fatalf("the build wrote %d entries: not a site", len(ta))
	}
}

// TestOutputHoldsOnlyTheSite: what gen keeps about an output folder (the
// list of its files) is beside the folder, never in it, after the first
// build and after one that replaced it; so a deploy of the folder (the
// Pages workflow uploads public/, dotfiles too) publishes the site alone.
func TestOutputHoldsOnlyTheSite(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	writeSite(t, src, map[string]string{"content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt")})
	for i := range 2 {
		if code, _, stderr := gen("build", "-src", src); code != 0 {
			t.Fatalf("build %d: exit %d\n%s", i+1, code, stderr)
		}
		for name := range tree(t, filepath.Join(src, "public")) {
			if strings.HasPrefix(path.Base(name), ".gen") {
				t.Errorf("build %d: the output holds gen's %s", i+1, name)
			}
		}
		if _, err := os.Stat(filepath.Join(src, ".public.gen-output")); err != nil {
			t.Errorf("build %d: no list of the output's files beside it: %v", i+1, err)
		}
	}
}

// An entry is what diff -r compares of a file: its kind and its bytes (a
// link's target).
type entry struct {
	kind fs.FileMode
	data string
}

// tree returns every entry below dir by slash-separated path.
func tree(t *testing.T, dir string) map[string]entry {
	t.Helper()
	m := map[string]entry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		e := entry{kind: d.Type()}
		switch {
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.data = string(b)
		case d.Type()&fs.ModeSymlink != 0:
			e.data, err = os.Readlink(p)
		}
		m[filepath.ToSlash(rel)] = e
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCnameMustBeTheBaseURLHost: a cname that GitHub Pages would serve the
// site at, other than baseURL's host, is a check error at its line.
func TestCnameMustBeTheBaseURLHost(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ cname, want string }{
		{"docs.example.com", `site.toml:2: cname "docs.example.com" is not the host of baseURL: GitHub Pages would serve the site at docs.example.com, so write cname = "help.example.com" or change baseURL`},
		{"https://help.example.com/", `site.toml:2: cname "https://help.example.com/" is not a host name: write the site's domain only, such as cname = "help.example.com"`},
	} {
		dir := t.TempDir()
		writeSite(t, dir, map[string]string{
			"site.toml":                        strings.Replace(baseSiteTOML, "baseURL", "cname = \""+c.cname+"\"\nbaseURL", 1),
			"content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt"),
		})
		code, _, stderr := gen("check", "-src", dir)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("cname %q: exit %d, stderr:\n%s\nwant:\n%s", c.cname, code, stderr, c.want)
		}
	}
}

// TestLongRecordLineIsReadNotDropped: a line of anchors.lock longer than any
// buffer is read and refused by its line, and the anchors after it are not
// dropped: the build fails and leaves the record as it was.
func TestLongRecordLineIsReadNotDropped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"content/errors/aaa-melding.md": errorFile("aaa-melding"),
		"content/errors/zzz-melding.md": errorFile("zzz-melding"),
	})
	lock := "# record\naaa-melding\n" + strings.Repeat("x", 70<<10) + "\nzzz-melding\n"
	p := filepath.Join(dir, "anchors.lock")
	os.WriteFile(p, []byte(lock), 0o644)
	code, _, stderr := gen("build", "-src", dir)
	want := filepath.ToSlash(p) + `:3: "` + strings.Repeat("x", 100) + `…" is not an anchor`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("build: exit %d, stderr %.300q; want exit 1 and %q", code, stderr, want)
	}
	if len(stderr) > 1000 {
		t.Errorf("the refused line was printed whole (%d bytes of stderr)", len(stderr))
	}
	if b, _ := os.ReadFile(p); string(b) != lock {
		t.Error("the build rewrote anchors.lock")
	}
}

// TestNewNeverRewritesARecordItCannotRead: gen new refuses, with file and
// line, a record with lines it cannot parse, and writes nothing; a byte
// order mark and CRLF line endings are read as in content files.
func TestNewNeverRewritesARecordItCannotRead(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, lock, want string
	}{
		{"trailing comment", "reeds-verwerkt # oud\n", `anchors.lock:1: "reeds-verwerkt # oud" is not an anchor`},
		{"upper case", "Reeds-Verwerkt\n", `anchors.lock:1: "Reeds-Verwerkt" is not an anchor`},
		{"two on a line", "reeds-verwerkt\nabc def\n", `anchors.lock:2: "abc def" is not an anchor`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, map[string]string{"content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt"), "anchors.lock": c.lock})
			code, _, stderr := gen("new", "nieuwe-melding", "-src", dir, "-category", "instellingen")
			if code != 1 || !strings.Contains(stderr, filepath.ToSlash(dir)+"/"+c.want) || !strings.Contains(stderr, "nothing was written") {
				t.Errorf("gen new: exit %d, stderr:\n%s\nwant exit 1 and %q", code, stderr, c.want)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "anchors.lock")); string(b) != c.lock {
				t.Errorf("anchors.lock was rewritten: %q", b)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "errors", "nieuwe-melding.md")); err == nil {
				t.Error("gen new wrote the error file")
			}
		})
	}
	t.Run("BOM and CRLF", func(t *testing.T) {
		dir := t.TempDir()
		writeSite(t, dir, map[string]string{"content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt"), "anchors.lock": "\uFEFF# record\r\nreeds-verwerkt\r\n"})
		if code, _, stderr := gen("new", "nieuwe-melding", "-src", dir, "-category", "instellingen"); code != 0 {
			t.Fatalf("gen new: exit %d\n%s", code, stderr)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "anchors.lock"))
		if !strings.HasSuffix(string(b), "\nnieuwe-melding\nreeds-verwerkt\n") {
			t.Errorf("anchors.lock = %q", b)
		}
	})
}

// TestRecordPropertyNoAnchorIsLost feeds random records (valid lines, in
// and out of order, duplicated, with comments, CRLF, a BOM, and now and then
// a line that is not an anchor) through every command that rewrites the
// record: each anchor that was there is there afterwards, or the command
// refused and left the file byte for byte.
func TestRecordPropertyNoAnchorIsLost(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(12, 34))
	ids := []string{"aaa-melding", "bbb-melding", "ccc-melding"}
	pool := append(slices.Clone(ids), "oud-id", "nog-ouder")
	junk := []string{"Upper-Case", "two words", "id # comment", "\uFEFFbom-in-the-middle", "a--b", strings.Repeat("y", 70<<10), "ü-melding"}
	for round := range 40 {
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteString("\uFEFF")
		}
		nl := "\n"
		if r.IntN(3) == 0 {
			nl = "\r\n"
		}
		for range r.IntN(8) {
			switch k := r.IntN(10); {
			case k < 6:
				b.WriteString(pool[r.IntN(len(pool))])
			case k < 8:
				b.WriteString("# note")
			case k < 9:
				b.WriteString("  ")
			default:
				b.WriteString(junk[r.IntN(len(junk))])
			}
			b.WriteString(nl)
		}
		lock := b.String()
		before := recordedAnchors(lock)
		for _, cmd := range [][]string{{"build"}, {"new", fmt.Sprintf("nieuw-%d", round), "-category", "instellingen"}} {
			dir := t.TempDir()
			files := map[string]string{"anchors.lock": lock}
			for _, id := range ids {
				files["content/errors/"+id+".md"] = errorFile(id)
			}
			// Old ids of the record stay reachable as aliases.
			files["content/errors/aaa-melding.md"] = strings.Replace(errorFile("aaa-melding"), "+++\n**", "aliases = [\"oud-id\", \"nog-ouder\"]\n+++\n**", 1)
			writeSite(t, dir, files)
			args := append(slices.Clone(cmd), "-src", dir)
			code, _, stderr := gen(args...)
			after, _ := os.ReadFile(filepath.Join(dir, "anchors.lock"))
			if code != 0 {
				if string(after) != lock {
					t.Fatalf("gen %v refused (%s) but changed the record:\n%q\n->\n%q", cmd, strings.TrimSpace(stderr), lock, after)
				}
				continue
			}
			got := recordedAnchors(string(after))
			for a := range before {
				if !got[a] {
					t.Fatalf("gen %v dropped %q from the record:\n%q\n->\n%q", cmd, a, lock, after)
				}
			}
		}
	}
}

// recordedAnchors reads the anchors of a record as a person would: every
// line but blank lines and comments, trimmed.
func recordedAnchors(lock string) map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(strings.TrimPrefix(lock, "\uFEFF"), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out[line] = true
		}
	}
	return out
}

// TestNewDuringBuildKeepsItsID runs gen new while gen build runs on a site of
// 500 errors, ten times: the id gen new recorded is still in the record
// afterwards, and the build never fails with a false "was published".
func TestNewDuringBuildKeepsItsID(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 500 errors ten times")
	}
	dir := memTempDir(t)
	src, out := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if err := corpus.Write(src, 500, 5); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if code, _, stderr := gen("build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("first build: %s", stderr)
	}
	took := time.Since(began)
	for round := range 10 {
		id := fmt.Sprintf("nieuw-tijdens-build-%d", round)
		var wg sync.WaitGroup
		var buildCode int
		var buildErr string
		wg.Go(func() { buildCode, _, buildErr = gen("build", "-src", src, "-out", out) })
		// Start gen new at a moment spread over the build: round r at
		// r tenths of the first build's time.
		time.Sleep(time.Duration(round) * took / 10)
		code, _, stderr := gen("new", id, "-src", src, "-category", "technisch", "-message", "Melding "+id)
		wg.Wait()
		if code != 0 {
			t.Fatalf("round %d: gen new: %s", round, stderr)
		}
		if buildCode != 0 {
			t.Fatalf("round %d: the build failed: %s", round, buildErr)
		}
		lock, _ := os.ReadFile(filepath.Join(src, "anchors.lock"))
		if !recordedAnchors(string(lock))[id] {
			t.Fatalf("round %d: %s is missing from anchors.lock after the build", round, id)
		}
	}
}

// TestLinksAndSpecialFilesAreNotRead: a site file that is a link, a named
// pipe, or larger than its limit is refused before it is read; nothing of
// what it points at is printed, in text or as GitHub annotations, and a
// pipe does not hang the check.
func TestLinksAndSpecialFilesAreNotRead(t *testing.T) {
	t.Parallel()
	const secret = "MY_SECRET=x-geheim-token"
	outside := filepath.Join(t.TempDir(), "environ")
	os.WriteFile(outside, []byte("PATH=/usr/bin\x00"+secret+"\x00HOME=/root\n"+secret+"\n"), 0o644)
	base := map[string]string{"content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt")}
	cases := []struct {
		name  string
		setup func(dir string)
		args  []string
		want  string
	}{
		{"anchors.lock link", func(dir string) { os.Symlink(outside, filepath.Join(dir, "anchors.lock")) }, nil,
			"anchors.lock: a symbolic link"},
		{"published link", func(dir string) { os.Symlink(outside, filepath.Join(dir, "published.lock")) }, []string{"-published", "$SITE/published.lock"},
			"-published $SITE/published.lock: a symbolic link"},
		{"published not a record", func(dir string) {
			b, _ := os.ReadFile(outside)
			os.WriteFile(filepath.Join(dir, "published.lock"), b, 0o644)
		}, []string{"-published", "$SITE/published.lock"}, `-published $SITE/published.lock: not an anchors.lock: line 1: "PATH=/usr/bin\x00MY_SECRET=x-geheim-token\x00HOME=/root" is not an anchor`},
		{"named pipe error file", func(dir string) { syscall.Mkfifo(filepath.Join(dir, "content", "errors", "x.md"), 0o644) }, nil,
			"content/errors/x.md: a named pipe (FIFO), not a regular file"},
		{"named pipe site.toml", func(dir string) {
			os.Remove(filepath.Join(dir, "site.toml"))
			syscall.Mkfifo(filepath.Join(dir, "site.toml"), 0o644)
		}, nil, "site.toml: a named pipe (FIFO), not a regular file"},
		{"named pipe anchors.lock", func(dir string) { syscall.Mkfifo(filepath.Join(dir, "anchors.lock"), 0o644) }, nil,
			"anchors.lock: a named pipe (FIFO), not a regular file"},
		{"huge sparse file", func(dir string) {
			f, _ := os.Create(filepath.Join(dir, "content", "errors", "groot.md"))
			f.Truncate(6 << 30)
			f.Close()
		}, nil, "content/errors/groot.md: the file is 6,442,450,944 bytes; the limit is 1,048,576 bytes (1 MiB): it was not read"},
		{"huge anchors.lock", func(dir string) {
			f, _ := os.Create(filepath.Join(dir, "anchors.lock"))
			f.Truncate(6 << 30)
			f.Close()
		}, nil, "anchors.lock: the file is 6,442,450,944 bytes; the limit is 33,554,432 bytes (32 MiB): it was not read"},
		{"theme file link", func(dir string) {
			th := filepath.Join(dir, "theme")
			os.CopyFS(th, os.DirFS(filepath.Join("..", "..", "theme")))
			os.Symlink(outside, filepath.Join(th, "static", "environ.txt"))
		}, []string{"-theme", "$SITE/theme"}, "static/environ.txt: a symbolic link"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files := map[string]string{}
			for k, v := range base {
				files[k] = v
			}
			writeSite(t, dir, files)
			c.setup(dir)
			for _, format := range []string{"text", "github"} {
				args := []string{"check", "-src", dir, "-format", format}
				for _, a := range c.args {
					args = append(args, strings.ReplaceAll(a, "$SITE", dir))
				}
				if c.name == "theme file link" {
					args[0] = "build" // check reads no assets; a build copies them
					args = slices.DeleteFunc(args, func(a string) bool { return a == "-format" || a == format })
					args = append(args, "-out", filepath.Join(dir, "public"))
				}
				done := make(chan struct{})
				var code int
				var stdout, stderr string
				go func() { code, stdout, stderr = gen(args...); close(done) }()
				select {
				case <-done:
				case <-time.After(20 * time.Second):
					t.Fatalf("gen %v hangs", args)
				}
				all := strings.ReplaceAll(annotation.ReplaceAllString(stdout, "$2: ")+stderr, dir, "$SITE")
				if code == 0 || !strings.Contains(all, c.want) {
					t.Errorf("gen %v: exit %d, output:\n%s\nwant a failure with %q", args, code, all, c.want)
				}
				if c.name != "published not a record" && strings.Contains(all, "geheim") {
					t.Errorf("gen %v printed the linked file:\n%s", args, all)
				}
			}
		})
	}
}

// annotation matches the start of a GitHub annotation, to read it as a
// text diagnostic.
var annotation = regexp.MustCompile(`(?m)^::(error|warning) file=([^,:]+)(,line=\d+)?(,col=\d+)?::`)

// TestSiteTOMLDepthAndSize: site.toml nested deeper than a site needs, or
// larger than front matter may be, is refused at its file and line, not
// handed to the parser (1.5 million brackets crashed it with a stack
// overflow).
func TestSiteTOMLDepthAndSize(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, toml, want string
	}{
		{"deep", baseSiteTOML + "x = " + strings.Repeat("[", 17) + strings.Repeat("]", 17) + "\n", "site.toml:12: lists or tables nest more than 16 deep here"},
		{"deep in a table", baseSiteTOML + "[extra]\ny = { a = " + strings.Repeat("{ a = ", 20) + "1" + strings.Repeat(" }", 21) + "\n", "site.toml:13: lists or tables nest more than 16 deep here"},
		{"huge", "x = " + strings.Repeat("[", 1_500_000), "site.toml: the file is 1,500,004 bytes; the limit is 65,536 bytes (64 KiB): it was not read"},
		{"dotted key", baseSiteTOML + strings.Repeat("a.", 20) + "a = 1\n", "site.toml:12: lists or tables nest more than 16 deep here"},
		{"dotted table", baseSiteTOML + "[" + strings.Repeat("b.", 20) + "b]\n", "site.toml:12: lists or tables nest more than 16 deep here"},
		{"dotted keys in an inline table", baseSiteTOML + "[support2]\nx = { " + strings.Repeat("c.", 20) + "c = 1 }\n", "site.toml:13: lists or tables nest more than 16 deep here"},
		{"floats are not keys", baseSiteTOML + "[[categories]]\nname = \"yy-categorie\"\ntitle = \"Y\"\ndescription = \"" + strings.Repeat("1.5 ", 30) + "\"\n", ""},
		{"brackets in strings are text", baseSiteTOML + "# " + strings.Repeat("[", 40) + "\n[[categories]]\nname = \"xx-categorie\"\ntitle = \"" + strings.Repeat("[", 40) + "\"\ndescription = '''\n" + strings.Repeat("{", 40) + "\n'''\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, map[string]string{"site.toml": c.toml, "content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt")})
			code, _, stderr := gen("check", "-src", dir)
			if c.want == "" {
				if code != 0 {
					t.Errorf("check: exit %d\n%s", code, stderr)
				}
				return
			}
			want := filepath.ToSlash(dir) + "/" + c.want
			if code != 1 || !strings.Contains(stderr, want) {
				t.Errorf("check: exit %d, stderr %.500q; want %q", code, stderr, want)
			}
		})
	}
}

// TestEditorFilesAreSkipped: the files editors and operating systems leave
// beside an error file are not read, do not fail the check, and are listed
// by check -v.
func TestEditorFilesAreSkipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"content/errors/reeds-verwerkt.md":      errorFile("reeds-verwerkt"),
		"content/errors/reeds-verwerkt.md~":     "backup",
		"content/errors/#reeds-verwerkt.md#":    "autosave",
		"content/errors/._reeds-verwerkt.md":    "\x00\x05\x16\x07 AppleDouble",
		"content/errors/.DS_Store":              "\x00\x00\x00\x01Bud1",
		"content/errors/.reeds-verwerkt.md.swp": "b0VIM 9.0",
	})
	os.Symlink("root@host.12345:1700000000", filepath.Join(dir, "content", "errors", ".#reeds-verwerkt.md"))
	code, stdout, stderr := gen("check", "-src", dir, "-v")
	if code != 0 || stderr != "" {
		t.Fatalf("check -v: exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"skipped content/errors/#reeds-verwerkt.md#: an editor's auto-save file (Emacs)",
		"skipped content/errors/.#reeds-verwerkt.md: an editor's lock file (Emacs)",
		"skipped content/errors/.DS_Store: a macOS folder file",
		"skipped content/errors/._reeds-verwerkt.md: a macOS resource file",
		"skipped content/errors/.reeds-verwerkt.md.swp: an editor's swap file (Vim)",
		"skipped content/errors/reeds-verwerkt.md~: an editor's backup file",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check -v does not say %q:\n%s", want, stdout)
		}
	}
	if code, stdout, _ := gen("check", "-src", dir); code != 0 || strings.Contains(stdout, "skipped") {
		t.Errorf("check without -v: exit %d, lists skipped files:\n%s", code, stdout)
	}
}

// TestTodoListIsSummarised: at many errors without a solution, a build and
// a check print the count and the first 20 of each kind; -v prints all of
// them, -todo FILE writes all of them to FILE.
func TestTodoListIsSummarised(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 50 {
		id := fmt.Sprintf("melding-%02d", i)
		files["content/errors/"+id+".md"] = strings.Replace(errorFile(id), "**Oplossing.** Tekst.\n", "", 1)
	}
	writeSite(t, dir, files)
	code, stdout, stderr := gen("build", "-src", dir)
	if code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 1+1+20+1 {
		t.Errorf("the build printed %d lines, want the summary, a heading, 20 entries and a count:\n%s", len(lines), stdout)
	}
	if !strings.Contains(stdout, "to do: 50 errors without a solution yet:\n") || !strings.Contains(stdout, "  ... and 30 more (all of them: -v, or -todo FILE)\n") {
		t.Errorf("the summary does not count:\n%s", stdout)
	}
	todo := filepath.Join(t.TempDir(), "todo.txt")
	_, stdout, _ = gen("build", "-src", dir, "-v", "-todo", todo)
	b, err := os.ReadFile(todo)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{stdout, string(b)} {
		if n := strings.Count(text, "content/errors/melding-"); n != 50 {
			t.Errorf("the whole list has %d entries, want 50:\n%s", n, text)
		}
	}
}

// TestDottedKeysAreBounded: a key of thousands of dotted parts, which the
// TOML parser reads in time and memory that grow with the square of its
// depth (32,000 parts took 14 GB), is refused before parsing, in front
// matter as in site.toml.
func TestDottedKeysAreBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key := strings.Repeat("a.", 32000) + "a = 1\n"
	writeSite(t, dir, map[string]string{
		"content/errors/reeds-verwerkt.md": strings.Replace(errorFile("reeds-verwerkt"), "+++\n**", key+"+++\n**", 1),
	})
	done := make(chan struct{})
	var code int
	var stderr string
	go func() { code, _, stderr = gen("check", "-src", dir); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("gen check of a deeply dotted key takes more than 20 s")
	}
	want := filepath.ToSlash(dir) + "/content/errors/reeds-verwerkt.md:7: lists or tables nest more than 16 deep here"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %.400q; want %q", code, stderr, want)
	}
}

// TestNewNeverWritesThroughALink: with content/errors a link out of the
// site, gen new refuses and writes nothing anywhere.
func TestNewNeverWritesThroughALink(t *testing.T) {
	t.Parallel()
	for _, link := range []string{"content", "content/errors"} {
		dir, outside := t.TempDir(), t.TempDir()
		writeSite(t, dir, map[string]string{})
		os.MkdirAll(filepath.Join(outside, "errors"), 0o755)
		target := outside
		if link == "content/errors" {
			os.MkdirAll(filepath.Join(dir, "content"), 0o755)
			target = filepath.Join(outside, "errors")
		}
		os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link)))
		code, _, stderr := gen("new", "nieuwe-melding", "-src", dir, "-category", "instellingen")
		if code == 0 || !strings.Contains(stderr, "nothing was written") {
			t.Errorf("gen new with %s a link: exit %d, stderr %q", link, code, stderr)
		}
		for _, p := range []string{filepath.Join(outside, "nieuwe-melding.md"), filepath.Join(outside, "errors", "nieuwe-melding.md")} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("gen new wrote %s through the link %s", p, link)
			}
		}
	}
}

// TestDiagnosticsQuoteShortExcerpts: whatever a writer's file holds, a
// diagnostic quotes at most an excerpt of it, and a file name cannot forge
// a line of output.
func TestDiagnosticsQuoteShortExcerpts(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("B", 60_000)
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"bare TOML value", map[string]string{"content/errors/reeds-verwerkt.md": strings.Replace(errorFile("reeds-verwerkt"), "+++\n**", "x = "+long+"\n+++\n**", 1)},
			"reeds-verwerkt.md:7:5: text must be in quotes: x = \"" + strings.Repeat("B", 95) + "…\n"},
		{"link to an unknown id", map[string]string{"content/errors/reeds-verwerkt.md": errorFile("reeds-verwerkt") + "[zie](error:" + strings.ToLower(long) + ")\n"},
			"reeds-verwerkt.md:9: link \"error:" + strings.Repeat("b", 94) + "…\": no error has the id \"" + strings.Repeat("b", 100) + "…\""},
		{"file name with a line break", map[string]string{"content/errors/x\n::error file=README.md,line=1::INJECTED.md": "x"},
			`content/errors/x\n::error file=README.md,line=1::INJECTED.md": the file name holds a control character`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, c.files)
			for _, format := range []string{"text", "github"} {
				code, stdout, stderr := gen("check", "-src", dir, "-format", format)
				all := stdout + stderr
				if code != 1 {
					t.Errorf("%s: exit %d", format, code)
				}
				for _, line := range strings.Split(all, "\n") {
					if len(line) > 1000 {
						t.Errorf("%s: a line of %d bytes", format, len(line))
					}
					if strings.HasPrefix(line, "::error file=README.md") {
						t.Errorf("%s: a forged annotation: %q", format, line)
					}
				}
				if format == "text" && !strings.Contains(all, c.want) {
					t.Errorf("output:\n%.2000s\nwant %q", all, c.want)
				}
			}
		})
	}
}

// TestSrcThatIsAPipe: -src naming a named pipe fails at once (opening it
// would wait for a writer forever), and no -out is left behind.
func TestSrcThatIsAPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "site")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, args := range [][]string{{"check", "-src", fifo}, {"build", "-src", fifo, "-out", filepath.Join(dir, "out")}, {"new", "x-y", "-src", fifo}} {
		done := make(chan string)
		go func() { _, _, stderr := gen(args...); done <- stderr }()
		select {
		case stderr := <-done:
			if !strings.Contains(stderr, "not a folder") {
				t.Errorf("gen %v: %q", args, stderr)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("gen %v hangs on a named pipe", args)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("a refused build left -out behind")
	}
}
