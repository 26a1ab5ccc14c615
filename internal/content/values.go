package content

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/search/token"
)

// A value written in a message's fixed text (token.ValueShapes) is matched
// by the search as any value of its shape: 'start.exactonline.nl' finds
// the line of a customer whose log shows start.exactonline.be. The message
// then says less than it seems to, so check warns, and gives the message
// with a placeholder there, as it should be written. A warning, not an
// error: a writer may have meant that value only, and the message still
// works.

// shapeWords says, per kind of value, how a warning names it (a host
// name) and the placeholder to write in a Dutch and in an English message.
var shapeWords = map[token.ShapeKind]struct{ what, nl, en string }{
	token.ShapeHost:   {"a host name", "host", "host"},
	token.ShapeQuoted: {"a quoted value", "waarde", "value"},
	token.ShapeNumber: {"a number", "nummer", "number"},
	token.ShapeGUID:   {"a GUID", "guid", "guid"},
	token.ShapeDate:   {"a date", "datum", "date"},
	token.ShapeCode:   {"a code", "code", "code"},
}

// A value is one span of a value's shape in a message: in literal segment
// seg, at shape.
type value struct {
	seg   int
	shape token.Shape
}

// warnValues warns when message i of e, segs parsed, holds values in its
// fixed text, in one warning per message: the values, what shape each
// has, an example of another value of that shape, and the message with
// placeholders in their places.
func (r *fields) warnValues(m string, segs []message.Segment, line func() int) {
	var vals []value
	for k, s := range segs {
		if s.Placeholder {
			continue
		}
		for _, sh := range token.ValueShapes(s.Text) {
			// A value glued to a placeholder is part of that
			// placeholder's value.
			glued := sh.Start == 0 && k > 0 || sh.End == len(s.Text) && k+1 < len(segs)
			if !glued {
				vals = append(vals, value{k, sh})
			}
		}
	}
	if len(vals) == 0 {
		return
	}
	fixed, ok := withPlaceholders(segs, vals, language(m) == "en")
	if !ok {
		return
	}
	var held, others, notes []string
	var what string
	for _, v := range vals {
		text := segs[v.seg].Text
		what = describe(text[v.shape.Start:v.shape.End], v.shape.Kind)
		held = append(held, shown(text, v.shape)+", "+what)
		if o := another(text[v.shape.Start:v.shape.End], v.shape.Kind); o != "" {
			others = append(others, o)
		}
		if note := strings.TrimPrefix(what, "a "); !slices.Contains(notes, note) {
			notes = append(notes, note)
		}
	}
	example := ""
	if len(others) > 0 {
		example = " (" + strings.Join(others, ", ") + ")"
	}
	var msg string
	if len(vals) == 1 && vals[0].shape.Name != "" {
		// A host keeps its organisation: the search matches its other
		// hosts, not another organisation's.
		msg = fmt.Sprintf("the message holds %s: the search also matches the other hosts of %s there%s; if any host may stand there, write a placeholder: %q",
			held[0], vals[0].shape.Name, example, fixed)
	} else if len(vals) == 1 {
		noun := strings.TrimSuffix(strings.TrimPrefix(what, "a "), " name") // "a host name": "host"
		msg = fmt.Sprintf("the message holds %s: a customer's log shows another %s there%s; write it as a placeholder: %q",
			held[0], noun, example, fixed)
	} else {
		// "1234, a number, and 2026-11-24, a date": each value with its
		// kind after a comma.
		list := strings.Join(held[:len(held)-1], ", ") + ", and " + held[len(held)-1]
		msg = fmt.Sprintf("the message holds %s: a customer's log shows other values there%s; write them as placeholders: %q",
			list, example, fixed)
	}
	*r.ds = append(*r.ds, Diagnostic{Path: r.p, Line: line(), Warning: true, Todo: TodoValue,
		Note: strings.Join(notes, ", "), Msg: msg})
}

