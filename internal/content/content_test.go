package content_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/message"
)

// TestSeedErrors checks the real content against the seed's table: every id
// support may link to exists, and carries the seed's message verbatim (typos
// included), where a trailing placeholder stands for the value the seed cut off.
func TestSeedErrors(t *testing.T) {
	s, ds := content.Load(os.DirFS(filepath.Join("..", "..")))
	if len(ds.Errors()) > 0 {
		t.Fatalf("the real content has errors:\n%v", ds)
	}
	f, err := os.Open(filepath.Join("..", "..", "testdata", "seed-errors.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	var seedMessages []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, msg, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		n++
		seedMessages = append(seedMessages, msg)
		e := s.Lookup(id)
		if e == nil {
			t.Errorf("seed error %q: no content/errors/%s.md", id, id)
			continue
		}
		found := false
		for _, m := range e.Messages {
			segs, err := message.Parse(m)
			if err != nil {
				t.Fatal(err)
			}
			if m == msg || strings.TrimSpace(message.Literal(segs)) == msg {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no message is the seed's %q; messages are %q", e.Path, msg, e.Messages)
		}
	}
	if n != 21 {
		t.Errorf("seed table has %d errors, want 21", n)
	}
	// The table is the seed's: each message stands in the help page as it
	// was published (testdata/seed/help-page.txt, a copy of the seed).
	page, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "help-page.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range seedMessages {
		if !strings.Contains(string(page), msg) {
			t.Errorf("seed table message %q is not in the seed's help page", msg)
		}
	}
	// The seed's warning above the table is the site-wide notice.
	const warning = "Bij synchronisatiefouten worden alle facturen sinds de laatste volledige succesvolle run aangeboden."
	if !strings.Contains(string(page), warning) {
		t.Fatalf("test setup: the seed has no %q", warning)
	}
	if got := strings.Join(strings.Fields(s.Home.Notice), " "); !strings.Contains(got, warning) {
		t.Errorf("content/_index.md: the notice %q does not carry the seed's warning %q", got, warning)
	}
}

// TestLineEndings loads the same error written with LF, with CRLF and with a
// byte order mark, and requires the same result.
func TestLineEndings(t *testing.T) {
	const lf = "+++\nid = \"reeds-verwerkt\"\ntitle = \"Reeds verwerkt\"\nmessages = [\"Reeds verwerkt\"]\ncategory = \"cc\"\nseverity = \"error\"\n+++\n**Oplossing.** Tekst.\n"
	for name, src := range map[string]string{
		"lf":       lf,
		"crlf":     strings.ReplaceAll(lf, "\n", "\r\n"),
		"bom+crlf": "\uFEFF" + strings.ReplaceAll(lf, "\n", "\r\n"),
		"bom":      "\uFEFF" + lf,
	} {
		s, ds := content.Load(mapFS(map[string]string{
			"site.toml":                        "title = \"T\"\nbaseURL = \"https://x.example/\"\nlanguage = \"nl\"\n[support]\nemail = \"a@b.c\"\n[[categories]]\nname = \"cc\"\ntitle = \"C\"\n",
			"content/errors/reeds-verwerkt.md": src,
		}))
		if len(ds.Errors()) > 0 {
			t.Errorf("%s: diagnostics %v", name, ds)
			continue
		}
		e := s.Lookup("reeds-verwerkt")
		if e == nil || e.Title != "Reeds verwerkt" || e.BodyLine != 8 || strings.TrimSpace(string(e.Body)) != "**Oplossing.** Tekst." {
			t.Errorf("%s: loaded %+v", name, e)
		}
	}
}

// TestSums: an error's Sum changes with its file's bytes or path and with
// nothing else; site.toml's and the home page's with their own bytes.
func TestSums(t *testing.T) {
	t.Parallel()
	const cfg = "title = \"T\"\nbaseURL = \"https://x.example/\"\nlanguage = \"nl\"\n[support]\nemail = \"a@b.c\"\n[[categories]]\nname = \"cc\"\ntitle = \"C\"\n"
	file := func(id, text string) string {
		return "+++\nid = \"" + id + "\"\ntitle = \"T " + id + "\"\nmessages = [\"M " + id + "\"]\ncategory = \"cc\"\nseverity = \"error\"\n+++\n**Oplossing.** " + text + "\n"
	}
	load := func(files map[string]string) *content.Site {
		t.Helper()
		s, ds := content.Load(mapFS(files))
		if len(ds.Errors()) > 0 {
			t.Fatalf("diagnostics %v", ds)
		}
		return s
	}
	base := load(map[string]string{"site.toml": cfg, "content/_index.md": "Hallo.\n",
		"content/errors/aa.md": file("aa", "Een."), "content/errors/bb.md": file("bb", "Twee.")})
	same := load(map[string]string{"site.toml": cfg, "content/_index.md": "Hallo.\n",
		"content/errors/aa.md": file("aa", "Een."), "content/errors/bb.md": file("bb", "Twee!")})
	other := load(map[string]string{"site.toml": "editURL = \"https://e.example/\"\n" + cfg, "content/_index.md": "Hallo!\n",
		"content/errors/aa.md": file("aa", "Een."), "content/errors/bb.md": file("bb", "Twee.")})
	if base.Lookup("aa").Sum != same.Lookup("aa").Sum || base.Lookup("aa").Sum != other.Lookup("aa").Sum {
		t.Error("a's Sum changed although its file did not")
	}
	if base.Lookup("bb").Sum == same.Lookup("bb").Sum {
		t.Error("b's Sum is the same after its text changed")
	}
	if base.Lookup("aa").Sum == base.Lookup("bb").Sum || base.Lookup("aa").Sum == [32]byte{} {
		t.Error("two files share a Sum, or a Sum is zero")
	}
	if base.Config.Sum != same.Config.Sum || base.Config.Sum == other.Config.Sum {
		t.Error("site.toml's Sum does not follow its bytes")
	}
	if base.Home.Sum != same.Home.Sum || base.Home.Sum == other.Home.Sum {
		t.Error("the home page's Sum does not follow its bytes")
	}
}

// TestQuickLoadAfterEdits: a Quick load after a change gives what a new
// load of the same files gives, whether the change edits a listed file
// (the last listing is kept), adds one, removes one, or turns one into
// something that is not an error file (the folder is listed again).
func TestQuickLoadAfterEdits(t *testing.T) {
	t.Parallel()
	const cfg = "title = \"T\"\nbaseURL = \"https://x.example/\"\nlanguage = \"nl\"\n[support]\nemail = \"a@b.c\"\n[[categories]]\nname = \"cc\"\ntitle = \"C\"\n"
	file := func(id, text string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\nid = \"" + id + "\"\ntitle = \"T " + id + "\"\nmessages = [\"M " + id + "\"]\ncategory = \"cc\"\nseverity = \"error\"\n+++\n**Oplossing.** " + text + "\n")}
	}
	fsys := fstest.MapFS{"site.toml": {Data: []byte(cfg)}, "content/errors/.aa.md.swp": {Data: []byte("x")}}
	for _, id := range []string{"aa", "bb", "cc", "dd"} {
		fsys["content/errors/"+id+".md"] = file(id, "Een.")
	}
	l := content.NewLoader(fsys)
	l.Load(content.Changes{All: true}, content.Full)
	summary := func(s *content.Site, ds content.Diagnostics) string {
		var ids []string
		for _, e := range s.Errors {
			ids = append(ids, e.ID+":"+strings.TrimSpace(string(e.Body)))
		}
		return fmt.Sprint(ids, ds, s.Skipped)
	}
	for _, step := range []struct {
		name   string
		change func()
		file   string
	}{
		{"edit", func() { fsys["content/errors/bb.md"] = file("bb", "Twee.") }, "content/errors/bb.md"},
		{"add", func() { fsys["content/errors/ee.md"] = file("ee", "Vijf.") }, "content/errors/ee.md"},
		{"remove", func() { delete(fsys, "content/errors/cc.md") }, "content/errors/cc.md"},
		{"into a folder", func() {
			delete(fsys, "content/errors/dd.md")
			fsys["content/errors/dd.md/x"] = &fstest.MapFile{Data: []byte("x")}
		}, "content/errors/dd.md"},
		{"a broken edit", func() { fsys["content/errors/aa.md"] = &fstest.MapFile{Data: []byte("+++\nid = aa\n+++\n")} }, "content/errors/aa.md"},
	} {
		step.change()
		quick, qds := l.Load(content.Changes{Files: []string{step.file}}, content.Quick)
		fresh, fds := content.NewLoader(fsys).Load(content.Changes{All: true}, content.Quick)
		if got, want := summary(quick, qds), summary(fresh, fds); got != want {
			t.Errorf("%s: quick load\n%s\nnew load\n%s", step.name, got, want)
		}
	}
}

