package content

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Writers are not programmers: a TOML parser's "expected value but found
// '“' instead" says nothing to someone whose editor turned their quotes
// curly. advise turns the parser's messages for the mistakes writers make
// into the fix, in their words, and where it can, the line as it should be.

// curlyQuotes are the quotes editors and phones type instead of ".
const curlyQuotes = "“”„‟‘’‚‛«»"

var (
	keyLine      = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*$`)
	keyColon     = regexp.MustCompile(`^(\s*[A-Za-z0-9_-]+)\s*:\s*(.*?)\s*$`)
	dayFirstDate = regexp.MustCompile(`^"?(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"?$`)
	yearSlashes  = regexp.MustCompile(`^"?(\d{4})[/.](\d{1,2})[/.](\d{1,2})"?$`)
	listOpen     = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=\s*\[`)
)

// maxShownLine is the longest line advise shows rewritten; a longer one is
// cut there.
const maxShownLine = 100

// advise returns the writer's version of a TOML parse error at line (1-based,
// in fm) and col: the line to report (in fm), the column (0: none) and the
// message, or ok false to keep the parser's. first is the file line of fm's
// first line, for messages that name another line.
func advise(fm string, first, line, col int, msg string) (atLine, atCol int, advice string, ok bool) {
	lines := strings.Split(fm, "\n")
	if line < 1 || line > len(lines) {
		return 0, 0, "", false
	}
	text := strings.TrimRight(lines[line-1], "\r")
	m := parseMistake{lines: lines, first: first, line: line, col: col, text: text,
		key:     keyLine.FindStringSubmatch(text),
		atStart: strings.TrimSpace(text[:min(len(text), byteCol(text, col))]) == ""}
	// A date the Dutch way, or with slashes: whatever the parser made of it.
	if advice, ok := m.date(); ok {
		return line, 0, advice, true
	}
	switch {
	case strings.ContainsAny(text, curlyQuotes) && strings.ContainsAny(msg, curlyQuotes):
		fixed := text
		for _, q := range curlyQuotes {
			fixed = strings.ReplaceAll(fixed, string(q), `"`)
		}
		return line, col, `curly quotes: text must be in straight quotes " (editors and phones make them curly as you type; switch off "smart quotes")` + fixedLine(fixed), true

	case strings.HasPrefix(msg, "expected a comma (',') or array terminator (']')"):
		return m.missingComma()

	case strings.HasPrefix(msg, "strings cannot contain newlines"):
		return line, 0, `the closing quote " is missing at the end of this line` + fixedLine(text+`"`), true

	case strings.HasPrefix(msg, "expected '.' or '=', but got ':'"):
		if kc := keyColon.FindStringSubmatch(text); kc != nil {
			return line, col, "a key and its value are joined with =, not with a colon" + fixedLine(kc[1]+" = "+kc[2]), true
		}

	case strings.HasPrefix(msg, "expected a top-level item to end with a newline"):
		// "Klik op "Opslaan"": the second quote ended the text.
		if k := m.key; k != nil && strings.HasPrefix(k[2], `"`) && strings.HasSuffix(k[2], `"`) && strings.Count(k[2], `"`) > 2 {
			inner := strings.ReplaceAll(strings.ReplaceAll(k[2][1:len(k[2])-1], `\"`, `"`), `"`, `\"`)
			return line, col, `a quote inside text ends the text: write \" for each quote inside it` + fixedLine(k[1]+` = "`+inner+`"`), true
		}

	case strings.HasPrefix(msg, "expected value but found"):
		return m.missingValue()
	}
	return 0, 0, "", false
}

// A parseMistake is the line of front matter where the TOML parser
// stopped, as advise reads it.
type parseMistake struct {
	lines     []string // the front matter's lines
	first     int      // the file line of the front matter's first line
	line, col int      // where the parser stopped, 1-based, in lines
	text      string   // lines[line-1], without a final \r
	// key is keyLine's match of text ("key = value"), nil when text is
	// not such a line; atStart reports whether the parser stopped before
	// any text of the line.
	key     []string
	atStart bool
}

// fixedLine returns the line as it should be, for the end of an advice,
// cut at maxShownLine characters.
func fixedLine(fixed string) string {
	fixed = strings.TrimSpace(fixed)
	if utf8.RuneCountInString(fixed) > maxShownLine {
		fixed = string([]rune(fixed)[:maxShownLine]) + "…"
	}
	return ": " + fixed
}