// withPlaceholders returns the template segs with a placeholder for each
// value, named after its kind (in English for an English message), and
// false when that is no template.
func withPlaceholders(segs []message.Segment, vals []value, english bool) (string, bool) {
	used := map[string]bool{}
	for _, s := range segs {
		if s.Placeholder {
			used[s.Text] = true
		}
	}
	name := func(v string, kind token.ShapeKind) string {
		base := shapeWords[kind].nl
		if english {
			base = shapeWords[kind].en
		}
		if describe(v, kind) == "a time" {
			base = map[bool]string{false: "tijd", true: "time"}[english]
		}
		n := base
		for k := 2; used[n]; k++ {
			n = base + strconv.Itoa(k)
		}
		used[n] = true
		return n
	}
	var out []message.Segment
	v := 0
	for k, s := range segs {
		if s.Placeholder {
			out = append(out, s)
			continue
		}
		at := 0
		for ; v < len(vals) && vals[v].seg == k; v++ {
			sh := vals[v].shape
			if sh.Start > at {
				out = append(out, message.Segment{Text: s.Text[at:sh.Start]})
			}
			out = append(out, message.Segment{Text: name(s.Text[sh.Start:sh.End], sh.Kind), Placeholder: true})
			at = sh.End
		}
		if at < len(s.Text) {
			out = append(out, message.Segment{Text: s.Text[at:]})
		}
	}
	src := message.Source(out)
	if _, err := message.Parse(src); err != nil {
		return "", false
	}
	return src, true
}

// shown writes the value at sh of the literal text for a warning, with
// the quotes around it when it is quoted text, escaped as Go quotes text.
func shown(text string, sh token.Shape) string {
	v := strconv.Quote(text[sh.Start:sh.End])
	v = v[1 : len(v)-1]
	before, _ := utf8.DecodeLastRuneInString(text[:sh.Start])
	after, _ := utf8.DecodeRuneInString(text[sh.End:])
	if sh.Start > 0 && sh.End < len(text) && strings.ContainsRune(`'"‘’“”„`, before) && strings.ContainsRune(`'"‘’“”„`, after) {
		return string(before) + v + string(after)
	}
	return v
}

// describe names the kind of the value v: "a host name", "a time".
func describe(v string, kind token.ShapeKind) string {
	if kind == token.ShapeDate {
		date := strings.ContainsAny(v, "-/") || strings.Count(v, ".") >= 2
		switch {
		case !date:
			return "a time"
		case strings.Contains(v, ":"):
			return "a date and time"
		}
	}
	return shapeWords[kind].what
}

// another returns another value of the shape of v, for the warning's
// example, or "" (for quoted text: any text can stand there).
func another(v string, kind token.ShapeKind) string {
	switch kind {
	case token.ShapeQuoted:
		return ""
	case token.ShapeHost:
		host, port, hasPort := strings.Cut(v, ":")
		dot := strings.LastIndexByte(host, '.')
		if dot < 0 || isDigits(host[dot+1:]) {
			return nudge(v) // an IPv4 address
		}
		name, tld := host[:dot], host[dot+1:]
		switch {
		case tld == "nl":
			tld = "be"
		case strings.HasSuffix(name, ".co") && tld == "uk":
			name, tld = strings.TrimSuffix(name, ".co"), "nl"
		default:
			tld = "nl"
		}
		if hasPort {
			return name + "." + tld + ":" + port
		}
		return name + "." + tld
	}
	return nudge(v)
}

// nudge changes the last digit of v (or, in a GUID, hexadecimal letter) so
// that a date stays a date: down by one, 0 and 1 up (31 down, to 30).
func nudge(v string) string {
	b := []byte(v)
	for k := len(b) - 1; k >= 0; k-- {
		c := b[k]
		switch {
		case c == '1' && k > 0 && b[k-1] == '3':
			b[k] = '0'
		case c == '0' || c == '1' || c == 'a' || c == 'A':
			b[k] = c + 1
		case '2' <= c && c <= '9' || 'b' <= c && c <= 'f' || 'B' <= c && c <= 'F':
			b[k] = c - 1
		default:
			continue
		}
		return string(b)
	}
	return v
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// joinAnd joins items as a sentence does: "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
