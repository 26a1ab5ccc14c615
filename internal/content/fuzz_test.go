package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const fuzzSiteTOML = "title = \"T\"\nbaseURL = \"https://x.example/\"\nlanguage = \"nl\"\n[support]\nemail = \"a@b.c\"\n[[categories]]\nname = \"instellingen\"\ntitle = \"C\"\n"

// FuzzLoad loads a site holding one arbitrary error file. Load must not
// panic; every diagnostic must name the file (or site.toml) with a line
// inside the file; a loaded error's id must be valid and its body must keep
// the file's line count.
func FuzzLoad(f *testing.F) {
	for _, b := range realFiles(f) {
		f.Add(b)
	}
	for _, s := range []string{"", "+++", "+++\n+++\n", "\uFEFF+++\r\nid = 1\r\n+++\r\n", "+++\nid = \"a\"\n[x]\n+++\n", "+++\nmessages = [\"{\"]\n+++\n<b>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const path = "content/errors/reeds-verwerkt.md"
		s, ds := Load(fstest.MapFS{
			"site.toml": {Data: []byte(fuzzSiteTOML)},
			path:        {Data: src},
		})
		if s == nil {
			t.Fatalf("site.toml failed to load: %v", ds)
		}
		lines := 1 + strings.Count(string(normalize(src)), "\n")
		for _, d := range ds {
			if d.Path != path {
				t.Errorf("diagnostic for another file: %v", d)
			}
			if d.Line < 0 || d.Line > lines+1 {
				t.Errorf("diagnostic line %d outside the file's %d lines: %v", d.Line, lines, d)
			}
			if d.Msg == "" {
				t.Errorf("diagnostic without a message: %+v", d)
			}
		}
		for _, e := range s.Errors {
			if checkID(e.ID) != "" {
				t.Errorf("loaded an error with invalid id %q", e.ID)
			}
			if got := 1 + strings.Count(string(e.Body), "\n"); got != lines {
				t.Errorf("body has %d lines, file has %d: positions would be off", got, lines)
			}
		}
	})
}

// realFiles returns the text of every real content file: the errors, the
// home page and site.toml (seeds for the fuzz targets).
func realFiles(f *testing.F) [][]byte {
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "errors", "*.md"))
	files = append(files, filepath.Join("..", "..", "content", "_index.md"), filepath.Join("..", "..", "site.toml"))
	var out [][]byte
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzSplit splits arbitrary text into front matter and body.
func FuzzSplit(f *testing.F) {
	for _, b := range realFiles(f) {
		f.Add(string(b), true)
	}
	for _, s := range []string{"+++\na = 1\n+++\nbody", "+++\r\n+++", "no front matter", "\uFEFF+++\n"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, required bool) {
		fl, d := split("x.md", []byte(src), required)
		if (fl == nil) == (d == nil) {
			t.Fatalf("split returned file %v and diagnostic %v", fl, d)
		}
		if fl != nil && strings.Count(string(fl.body), "\n") != strings.Count(string(normalize([]byte(src))), "\n") {
			t.Errorf("body line count differs from the file's")
		}
	})
}

// FuzzLoadSite loads a site whose site.toml and home page are arbitrary:
// Load must not panic, must report every problem at a line inside its file,
// and must give a site exactly when site.toml had no problem.
func FuzzLoadSite(f *testing.F) {
	real := realFiles(f)
	f.Add(real[len(real)-1], real[len(real)-2])
	f.Add([]byte(fuzzSiteTOML), []byte("+++\ntitle = \"x\"\nnotice = \"\"\"\n**a**\n\"\"\"\n+++\nIntro"))
	f.Add([]byte("[[categories]]\nname = 1\n[support]\nx.y = 2"), []byte("+++\n[t]\n+++"))
	f.Fuzz(func(t *testing.T, config, home []byte) {
		s, ds := Load(fstest.MapFS{
			"site.toml":                        {Data: config},
			"content/_index.md":                {Data: home},
			"content/errors/reeds-verwerkt.md": {Data: []byte("+++\nid = \"reeds-verwerkt\"\ntitle = \"R\"\nmessages = [\"Reeds verwerkt\", \"Already processed\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n**Oplossing.** X.\n")},
		})
		configBad := false
		for _, d := range ds {
			var lines int
			switch d.Path {
			case ConfigPath:
				lines = 1 + strings.Count(string(normalize(config)), "\n")
				configBad = configBad || !d.Warning
			case HomePath:
				lines = 1 + strings.Count(string(normalize(home)), "\n")
			default:
				continue
			}
			if d.Line < 0 || d.Line > lines+1 || d.Msg == "" {
				t.Errorf("diagnostic %v outside its file's %d lines", d, lines)
			}
		}
		if s == nil && !configBad {
			t.Errorf("no site, but no problem in site.toml: %v", ds)
		}
	})
}
