// Package message parses the message templates of an error's front matter.
//
// A template is the text of a sync-log message as the log shows it, with the
// parts that vary per customer written as placeholders in braces:
//
//	Periode datum - tabel bevat geen periode voor deze datum: {datum}
//
// # Syntax
//
//   - A placeholder is "{" name "}", where name is a lower-case ASCII letter
//     followed by up to 31 lower-case ASCII letters, digits or underscores.
//   - "{{" stands for a literal "{" and "}}" for a literal "}".
//   - Any other "{" or "}" is an error: an unbalanced brace or a bad name.
//   - Two placeholders may not follow each other without literal text between
//     them: nothing could tell where one value ends and the next begins.
//
// Everything else is literal text, matched as the log shows it (typos
// included).
package message

import (
	"fmt"
	"strings"
)

// A Segment is one piece of a template: literal text, or a placeholder.
type Segment struct {
	Text        string // the literal text, or the placeholder's name
	Placeholder bool
}

// An Error describes why a template does not parse. Offset is the byte offset
// in the template at which the problem starts.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

const maxName = 32

// Parse splits a template into segments. Adjacent literal text is merged, so
// literal and placeholder segments alternate.
func Parse(tmpl string) ([]Segment, error) {
	var segs []Segment
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			segs = append(segs, Segment{Text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(tmpl); {
		c := tmpl[i]
		switch {
		case c == '{' && strings.HasPrefix(tmpl[i:], "{{"):
			lit.WriteByte('{')
			i += 2
		case c == '}' && strings.HasPrefix(tmpl[i:], "}}"):
			lit.WriteByte('}')
			i += 2
		case c == '}':
			return nil, &Error{i, fmt.Sprintf("unbalanced brace: %q closes nothing (write }} for a literal })", "}")}
		case c == '{':
			end := strings.IndexAny(tmpl[i+1:], "{}")
			if end < 0 || tmpl[i+1+end] != '}' {
				return nil, &Error{i, "unbalanced brace: a { that is never closed (write {{ for a literal {)"}
			}
			name := tmpl[i+1 : i+1+end]
			if err := checkName(name); err != "" {
				return nil, &Error{i, fmt.Sprintf("bad placeholder {%s}: %s", name, err)}
			}
			if lit.Len() == 0 && len(segs) > 0 && segs[len(segs)-1].Placeholder {
				return nil, &Error{i, fmt.Sprintf("placeholder {%s} follows {%s} directly: put literal text between them", name, segs[len(segs)-1].Text)}
			}
			flush()
			segs = append(segs, Segment{Text: name, Placeholder: true})
			i += end + 2
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return segs, nil
}

func checkName(name string) string {
	switch {
	case name == "":
		return "the name is empty; use a name such as {datum}"
	case len(name) > maxName:
		return fmt.Sprintf("the name is longer than %d characters", maxName)
	case name[0] < 'a' || name[0] > 'z':
		return "a name starts with a lower-case letter a-z"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return "a name holds only lower-case letters a-z, digits and _"
		}
	}
	return ""
}

// Literal returns the template with every placeholder removed and escaped
// braces unescaped: the text a customer's line must contain around its values.
func Literal(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if !s.Placeholder {
			b.WriteString(s.Text)
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// Source returns the template text that parses to segs: the inverse of Parse.
func Source(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Placeholder {
			b.WriteString("{" + s.Text + "}")
		} else {
			b.WriteString(strings.NewReplacer("{", "{{", "}", "}}").Replace(s.Text))
		}
	}
	return b.String()
}

// Display returns the template as a reader sees it: escaped braces unescaped,
// placeholders kept as {name}.
func Display(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Placeholder {
			b.WriteString("{" + s.Text + "}")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
