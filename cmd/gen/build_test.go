package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/corpus"
)

// TestBuildFailureKeepsPublishedSite builds a site, breaks one of its files,
// builds again and checks that the failed build reports the file and line and
// leaves the published output byte for byte as it was.
func TestBuildFailureKeepsPublishedSite(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	errFile := filepath.Join(dir, "content", "errors", "reeds-verwerkt.md")
	os.MkdirAll(filepath.Dir(errFile), 0o755)
	good := "+++\nid = \"reeds-verwerkt\"\ntitle = \"Reeds verwerkt\"\nmessages = [\"Reeds verwerkt\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\nTekst.\n"
	if err := os.WriteFile(errFile, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "1 error, ") {
		t.Errorf("summary %q does not count the errors", stdout.String())
	}
	before := snapshot(t, out)

	broken := strings.Replace(good, `severity = "error"`, `severity = "rood"`, 1)
	os.WriteFile(errFile, []byte(broken), 0o644)
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"build", "-src", dir}, &stdout, &stderr); code != 1 {
		t.Fatalf("broken build: exit %d, want 1", code)
	}
	wantLine := filepath.ToSlash(errFile) + `:6: severity "rood": use "error" (red cross) or "warning" (skipped at the next run)`
	if !strings.Contains(stderr.String(), wantLine) {
		t.Errorf("stderr:\n%s\nwant a line %q", stderr.String(), wantLine)
	}
	if !strings.Contains(stderr.String(), "was not changed") {
		t.Errorf("stderr does not say the output was kept:\n%s", stderr.String())
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Fatalf("failed build changed the number of files: %d -> %d", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("failed build changed %s", name)
		}
	}
}

func TestBuildSummaryListsTodo(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644)
	os.MkdirAll(filepath.Join(dir, "content", "errors"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "errors", "leeg.md"), []byte("+++\nid = \"leeg\"\ntitle = \"Leeg\"\nmessages = [\"Leeg\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", dir, "-out", filepath.Join(dir, "out")}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	file := filepath.ToSlash(filepath.Join(dir, "content/errors/leeg.md"))
	want := "to do: 1 error without a solution yet:\n  " + file + "\n" +
		"to do: 1 error with messages in one language only:\n  " + file + " (Dutch messages)\n"
	if !strings.HasSuffix(stdout.String(), want) {
		t.Errorf("stdout:\n%s\nwant it to end with:\n%s", stdout.String(), want)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"build", "-nope"}, {"check", "-format", "xml"}, {"build", "extra"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("gen %v: exit %d, want 2 (stderr %q)", args, code, stderr.String())
		}
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			files[p] = string(b)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatalf("no files in %s", dir)
	}
	return files
}

