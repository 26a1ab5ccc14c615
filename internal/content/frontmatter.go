package content

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/safefs"
)

// Limits on what one file may hold. They keep a crafted or broken file from
// exhausting memory and keep pages to a size a reader can use.
const (
	MaxFileSize        = 1 << 20  // bytes in one content file
	MaxFrontMatterSize = 64 << 10 // bytes between the +++ lines
	MaxMessages        = 50       // entries in messages
	MaxMessageLen      = 2000     // bytes in one message
)

const delim = "+++"

// A file is a content file split into its front matter and body.
type file struct {
	path string
	// fm is the TOML between the +++ lines; fmLine is the file line of its
	// first line, so a TOML line n is file line fmLine+n-1.
	fm     string
	fmLine int
	// body is the whole file with the front matter and its delimiters
	// replaced by empty lines: Markdown positions are file positions.
	body []byte
	// bodyLine is the first line after the closing +++.
	bodyLine int
	hasFM    bool
}

// normalize removes a UTF-8 byte order mark and turns CRLF line endings (as
// written on Windows) into LF, keeping the number of lines.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	return src
}

// split separates front matter from body. A file without front matter is an
// error when required is true; otherwise its whole text is the body.
func split(path string, src []byte, required bool) (*file, *Diagnostic) {
	if len(src) > MaxFileSize {
		return nil, &Diagnostic{Path: path, Msg: fmt.Sprintf("the file is %s; the limit is %s", safefs.Size(int64(len(src))), safefs.Limit(MaxFileSize))}
	}
	src = normalize(src)
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:firstInvalid(src)], []byte("\n"))
		return nil, &Diagnostic{Path: path, Line: line, Msg: "the file is not valid UTF-8 text; save it as UTF-8"}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		line := 1 + bytes.Count(src[:bytes.IndexByte(src, 0)], []byte("\n"))
		return nil, &Diagnostic{Path: path, Line: line, Msg: "the file contains a NUL byte; save it as plain UTF-8 text"}
	}
	f := &file{path: path, body: src, bodyLine: 1}
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t\n") != delim {
		if !required {
			return f, nil
		}
		if t := strings.TrimSpace(lines[0]); nearDelim(t) {
			return nil, &Diagnostic{Path: path, Line: 1, Msg: fmt.Sprintf("the front matter is between two lines +++ (three plus signs): write +++ instead of %s, here and where the keys end", t)}
		}
		return nil, &Diagnostic{Path: path, Line: 1, Msg: "missing front matter: the file must start with a line +++, then the keys, then a line +++"}
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\n") == delim {
			end = i
			break
		}
	}
	if end < 0 {
		line, msg := closingAdvice(lines)
		return nil, &Diagnostic{Path: path, Line: line, Msg: msg}
	}
	f.hasFM = true
	f.fm = strings.Join(lines[1:end], "")
	f.fmLine = 2
	if len(f.fm) > MaxFrontMatterSize {
		return nil, &Diagnostic{Path: path, Line: 1, Msg: fmt.Sprintf("the front matter is %s; the limit is %s", safefs.Size(int64(len(f.fm))), safefs.Limit(MaxFrontMatterSize))}
	}
	// Blank the front matter, keeping each line's newline (the closing +++
	// may be the file's last line, without one).
	var body []byte
	for _, l := range lines[:end+1] {
		if strings.HasSuffix(l, "\n") {
			body = append(body, '\n')
		}
	}
	for _, l := range lines[end+1:] {
		body = append(body, l...)
	}
	f.body = body
	f.bodyLine = end + 2
	return f, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// keyLine returns the file line on which the top-level key is set in the front
// matter, or the +++ line above it when it cannot be found (a key that is
// missing is reported there).
func (f *file) keyLine(key string) int { return f.pathLine([]string{key}) }

// pathLine returns the file line that sets the key path k (as toml.Key gives
// it: table names, then the key): the line that sets exactly k; else the
// first line that sets a key inside k ("a.b = 1" for k = a); else the line
// of the deepest table or key that holds k ("[support]" or
// "support = { x = 1 }" for k = support.x). When nothing matches, the line
// before the front matter (the +++ line), or 0 in a file that is all TOML.
func (f *file) pathLine(k []string) int {
	inside, holder, holderLen := 0, 0, 0
	for i, full := range f.keyPaths() {
		if full == nil {
			continue
		}
		n := 0
		for n < len(full) && n < len(k) && full[n] == k[n] {
			n++
		}
		switch {
		case n == len(k) && n == len(full):
			return f.fmLine + i
		case n == len(k):
			if inside == 0 {
				inside = f.fmLine + i
			}
		case n == len(full) && n > holderLen:
			holder, holderLen = f.fmLine+i, n
		}
	}
	switch {
	case inside > 0:
		return inside
	case holder > 0:
		return holder
	}
	return f.fmLine - 1
}

