package serve

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/internal/testenv"
	"github.com/bookzo/exact-help/theme"
)

// TestQuickBuildEqualsFullBuild changes one error file at a time, in every
// way a writer does, and requires the quick build's pages (the pages it
// rewrote over the last build) to be exactly those of a full build of the
// same content, and the background check to agree without a second reload.
func TestQuickBuildEqualsFullBuild(t *testing.T) {
	testenv.SkipUnderRace(t)
	dir := t.TempDir()
	if err := corpus.Write(dir, 60, 7); err != nil {
		t.Fatal(err)
	}
	// The new error below takes the site over compactAbove, the deletion
	// back under it: both change the list and home pages' shape.
	cfg := filepath.Join(dir, "site.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfg, append([]byte("compactAbove = 60\n"), data...), 0o644)
	// A handful of the generated errors: the test edits them.
	ids := errorIDs(t, dir)
	a, b, c := ids[3], ids[10], ids[20]
	file := func(id string) string { return filepath.Join(dir, "content", "errors", id+".md") }
	rel := func(id string) string { return "content/errors/" + id + ".md" }
	edit := func(id, old, new string) func(t *testing.T) []string {
		return func(t *testing.T) []string {
			t.Helper()
			data, err := os.ReadFile(file(id))
			if err != nil {
				t.Fatal(err)
			}
			re := regexp.MustCompile(old)
			if !re.Match(data) {
				t.Fatalf("test setup: %s has no %s", id, old)
			}
			os.WriteFile(file(id), re.ReplaceAll(data, []byte(new)), 0o644)
			return []string{rel(id)}
		}
	}
	steps := []struct {
		name   string
		change func(t *testing.T) []string
	}{
		{"title", edit(a, `(?m)^title = ".*"$`, `title = "Een geheel nieuwe titel"`)},
		{"title sorts first", edit(b, `(?m)^title = ".*"$`, `title = "Aaa eerst in de lijst"`)},
		{"body", edit(a, `\*\*Oorzaak\.\*\*`, "**Oorzaak.** Nieuw woord: afletteren.")},
		{"body link to another error", edit(a, `\*\*Oplossing\.\*\*`, "**Oplossing.** Zie [de andere](error:"+c+").")},
		{"category", edit(a, `(?m)^category = ".*"$`, `category = "verbinding"`)},
		{"severity", edit(c, `(?m)^severity = ".*"$`, `severity = "warning"`)},
		{"retired", edit(c, `(?m)^status = ".*"\n|(?m)^severity`, "status = \"retired\"\nseverity")},
		{"related", edit(b, `(?m)^related = \[.*\]$`, `related = ["`+a+`", "`+c+`"]`)},
		{"message", edit(c, `(?m)^messages = \[\n  "`, "messages = [\n  \"Een extra melding met {veld}\",\n  \"")},
		{"alias", edit(b, `(?m)^severity`, "aliases = [\"oude-naam-van-b\"]\nseverity")},
		{"new error related to others", func(t *testing.T) []string {
			os.WriteFile(file("nieuwe-melding"), []byte("+++\nid = \"nieuwe-melding\"\ntitle = \"Nieuwe melding\"\nmessages = [\"Nieuwe melding in de test\", \"New message in the test\"]\ncategory = \"verbinding\"\nseverity = \"error\"\nrelated = [\""+a+"\"]\n+++\n**Oorzaak.** X.\n\n**Oplossing.** Zie [a](error:"+a+").\n"), 0o644)
			return []string{rel("nieuwe-melding")}
		}},
		{"rename with alias", func(t *testing.T) []string {
			data, _ := os.ReadFile(file("nieuwe-melding"))
			data = bytes.Replace(data, []byte(`id = "nieuwe-melding"`), []byte("id = \"nieuwe-melding-2\"\naliases = [\"nieuwe-melding\"]"), 1)
			os.Remove(file("nieuwe-melding"))
			os.WriteFile(file("nieuwe-melding-2"), data, 0o644)
			return []string{rel("nieuwe-melding"), rel("nieuwe-melding-2")}
		}},
		{"delete an error others link to", func(t *testing.T) []string {
			// Every error that names c (a's body, b's related, generated
			// related lists) stops naming it, in the same save.
			changed := []string{rel(c)}
			for _, id := range errorIDs(t, dir) {
				data, _ := os.ReadFile(file(id))
				out := bytes.ReplaceAll(data, []byte("(error:"+c+")"), []byte("(https://example.com/)"))
				out = regexp.MustCompile(`"`+c+`",? ?|, "`+c+`"`).ReplaceAll(out, nil)
				if !bytes.Equal(out, data) {
					os.WriteFile(file(id), out, 0o644)
					changed = append(changed, rel(id))
				}
			}
			os.Remove(file(c))
			return changed
		}},
	}

	var logMu sync.Mutex
	var log []string
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS, Logf: func(format string, args ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		log = append(log, sprintf(format, args...))
	}})
	if !s.Build() {
		t.Fatal("first build failed")
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			changed := st.change(t)
			if !s.Rebuild(content.Changes{Files: changed}) {
				t.Fatalf("quick build failed: %v", s.last.Load().problems)
			}
			quick := s.good.Load().files
			full := fullBuild(t, dir)
			if diff := differentPages(quick, full); len(diff) > 0 {
				t.Errorf("after changing the %s, the quick build differs from a full build in %d pages: %v", st.name, len(diff), diff)
			}
			s.WaitChecked()
			checked := s.good.Load().files
			if len(checked) != len(full) {
				t.Errorf("after the background check: %d files, a full build has %d", len(checked), len(full))
			}
			for name, data := range full {
				if !bytes.Equal(checked[name], data) {
					t.Errorf("after the background check, %s differs from a full build", name)
					break
				}
			}
		})
	}
	for _, l := range log {
		if strings.Contains(l, "differs from the quick one") || strings.Contains(l, "failed") {
			t.Errorf("server log: %s", l)
		}
	}
}

