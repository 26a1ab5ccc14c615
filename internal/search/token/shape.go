package token

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A ShapeKind is a kind of value a customer's log varies.
type ShapeKind string

// The kinds of value ValueShapes finds.
const (
	ShapeHost   ShapeKind = "host"   // start.exactonline.nl, 10.0.0.12
	ShapeQuoted ShapeKind = "quoted" // 'Van Dijk BV': the text between the quotes
	ShapeNumber ShapeKind = "number" // 20260042, 1.234,56
	ShapeGUID   ShapeKind = "guid"   // 3f2504e0-4f89-11d3-9a0c-0305e82c3301
	ShapeDate   ShapeKind = "date"   // 2026-11-24, 24-11-2026 10:30:00
	ShapeCode   ShapeKind = "code"   // GL-1234, INV2026001, 2026-0042
)

// A Shape is a span of a literal that has the shape of a value.
type Shape struct {
	Start, End int // byte offsets: the value is literal[Start:End]
	Kind       ShapeKind
	// Name is, for a host name, its organisation: the label before its
	// top-level domain ("exactonline" in start.exactonline.nl, and in
	// start.exactonline.co.uk). The hosts of one organisation vary by
	// country and service; another organisation's host (a proxy, a mail
	// server) not resolving is another problem.
	Name string
}

// Pattern is how the search index writes a placeholder of the shape: its
// kind, and for a host name its organisation ("host:exactonline").
func (s Shape) Pattern() string {
	if s.Name != "" {
		return string(s.Kind) + ":" + s.Name
	}
	return string(s.Kind)
}

// organisation returns the organisation label of a host name (see
// Shape.Name), or "" for an IPv4 address.
func organisation(host string) string {
	host, _, _ = strings.Cut(host, ":")
	if ipv4.MatchString(host) {
		return ""
	}
	labels := strings.Split(strings.ToLower(host), ".")
	i := len(labels) - 2
	if i > 0 && len(labels[len(labels)-1]) == 2 && (labels[i] == "co" || labels[i] == "com" || labels[i] == "org") {
		i--
	}
	if i < 0 {
		return ""
	}
	return labels[i]
}

// ValueShapes returns the spans of literal, the fixed text of a message
// template (one literal segment, package message), that have the shape of
// a value a customer's log varies: a literal 'start.exactonline.nl' is a
// host, and another customer's log shows another host there. The spans
// are in order and do not overlap; each starts and ends at a token
// boundary, so the tokens of literal are those of the text before, in and
// after each span (Split), and each holds at least one token.
//
// # Quoted text
//
// Text between straight quotes ('…', "…") or curly ones (‘…’, “…”, „…”) is
// a value: the opening quote stands at the start or after a character that
// is not part of a word, the closing one is the first matching quote after
// it that no letter or digit follows (so the apostrophe of "foto's" neither
// opens nor closes), and between them are 1 to 100 characters on one line,
// a letter or digit among them. The span is the text between the quotes
// (the placeholder goes inside them: '{host}'). Its kind is the shape of
// that whole text if it has one of those below (host, GUID, date, code,
// number), else ShapeQuoted; but a single program word (ASCII letters,
// digits, _ and ., starting with a letter: 'SalesEntries', 'Description',
// 'System.String') is no value: .NET and OData messages quote the names
// of entity sets, fields and types, and those are the fixed text that
// tells one error from another.
//
// # Words
//
// Outside quotes, literal is cut into words at spaces and at the
// characters ()[]<>{}=;!?|"' and quotes; each word, with any leading and
// trailing characters that are not letters or digits left out (the comma,
// the full stop, the colon of "…: 1234,"), has a shape when it is, as a
// whole:
//
//   - ShapeGUID: 8-4-4-4-12 hexadecimal digits.
//   - ShapeDate: a date 2026-11-24 (optionally with a time after T:
//     2026-11-24T10:30:00, seconds, fraction, Z or offset optional),
//     24-11-2026, 24/11/2026, 24.11.2026 or 2026/11/24 (month 1-12, day
//     1-31); or a time of day 10:30 or 10:30:00 (hour 0-23). A date, one
//     space and a time are one span.
//   - ShapeHost: two or more labels (letters, digits, inner hyphens)
//     joined by dots, the last a top-level domain written in lower case
//     (nl be de fr uk lu es eu com net org info biz io online cloud app dev
//     local), with an optional port (:443); an IPv4 address; or the host of
//     a web address (https://start.exactonline.nl/api/…). The list keeps
//     .NET names (System.Net.WebException, ASP.NET) and file names
//     (web.config, Node.js) out.
//   - ShapeCode: a document, account or article code: 1 to 5 letters, a
//     hyphen or slash, 3 or more digits (GL-1234, Inv-2026); 1 to 5
//     upper-case letters and 4 or more digits (INV2026001, F2026-0042);
//     either followed by more groups of digits after - or / (VF/2026/0042);
//     or groups of digits joined by - or / that are no date, 5 or more
//     digits in all, one group of 3 or more (2026-0042, 001/2026).
//   - ShapeNumber: 4 or more digits (20260042, 1300), or digits with two
//     decimals (12,50, 12.50), or with thousands groups (1.234.567,
//     1.234,56).
//
// # What is not a value
//
// A number of one to three digits is fixed text: HTTP status codes
// ((401) Niet gemachtigd, (503), (429)) tell the error, they are not a
// customer's value, and so do the limits and counts messages state
// (maximaal 60 tekens, more than 10 errors). Customers' numbers (invoices,
// entries, accounts, amounts) are longer or have cents. Neither are
// versions (TLS 1.2), hexadecimal codes (0x80070005), error identifiers
// without a separator and with more than five letters (AADSTS50011),
// words that hold digits (OAuth2, SHA256), e-mail addresses, nor the
// program words in quotes above: they name the error, not the customer.
func ValueShapes(literal string) []Shape {
	var out []Shape
	pos := 0
	for _, q := range quotedSpans(literal) {
		out = append(out, wordShapes(literal, pos, q.open)...)
		if kind, ok := quotedKind(literal[q.start:q.end]); ok {
			out = append(out, Shape{Start: q.start, End: q.end, Kind: kind})
		}
		pos = q.after
	}
	out = append(out, wordShapes(literal, pos, len(literal))...)
	for i := range out {
		if out[i].Kind == ShapeHost {
			out[i].Name = organisation(literal[out[i].Start:out[i].End])
		}
	}
	return out
}

