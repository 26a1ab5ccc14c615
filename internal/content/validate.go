package content

// The checks that need every file: unique ids, aliases, titles and messages,
// and references to errors and categories.

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/bookzo/exact-help/internal/editdist"
	"github.com/bookzo/exact-help/internal/search/token"
	"io/fs"
	"slices"
	"strings"
)

// validate runs the checks that need every file: unique ids, aliases, titles
// and messages, and references to errors and categories.
func (s *Site) validate(ds *Diagnostics, checkCategories bool, check Check) {
	slices.SortFunc(s.Errors, func(a, b *Error) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.Path, b.Path))
	})
	add := func(e *Error, line int, format string, args ...any) {
		*ds = append(*ds, Diagnostic{Path: e.Path, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	order := s.clashOrder()
	// Ids first, so that an alias clashing with an id is reported at the alias.
	// Ids and aliases are compared as written, not by token.Key: they are
	// parts of URLs, lower-case ASCII by checkID, and two that differ at
	// all ("a-b", "ab") are two addresses.
	s.indexIDs(order, add)
	s.indexAliases(order, add)
	titles := make(map[string]*Error, len(order))
	messages := make(map[string]msgRef, 2*len(order))
	for _, e := range order {
		if checkCategories {
			s.checkCategory(e, add)
		}
		s.checkRelated(e, add)
		checkTitle(e, titles, add)
		checkMessages(e, messages, add)
	}
	if check == Full {
		s.overlaps(add, messages)
		s.counterparts(ds)
	}
}

// A reporter reports a problem at a line of an error's file.
type reporter = func(e *Error, line int, format string, args ...any)

// clashOrder returns the errors in the order their clashes are checked. Of
// two files that clash, the one seen second is reported: the files of the
// writer's change come last (see Loader.Rank); at equal rank, the errors
// keep their order by id.
func (s *Site) clashOrder() []*Error {
	if s.rank == nil {
		return s.Errors
	}
	order := slices.Clone(s.Errors)
	ranks := make(map[*Error]int64, len(order))
	for _, e := range order {
		ranks[e] = s.rank(e.Path)
	}
	slices.SortStableFunc(order, func(a, b *Error) int { return cmp.Compare(ranks[a], ranks[b]) })
	return order
}

// indexIDs fills s.byID, reporting an id that an earlier error of order
// already has.
func (s *Site) indexIDs(order []*Error, add reporter) {
	s.byID = make(map[string]*Error, len(s.Errors))
	for _, e := range order {
		if prev := s.byID[e.ID]; prev != nil {
			add(e, e.KeyLine("id"), "id %q is already used by %s", e.ID, prev.Path)
			continue
		}
		s.byID[e.ID] = e
	}
}

// indexAliases fills s.byAlias, reporting an alias that is the error's own
// id, another error's id or an earlier error's alias. An invalid alias is
// left out: parseError reported it.
func (s *Site) indexAliases(order []*Error, add reporter) {
	for _, e := range order {
		for i, a := range e.Aliases {
			line := func() int { return e.f.elementLine("aliases", i, `"`+a+`"`, len(e.Aliases)) }
			switch {
			case checkID(a) != "":
				// reported in parseError
			case s.byID[a] != nil && s.byID[a] == e:
				add(e, line(), "alias %q is the error's own id", a)
			case s.byID[a] != nil:
				add(e, line(), "alias %q is the id of %s; an alias must be an id no other error uses", a, s.byID[a].Path)
			case s.byAlias[a] != nil:
				add(e, line(), "alias %q is also an alias of %s", a, s.byAlias[a].Path)
			default:
				s.byAlias[a] = e
			}
		}
	}
}

// checkCategory reports a category of e that site.toml does not list.
func (s *Site) checkCategory(e *Error, add reporter) {
	if strings.TrimSpace(e.Category) != "" && s.Category(e.Category) == nil {
		var names []string
		for _, c := range s.Config.Categories {
			names = append(names, c.Name)
		}
		add(e, e.KeyLine("category"), "category %s is not in site.toml; use one of %s", Quote(e.Category), strings.Join(names, ", "))
	}
}

// checkRelated reports each entry of e's related that is not the current
// id of another error.
func (s *Site) checkRelated(e *Error, add reporter) {
	for i, r := range e.Related {
		line := func() int { return e.f.elementLine("related", i, `"`+r+`"`, len(e.Related)) }
		switch {
		case r == e.ID:
			add(e, line(), "related %q is the error itself", r)
		case s.byID[r] != nil:
		case s.byAlias[r] != nil:
			add(e, line(), "related %q is an old id (alias) of %q: use the current id", r, s.byAlias[r].ID)
		case s.MayHold(r) != "":
			// That file's own problem is reported.
		default:
			add(e, line(), "related %s: no error has this id", Quote(r))
		}
	}
}

// checkTitle records e's title in titles, by its key (token.TextKey),
// reporting a title that an earlier error has: titles that differ only in
// case, accents, spacing or punctuation are one title to the search, and
// nearly so to a reader.
func checkTitle(e *Error, titles map[string]*Error, add reporter) {
	key := token.TextKey(e.Title)
	if key == "" {
		return
	}
	prev := titles[key]
	switch {
	case prev == nil:
		titles[key] = e
	case prev.sortKey == e.sortKey:
		add(e, e.KeyLine("title"), "title %q is also the title of %s:%d; readers could not tell them apart", e.Title, prev.Path, prev.KeyLine("title"))
	default:
		add(e, e.KeyLine("title"), "title %q is the same to the search as the title %q of %s:%d: they differ only in %s; readers could not tell the two errors apart: make one title say what sets its error apart",
			e.Title, prev.Title, prev.Path, prev.KeyLine("title"), differences(literalText(e.Title), literalText(prev.Title)))
	}
}

// A msgRef is message i of an error.
type msgRef struct {
	e *Error
	i int
}

// checkMessages records e's messages in messages, by their keys
// (token.Key), reporting a message whose key an earlier message has: the
// search could not tell the two apart. The first message of each key is
// the one the overlap check compares.
func checkMessages(e *Error, messages map[string]msgRef, add reporter) {
	for i, m := range e.Messages {
		key := e.keys[i]
		if key == "" {
			continue
		}
		prev, seen := messages[key]
		if !seen {
			messages[key] = msgRef{e, i}
			continue
		}
		// The lines are looked up only for a problem: it costs a scan.
		line := e.f.elementLine("messages", i, m, len(e.Messages))
		p := prev.e.Messages[prev.i]
		pline := prev.e.f.elementLine("messages", prev.i, p, len(prev.e.Messages))
		why := func() string { return differences(e.Segments(i), prev.e.Segments(prev.i)) }
		switch {
		case prev.e == e && p == m:
			add(e, line, "message %q is listed twice", m)
		case prev.e == e:
			add(e, line, "message %q is the same to the search as %q at line %d: they differ only in %s, which the search ignores; remove one of them: the search finds both with either",
				m, p, pline, why())
		case p == m:
			add(e, line, "message %q is already a message of %s:%d: a pasted line must lead to one error", m, prev.e.Path, pline)
		default:
			add(e, line, "message %q is the same to the search as %q of %s:%d: they differ only in %s, which the search ignores; a pasted line must lead to one error",
				m, p, prev.e.Path, pline, why())
		}
	}
}

// checkID reports what is wrong with an id, or "" when it is valid.
func checkID(id string) string {
	const rule = "an id is 2 to 80 lower-case letters a-z, digits and single hyphens, such as ongeldige-referentie-klant"
	if len(id) < 2 || len(id) > 80 {
		if len(id) == 1 {
			return "1 character; " + rule
		}
		return fmt.Sprintf("%d characters; %s", len(id), rule)
	}
	if id[0] == '-' || id[len(id)-1] == '-' || strings.Contains(id, "--") {
		return "starts or ends with a hyphen or has two in a row; " + rule
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Sprintf("contains %q; %s", r, rule)
		}
	}
	if windowsReserved(id) {
		return fmt.Sprintf("%q is a reserved file name on Windows (its folder in the site could not be written or checked out there); choose another name", id)
	}
	return ""
}

// windowsReserved reports whether name is a device name that Windows refuses
// as a file or folder name: CON, PRN, AUX, NUL, COM1-9, LPT1-9.
func windowsReserved(name string) bool {
	switch name {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(name) == 4 && (strings.HasPrefix(name, "com") || strings.HasPrefix(name, "lpt")) && name[3] >= '1' && name[3] <= '9'
}

// closest returns the candidate within edit distance 2 of s, or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editdist.Bytes(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// sortByTitle sorts current errors before retired ones, each by title, then
// by id and path (the site's order: a stable sort's result, at a fraction
// of its cost).
func sortByTitle(es []*Error) {
	slices.SortFunc(es, func(a, b *Error) int {
		if a.Retired() != b.Retired() {
			if a.Retired() {
				return 1
			}
			return -1
		}
		return cmp.Or(strings.Compare(a.sortKey, b.sortKey), strings.Compare(a.ID, b.ID), strings.Compare(a.Path, b.Path))
	})
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