func sprintf(format string, args ...any) string {
	var b strings.Builder
	fmt.Fprintf(&b, format, args...)
	return b.String()
}

// fullBuild builds the site in dir from scratch, as gen build does.
func fullBuild(t *testing.T, dir string) site.MemWriter {
	t.Helper()
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS})
	if !s.Build() {
		t.Fatalf("full build failed: %v", s.last.Load().problems)
	}
	return s.good.Load().files
}

func errorIDs(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "content", "errors", "*.md"))
	if err != nil || len(names) < 30 {
		t.Fatalf("test setup: %d error files (%v)", len(names), err)
	}
	var ids []string
	for _, n := range names {
		ids = append(ids, strings.TrimSuffix(filepath.Base(n), ".md"))
	}
	sort.Strings(ids)
	return ids
}

// BenchmarkOneFileChange measures the dev server's answer to a writer's
// save at 10,000 errors: one error file changes, and Rebuild reads and
// renders it, writes the pages it touches and sends the reload event. The
// background check (a full build from the cache) is waited for outside the
// timer. On each corpus shape: plain (cmd/corpus's default) and family (the
// shape of real catalogues: shared beginnings, placeholders in the same
// places). Run with: go test -run '^$' -bench OneFileChange ./internal/serve
func BenchmarkOneFileChange(b *testing.B) {
	for _, shape := range []string{"plain", "family"} {
		b.Run(shape, func(b *testing.B) {
			dir := b.TempDir()
			write := func() error { return corpus.Write(dir, 10000, 1) }
			if shape == "family" {
				write = func() error { return corpus.WriteFamily(dir, 10000, 1, true) }
			}
			if err := write(); err != nil {
				b.Fatal(err)
			}
			names, err := filepath.Glob(filepath.Join(dir, "content", "errors", "*.md"))
			if err != nil || len(names) < 5000 {
				b.Fatalf("corpus: %d files, %v", len(names), err)
			}
			sort.Strings(names)
			file := names[4242]
			s := New(Options{Src: dir, BaseURL: "http://127.0.0.1/", Theme: theme.FS})
			if !s.Build() {
				b.Fatal("first build failed")
			}
			events := make(chan string, 16)
			s.mu.Lock()
			s.clients[events] = struct{}{}
			s.mu.Unlock()
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			rel := []string{"content/errors/" + filepath.Base(file)}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				data := bytes.Replace(orig, []byte("**Oorzaak.**"), []byte(fmt.Sprintf("**Oorzaak.** Versie %d.", i)), 1)
				os.WriteFile(file, data, 0o644)
				b.StartTimer()
				if !s.Rebuild(content.Changes{Files: rel}) {
					b.Fatal(s.last.Load().problems)
				}
				if e := <-events; e != "reload" {
					b.Fatalf("event %q", e)
				}
				b.StopTimer()
				s.WaitChecked()
				b.StartTimer()
			}
		})
	}
}
