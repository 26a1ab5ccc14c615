package site_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// TestCheckFindsWhatTheBuildFinds: gen check (CheckOnly, no highlighting)
// must report every problem gen build reports for the same content. A
// fenced block in a language chroma knows renders to many times its size
// when highlighted: over MaxHTMLBytes for the build, well under it for the
// check, so CI passes a change whose deploy then fails.
func TestCheckFindsWhatTheBuildFinds(t *testing.T) {
	body := "**Oorzaak.** X.\n\n**Oplossing.** Zie de code.\n\n```go\n" + strings.Repeat("a\n", 300_000) + "```\n"
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
	problems := func(checkOnly bool) string {
		cs, ds := content.Load(fsys)
		if len(ds.Errors()) > 0 {
			t.Fatal(ds)
		}
		_, sds := site.New(cs, theme.FS, site.Options{CheckOnly: checkOnly})
		return sds.Errors().Error()
	}
	build, check := problems(false), problems(true)
	if build != check {
		t.Errorf("gen build reports\n%s\ngen check reports\n%s", build, check)
	}
}

// TestRouteKeyCoversWhatATemplateReaches: the page data of an error page
// holds its related errors' views, and they hold theirs: a theme can show
// an error two steps away, whose key is not among the page's inputs. A
// change there leaves the page's key as it was and its bytes not, so the
// dev server's quick build keeps the old page.
func TestRouteKeyCoversWhatATemplateReaches(t *testing.T) {
	th := fstest.MapFS{}
	if err := fs.WalkDir(theme.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		if p == "templates/error.html" {
			data = []byte(strings.Replace(string(data), "{{.Summary}}", "{{.Summary}}{{range .RelatedViews}}<i>{{.Title}}</i>{{end}}", 1))
		}
		th[p] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fsys := routeSite()
	// cc-drie shows bb-twee, which shows aa-een.
	cc := string(fsys["content/errors/cc-drie.md"].Data)
	fsys["content/errors/cc-drie.md"] = &fstest.MapFile{Data: []byte(strings.Replace(cc, "category", "related = [\"bb-twee\"]\ncategory", 1))}
	page := func() ([32]byte, string) {
		cs, ds := content.Load(fsys)
		if len(ds.Errors()) > 0 {
			t.Fatal(ds)
		}
		s, ds := site.New(cs, th, site.Options{})
		if err := site.Check(ds); err != nil {
			t.Fatal(err)
		}
		out := site.MemWriter{}
		if _, err := s.Write(out); err != nil {
			t.Fatal(err)
		}
		for _, r := range s.Routes() {
			if r.Path == "errors/cc-drie/index.html" {
				return r.Key, string(out[r.Path])
			}
		}
		t.Fatal("no route for cc-drie")
		return [32]byte{}, ""
	}
	k1, p1 := page()
	aa := string(fsys["content/errors/aa-een.md"].Data)
	fsys["content/errors/aa-een.md"] = &fstest.MapFile{Data: []byte(strings.Replace(aa, "Titel aa-een", "Een andere titel", 1))}
	k2, p2 := page()
	if k1 == k2 && p1 != p2 {
		t.Error("errors/cc-drie/index.html: the same key, other bytes (it shows aa-een's title, which is not among its inputs)")
	}
}