// TestAnchorsNeverDisappear walks through a writer's life: a build records
// the anchors; deleting an error or renaming its id without an alias makes
// both build and check fail with the anchor's name; keeping the old id as an
// alias makes both pass again.
func TestAnchorsNeverDisappear(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644)
	errDir := filepath.Join(dir, "content", "errors")
	os.MkdirAll(errDir, 0o755)
	write := func(id, extra string) {
		src := "+++\nid = \"" + id + "\"\ntitle = \"Titel " + id + "\"\nmessages = [\"Melding " + id + "\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n" + extra + "+++\nTekst.\n"
		if err := os.WriteFile(filepath.Join(errDir, id+".md"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gen := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := run(append(args, "-src", dir), &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	write("reeds-verwerkt", "")
	write("server-unavailable", "")
	if code, out := gen("build"); code != 0 {
		t.Fatalf("first build: %d\n%s", code, out)
	}
	lock, err := os.ReadFile(filepath.Join(dir, "anchors.lock"))
	if err != nil || !strings.HasSuffix(string(lock), "\nreeds-verwerkt\nserver-unavailable\n") {
		t.Fatalf("anchors.lock after the first build: %q, %v", lock, err)
	}
	if code, out := gen("check"); code != 0 {
		t.Fatalf("check after build: %d\n%s", code, out)
	}

	gone := `anchors.lock:4: anchor "reeds-verwerkt" was published (support may have sent /errors/#reeds-verwerkt) but no error has it any more: add "reeds-verwerkt" to the aliases of the error that replaces it, or put it back as the id or alias it was`
	// Deleting an error.
	os.Remove(filepath.Join(errDir, "reeds-verwerkt.md"))
	for _, cmd := range []string{"build", "check"} {
		code, out := gen(cmd)
		if code != 1 || !strings.Contains(out, gone) {
			t.Errorf("%s after deleting an error: exit %d, output:\n%s\nwant exit 1 and:\n%s", cmd, code, out, gone)
		}
	}
	// Renaming the id without an alias.
	write("al-verwerkt", "")
	for _, cmd := range []string{"build", "check"} {
		code, out := gen(cmd)
		if code != 1 || !strings.Contains(out, gone) {
			t.Errorf("%s after a rename without alias: exit %d, output:\n%s", cmd, code, out)
		}
	}
	// With the old id as an alias, the build passes and records the new id;
	// then check passes too.
	write("al-verwerkt", "aliases = [\"reeds-verwerkt\"]\n")
	if code, out := gen("check"); code != 1 || !strings.Contains(out, `id "al-verwerkt" is not in anchors.lock yet`) {
		t.Errorf("check before the build records the new id: exit %d\n%s", code, out)
	}
	if code, out := gen("build"); code != 0 {
		t.Fatalf("build with alias: %d\n%s", code, out)
	}
	if code, out := gen("check"); code != 0 {
		t.Errorf("check after build with alias: %d\n%s", code, out)
	}
	redirect, err := os.ReadFile(filepath.Join(dir, "public", "errors", "reeds-verwerkt", "index.html"))
	if err != nil || !strings.Contains(string(redirect), `<meta http-equiv="refresh" content="0; url=/errors/al-verwerkt/">`) {
		t.Errorf("redirect page for the old id: %v\n%s", err, redirect)
	}
	// No churn: a build with nothing changed leaves anchors.lock as it was.
	before, _ := os.ReadFile(filepath.Join(dir, "anchors.lock"))
	gen("build")
	after, _ := os.ReadFile(filepath.Join(dir, "anchors.lock"))
	if !bytes.Equal(before, after) {
		t.Errorf("anchors.lock changed on a build without changes:\n%s\n---\n%s", before, after)
	}
}

// TestRealSiteChecks runs gen check on the repository's own content, as CI
// does on every pull request.
func TestRealSiteChecks(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "-src", filepath.Join("..", "..")}, &stdout, &stderr); code != 0 {
		t.Fatalf("gen check on the real site: exit %d\n%s", code, stderr.String())
	}
}

// TestNewPassesCheck creates an error with gen new: the file parses, has every
// key, and the site passes gen check; a second gen new with the same id, and
// one with an invalid id, are refused.
func TestNewPassesCheck(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("build of the empty site: %d\n%s", code, stderr.String())
	}
	if code := run([]string{"new", "kostenplaats-onbekend", "-src", dir, "-message", "Ongeldige referentie: Kostenplaats", "-category", "verbinding"}, &stdout, &stderr); code != 0 {
		t.Fatalf("gen new: %d\n%s", code, stderr.String())
	}
	src, err := os.ReadFile(filepath.Join(dir, "content", "errors", "kostenplaats-onbekend.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "title", "messages", "category", "severity", "tags", "aliases", "related", "updated", "status"} {
		if !strings.Contains(string(src), "\n"+key+" = ") {
			t.Errorf("gen new's file lacks the key %s:\n%s", key, src)
		}
	}
	if !strings.Contains(string(src), `"Ongeldige referentie: Kostenplaats"`) || !strings.Contains(string(src), `category = "verbinding"`) {
		t.Errorf("gen new ignored its flags:\n%s", src)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"check", "-src", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("check after gen new: %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "warning: no solution described yet") {
		t.Errorf("check does not list the new error as a to-do:\n%s", stderr.String())
	}
	for _, args := range [][]string{
		{"new", "kostenplaats-onbekend", "-src", dir},
		{"new", "Kostenplaats", "-src", dir},
		{"new", "../escape", "-src", dir},
		{"new", "ok-id", "-src", dir, "-category", "bestaat-niet"},
	} {
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 1 {
			t.Errorf("gen %v: exit %d, want 1\n%s", args, code, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "escape.md")); err == nil {
		t.Error("gen new wrote outside content/errors")
	}
}

// TestBuildRefusesOutputThatWouldDestroyInput points -out at folders that a
// build, which replaces the whole output folder, would destroy: the site
// folder, a folder holding it, the content, the theme, an unrelated folder
// with files. Each is refused with a message naming the folder, and nothing
// in the site changes. An empty folder and an earlier build's output are
// fine.
func TestBuildRefusesOutputThatWouldDestroyInput(t *testing.T) {
	const good = "+++\nid = \"reeds-verwerkt\"\ntitle = \"Reeds verwerkt\"\nmessages = [\"Reeds verwerkt\", \"Already processed\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n**Oplossing.** Tekst.\n"
	cases := []struct {
		name string
		out  string // relative to the test's folder; the site is in site/
		args []string
		want string // in stderr; "" for success
	}{
		{"site folder", "site", nil, "would replace the site folder"},
		{"folder holding the site", ".", nil, "would replace the site folder"},
		{"content folder", "site/content", nil, "overlaps site/content"},
		{"inside content", "site/content/errors/out", nil, "overlaps site/content"},
		{"theme folder", "theme", []string{"-theme", "theme"}, "overlaps theme"},
		{"unrelated folder with files", "documents", nil, "is not the output of a build (there is no .documents.gen-output beside it"},
		{"new folder", "new/public", nil, ""},
		{"empty folder", "empty", nil, ""},
		{"earlier output", "site/public", nil, ""},
	}
	themeDir, err := filepath.Abs(filepath.Join("..", "..", "theme"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			files := map[string]string{
				"site/site.toml":                        baseSiteTOML,
				"site/content/errors/reeds-verwerkt.md": good,
				"documents/belangrijk.txt":              "niet weggooien",
			}
			for name, data := range files {
				os.MkdirAll(filepath.Dir(name), 0o755)
				if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			os.Mkdir("empty", 0o755)
			if err := os.CopyFS("theme", os.DirFS(themeDir)); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{"build", "-src", "site"}, &stdout, &stderr); code != 0 {
				t.Fatalf("first build into site/public: exit %d\n%s", code, stderr.String())
			}
			before := snapshot(t, ".")
			stdout.Reset()
			stderr.Reset()
			args := append([]string{"build", "-src", "site", "-out", c.out}, c.args...)
			code := run(args, &stdout, &stderr)
			if c.want == "" {
				if code != 0 {
					t.Fatalf("gen %v: exit %d\n%s", args, code, stderr.String())
				}
				if _, err := os.Stat(filepath.Join(c.out, "errors.json")); err != nil {
					t.Errorf("gen %v wrote no site: %v", args, err)
				}
				return
			}
			if code != 1 || !strings.Contains(stderr.String(), c.want) || !strings.Contains(stderr.String(), "-out "+c.out) {
				t.Fatalf("gen %v: exit %d, stderr %q; want exit 1 and a message with %q", args, code, stderr.String(), c.want)
			}
			after := snapshot(t, ".")
			if len(after) != len(before) {
				t.Fatalf("a refused build changed the number of files: %d -> %d", len(before), len(after))
			}
			for name, data := range before {
				if after[name] != data {
					t.Errorf("a refused build changed %s", name)
				}
			}
		})
	}
}

// TestSymlinksAreNotFollowed points site files at files outside the site
// folder, as a crafted pull request could: the check refuses each link by
// name, and nothing of the outside file is read into the output.
func TestSymlinksAreNotFollowed(t *testing.T) {
	const secret = "GEHEIM-wachtwoord-van-de-server"
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("+++\nid = \"secret\"\ntitle = \""+secret+"\"\nmessages = [\""+secret+"\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n"+secret+"\n"), 0o644)
	os.WriteFile(filepath.Join(outside, "site.toml"), []byte(baseSiteTOML+"\n# "+secret+"\n"), 0o644)
	os.MkdirAll(filepath.Join(outside, "errors"), 0o755)
	os.WriteFile(filepath.Join(outside, "errors", "secret.md"), nil, 0o644)
	good := "+++\nid = \"reeds-verwerkt\"\ntitle = \"Reeds verwerkt\"\nmessages = [\"Reeds verwerkt\", \"Already processed\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n**Oplossing.** Tekst.\n"
	cases := []struct {
		name string
		link string // the path in the site that is a link
		to   string // its target outside
	}{
		{"error file", "content/errors/secret.md", "secret.md"},
		{"site.toml", "site.toml", "site.toml"},
		{"home page", "content/_index.md", "secret.md"},
		{"errors folder", "content/errors", "errors"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "content"), 0o755)
			if c.link != "site.toml" {
				os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644)
			}
			if c.link != "content/errors" {
				os.MkdirAll(filepath.Join(dir, "content", "errors"), 0o755)
				os.WriteFile(filepath.Join(dir, "content", "errors", "reeds-verwerkt.md"), []byte(good), 0o644)
			}
			if err := os.Symlink(filepath.Join(outside, c.to), filepath.Join(dir, filepath.FromSlash(c.link))); err != nil {
				t.Skipf("cannot make a symbolic link here: %v", err)
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"check", "-src", dir}, &stdout, &stderr)
			want := filepath.ToSlash(filepath.Join(dir, c.link)) + ": a symbolic link"
			if code != 1 || !strings.Contains(stderr.String(), want) {
				t.Errorf("gen check: exit %d, stderr:\n%s\nwant exit 1 and a line starting %q", code, stderr.String(), want)
			}
			if strings.Contains(stdout.String()+stderr.String(), secret) {
				t.Errorf("the check read the outside file:\n%s%s", stdout.String(), stderr.String())
			}
			out := filepath.Join(dir, "public")
			stdout.Reset()
			stderr.Reset()
			if code := run([]string{"build", "-src", dir, "-out", out}, &stdout, &stderr); code != 1 {
				t.Errorf("gen build: exit %d, want 1", code)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("gen build wrote %s", out)
			}
		})
	}
}

