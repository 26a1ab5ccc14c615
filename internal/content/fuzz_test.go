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
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "errors", "*.md"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
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

// FuzzSplit splits arbitrary text into front matter and body.
func FuzzSplit(f *testing.F) {
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