// TestLoadAllForgetsWhatItKept: after changes the Loader was not told of
// (a watcher that lost them), a load of everything gives what a new
// Loader gives, Quick and Full alike.
func TestLoadAllForgetsWhatItKept(t *testing.T) {
	t.Parallel()
	const cfg = "title = \"T\"\nbaseURL = \"https://x.example/\"\nlanguage = \"nl\"\n[support]\nemail = \"a@b.c\"\n[[categories]]\nname = \"cc\"\ntitle = \"C\"\n"
	file := func(id, title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\nid = \"" + id + "\"\ntitle = \"" + title + "\"\nmessages = [\"M " + id + "\"]\ncategory = \"cc\"\nseverity = \"error\"\n+++\n**Oplossing.** Een.\n")}
	}
	fsys := fstest.MapFS{"site.toml": {Data: []byte(cfg)}}
	for _, id := range []string{"aa", "bb", "cc"} {
		fsys["content/errors/"+id+".md"] = file(id, "T "+id)
	}
	l := content.NewLoader(fsys)
	l.Load(content.Changes{All: true}, content.Full)
	l.Load(content.Changes{Files: []string{"content/errors/aa.md"}}, content.Quick)
	// Unreported: an edit, a file added, a file removed.
	fsys["content/errors/bb.md"] = file("bb", "Nieuwe titel")
	fsys["content/errors/dd.md"] = file("dd", "T dd")
	delete(fsys, "content/errors/cc.md")
	summary := func(s *content.Site, ds content.Diagnostics) string {
		var errs []string
		for _, e := range s.Errors {
			errs = append(errs, e.ID+":"+e.Title)
		}
		return fmt.Sprint(errs, ds)
	}
	for _, check := range []content.Check{content.Quick, content.Full} {
		got := summary(l.Load(content.Changes{All: true}, check))
		want := summary(content.NewLoader(fsys).Load(content.Changes{All: true}, check))
		if got != want {
			t.Errorf("Load(All, %v) after unreported changes = %s, a new Loader's = %s", check, got, want)
		}
	}
}
