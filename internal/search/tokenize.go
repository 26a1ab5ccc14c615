package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldGroups maps folded letters to their ASCII spelling. The engine folds
// with this table too: FoldJS writes it to assets/engine/fold.js.
var foldGroups = [...][2]string{
	{"àáâãäåāăą", "a"}, {"æ", "ae"}, {"çćĉċč", "c"}, {"ďđð", "d"},
	{"èéêëēĕėęě", "e"}, {"ĝğġģ", "g"}, {"ĥħ", "h"}, {"ìíîïĩīĭįıİ", "i"},
	{"ĳ", "ij"}, {"ĵ", "j"}, {"ķ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉ", "n"},
	{"òóôõöøōŏő", "o"}, {"œ", "oe"}, {"ŕŗř", "r"}, {"śŝşšſ", "s"}, {"ß", "ss"},
	{"ţťŧ", "t"}, {"ùúûüũūŭůűų", "u"}, {"ŵ", "w"}, {"ýÿŷ", "y"}, {"źżž", "z"},
	{"þ", "th"}, {"ς", "σ"},
}

// foldRune returns the folded form of r: "" for a character that is dropped
// without separating words, else one or more characters.
func foldRune(r rune) string {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	}
	if ignorable(r) {
		return ""
	}
	if s, ok := foldTable(r); ok {
		return s
	}
	l := unicode.ToLower(r)
	if s, ok := foldTable(l); ok {
		return s
	}
	return string(l)
}

func foldTable(r rune) (string, bool) {
	for _, g := range foldGroups {
		if strings.ContainsRune(g[0], r) {
			return g[1], true
		}
	}
	return "", false
}

// ignorable reports whether r is dropped inside a word: combining marks (the
// accent of a decomposed "é"), zero-width characters and the soft hyphen.
func ignorable(r rune) bool {
	switch r {
	case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return unicode.Is(unicode.M, r)
}

// ideograph reports whether r belongs to a script written without spaces: each
// such character is a token of its own.
func ideograph(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

func wordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Tokenize splits text into folded words, the same way as tokenize in
// theme/static/engine/tokens.js: see the package documentation. ASCII, nearly all
// of what it reads, takes a fast path; tokenizeRunes in the tests is the
// plain version it must agree with.
func Tokenize(text string) []string {
	var toks []string
	eachToken(text, func(tok []byte) { toks = append(toks, string(tok)) })
	return toks
}

// eachToken calls yield with each token of text, in a buffer that is reused
// after yield returns.
func eachToken(text string, yield func(tok []byte)) {
	buf := make([]byte, 0, 32)
	flush := func() {
		if len(buf) > 0 {
			yield(buf)
			buf = buf[:0]
		}
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				buf = append(buf, c)
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			default:
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		for _, c := range foldRune(r) {
			switch {
			case ideograph(c):
				flush()
				buf = utf8.AppendRune(buf, c)
				flush()
			case wordRune(c):
				buf = utf8.AppendRune(buf, c)
			default:
				flush()
			}
		}
	}
	flush()
}
