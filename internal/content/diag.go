package content

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
)

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
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