// keyPaths returns, for each front-matter line, the key path it sets ("a.b =
// 1" in table [t] sets t.a.b) or the table it opens ([t], [[t]]); nil for
// other lines, such as the inside of a multi-line string.
func (f *file) keyPaths() [][]string {
	lines := strings.Split(f.fm, "\n")
	out := make([][]string, len(lines))
	var table []string
	open := "" // the delimiter of a multi-line string that is open
	for i, l := range lines {
		if open != "" {
			if strings.Count(l, open)%2 == 1 {
				open = ""
			}
			continue
		}
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "[") {
			keys, rest, ok := dottedKey(strings.TrimPrefix(t[1:], "["))
			if ok && strings.HasPrefix(rest, "]") {
				table = keys
				out[i] = keys
			}
			continue
		}
		keys, rest, ok := dottedKey(l)
		if !ok || !strings.HasPrefix(rest, "=") {
			continue
		}
		out[i] = append(slices.Clip(table), keys...)
		v := strings.TrimSpace(rest[1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(v, q) && strings.Count(v, q)%2 == 1 {
				open = q
			}
		}
	}
	return out
}

// dottedKey reads a TOML key (bare or quoted parts joined by dots) at the
// start of s, returning its parts and the text after it, spaces trimmed.
func dottedKey(s string) (keys []string, rest string, ok bool) {
	rest = s
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return nil, "", false
		}
		var part string
		if q := rest[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(rest[1:], q)
			if end < 0 {
				return nil, "", false
			}
			part, rest = rest[1:1+end], rest[2+end:]
		} else {
			end := strings.IndexFunc(rest, func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
			})
			if end == 0 {
				return nil, "", false
			}
			if end < 0 {
				end = len(rest)
			}
			part, rest = rest[:end], rest[end:]
		}
		keys = append(keys, part)
		rest = strings.TrimLeft(rest, " \t")
		if !strings.HasPrefix(rest, ".") {
			return keys, rest, true
		}
		rest = rest[1:]
	}
}

// valueLine returns the line of the n-th string element of the array set by
// key, found by looking for the string's text from the key's line on; the
// key's line when it cannot be found.
func (f *file) valueLine(key, value string) int {
	start := f.keyLine(key)
	lines := strings.Split(f.fm, "\n")
	for i := start - f.fmLine; i >= 0 && i < len(lines); i++ {
		if value != "" && strings.Contains(lines[i], value) {
			return f.fmLine + i
		}
		if _, ok := assignedKey(lines[i]); ok && i > start-f.fmLine {
			break // the next key: the value is not written literally
		}
	}
	return start
}

// assignedKey reports the key a TOML line "key = value" sets (one bare or
// quoted key, not a dotted one).
func assignedKey(line string) (string, bool) {
	keys, rest, ok := dottedKey(line)
	if !ok || len(keys) != 1 || !strings.HasPrefix(rest, "=") {
		return "", false
	}
	return keys[0], true
}

// elementLines returns the file line on which each element of the array set
// by the top-level key starts, in order, or nil when the key is not set to an
// array written out in the front matter.
func (f *file) elementLines(key string) []int {
	ln := f.keyLine(key)
	if ln < f.fmLine {
		return nil
	}
	s := f.fm
	off := 0
	for range ln - f.fmLine {
		off += strings.IndexByte(s[off:], '\n') + 1
	}
	eq := strings.IndexByte(s[off:], '=')
	if eq < 0 {
		return nil
	}
	var out []int
	line, depth, expect := ln, 0, true
	for i := off + eq + 1; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return nil
			}
			i += j
		case depth == 0 && c != '[':
			return nil // not an array
		case depth == 0:
			depth = 1
			i++
		case depth == 1 && c == ',':
			expect = true
			i++
		case depth == 1 && c == ']':
			return out
		default:
			if depth == 1 && expect {
				out = append(out, line)
				expect = false
			}
			switch c {
			case '[', '{':
				depth++
				i++
			case ']', '}':
				depth--
				i++
			case '"', '\'':
				q := s[i : i+1]
				if strings.HasPrefix(s[i:], q+q+q) {
					q += q + q
				}
				j := i + len(q)
				for j < len(s) && !strings.HasPrefix(s[j:], q) {
					if s[j] == '\\' && q[0] == '"' {
						j++
					}
					if j < len(s) && s[j] == '\n' {
						line++
					}
					j++
				}
				i = j + len(q)
			default:
				i++
			}
		}
	}
	return nil
}

// elementLine returns the file line of the n-th (0-based) element of the
// array set by key, whose text is value; when the array cannot be followed,
// the line where value is written, as valueLine finds it.
func (f *file) elementLine(key string, n int, value string, count int) int {
	if ls := f.elementLines(key); len(ls) == count && n < len(ls) {
		return ls[n]
	}
	return f.valueLine(key, value)
}