// date explains a value written as a date the Dutch way (day first) or
// with slashes, with the date as TOML writes it.
func (m parseMistake) date() (advice string, ok bool) {
	if m.key == nil {
		return "", false
	}
	iso, dayFirst, ok := isoDate(m.key[2])
	switch {
	case ok && dayFirst:
		return fmt.Sprintf("write the date as year-month-day without quotes: %s = %s", m.key[1], iso), true
	case ok:
		return fmt.Sprintf("write the date with hyphens, without quotes: %s = %s", m.key[1], iso), true
	}
	return "", false
}

// isoDate returns s, a date written day first or with slashes (quoted or
// not), as TOML writes a date; dayFirst says which it was.
func isoDate(s string) (iso string, dayFirst bool, ok bool) {
	if d := dayFirstDate.FindStringSubmatch(s); d != nil {
		return fmt.Sprintf("%s-%02s-%02s", d[3], d[2], d[1]), true, true
	}
	if d := yearSlashes.FindStringSubmatch(s); d != nil {
		return fmt.Sprintf("%s-%02s-%02s", d[1], d[2], d[3]), false, true
	}
	return "", false, false
}

// missingComma explains a list entry that the parser found where a comma
// or the list's ] was expected.
func (m parseMistake) missingComma() (atLine, atCol int, advice string, ok bool) {
	// A key where the next entry would be: the list is not closed.
	if m.key != nil && m.atStart {
		if above, c, advice, ok := unclosedList(m.lines, m.first, m.line, m.key[1]); ok {
			return above, c, advice, true
		}
	}
	// At the start of a line: the line above lacks its comma.
	if m.atStart {
		for above := m.line - 1; above >= 1; above-- {
			prev := strings.TrimRight(m.lines[above-1], "\r")
			if t := strings.TrimSpace(prev); t != "" && !strings.HasPrefix(t, "#") {
				return above, 0, "a comma is missing at the end of this line (the entries of a list are separated by commas)" + fixedLine(prev+","), true
			}
		}
	}
	return m.line, m.col, "a comma is missing before this entry: the entries of a list are separated by commas", true
}

// missingValue explains a line where the parser expected a value: a key
// below a list that is not closed, or text without quotes.
func (m parseMistake) missingValue() (atLine, atCol int, advice string, ok bool) {
	if m.key == nil {
		return 0, 0, "", false
	}
	// A key where a value was expected: a list above is not closed.
	if m.atStart {
		if above, c, advice, ok := unclosedList(m.lines, m.first, m.line, m.key[1]); ok {
			return above, c, advice, true
		}
	}
	// Text without quotes.
	if m.key[2] != "" {
		value := strings.Trim(m.key[2], `"'`)
		return m.line, m.col, "text must be in quotes" + fixedLine(m.key[1]+` = "`+value+`"`), true
	}
	return 0, 0, "", false
}

// unclosedList explains a key found at line where a list's next entry was
// expected: the nearest list opened above is not closed. It reports at
// that list's [.
func unclosedList(lines []string, first, line int, key string) (int, int, string, bool) {
	for above := line - 1; above >= 1; above-- {
		if o := listOpen.FindStringSubmatchIndex(lines[above-1]); o != nil {
			name := lines[above-1][o[2]:o[3]]
			col := utf8.RuneCountInString(lines[above-1][:o[1]])
			return above, col, fmt.Sprintf("the list %s is not closed: add ] after its last entry, above line %d (%s = …)", name, first+line-1, key), true
		}
	}
	return 0, 0, "", false
}

// byteCol returns the byte offset in s of the 1-based rune column col.
func byteCol(s string, col int) int {
	i := 0
	for n := 1; n < col && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// closingAdvice explains a front matter that no line +++ closes: a line
// that was meant to close it (---, ++, ++++), or the first line that is
// Markdown rather than TOML, above which the +++ belongs. lines are the
// file's lines; it returns the line to report and the message.
func closingAdvice(lines []string) (int, string) {
	for i := 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if nearDelim(t) {
			return i + 1, fmt.Sprintf("the front matter ends with a line +++ (three plus signs): write +++ instead of %s", t)
		}
	}
	for i := 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		// Blank lines and comments (a Markdown heading is a TOML comment
		// too) could be either.
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if keyLine.MatchString(t) || strings.HasPrefix(t, `"`) || strings.HasPrefix(t, "'") || strings.HasPrefix(t, "]") || strings.HasPrefix(t, "[") {
			continue
		}
		return i + 1, "the front matter is not closed: add a line +++ above this line, after the last key"
	}
	return 1, "the front matter is not closed: add a line +++ after the last key"
}

// nearDelim reports whether a trimmed line looks like a mistyped +++ or a
// --- of another generator's front matter.
func nearDelim(t string) bool {
	switch t {
	case "---", "++", "++++", "+++++", "+ + +", "++ +", "+ ++", "＋＋＋":
		return true
	}
	return false
}
