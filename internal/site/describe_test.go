package site

import (
	"strings"
	"testing"
)

// oldShorten is shorten as it was written first, over all of the text's
// characters: the reference the copy-free one must equal.
func oldShorten(text string, n int) string {
	if r := []rune(text); len(r) > n {
		cut := string(r[:n-3])
		if i := strings.LastIndexByte(cut, ' '); i > 100 {
			cut = cut[:i]
		}
		return cut + "…"
	}
	return text
}

func TestDescriptionEqualsWordsJoinedThenShortened(t *testing.T) {
	long := strings.Repeat("Controleer de relatie één keer\tin Exact Online.\n\n", 20)
	texts := []string{
		"", " ", "kort", "  twee   woorden  ", "\u00a0nbsp\u2003em space\u3000",
		long, "é" + long, strings.Repeat("é", 159), strings.Repeat("é", 160), strings.Repeat("é", 161),
		strings.Repeat("x", 157) + " y", strings.Repeat("ab ", 53) + "  cd", strings.Repeat("ü ", 81),
		strings.Repeat("woord", 40), strings.Repeat("a ", 200) + "€",
	}
	for i := 0; i < 400; i += 7 { // a word or a space ending at each length around the limit
		texts = append(texts, long[:i], strings.Repeat("x ", i/2)+"yy")
	}
	for _, text := range texts {
		want := oldShorten(strings.Join(strings.Fields(text), " "), 160)
		if got := shorten(joinFields(text, 161), 160); got != want {
			t.Errorf("shorten(joinFields(%q)) = %q, want %q", text, got, want)
		}
		if got := shorten(text, 200); got != oldShorten(text, 200) {
			t.Errorf("shorten(%q, 200) = %q, want %q", text, got, oldShorten(text, 200))
		}
	}
}
