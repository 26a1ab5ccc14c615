// Package token is how the help site's search reads text, in the one place
// both the search index (package search) and the content checks (package
// content) take it from:
//
//   - Split, the tokenizer: the rules are in the package documentation of
//     package search (# Tokens); theme/static/search.js splits text the same
//     way, checked by the shared vectors in testdata/search/tokenize.json.
//   - Key: when two message templates are the same message to the search.
//   - ValueShapes: the parts of a template's literal text that have the
//     shape of a value a customer's log varies (a host, a number, a date).
//
// It imports only package message, so that package content can use it:
// package search's tests load the real content, so content cannot import
// search itself.
package token

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldGroups maps folded letters to their ASCII spelling. theme/static/search.js
// holds the same table, character for character; testdata/search/tokenize.json
// checks that the two agree.
var foldGroups = [...][2]string{
	{"àáâãäåāăą", "a"}, {"æ", "ae"}, {"çćĉċč", "c"}, {"ďđð", "d"},
	{"èéêëēĕėęě", "e"}, {"ĝğġģ", "g"}, {"ĥħ", "h"}, {"ìíîïĩīĭįıİ", "i"},
	{"ĳ", "ij"}, {"ĵ", "j"}, {"ķ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉ", "n"},
	{"òóôõöøōŏő", "o"}, {"œ", "oe"}, {"ŕŗř", "r"}, {"śŝşšſ", "s"}, {"ß", "ss"},
	{"ţťŧ", "t"}, {"ùúûüũūŭůűų", "u"}, {"ŵ", "w"}, {"ýÿŷ", "y"}, {"źżž", "z"},
	{"þ", "th"}, {"ς", "σ"},
}

// Fold returns the folded form of r: "" for a character that is dropped
// without separating words, else one or more characters.
func Fold(r rune) string {
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

// Ideograph reports whether r belongs to a script written without spaces:
// each such character is a token of its own.
func Ideograph(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// WordRune reports whether the folded character r is part of a token.
func WordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Split splits text into folded words, the same way as tokenize in
// theme/static/search.js. ASCII, nearly all of what it reads, takes a fast
// path; tokenizeRunes in the tests of package search is the plain version
// it must agree with.
func Split(text string) []string {
	var toks []string
	Each(text, func(tok []byte) { toks = append(toks, string(tok)) })
	return toks
}

// Each calls yield with each token of text, in a buffer that is reused
// after yield returns.
func Each(text string, yield func(tok []byte)) {
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
		for _, c := range Fold(r) {
			switch {
			case Ideograph(c):
				flush()
				buf = utf8.AppendRune(buf, c)
				flush()
			case WordRune(c):
				buf = utf8.AppendRune(buf, c)
			default:
				flush()
			}
		}
	}
	flush()
}
