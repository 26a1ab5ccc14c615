package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyRealSite copies the project's own site (site.toml, content/,
// anchors.lock) into a new folder, every file saved an hour ago, as a
// fresh clone leaves them, and returns the folder.
func copyRealSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	past := time.Now().Add(-time.Hour)
	for _, name := range []string{"site.toml", "anchors.lock", "content"} {
		err := filepath.Walk(filepath.Join("..", "..", name), func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			dst := filepath.Join(dir, rel)
			if fi.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				return err
			}
			return os.Chtimes(dst, past, past)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestWritersJourney follows a writer through gen new, an edit with one
// mistake, gen check on their computer and in CI (-published main's record,
// -changed the pull request's files, -format github): every mistake gives
// exactly one message, an error at the file the writer changed, starting
// with the fix; nothing else is printed but the summary lines (the site's
// standing to-do is summed up, not listed).
func TestWritersJourney(t *testing.T) {
	t.Parallel()
	const newFile = "content/errors/ongeldige-referentie-kostenplaats.md"
	const published = "content/errors/reeds-verwerkt.md"
	mistakes := []struct {
		name, file, old, new, want string
	}{
		{"curly quotes", newFile, `severity = "error"`, `severity = “error”`, `curly quotes: text must be in straight quotes "`},
		{"missing comma", newFile, `  "Ongeldige referentie: Kostenplaats",`, "  \"Ongeldige referentie: Kostenplaats\"\n  \"Invalid reference: Cost center\",", "a comma is missing at the end of this line"},
		{"missing closing quote", newFile, `title = "Ongeldige referentie: Kostenplaats"`, `title = "Ongeldige referentie: Kostenplaats`, `the closing quote " is missing`},
		{"Dutch date", newFile, "updated = TODAY", "updated = 01-12-2026", "write the date as year-month-day without quotes: updated = 2026-12-01"},
		{"missing closing +++", newFile, "\n+++\n", "\n\n", "the front matter is not closed"},
		{"colon", newFile, `category = "instellingen-bookzo"`, `category: "instellingen-bookzo"`, "a key and its value are joined with ="},
		{"list not closed", newFile, "\n]\n", "\n", "the list messages is not closed"},
		{"text without quotes", newFile, `severity = "error"`, `severity = error`, `text must be in quotes: severity = "error"`},
		{"message of another error", newFile, `  "Ongeldige referentie: Kostenplaats",`, `  "Reeds verwerkt",`, `message "Reeds verwerkt" is already a message of content/errors/reeds-verwerkt.md`},
		{"title of another error", newFile, `title = "Ongeldige referentie: Kostenplaats"`, `title = "Reeds verwerkt"`, `title "Reeds verwerkt" is also the title of content/errors/reeds-verwerkt.md`},
		// Markdown that would damage the page.
		{"indented list", newFile, "\n+++\n", "\n+++\n**Oorzaak.** De kostenplaats ontbreekt.\n\n**Oplossing.** Doe dit:\n\n\t1. Open **Instellingen**.\n\t2. Kies de kostenplaats.\n", "this list is indented with a tab, so the page shows it as code"},
		{"link without error:", newFile, "\n+++\n", "\n+++\n**Oplossing.** Zie [ook](reeds-verwerkt).\n", "write (error:reeds-verwerkt)"},
		{"link with a space", newFile, "\n+++\n", "\n+++\n**Oplossing.** Zie [ook](error: reeds-verwerkt).\n", "is shown as typed, not as a link"},
		{"misspelt solution", newFile, "\n+++\n", "\n+++\n**Oorzaak.** X.\n\n**Oplosing.** Vul de kostenplaats in.\n", `"Oplosing." is not read as the solution`},
		{"typo in a published file", published, `severity = "error"`, `severity = “error”`, `curly quotes: text must be in straight quotes "`},
		{"Dutch date in a published file", published, "updated = 2026-11-24", "updated = 24-11-2026", "write the date as year-month-day without quotes: updated = 2026-11-24"},
	}
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			dir := copyRealSite(t)
			mainRecord := filepath.Join(t.TempDir(), "published.lock")
			data, err := os.ReadFile(filepath.Join(dir, "anchors.lock"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(mainRecord, data, 0o644)
			if code, _, stderr := gen("new", "ongeldige-referentie-kostenplaats", "-src", dir, "-message", "Ongeldige referentie: Kostenplaats", "-category", "instellingen-bookzo"); code != 0 {
				t.Fatalf("gen new: exit %d\n%s", code, stderr)
			}
			p := filepath.Join(dir, filepath.FromSlash(m.file))
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			m.old = strings.Replace(m.old, "TODAY", time.Now().Format("2006-01-02"), 1)
			if !strings.Contains(string(src), m.old) {
				t.Fatalf("%s holds no %q", m.file, m.old)
			}
			os.WriteFile(p, []byte(strings.Replace(string(src), m.old, m.new, 1)), 0o644)
			soon := time.Now().Add(2 * time.Second)
			os.Chtimes(p, soon, soon)
			changed := filepath.Join(t.TempDir(), "changed.txt")
			os.WriteFile(changed, []byte(newFile+"\nanchors.lock\n"+m.file+"\n"), 0o644)

			for _, run := range []struct {
				name string
				args []string
			}{
				{"local", []string{"check", "-src", dir}},
				{"CI", []string{"check", "-src", dir, "-format", "github", "-published", mainRecord, "-changed", changed}},
			} {
				code, stdout, stderr := gen(run.args...)
				if code != 1 {
					t.Errorf("%s: exit %d, want 1", run.name, code)
				}
				// The new file's own to-do (no solution yet, one
				// language) is the writer's too: warnings there are fine.
				var problems []string
				mine := filepath.ToSlash(filepath.Join(dir, newFile))
				for _, line := range strings.Split(strings.TrimSpace(stdout+stderr), "\n") {
					switch {
					case strings.HasPrefix(line, "gen: check failed"), strings.HasPrefix(line, "::notice title=The site's to-do::"):
					case strings.HasPrefix(line, mine+":") && strings.Contains(line, ": warning: "),
						strings.HasPrefix(line, "::warning file="+mine+","):
					default:
						problems = append(problems, line)
					}
				}
				at := filepath.ToSlash(filepath.Join(dir, m.file)) + ":"
				if run.name == "CI" {
					at = "::error file=" + filepath.ToSlash(filepath.Join(dir, m.file)) + ",line="
				}
				if len(problems) != 1 || !strings.HasPrefix(problems[0], at) || !strings.Contains(problems[0], m.want) {
					t.Errorf("%s: want exactly one problem at %s saying %q; got:\n%s", run.name, m.file, m.want, strings.Join(problems, "\n"))
				}
			}
		})
	}
}
