package token

import (
	"strings"

	"github.com/bookzo/exact-help/internal/message"
)

// Placeholder stands for a placeholder in a Key. No token can be it: a token
// holds letters and digits only.
const Placeholder = "{}"

// Key returns the key of a message template (package message): the tokens
// of its literal text (Split), in order, with Placeholder where a
// placeholder stands, separated by single spaces. It is "" for a template
// that does not parse, and for one without a token or a placeholder (such
// as "..."): the search cannot find such a message at all.
//
// The search matches a pasted line against a template by these tokens and
// places alone (package search, # Matching; its compiled parts are this key
// as a list), so two templates with one key are one message to it: no line
// can tell apart what differs between them, whether case, accents (é is e,
// ß is ss), spacing, punctuation or the names of the placeholders:
//
//	Key("Geen période voor datum: {d}")  == "geen periode voor datum {}"
//	Key("geen periode voor  datum {datum}") == "geen periode voor datum {}"
//
// A literal without tokens between two placeholders leaves them side by
// side ("{a} - {b}" is "{} {}"): each takes a word of its own.
//
// Every Go check that asks whether two messages are the same compares
// their keys. What a value's shape (ValueShapes) lets the search match is
// not part of the key: a literal host is still that host's text.
func Key(tmpl string) string {
	segs, err := message.Parse(tmpl)
	if err != nil {
		return ""
	}
	var b strings.Builder
	add := func(s string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	for _, s := range segs {
		if s.Placeholder {
			add(Placeholder)
			continue
		}
		Each(s.Text, func(tok []byte) { add(string(tok)) })
	}
	return b.String()
}

// TextKey is Key for text that is not a template, such as a title or an
// id: its tokens separated by single spaces, braces and all other
// punctuation left out.
func TextKey(text string) string {
	return strings.Join(Split(text), " ")
}
