package content

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Diagnostic is one problem found in the content, located at a file and line
// (and column, where the TOML parser gives one).
type Diagnostic struct {
	Path    string // slash-separated, relative to the site folder
	Line    int    // 1-based; 0 when the problem concerns the file as a whole
	Col     int    // 1-based; 0 when unknown
	Msg     string
	Warning bool // a writer's to-do that does not fail the build
	// Todo says which list of the writers' to-do a warning belongs on;
	// Note is its short form there ("Dutch messages").
	Todo Todo
	Note string
}

// Todo is a kind of writers' to-do.
type Todo int

const (
	NoTodo       Todo = iota
	TodoSolution      // an error without a solution yet
	TodoLanguage      // an error whose messages are in one language only
	TodoValue         // a message that holds a value where a placeholder belongs
)

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(PrintablePath(d.Path))
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Diagnostics is a list of problems. As an error it reports the problems that
// are not warnings, one per line.
type Diagnostics []Diagnostic

func (ds Diagnostics) Error() string {
	var lines []string
	for _, d := range ds {
		if !d.Warning {
			lines = append(lines, d.String())
		}
	}
	return strings.Join(lines, "\n")
}

// Errors returns the diagnostics that are not warnings.
func (ds Diagnostics) Errors() Diagnostics {
	return slices.DeleteFunc(slices.Clone(ds), func(d Diagnostic) bool { return d.Warning })
}

// Warnings returns the diagnostics that are warnings.
func (ds Diagnostics) Warnings() Diagnostics {
	return slices.DeleteFunc(slices.Clone(ds), func(d Diagnostic) bool { return !d.Warning })
}

// Sort orders diagnostics by path, line, column and message, so that output
// does not depend on the order in which files were read.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// maxQuoted is how many characters of a writer's text a diagnostic quotes.
const maxQuoted = 100

// Quote quotes text for a diagnostic, escaped (control characters, invalid
// UTF-8) and cut to a short excerpt: a refused line may be anything, even a
// secret that a link made gen read, and a diagnostic must not print it whole
// (in CI it becomes an annotation on the pull request).
func Quote(text string) string {
	n := 0
	for i := range text {
		if n == maxQuoted {
			q := strconv.Quote(text[:i])
			return q[:len(q)-1] + `…"`
		}
		n++
	}
	return strconv.Quote(text)
}

// PrintablePath returns a file's path as a diagnostic prints it: quoted and
// escaped when it holds a control character or is not UTF-8, so that a file
// name cannot start a line of its own (a forged file:line, or a GitHub
// workflow command) or send escape sequences to a terminal.
func PrintablePath(p string) string {
	if !utf8.ValidString(p) || strings.IndexFunc(p, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar }) >= 0 {
		return strconv.Quote(p)
	}
	return p
}

// shortenQuoted cuts each quoted part ('...' or "...") of a parser's message
// to an excerpt, and the message to 300 characters: a parser quotes the
// text it stopped at, which may be a whole line.
func shortenQuoted(msg string) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		c := msg[i]
		if c == '\'' || c == '"' {
			if j := strings.IndexByte(msg[i+1:], c); j >= 0 {
				inner := msg[i+1 : i+1+j]
				if utf8.RuneCountInString(inner) > maxQuoted {
					q := Quote(inner)
					inner = q[1 : len(q)-1]
				}
				b.WriteByte(c)
				b.WriteString(inner)
				b.WriteByte(c)
				i += j + 2
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	out := b.String()
	if r := []rune(out); len(r) > 300 {
		out = string(r[:299]) + "…"
	}
	return out
}

// Count says n of an English noun, as diagnostics and summaries do: "1
// error", "3 errors".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
