// Package anchors keeps the record of published anchors, so that no link
// support ever sent stops working.
//
// # The record
//
// anchors.lock, at the root of the site folder, lists every anchor of the
// list page /errors/ that a build has published: the ids and aliases of all
// errors, one per line, sorted, without duplicates. Lines starting with "#"
// are comments. Every anchor is also a page: /errors/<anchor>/.
//
// # Rules
//
//   - An anchor in the record must stay reachable: as an error's id or as an
//     alias. A build or check whose content drops one fails, naming the anchor
//     and the fix (add it to the aliases of the error it became).
//   - A build adds the site's new anchors to the record (Update).
//   - A check also requires the record to hold every current anchor, so that a
//     pull request that adds an error also records its anchor: otherwise a
//     later rename could drop a published link unnoticed.
//   - A site without anchors.lock has never been published: nothing to check;
//     the first build writes the record.
package anchors

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/bookzo/exact-help/internal/content"
)

// Path is the record's path in the site folder.
const Path = "anchors.lock"

const header = `# Published anchors of /errors/ (ids and aliases), one per line, sorted.
# Written by gen build; checked by gen check. A line may never be removed:
# to rename an error, keep its old id in the new id's aliases.
`

// Lock is a parsed record.
type Lock struct {
	lines map[string]int // anchor -> line in anchors.lock
}

// Parse reads a record. Lines that are not valid anchors are reported.
func Parse(data []byte) (*Lock, content.Diagnostics) {
	l := &Lock{lines: map[string]int{}}
	var ds content.Diagnostics
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !validAnchor(line) {
			ds = append(ds, content.Diagnostic{Path: Path, Line: n, Msg: fmt.Sprintf("%q is not an anchor: a line holds one id (lower-case letters, digits, hyphens)", line)})
			continue
		}
		if _, dup := l.lines[line]; !dup {
			l.lines[line] = n
		}
	}
	return l, ds
}

// Verify checks the site against the record. With requireRecorded, a current
// anchor missing from the record is an error too (gen check).
func (l *Lock) Verify(s *content.Site, requireRecorded bool) content.Diagnostics {
	var ds content.Diagnostics
	for _, a := range l.sorted() {
		if s.Resolve(a) == nil {
			ds = append(ds, content.Diagnostic{Path: Path, Line: l.lines[a], Msg: fmt.Sprintf(
				"anchor %q was published (support may have sent /errors/#%s) but no error has it any more: "+
					"add %q to the aliases of the error that replaces it, or restore content/errors/%s.md", a, a, a, a)})
		}
	}
	if requireRecorded {
		for _, e := range s.Errors {
			if _, ok := l.lines[e.ID]; !ok {
				ds = append(ds, content.Diagnostic{Path: e.Path, Line: e.KeyLine("id"), Msg: fmt.Sprintf(
					"id %q is not in anchors.lock yet: run go run ./cmd/gen and commit anchors.lock, or add the line %s to it", e.ID, e.ID)})
			}
			for _, a := range e.Aliases {
				if _, ok := l.lines[a]; !ok {
					ds = append(ds, content.Diagnostic{Path: e.Path, Line: e.ValueLine("aliases", a), Msg: fmt.Sprintf(
						"alias %q is not in anchors.lock yet: run go run ./cmd/gen and commit anchors.lock, or add the line %s to it", a, a)})
				}
			}
		}
	}
	return ds
}

// Update returns the record with the site's anchors added: the text to write
// to anchors.lock. It is the same bytes for the same set of anchors.
func (l *Lock) Update(s *content.Site) []byte {
	all := map[string]bool{}
	for a := range l.lines {
		all[a] = true
	}
	for _, e := range s.Errors {
		all[e.ID] = true
		for _, a := range e.Aliases {
			all[a] = true
		}
	}
	keys := make([]string, 0, len(all))
	for a := range all {
		keys = append(keys, a)
	}
	slices.Sort(keys)
	var b bytes.Buffer
	b.WriteString(header)
	for _, a := range keys {
		b.WriteString(a)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func (l *Lock) sorted() []string {
	keys := make([]string, 0, len(l.lines))
	for a := range l.lines {
		keys = append(keys, a)
	}
	slices.Sort(keys)
	return keys
}

func validAnchor(a string) bool {
	if len(a) < 2 || len(a) > 80 || a[0] == '-' || a[len(a)-1] == '-' || strings.Contains(a, "--") {
		return false
	}
	for _, r := range a {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
