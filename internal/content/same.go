package content

import (
	"slices"
	"strings"
	"unicode"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/search/token"
)

// A spelling is a way in which two texts with one key (token.Key) can
// differ: the search folds each away.
type spelling int

const (
	spellCase spelling = iota
	spellAccents
	spellSpacing
	spellPunctuation
)

var spellingNames = [...]string{
	spellCase:        "case",
	spellAccents:     "accents",
	spellSpacing:     "spacing",
	spellPunctuation: "punctuation",
}

// differences says, for the writer, in what two templates with one key
// differ: "accents", "case and punctuation", "the names of their
// placeholders". Each way is tested with every other folded, so a hyphen
// for a space counts as both spacing and punctuation, and an "É" for an
// "e" as both case and accents.
func differences(a, b []message.Segment) string {
	var ways []string
	for sp := spellCase; sp <= spellPunctuation; sp++ {
		if spelled(a, sp) != spelled(b, sp) {
			ways = append(ways, spellingNames[sp])
		}
	}
	if !slices.Equal(placeholders(a), placeholders(b)) {
		ways = append(ways, "the names of their placeholders")
	}
	if len(ways) == 0 {
		// Letters that fold alike without being a case or an accent
		// apart, such as the Kelvin sign and k.
		return "letters the search reads as the same"
	}
	return joinAnd(ways)
}

// spelled writes the template with everything folded that the search
// folds, but for keep: placeholders as NUL, letters and digits folded
// (token.Fold), spaces, punctuation, combining marks and zero-width
// characters left out.
func spelled(segs []message.Segment, keep spelling) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Placeholder {
			b.WriteByte(0)
			continue
		}
		for _, r := range s.Text {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				switch keep {
				case spellCase:
					if unicode.IsUpper(r) || unicode.IsTitle(r) {
						b.WriteByte('^')
					}
					b.WriteString(token.Fold(r))
				case spellAccents:
					b.WriteRune(unicode.ToLower(r))
				default:
					b.WriteString(token.Fold(r))
				}
			case unicode.IsSpace(r):
				if keep == spellSpacing {
					b.WriteRune(r)
				}
			case token.Fold(r) == "": // combining marks, zero-width characters
				if unicode.Is(unicode.M, r) && keep == spellAccents || !unicode.Is(unicode.M, r) && keep == spellSpacing {
					b.WriteRune(r)
				}
			default:
				if keep == spellPunctuation {
					b.WriteRune(r)
				}
			}
		}
	}
	return b.String()
}

func placeholders(segs []message.Segment) []string {
	var names []string
	for _, s := range segs {
		if s.Placeholder {
			names = append(names, s.Text)
		}
	}
	return names
}

// literalText is text that is not a template (a title) as segments.
func literalText(text string) []message.Segment {
	return []message.Segment{{Text: text}}
}