// TestBuildCache: gen build's persistent cache gives the same output as a
// build without it, cold and warm; -cache off writes no cache; a cache
// folder inside the output folder is refused.
func TestBuildCache(t *testing.T) {
	dir := t.TempDir()
	src, cache := filepath.Join(dir, "site"), filepath.Join(dir, "cache")
	if err := corpus.WriteFamily(src, 120, 3, true); err != nil {
		t.Fatal(err)
	}
	build := func(out string, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"build", "-src", src, "-out", out, "-timings"}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("gen build %v: exit %d\n%s", args, code, stderr.String())
		}
		return stderr.String()
	}
	build(filepath.Join(dir, "plain"), "-cache", "off")
	if _, err := os.Stat(cache); err == nil {
		t.Fatal("-cache off made a cache folder")
	}
	if log := build(filepath.Join(dir, "cold"), "-cache", cache); !strings.Contains(log, "; 0 cache hits") {
		t.Errorf("cold build: %s", log)
	}
	if log := build(filepath.Join(dir, "warm"), "-cache", cache); strings.Contains(log, "; 0 cache hits") || !strings.Contains(log, "cache hits") {
		t.Errorf("warm build: %s", log)
	}
	rel := func(name string) map[string]string {
		m := map[string]string{}
		for p, data := range snapshot(t, filepath.Join(dir, name)) {
			m[strings.TrimPrefix(p, filepath.Join(dir, name))] = data
		}
		return m
	}
	plain := rel("plain")
	for _, name := range []string{"cold", "warm"} {
		got := rel(name)
		for f, data := range plain {
			if got[f] != data {
				t.Errorf("%s build: %s differs from the build without a cache", name, f)
			}
		}
		if len(got) != len(plain) {
			t.Errorf("%s build: %d files, without a cache %d", name, len(got), len(plain))
		}
	}

	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, "plain")
	if code := run([]string{"build", "-src", src, "-out", out, "-cache", filepath.Join(out, "c")}, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "inside the output folder") {
		t.Errorf("cache inside the output: exit %d, %s", code, stderr.String())
	}
}
