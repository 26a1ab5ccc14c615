package token

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestFoldJSIsTheGoTable: the module the engine folds with holds exactly
// foldGroups, and its IGNORE names exactly the characters ignorable drops.
func TestFoldJSIsTheGoTable(t *testing.T) {
	js := string(FoldJS())
	m := regexp.MustCompile(`(?s)export const FOLD = (\[.*?\n\]);\n`).FindStringSubmatch(js)
	if m == nil {
		t.Fatalf("FoldJS has no FOLD table:\n%s", js)
	}
	// The table is a JSON array but for its trailing comma.
	var got [][2]string
	if err := json.Unmarshal([]byte(strings.Replace(m[1], ",\n]", "\n]", 1)), &got); err != nil {
		t.Fatalf("FOLD: %v\n%s", err, m[1])
	}
	if len(got) != len(foldGroups) {
		t.Fatalf("FOLD has %d groups, foldGroups %d", len(got), len(foldGroups))
	}
	for i, g := range foldGroups {
		if got[i] != g {
			t.Errorf("FOLD[%d] = %q, want %q", i, got[i], g)
		}
	}

	m = regexp.MustCompile(`export const IGNORE = /\^\[(.*)\\p\{M\}\]\$/u;\n`).FindStringSubmatch(js)
	if m == nil {
		t.Fatalf("FoldJS has no IGNORE of the expected form:\n%s", js)
	}
	cls := regexp.MustCompile(`\\u\{([0-9a-f]+)\}|\\u([0-9a-f]{4})`)
	var runes []rune
	for _, e := range cls.FindAllStringSubmatch(m[1], -1) {
		n, err := strconv.ParseUint(e[1]+e[2], 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		runes = append(runes, rune(n))
	}
	if rest := cls.ReplaceAllString(m[1], ""); strings.Trim(rest, "-") != "" {
		t.Fatalf("IGNORE holds %q besides code points and ranges", rest)
	}
	// Each code point is single or the start of a range: read the dashes.
	inClass := map[rune]bool{}
	parts := cls.FindAllStringIndex(m[1], -1)
	for i := 0; i < len(parts); i++ {
		lo := runes[i]
		hi := lo
		if i+1 < len(parts) && m[1][parts[i][1]:parts[i+1][0]] == "-" {
			hi = runes[i+1]
			i++
		}
		for r := lo; r <= hi; r++ {
			inClass[r] = true
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := ignorable(r)
		if got := inClass[r] || unicode.Is(unicode.M, r); got != want {
			t.Errorf("IGNORE has U+%04X: %v, ignorable: %v", r, got, want)
		}
	}
}