// A quote is a pair of quotes: open and after bound it, start and end its
// text.
type quote struct{ open, start, end, after int }

// closingQuotes maps each opening quote to the quotes that close it.
var closingQuotes = map[rune]string{'\'': "'", '"': `"`, '‘': "’", '“': "”", '„': "”“"}

const maxQuoted = 100

// quotedSpans returns the pairs of quotes of s, in order.
func quotedSpans(s string) []quote {
	var out []quote
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		closers, ok := closingQuotes[r]
		if !ok || (i > 0 && joins(lastRune(s[:i]))) {
			i += size
			continue
		}
		start := i + size
		end, n, word := -1, 0, false
		for j := start; j < len(s) && n < maxQuoted+1; {
			c, cs := utf8.DecodeRuneInString(s[j:])
			if c == '\n' || c == '\r' {
				break
			}
			if strings.ContainsRune(closers, c) && (j+cs == len(s) || !joins(firstRune(s[j+cs:]))) {
				end = j
				break
			}
			word = word || unicode.IsLetter(c) || unicode.IsDigit(c)
			n++
			j += cs
		}
		if end < 0 {
			i += size
			continue
		}
		_, cs := utf8.DecodeRuneInString(s[end:])
		if word { // else a pair of quotes around nothing: no value
			out = append(out, quote{i, start, end, end + cs})
		}
		i = end + cs
	}
	return out
}

// quotedKind returns the kind of the text between two quotes, and false
// for a program word.
func quotedKind(text string) (ShapeKind, bool) {
	if kind := shapeOf(text); kind != "" {
		return kind, true
	}
	if d, t, ok := strings.Cut(text, " "); ok && isDate(d) && isTime(t) {
		return ShapeDate, true
	}
	if programWord.MatchString(text) {
		return "", false
	}
	return ShapeQuoted, true
}

var programWord = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.]*$`)

// joins reports whether r is part of a word: a letter or digit, or a
// character dropped inside one (a combining mark, a zero-width joiner).
func joins(r rune) bool {
	f := Fold(r)
	return f == "" || strings.IndexFunc(f, WordRune) >= 0
}

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// wordBreak reports whether r cuts words.
func wordBreak(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(`()[]<>{}=;!?|"'‘’“”„`, r)
}

// letterOrDigit reports whether r may start or end a word's value.
func letterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordShapes returns the shapes of the words of s[from:to].
func wordShapes(s string, from, to int) []Shape {
	var out []Shape
	for i := from; i < to; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if wordBreak(r) {
			i += size
			continue
		}
		j := i
		for j < to {
			c, cs := utf8.DecodeRuneInString(s[j:])
			if wordBreak(c) {
				break
			}
			j += cs
		}
		if sh, ok := wordShape(s, i, j); ok {
			// A date, one space and a time: one value.
			if n := len(out); n > 0 && sh.Kind == ShapeDate && out[n-1].Kind == ShapeDate &&
				out[n-1].End+1 == sh.Start && s[out[n-1].End] == ' ' &&
				isDate(s[out[n-1].Start:out[n-1].End]) && isTime(s[sh.Start:sh.End]) {
				out[n-1].End = sh.End
			} else {
				out = append(out, sh)
			}
		}
		i = j
	}
	return out
}

