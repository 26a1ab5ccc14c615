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
//   - A check also requires the record to be sorted and free of duplicates, as
//     a build writes it, so that hand edits (in GitHub's web editor) cause no
//     churn.
//   - A site without anchors.lock has never been published: nothing to check;
//     the first build writes the record.
//   - A pull request can change anchors.lock too. So CI checks it against the
//     record of the published site (main's anchors.lock, gen check
//     -published FILE): no published anchor may leave the record, and a line
//     of the record that main never published and no error has (a draft id
//     renamed before it was merged) must be removed.
package anchors

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/safefs"
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
	// order holds the problems with the record's form: lines out of order,
	// anchors listed twice.
	order content.Diagnostics
	// comments are the record's comment lines other than its header, kept
	// (after the header) when the record is written again.
	comments []string
}

// MaxSize is the largest record read: 400,000 anchors of 80 characters.
const MaxSize = 32 << 20

// Parse reads a record. A UTF-8 byte order mark and CRLF line endings are
// accepted, as in content files; lines of any length are read. Lines that
// are not valid anchors are reported, quoted in a short excerpt (a record
// may be anything a pull request puts there): a caller must not rewrite a
// record with such lines, it would drop them.
func Parse(data []byte) (*Lock, content.Diagnostics) {
	l := &Lock{lines: map[string]int{}}
	var ds content.Diagnostics
	var misplaced []string
	prev := ""
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	for n := 1; len(data) > 0; n++ {
		var raw []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			raw, data = data[:i], data[i+1:]
		} else {
			raw, data = data, nil
		}
		line := strings.TrimSpace(string(raw))
		if strings.HasPrefix(line, "#") && !strings.Contains(header, line+"\n") {
			l.comments = append(l.comments, line)
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !validAnchor(line) {
			ds = append(ds, content.Diagnostic{Path: Path, Line: n, Msg: fmt.Sprintf(
				"%s is not an anchor: each line holds one id (lower-case letters, digits, hyphens) and nothing else; comments are lines of their own that start with #", content.Quote(line))})
			continue
		}
		if first, dup := l.lines[line]; dup {
			l.order = append(l.order, content.Diagnostic{Path: Path, Line: n, Msg: fmt.Sprintf(
				"%q is listed twice (also on line %d): remove this line", line, first)})
			continue
		}
		if line < prev {
			misplaced = append(misplaced, line)
		}
		prev = max(prev, line)
		l.lines[line] = n
	}
	// Where each line out of order belongs: between its neighbours in the
	// sorted record. (Never at the end: a line out of order sorts before
	// a line above it.)
	if len(misplaced) > 0 {
		sorted := l.sorted()
		for _, a := range misplaced {
			i, _ := slices.BinarySearch(sorted, a)
			var where string
			switch {
			case i == 0:
				where = fmt.Sprintf("at the top, before %q", sorted[1])
			default:
				where = fmt.Sprintf("after %q, before %q", sorted[i-1], sorted[i+1])
			}
			l.order = append(l.order, content.Diagnostic{Path: Path, Line: l.lines[a], Msg: fmt.Sprintf(
				"%q is out of order: keep the lines sorted; it belongs %s (go run ./cmd/gen sorts the file)", a, where)})
		}
	}
	return l, ds
}

// Verify checks the site against the record. With requireRecorded (gen
// check), a current anchor missing from the record is an error too, and so
// is a record that is not sorted or lists an anchor twice. pub, when not nil,
// is the record of the published site: every anchor in it must stay in this
// record, and an anchor of this record that pub lacks and no error has (a
// draft id renamed before it was published) must leave it.
func (l *Lock) Verify(s *content.Site, requireRecorded bool, pub *Lock) content.Diagnostics {
	var ds content.Diagnostics
	for _, a := range l.sorted() {
		// An anchor that a file which could not be read may hold is
		// unknown, not dropped: that file's problem is reported.
		if s.Resolve(a) != nil || s.MayHold(a) != "" {
			continue
		}
		if _, published := pub.lookup(a); pub != nil && !published {
			ds = append(ds, content.Diagnostic{Path: Path, Line: l.lines[a], Msg: fmt.Sprintf(
				"%q was never published and no error has it (a draft id that was renamed?): remove this line", a)})
			continue
		}
		ds = append(ds, content.Diagnostic{Path: Path, Line: l.lines[a], Msg: fmt.Sprintf(
			"anchor %q was published (support may have sent /errors/#%s) but no error has it any more: "+
				"add %q to the aliases of the error that replaces it, or put it back as the id or alias it was", a, a, a)})
	}
	if pub != nil {
		for _, a := range pub.sorted() {
			if _, ok := l.lines[a]; ok {
				continue
			}
			msg := fmt.Sprintf("anchor %q is in the published anchors.lock but this one drops it: a published anchor is never removed; put the line %s back", a, a)
			if s.Resolve(a) == nil && s.MayHold(a) == "" {
				msg += fmt.Sprintf(" and add %q to the aliases of the error that replaces it", a)
			}
			ds = append(ds, content.Diagnostic{Path: Path, Msg: msg})
		}
	}
	if requireRecorded {
		ds = append(ds, l.order...)
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

// Read reads the record of the site in fsys (anchors.lock at its root). It
// returns nil and no diagnostics for a site that has no record yet. A record
// that is a link, not a regular file or larger than MaxSize is refused
// unread; lines that are not anchors are reported (see Parse). A caller must
// not rewrite a record for which Read reported anything.
func Read(fsys fs.FS) (*Lock, content.Diagnostics) {
	data, err := safefs.ReadFile(fsys, Path, MaxSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, content.Diagnostics{{Path: Path, Msg: err.Error()}}
	}
	return Parse(data)
}

// Has reports whether the record holds anchor a.
func (l *Lock) Has(a string) bool {
	_, ok := l.lookup(a)
	return ok
}

// Len returns the number of anchors in the record.
func (l *Lock) Len() int { return len(l.lines) }

// lookup returns the line of anchor a; l may be nil.
func (l *Lock) lookup(a string) (int, bool) {
	if l == nil {
		return 0, false
	}
	n, ok := l.lines[a]
	return n, ok
}

// Update returns the record with the site's anchors added: the text to write
// to anchors.lock. It is the same bytes for the same set of anchors and
// comments; comment lines a writer added stay, after the header.
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
	for _, c := range l.comments {
		b.WriteString(c + "\n")
	}
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