// tableKeyLine returns the line on which key is set inside the n-th (0-based)
// occurrence of the table header [table] or [[table]] ("" for the top level,
// before any header); the header's line when the key is not set there; 0 when
// there is no such table.
func (f *file) tableKeyLine(table string, n int, key string) int {
	cur, seen, header := "", -1, 0
	if table == "" {
		seen = 0
	}
	for i, l := range strings.Split(f.fm, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			name := strings.Trim(t[:strings.LastIndexByte(t, ']')+1], "[] \t")
			if strings.LastIndexByte(t, ']') < 0 {
				name = ""
			}
			cur = name
			if cur == table && table != "" {
				seen++
				if seen == n {
					header = f.fmLine + i
				}
			}
			continue
		}
		if cur == table && seen == n {
			if k, ok := assignedKey(l); ok && k == key {
				return f.fmLine + i
			}
		}
	}
	return header
}

// MaxNesting is how deep lists and tables may nest in TOML: front matter
// needs two levels, site.toml three. Deeper input is refused before the
// parser sees it (its recursion would otherwise grow with the input).
const MaxNesting = 16

// tomlScan walks TOML text outside strings and comments, calling bracket for
// each [ { ] } . = , and line end with its line; it stops when bracket
// returns false. It returns the line and delimiter of a multi-line string
// that is still open at the end, or 0.
func tomlScan(s string, bracket func(c byte, line int) bool) (openLine int, openDelim string) {
	line := 1
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\n':
			if !bracket(c, line) {
				return 0, ""
			}
			line++
			i++
		case '#':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return 0, ""
			}
			i += j
		case '"', '\'':
			q := s[i : i+1]
			if strings.HasPrefix(s[i:], q+q+q) {
				start := line
				j := i + 3
				for {
					k := strings.Index(s[j:], q+q+q)
					if k < 0 {
						return start, q + q + q
					}
					// In a basic string, \""" is an escaped quote and
					// more quotes.
					if c == '"' && escaped(s, j+k) {
						line += strings.Count(s[j:j+k+1], "\n")
						j += k + 1
						continue
					}
					line += strings.Count(s[j:j+k], "\n")
					i = j + k + 3
					break
				}
				continue
			}
			// A one-line string ends at its quote or at the line's end
			// (the parser reports that).
			j := i + 1
			for j < len(s) && s[j] != '\n' && !(s[j] == c && !(c == '"' && escaped(s, j))) {
				j++
			}
			i = j + 1
			if j < len(s) && s[j] == '\n' {
				i = j
			}
		case '[', '{', ']', '}', '.', '=', ',':
			if !bracket(c, line) {
				return 0, ""
			}
			i++
		default:
			i++
		}
	}
	return 0, ""
}

// escaped reports whether the byte at i is preceded by an odd number of
// backslashes.
func escaped(s string, i int) bool {
	n := 0
	for i > 0 && s[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// checkNesting refuses TOML that nests lists or tables deeper than
// MaxNesting: brackets and braces, and the parts of a dotted key (a.b.c =
// 1 is three tables deep; the parser's cost grows with the square of it).
func (f *file) checkNesting() *Diagnostic {
	depth, dots := 0, 0
	inKey := true // before the = of a key (or inside a table header)
	var d *Diagnostic
	tomlScan(f.fm, func(c byte, line int) bool {
		switch c {
		case ']', '}':
			depth = max(depth-1, 0)
			dots = 0
			return true
		case '\n', ',':
			inKey, dots = true, 0
			return true
		case '=':
			inKey, dots = false, 0
			return true
		case '.':
			if !inKey {
				return true
			}
			dots++
		case '{':
			depth++
			inKey, dots = true, 0
		case '[':
			depth++
		}
		if depth+dots > MaxNesting {
			d = &Diagnostic{Path: f.path, Line: f.fmLine + line - 1, Msg: fmt.Sprintf(
				"lists or tables nest more than %d deep here: front matter and site.toml need two or three levels; check the brackets [ ], braces { } and the dots in keys", MaxNesting)}
			return false
		}
		return true
	})
	return d
}

// openStringDiagnostic explains a TOML error caused by a multi-line string
// that is never closed: in front matter, mostly because a line +++ inside
// it ended the front matter. It returns nil when no string is open.
func (f *file) openStringDiagnostic() *Diagnostic {
	line, delim := tomlScan(f.fm, func(byte, int) bool { return true })
	if line == 0 {
		return nil
	}
	msg := fmt.Sprintf("this multi-line string (%s) is never closed: end it with %s", delim, delim)
	if f.bodyLine > 1 {
		end := f.bodyLine - 1
		msg = fmt.Sprintf("this multi-line string (%s) is not closed before line %d, whose +++ ends the front matter: end the string with %s above line %d (a line +++ always ends the front matter, also inside a string)", delim, end, delim, end)
	}
	return &Diagnostic{Path: f.path, Line: f.fmLine + line - 1, Msg: msg}
}
