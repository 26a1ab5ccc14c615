package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata")

// savedAt is when the files of a check case were saved.
var savedAt = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// baseSiteTOML is the site.toml of a check case that brings none of its own.
const baseSiteTOML = `title = "Test"
baseURL = "https://help.example.com/"
language = "nl"
[support]
email = "support@example.com"
[[categories]]
name = "instellingen"
title = "Instellingen"
[[categories]]
name = "verbinding"
title = "Verbinding"
`

// writeArchive writes the files of a txtar archive below dir, adding
// baseSiteTOML unless the archive has a site.toml. Sections whose names start
// with "want" are expectations, not files.
func writeArchive(t *testing.T, ar *txtar.Archive, dir string) {
	t.Helper()
	hasConfig := false
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want") {
			continue
		}
		if f.Name == "site.toml" {
			hasConfig = true
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, unescapeCR(f.Data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !hasConfig {
		if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// unescapeCR lets archives hold CRLF files and a byte order mark, which txtar
// cannot show: the text "<CR>" stands for "\r" and "<BOM>" for U+FEFF.
func unescapeCR(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("<CR>"), []byte("\r"))
	return bytes.ReplaceAll(b, []byte("<BOM>"), []byte("\uFEFF"))
}

// TestCheck runs "gen check" on every site in testdata/check and compares
// its exit status and output with the archive's expectations:
//
//	exit N           in the archive's comment
//	-- want-stdout --
//	-- want-stderr --
//
// The site's folder is written as $SITE in expectations. Flags for gen check
// may follow "args:" in the comment, with $SITE in them too.
func TestCheck(t *testing.T) {
	files, err := filepath.Glob("../../testdata/check/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no check cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writeArchive(t, ar, dir)
			wantExit, args := parseComment(t, ar.Comment)
			// Every file saved at one moment, so that which file a clash
			// is reported at does not depend on how fast they were
			// written; "saved later: PATH" in the comment saves PATH an
			// hour later (the file a writer just edited).
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "want") {
					continue
				}
				at := savedAt
				if strings.Contains(string(ar.Comment), "saved later: "+f.Name+"\n") {
					at = at.Add(time.Hour)
				}
				if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(f.Name)), at, at); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chtimes(filepath.Join(dir, "site.toml"), savedAt, savedAt); err != nil {
				t.Fatal(err)
			}
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, "$SITE", dir)
			}
			var stdout, stderr bytes.Buffer
			exit := run(append([]string{"check", "-src", dir}, args...), &stdout, &stderr)
			got := map[string]string{
				"want-stdout": strings.ReplaceAll(stdout.String(), dir, "$SITE"),
				"want-stderr": strings.ReplaceAll(stderr.String(), dir, "$SITE"),
			}
			if *update {
				rewrite(t, file, ar, exit, got)
				return
			}
			if exit != wantExit {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", exit, wantExit, got["want-stderr"])
			}
			for _, sec := range []string{"want-stdout", "want-stderr"} {
				want := ""
				for _, f := range ar.Files {
					if f.Name == sec {
						want = string(f.Data)
					}
				}
				if got[sec] != want {
					t.Errorf("%s:\n got:\n%s\nwant:\n%s", sec, got[sec], want)
				}
			}
		})
	}
}

func parseComment(t *testing.T, comment []byte) (exit int, args []string) {
	for _, line := range strings.Split(string(comment), "\n") {
		if rest, ok := strings.CutPrefix(line, "exit "); ok {
			n, err := strconv.Atoi(strings.TrimSpace(rest))
			if err != nil {
				t.Fatalf("bad exit line %q", line)
			}
			exit = n
		}
		if rest, ok := strings.CutPrefix(line, "args:"); ok {
			args = strings.Fields(rest)
		}
	}
	return exit, args
}

func rewrite(t *testing.T, file string, ar *txtar.Archive, exit int, got map[string]string) {
	var comment []string
	for _, line := range strings.Split(strings.TrimRight(string(ar.Comment), "\n"), "\n") {
		if !strings.HasPrefix(line, "exit ") {
			comment = append(comment, line)
		}
	}
	comment = append(comment, "exit "+strconv.Itoa(exit))
	ar.Comment = []byte(strings.Join(comment, "\n") + "\n")
	var files []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want") {
			files = append(files, f)
		}
	}
	for _, sec := range []string{"want-stdout", "want-stderr"} {
		if got[sec] != "" {
			files = append(files, txtar.File{Name: sec, Data: []byte(got[sec])})
		}
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
