package search

import (
	"regexp"
	"sort"
	"strings"
)

// A Shape is a part of a message's literal text that has the shape of a
// value: a customer's log shows another value of that shape in its place.
// Start and End are byte offsets in the literal; Kind names the shape.
type Shape struct {
	Start, End int
	Kind       string
	// Name is, for a host, its organisation's label (the one before its
	// top-level domain: "exactonline" in start.exactonline.nl): the hosts
	// of one organisation vary by country and service, and another
	// organisation's host is another error (a proxy, a mail server).
	Name string
}

// Pattern returns how the doc shard writes a placeholder of the shape:
// its kind, and for a host its organisation ("host:exactonline").
func (s Shape) Pattern() string {
	if s.Name != "" {
		return s.Kind + ":" + s.Name
	}
	return s.Kind
}

// The kinds of value, most specific first: where two overlap, the first
// wins ("'start.exactonline.nl'" is a host, not only a quoted string).
//
//   - guid: 8-4-4-4-12 hexadecimal digits, optionally in braces;
//   - host: two or more dotted labels of lower-case letters, digits and
//     hyphens, the last two to six letters, not followed by another label
//     (start.exactonline.nl; not the .NET namespace System.Net.WebException);
//     another host of the same organisation matches (oauth.exactonline.be),
//     another organisation's does not;
//   - date: day, month and year (or year, month, day) with - / or .;
//   - code: one to six capital letters and two digits or more, optionally
//     joined by - or / (GL-1234, INV2024001);
//   - number: two digits or more, not an HTTP status in parentheses:
//     "(503)" names the error, it is no customer's value;
//   - quoted: text in single or double quotes, up to 80 characters, with a
//     space or a digit: a customer's name ('Bakkerij Jansen'). One word in
//     quotes ('SalesEntries') is the name of a field or a segment of the
//     software: fixed text, another one is another error.
//
// Words are not values: "Klant" in "Ongeldige referentie: Klant" is the
// message's fixed text.
var shapeRules = []struct {
	kind string
	re   *regexp.Regexp // group 1 is the value
}{
	{"guid", regexp.MustCompile(`(?i)\{?\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b\}?`)},
	{"host", regexp.MustCompile(`\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,6})\b`)},
	{"date", regexp.MustCompile(`\b(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\b`)},
	{"code", regexp.MustCompile(`\b([A-Z]{1,6}[-/]?\d{2,})\b`)},
	{"number", regexp.MustCompile(`(?:^|[^(\w])(\d{2,}(?:[.,]\d+)?)\b`)},
	{"quoted", regexp.MustCompile(`'([^'\n]{1,80})'|"([^"\n]{1,80})"`)},
}

// ValueShapes returns the parts of literal, a message's literal text, that
// have the shape of a value, in order and without overlap.
func ValueShapes(literal string) []Shape {
	var out []Shape
	taken := func(s, e int) bool {
		for _, o := range out {
			if s < o.End && o.Start < e {
				return true
			}
		}
		return false
	}
	for _, r := range shapeRules {
		for _, m := range r.re.FindAllStringSubmatchIndex(literal, -1) {
			s, e := m[2], m[3]
			if s < 0 && len(m) > 5 {
				s, e = m[4], m[5]
			}
			if s < 0 || taken(s, e) {
				continue
			}
			if r.kind == "host" && e+1 < len(literal) && literal[e] == '.' && isWordByte(literal[e+1]) {
				continue
			}
			if r.kind == "quoted" && !strings.ContainsAny(literal[s:e], " 0123456789") {
				continue
			}
			if r.kind == "number" && s > 0 && literal[s-1] == '(' && e < len(literal) && literal[e] == ')' {
				continue
			}
			sh := Shape{Start: s, End: e, Kind: r.kind}
			if r.kind == "host" {
				sh.Name = organisation(literal[s:e])
			}
			out = append(out, sh)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b >= 0x80
}

// organisation returns a host's organisation label: the one before its
// top-level domain, or before "co", "com" or "org" and a country
// (start.exactonline.co.uk).
func organisation(host string) string {
	labels := strings.Split(host, ".")
	i := len(labels) - 2
	if i > 0 && len(labels[len(labels)-1]) == 2 && (labels[i] == "co" || labels[i] == "com" || labels[i] == "org") {
		i--
	}
	return labels[i]
}