// wordShape returns the shape of the word s[i:j], its leading and trailing
// characters that are not letters or digits left out.
func wordShape(s string, i, j int) (Shape, bool) {
	for i < j {
		r, size := utf8.DecodeRuneInString(s[i:])
		if letterOrDigit(r) {
			break
		}
		i += size
	}
	for j > i {
		r, size := utf8.DecodeLastRuneInString(s[i:j])
		if letterOrDigit(r) {
			break
		}
		j -= size
	}
	w := s[i:j]
	if w == "" {
		return Shape{}, false
	}
	if k := strings.Index(w, "://"); k > 0 && isScheme(w[:k]) {
		host := w[k+3:]
		if e := strings.IndexAny(host, "/?#"); e >= 0 {
			host = host[:e]
		}
		at := strings.LastIndexByte(host, '@') + 1
		if isHost(host[at:]) {
			start := i + k + 3 + at
			return Shape{Start: start, End: start + len(host) - at, Kind: ShapeHost}, true
		}
		return Shape{}, false
	}
	if kind := shapeOf(w); kind != "" {
		return Shape{Start: i, End: j, Kind: kind}, true
	}
	return Shape{}, false
}

func isScheme(s string) bool {
	return strings.EqualFold(s, "http") || strings.EqualFold(s, "https")
}

var (
	guid      = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	isoDate   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	dayFirst  = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4})$`)
	yearFirst = regexp.MustCompile(`^(\d{4})([/.])(\d{1,2})([/.])(\d{1,2})$`)
	timeOfDay = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$`)
	label     = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	ipv4      = regexp.MustCompile(`^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$`)
	codeSep   = regexp.MustCompile(`^[A-Za-z]{1,5}[-/]\d{3,}(?:[-/]\d+)*$`)
	codeJoin  = regexp.MustCompile(`^[A-Z]{1,5}\d{4,}(?:[-/]\d+)*$`)
	digitRuns = regexp.MustCompile(`^\d+(?:[-/]\d+)+$`)
	number    = regexp.MustCompile(`^(?:\d{4,}|\d+[.,]\d{2}|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{2})?)$`)
)

// topLevel lists the top-level domains a host name may end in: those of
// the countries and services a sync log names.
var topLevel = map[string]bool{
	"nl": true, "be": true, "de": true, "fr": true, "uk": true, "lu": true, "es": true, "eu": true,
	"com": true, "net": true, "org": true, "info": true, "biz": true, "io": true,
	"online": true, "cloud": true, "app": true, "dev": true, "local": true,
}

// shapeOf returns the kind of value w is as a whole, or "".
func shapeOf(w string) ShapeKind {
	switch {
	case guid.MatchString(w):
		return ShapeGUID
	case isDate(w) || isTime(w):
		return ShapeDate
	case isHost(w):
		return ShapeHost
	case codeSep.MatchString(w) || codeJoin.MatchString(w) || isDigitCode(w):
		return ShapeCode
	case number.MatchString(w):
		return ShapeNumber
	}
	return ""
}

func isDate(w string) bool {
	if m := isoDate.FindStringSubmatch(w); m != nil {
		return day(m[2], m[3]) && (m[4] == "" || clock(m[4], m[5], m[6]))
	}
	if m := dayFirst.FindStringSubmatch(w); m != nil {
		return m[2] == m[4] && day(m[3], m[1])
	}
	if m := yearFirst.FindStringSubmatch(w); m != nil {
		return m[2] == m[4] && day(m[3], m[5])
	}
	return false
}

func isTime(w string) bool {
	m := timeOfDay.FindStringSubmatch(w)
	return m != nil && clock(m[1], m[2], m[3])
}

func day(m, d string) bool {
	return between(m, 1, 12) && between(d, 1, 31)
}

func clock(h, m, s string) bool {
	return between(h, 0, 23) && between(m, 0, 59) && (s == "" || between(s, 0, 59))
}

func between(s string, lo, hi int) bool {
	n, err := strconv.Atoi(s)
	return err == nil && lo <= n && n <= hi
}

// isHost reports whether w is a host name (with an optional port) or an
// IPv4 address.
func isHost(w string) bool {
	if h, port, ok := strings.Cut(w, ":"); ok {
		if !between(port, 1, 65535) {
			return false
		}
		w = h
	}
	if m := ipv4.FindStringSubmatch(w); m != nil {
		return between(m[1], 1, 255) && between(m[2], 0, 255) && between(m[3], 0, 255) && between(m[4], 0, 255)
	}
	labels := strings.Split(w, ".")
	if len(labels) < 2 || !topLevel[labels[len(labels)-1]] {
		return false
	}
	for _, l := range labels {
		if !label.MatchString(l) {
			return false
		}
	}
	return true
}

// isDigitCode reports whether w is groups of digits joined by - or / with
// 5 or more digits, one group of 3 or more.
func isDigitCode(w string) bool {
	if !digitRuns.MatchString(w) {
		return false
	}
	digits, long := 0, false
	for _, g := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '/' }) {
		digits += len(g)
		long = long || len(g) >= 3
	}
	return digits >= 5 && long
}
