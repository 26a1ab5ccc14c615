package site_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

const partsSiteTOML = `title = "Test"
baseURL = "https://help.example.com/"
language = "nl"
[support]
email = "support@example.com"
[[categories]]
name = "verbinding"
title = "Verbinding"
`

// buildBody builds a site of one error with body and returns its page and
// the site's diagnostics.
func buildBody(t *testing.T, body string) (string, content.Diagnostics) {
	t.Helper()
	fsys := fstest.MapFS{
		"site.toml": {Data: []byte(partsSiteTOML)},
		"content/errors/server-unavailable.md": {Data: []byte(`+++
id = "server-unavailable"
title = "Server niet beschikbaar"
messages = ["Server niet beschikbaar", "Server Unavailable"]
category = "verbinding"
severity = "error"
+++
` + body)},
	}
	cs, ds := content.Load(fsys)
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	s, sds := site.New(cs, theme.FS, site.Options{})
	out := site.MemWriter{}
	if _, err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	return string(out["errors/server-unavailable/index.html"]), append(ds, sds...)
}

// TestPartFormsPublishAsTheOneForm: an error page whose solution is written
// "Oplossing:", "## Oplossing", "**Oplossing**", "**Oplossing:**", with its
// stars astray or on the line below the cause is the page of **Oplossing.** at the start of a
// paragraph: the steps, no "no solution yet", no warning.
func TestPartFormsPublishAsTheOneForm(t *testing.T) {
	const one = "**Oorzaak.** Exact is niet bereikbaar.\n\n**Oplossing.** Wacht een kwartier.\n"
	tests := []struct{ written, one string }{
		{"Oorzaak: Exact is niet bereikbaar.\n\nOplossing: Wacht een kwartier.\n", one},
		{"**Oorzaak:** Exact is niet bereikbaar.\n\n**Oplossing:** Wacht een kwartier.\n", one},
		{"**Oorzaak.** Exact is niet bereikbaar.\n**Oplossing**: Wacht een kwartier.\n", one},
		{"**Oorzaak** Exact is niet bereikbaar.\n\n## Oplossing\nWacht een kwartier.\n",
			"**Oorzaak.** Exact is niet bereikbaar.\n\n**Oplossing.**\n\nWacht een kwartier.\n"},
		// The stars astray: no space after them, or inside them, or one
		// too few.
		{"**Oorzaak.**Exact is niet bereikbaar.\n\n**Oplossing.**Wacht een kwartier.\n", one},
		{"** Oorzaak.** Exact is niet bereikbaar.\n\n**Oplossing. ** Wacht een kwartier.\n", one},
		{"**Oorzaak :** Exact is niet bereikbaar.\n\n**Oplossing.* Wacht een kwartier.\n", one},
	}
	for _, tt := range tests {
		want, ds := buildBody(t, tt.one)
		if len(ds) > 0 || strings.Contains(want, "nog geen oplossing") || !strings.Contains(want, "<strong>Oplossing.</strong>") {
			t.Fatalf("the one form %q: diagnostics %v, or the page says there is no solution:\n%s", tt.one, ds, want)
		}
		page, ds := buildBody(t, tt.written)
		if len(ds) > 0 {
			t.Errorf("body %q: diagnostics %v, want none", tt.written, ds)
		}
		if page != want {
			t.Errorf("body %q: the page differs from that of %q:\n%s", tt.written, tt.one, firstDiff([]byte(page), []byte(want)))
		}
	}
}

// TestCachedProblemNamesTheErrorAfterATitleChange: a problem that names the
// error a writer meant, by its title, is worded again when that title
// changes in another file, although the file with the problem did not
// change and the cache holds its body.
func TestCachedProblemNamesTheErrorAfterATitleChange(t *testing.T) {
	errorFile := func(id, title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\nid = \"" + id + "\"\ntitle = \"" + title + "\"\nmessages = [\"" + title + " in het log\", \"" + id + " in the log\"]\n" +
			"category = \"verbinding\"\nseverity = \"error\"\n+++\n" + body)}
	}
	fsys := fstest.MapFS{
		"site.toml":                            {Data: []byte(partsSiteTOML)},
		"content/errors/reeds-verwerkt.md":     errorFile("reeds-verwerkt", "Reeds verwerkt", "**Oplossing.** Zie [die](error: Nieuwe titel).\n"),
		"content/errors/server-unavailable.md": errorFile("server-unavailable", "Oude titel", "**Oplossing.** Wacht.\n"),
	}
	loader, cache := content.NewLoader(fsys), site.NewCache()
	problem := func(changed []string) string {
		t.Helper()
		cs, ds := loader.Load(content.Changes{All: changed == nil, Files: changed}, content.Full)
		if len(ds.Errors()) > 0 {
			t.Fatal(ds)
		}
		_, ds = site.New(cs, theme.FS, site.Options{Cache: cache})
		if len(ds) != 1 {
			t.Fatalf("diagnostics %v, want one", ds)
		}
		return ds[0].Msg
	}
	if p := problem(nil); !strings.Contains(p, "write (error:<id>)") {
		t.Errorf("before: %s; want it to ask for the id", p)
	}
	fsys["content/errors/server-unavailable.md"] = errorFile("server-unavailable", "Nieuwe titel", "**Oplossing.** Wacht.\n")
	if p := problem([]string{"content/errors/server-unavailable.md"}); !strings.Contains(p, "write (error:server-unavailable)") {
		t.Errorf("after the title changed: %s; want it to name server-unavailable", p)
	}
}

// TestCachedLinkToAnUnusableFile: a link to an id that only a file which
// cannot be used may hold is no problem (that file's own is); once the file
// is removed, the cached body that links to it reports the link.
func TestCachedLinkToAnUnusableFile(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml": {Data: []byte(partsSiteTOML)},
		"content/errors/reeds-verwerkt.md": {Data: []byte("+++\nid = \"reeds-verwerkt\"\ntitle = \"Reeds verwerkt\"\nmessages = [\"Reeds verwerkt\", \"Already processed\"]\n" +
			"category = \"verbinding\"\nseverity = \"error\"\n+++\n**Oplossing.** Zie [die](error:server-unavailable).\n")},
		"content/errors/server-unavailable.md": {Data: []byte("+++\nid = “server-unavailable”\n+++\n")},
	}
	loader, cache := content.NewLoader(fsys), site.NewCache()
	linkProblems := func(changed []string) []string {
		t.Helper()
		cs, _ := loader.Load(content.Changes{All: changed == nil, Files: changed}, content.Full)
		_, ds := site.New(cs, theme.FS, site.Options{Cache: cache})
		var out []string
		for _, d := range ds {
			if d.Path == "content/errors/reeds-verwerkt.md" && !d.Warning {
				out = append(out, d.Msg)
			}
		}
		return out
	}
	if ps := linkProblems(nil); len(ps) != 0 {
		t.Fatalf("while the file cannot be read: %v; want no problem at the link", ps)
	}
	delete(fsys, "content/errors/server-unavailable.md")
	ps := linkProblems([]string{"content/errors/server-unavailable.md"})
	if len(ps) != 1 || !strings.Contains(ps[0], `no error has the id "server-unavailable"`) {
		t.Errorf("after the file is removed: %v; want the link reported", ps)
	}
}
