package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/testenv"
	"github.com/bookzo/exact-help/theme"
)

// TestQuickBuildEqualsFullBuildWithHomeLinks: the notice (on every page)
// and the intro link to errors, so every page depends on the link table;
// a rename, an alias moving, a broken file and its fix, each followed by a
// quick build that must equal a full one.
func TestQuickBuildEqualsFullBuildWithHomeLinks(t *testing.T) {
	testenv.SkipUnderRace(t)
	dir := t.TempDir()
	if err := corpus.Write(dir, 40, 11); err != nil {
		t.Fatal(err)
	}
	ids := errorIDs(t, dir)
	file := func(id string) string { return filepath.Join(dir, "content", "errors", id+".md") }
	// Errors no other file names (the steps rename and break them).
	var free []string
	for _, id := range ids {
		named := false
		for _, other := range ids {
			data, _ := os.ReadFile(file(other))
			named = named || other != id && bytes.Contains(data, []byte(`"`+id+`"`))
		}
		if !named {
			free = append(free, id)
		}
	}
	if len(free) < 3 {
		t.Fatalf("test setup: %d errors no other names", len(free))
	}
	a, b, c := free[0], free[1], free[2]
	rel := func(id string) string { return "content/errors/" + id + ".md" }
	home := "+++\ntitle = \"Hallo\"\nnotice = \"Zie [dit](error:" + a + ").\"\n+++\nLees [b](error:oude-b) eerst.\n"
	os.WriteFile(filepath.Join(dir, "content", "_index.md"), []byte(home), 0o644)
	addAlias := func(id, alias string) {
		data, _ := os.ReadFile(file(id))
		data = regexp.MustCompile(`(?m)^severity`).ReplaceAll(data, []byte("aliases = [\""+alias+"\"]\nseverity"))
		os.WriteFile(file(id), data, 0o644)
	}
	addAlias(b, "oude-b")
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS})
	if !s.Build() {
		t.Fatalf("first build: %v", s.last.Load().problems)
	}
	var broken []byte
	steps := []struct {
		name   string
		fails  bool
		change func() []string
	}{
		{"rename a, old id an alias", false, func() []string {
			data, _ := os.ReadFile(file(a))
			data = bytes.Replace(data, []byte(`id = "`+a+`"`), []byte(`id = "`+a+`-nieuw"`+"\naliases = [\""+a+"\"]"), 1)
			os.Remove(file(a))
			os.WriteFile(file(a+"-nieuw"), data, 0o644)
			return []string{rel(a), rel(a + "-nieuw")}
		}},
		{"the intro's alias moves to c", false, func() []string {
			data, _ := os.ReadFile(file(b))
			os.WriteFile(file(b), bytes.Replace(data, []byte(`aliases = ["oude-b"]`+"\n"), nil, 1), 0o644)
			addAlias(c, "oude-b")
			return []string{rel(b), rel(c)}
		}},
		{"c breaks", true, func() []string {
			broken, _ = os.ReadFile(file(c))
			os.WriteFile(file(c), []byte("+++\nid = \n"), 0o644)
			return []string{rel(c)}
		}},
		{"c is fixed", false, func() []string {
			os.WriteFile(file(c), broken, 0o644)
			return []string{rel(c)}
		}},
	}
	for _, st := range steps {
		ok := s.Rebuild(content.Changes{Files: st.change()})
		if ok == st.fails {
			t.Fatalf("%s: quick build ok=%v: %v", st.name, ok, s.last.Load().problems)
		}
		if st.fails {
			continue
		}
		quick := s.good.Load().files
		full := fullBuild(t, dir)
		if diff := differentPages(quick, full); len(diff) > 0 {
			t.Errorf("%s: the quick build differs from a full build in %d pages: %v", st.name, len(diff), diff[:min(5, len(diff))])
		}
		s.WaitChecked()
	}
}
