package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// newSite writes an empty site (baseSiteTOML) and returns its folder.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestNewNeverPicksACategorySilently: without -category, gen new asks at a
// terminal (by number or name, again after a wrong answer) and refuses
// elsewhere, listing the categories and writing nothing.
func TestNewNeverPicksACategorySilently(t *testing.T) {
	t.Parallel()
	t.Run("no terminal", func(t *testing.T) {
		t.Parallel()
		dir := newSite(t)
		var stdout, stderr bytes.Buffer
		err := newError([]string{"ongeldige-referentie-kostenplaats", "-src", dir, "-message", "Ongeldige referentie: Kostenplaats"}, nil, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "-category, one of: instellingen (Instellingen), verbinding (Verbinding); nothing was written") {
			t.Fatalf("gen new without -category and without a terminal: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "content", "errors", "ongeldige-referentie-kostenplaats.md")); err == nil {
			t.Error("the file was written anyway")
		}
	})
	for _, tc := range []struct{ answers, want string }{
		{"2\n", "verbinding"},
		{"Instellingen\n", "instellingen"},
		{"facturen\n9\n\n1\n", "instellingen"},
	} {
		t.Run(strings.ReplaceAll(tc.answers, "\n", " "), func(t *testing.T) {
			t.Parallel()
			dir := newSite(t)
			var stdout, stderr, asked bytes.Buffer
			ask := &prompter{in: bufio.NewReader(strings.NewReader(tc.answers)), out: &asked}
			if err := newError([]string{"-src", dir, "nieuwe-melding"}, ask, &stdout, &stderr); err != nil {
				t.Fatalf("gen new: %v\n%s", err, stderr.String())
			}
			src, err := os.ReadFile(filepath.Join(dir, "content", "errors", "nieuwe-melding.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), `category = "`+tc.want+`"`) {
				t.Errorf("answers %q: want category %s in\n%s", tc.answers, tc.want, src)
			}
			if !strings.Contains(asked.String(), "1  instellingen (Instellingen)") || !strings.Contains(asked.String(), "2  verbinding (Verbinding)") {
				t.Errorf("the question does not list the categories:\n%s", asked.String())
			}
		})
	}
	t.Run("no answer", func(t *testing.T) {
		t.Parallel()
		dir := newSite(t)
		var stdout, stderr, asked bytes.Buffer
		ask := &prompter{in: bufio.NewReader(strings.NewReader("geen\n")), out: &asked}
		if err := newError([]string{"nieuwe-melding", "-src", dir}, ask, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("gen new with no valid answer: %v", err)
		}
		if !strings.Contains(asked.String(), `"geen" is not one of them.`) {
			t.Errorf("a wrong answer is not told:\n%s", asked.String())
		}
	})
}

// TestNewTitleFromMessage: a title made from -message keeps its
// punctuation (a placeholder reads as an ellipsis); without either, it is
// made from the id. The id may stand before, between or after the flags.
func TestNewTitleFromMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		id   string
		want string
	}{
		{[]string{"ongeldige-referentie-kostenplaats", "-message", "Ongeldige referentie: Kostenplaats"}, "ongeldige-referentie-kostenplaats", `title = "Ongeldige referentie: Kostenplaats"`},
		{[]string{"-message", "Waarde te lang voor veld {veld}", "waarde-te-lang"}, "waarde-te-lang", `title = "Waarde te lang voor veld …"`},
		{[]string{"-title", "Eigen titel", "eigen-titel", "-message", "Iets: anders"}, "eigen-titel", `title = "Eigen titel"`},
		{[]string{"reeds-geboekt"}, "reeds-geboekt", `title = "Reeds geboekt"`},
	} {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			dir := newSite(t)
			var stdout, stderr bytes.Buffer
			args := append([]string{"-src", dir, "-category", "instellingen"}, tc.args...)
			if code := run(append([]string{"new"}, args...), &stdout, &stderr); code != 0 {
				t.Fatalf("gen new %v: exit %d\n%s", tc.args, code, stderr.String())
			}
			src, err := os.ReadFile(filepath.Join(dir, "content", "errors", tc.id+".md"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), "\n"+tc.want+"\n") {
				t.Errorf("want %s in\n%s", tc.want, src)
			}
		})
	}
	dir := newSite(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "een-id", "nog-een-id", "-src", dir, "-category", "instellingen"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "one id at a time") {
		t.Errorf("two ids: exit %d\n%s", code, stderr.String())
	}
}

// TestHelpListsEveryCommandAndFlag: gen help and gen -h list every command
// and each command's flags.
func TestHelpListsEveryCommandAndFlag(t *testing.T) {
	t.Parallel()
	var helpOut, dashH, stderr bytes.Buffer
	if code := run([]string{"help"}, &helpOut, &stderr); code != 0 {
		t.Fatalf("gen help: exit %d\n%s", code, stderr.String())
	}
	if code := run([]string{"-h"}, &dashH, &stderr); code != 0 || dashH.String() != helpOut.String() {
		t.Fatalf("gen -h (exit %d) differs from gen help:\n%s", code, dashH.String())
	}
	want := map[string][]string{
		"build": {"-src", "-out", "-theme", "-v", "-todo", "-wait", "-timings", "-cpuprofile", "-memprofile"},
		"check": {"-src", "-format", "-published", "-changed", "-theme", "-v", "-todo", "-wait"},
		"serve": {"-src", "-port", "-bind", "-theme"},
		"new":   {"-src", "-title", "-message", "-category", "-wait"},
	}
	for cmd, flags := range want {
		_, section, ok := strings.Cut(helpOut.String(), "Usage of gen "+cmd+":\n")
		if !ok {
			t.Errorf("gen help has no section for %s:\n%s", cmd, helpOut.String())
			continue
		}
		section, _, _ = strings.Cut(section, "\nUsage of ")
		for _, f := range flags {
			if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(f) + `[ \t\n]`).MatchString(section + "\n") {
				t.Errorf("gen help lists no %s for gen %s:\n%s", f, cmd, section)
			}
		}
	}
	if strings.Contains(helpOut.String(), "-wait folder") {
		t.Errorf("-wait takes a duration, not a folder:\n%s", helpOut.String())
	}
}
