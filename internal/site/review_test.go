package site_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/internal/testenv"
	"github.com/bookzo/exact-help/theme"
)

// TestCheckFindsWhatTheBuildFinds: gen check (CheckOnly, no highlighting)
// must report every problem gen build reports for the same content. A
// fenced block in a language chroma knows renders to many times its size
// when highlighted: over MaxHTMLBytes for the build, well under it for the
// check, so CI passes a change whose deploy then fails.
func TestCheckFindsWhatTheBuildFinds(t *testing.T) {
	testenv.SkipUnderRace(t)
	body := "**Oorzaak.** X.\n\n**Oplossing.** Zie de code.\n\n```go\n" + strings.Repeat("a\n", 80_000) + "```\n"
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
	if !strings.Contains(build, "bytes of HTML") {
		t.Fatalf("test setup: the build does not reach the HTML limit: %s", build)
	}
	if build != check {
		t.Errorf("gen build reports\n%s\ngen check reports\n%s", build, check)
	}
}

// TestRouteKeyCoversWhatATemplateReaches: a theme cannot show what is not
// among a page's inputs. An error page holds its related errors' views,
// and they hold no related errors of their own (nor does a category's
// error, nor the site the catalogue): a template that reaches two steps
// away, or the catalogue from an error page, does not build.
func TestRouteKeyCoversWhatATemplateReaches(t *testing.T) {
	for _, tc := range []struct{ file, old, new string }{
		{"templates/error.html", "{{.Summary}}", "{{.Summary}}{{range .Related}}<i>{{.Title}}</i>{{end}}"},
		{"templates/error.html", "{{.Summary}}", "{{.Summary}}{{range .RelatedViews}}<i>{{.Title}}</i>{{end}}"},
		{"templates/category.html", "{{.Summary}}", "{{.Summary}}{{range .Related}}<i>{{.Title}}</i>{{end}}"},
		{"templates/error.html", "{{.Summary}}", "{{.Summary}}{{len $.Site.Errors}}"},
	} {
		th := fstest.MapFS{}
		if err := fs.WalkDir(theme.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(theme.FS, p)
			if p == tc.file {
				data = []byte(strings.Replace(string(data), tc.old, tc.new, 1))
			}
			th[p] = &fstest.MapFile{Data: data}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		fsys := routeSite()
		cc := string(fsys["content/errors/cc-drie.md"].Data)
		fsys["content/errors/cc-drie.md"] = &fstest.MapFile{Data: []byte(strings.Replace(cc, "category", "related = [\"bb-twee\"]\ncategory", 1))}
		cs, ds := content.Load(fsys)
		if len(ds.Errors()) > 0 {
			t.Fatal(ds)
		}
		s, ds := site.New(cs, th, site.Options{})
		if err := site.Check(ds); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Write(site.MemWriter{}); err == nil || !strings.Contains(err.Error(), "can't evaluate field") {
			t.Errorf("%s with %s: %v; want the build to fail", tc.file, tc.new, err)
		}
	}
}
