// Package content loads a help site's source folder into validated errors.
//
// # Layout
//
// A site folder holds:
//
//	site.toml              site-wide settings (see Config)
//	content/_index.md      optional: the home page's intro; its front matter
//	                       holds title (the home heading) and notice (the
//	                       site-wide warning, Markdown)
//	content/errors/<id>.md one error per file
//
// # Front matter
//
// An error file starts with TOML front matter between two lines "+++" (the
// Hugo convention), followed by the Markdown body. A UTF-8 byte order mark and
// CRLF line endings are accepted. The keys:
//
//	id        required  the stable anchor: lower-case letters, digits and single
//	                    hyphens, 2 to 80 characters; equal to the file's name
//	title     required  what a person reads in lists; unique
//	messages  required  one or more message templates as the sync log shows them
//	                    (see package message); no message belongs to two errors,
//	                    nor is listed twice, as the search reads them (token.Key:
//	                    case, accents, spacing, punctuation and placeholder
//	                    names do not count)
//	category  required  the name of a category of site.toml
//	severity  required  "error" (red cross) or "warning" (skipped next run)
//	tags      optional  search words
//	aliases   optional  earlier ids of this error; unique across ids and aliases
//	related   optional  ids of other errors
//	updated   optional  a TOML date, 2026-11-24 (no quotes)
//	status    optional  "current" (the default) or "retired"
//	fix       optional  when to fix it among other errors in one log: "first"
//	                    (it stops every sync until fixed: login, connection)
//	                    or "last" (a consequence of the others, such as 429)
//
// Any other key is an error. An empty body is allowed: the error is published
// with a "no solution described yet" text and reported as a writer's to-do;
// so is a body with a cause (**Oorzaak.**) and no solution (**Oplossing.**),
// which package site detects when it renders the body.
//
// # Diagnostics
//
// Every problem is reported as a Diagnostic with the file and the line of the
// key or value at fault; Load collects all of them rather than stopping at the
// first.
package content

import (
	"maps"
	"slices"
	"time"

	"github.com/bookzo/exact-help/internal/message"
)

// Config is site.toml.
type Config struct {
	Title    string `toml:"title"`
	BaseURL  string `toml:"baseURL"`
	Language string `toml:"language"`
	// EditURL is the prefix of the "edit this page" link; the file's path
	// relative to the site folder is appended.
	EditURL string `toml:"editURL"`
	// CNAME, when set, is written to the output as the file CNAME: the
	// custom domain of a site published from a GitHub Pages branch. It must
	// be the host of BaseURL.
	CNAME string `toml:"cname"`
	// CompactAbove is the number of errors above which the list page shows
	// each error's title, messages and link without its text, and the home
	// page the first errors of each category only: pages stay usable at
	// 10,000 errors. The full text is always on each error's own page.
	// Default DefaultCompactAbove.
	CompactAbove int        `toml:"compactAbove"`
	Support      Support    `toml:"support"`
	Categories   []Category `toml:"categories"`
	// Sum is the SHA-256 of site.toml as read: everything above is made
	// from those bytes alone, so caches key on it.
	Sum [32]byte `toml:"-"`
}

// DefaultCompactAbove is CompactAbove when site.toml does not set it.
const DefaultCompactAbove = 1000

// Compact reports whether a site of n errors uses the compact list and home
// pages.
func (c *Config) Compact(n int) bool { return n > c.CompactAbove }

// Support says how readers reach a person.
type Support struct {
	Name  string `toml:"name"`
	Email string `toml:"email"`
	URL   string `toml:"url"`
}

// A Category groups errors; the order in site.toml is the order shown.
type Category struct {
	Name        string `toml:"name"` // URL part: /categories/<name>/
	Title       string `toml:"title"`
	Description string `toml:"description"`
}

// Severity values.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Fix values: where an error goes in the order a customer fixes the errors
// of one log.
const (
	FixFirst = "first" // it stops every sync until it is fixed
	FixLast  = "last"  // a consequence of the other errors: fix them, then this
)

// Status values.
const (
	StatusCurrent = "current"
	StatusRetired = "retired"
)

// An Error is one sync error, loaded from content/errors/<id>.md.
type Error struct {
	ID       string
	Title    string
	Messages []string
	Category string
	Severity string
	Tags     []string
	Aliases  []string
	Related  []string
	Updated  time.Time // zero when not set
	Status   string    // StatusCurrent or StatusRetired
	Fix      string    // FixFirst, FixLast or ""

	// Path is the file's slash-separated path relative to the site folder.
	Path string
	// Body is the Markdown source: the whole file with the front matter
	// blanked, so positions in it are positions in the file.
	Body []byte
	// BodyLine is the file line on which the body starts.
	BodyLine int
	// Sum is the SHA-256 of the file's path and bytes: every field above
	// is made from them alone, so caches key on it (never on the pointer).
	Sum [32]byte

	hasBody  bool
	segments [][]message.Segment // per message, parsed; nil where it does not parse
	keys     []string            // per message, token.Key; "" where it does not parse
	sortKey  string              // the title in lower case, for sorting (checkTitle compares token.TextKey)
	f        *file
}

// Segments returns the parsed form of message i (see package message), or
// nil when it does not parse (the load reported that).
func (e *Error) Segments(i int) []message.Segment {
	if i < len(e.segments) {
		return e.segments[i]
	}
	return nil
}

// HasBody reports whether the error has a described cause or solution.
func (e *Error) HasBody() bool { return e.hasBody }

// ReleaseBodies drops the Markdown sources of the errors, keeping everything
// else (HasBody too): a build that has rendered them frees their memory
// (40 MB at 10,000 errors).
func (s *Site) ReleaseBodies() {
	for _, e := range s.Errors {
		e.Body = nil
		e.f.body = nil
	}
}

// Retired reports whether the software no longer produces the error.
func (e *Error) Retired() bool { return e.Status == StatusRetired }

// KeyLine returns the file line on which key is set.
func (e *Error) KeyLine(key string) int { return e.f.keyLine(key) }

// ValueLine returns the file line on which the list set by key holds the
// string value (written in quotes), or the key's line.
func (e *Error) ValueLine(key, value string) int { return e.f.valueLine(key, `"`+value+`"`) }

// Home is content/_index.md: the prose of the home page, and the site-wide
// notice shown on the home page and on every error page.
type Home struct {
	Path   string
	Title  string // the home page's heading
	Notice string // Markdown: the site-wide warning
	// NoticeBreaks say on which file line each part of Notice is written
	// (see NoticeLine): a \ at the end of a line of a """ string joins two
	// file lines into one line of the notice, a \n splits one.
	NoticeBreaks []NoticeBreak
	Body         []byte // Markdown, front matter blanked: the home page's intro
	// Sum is the SHA-256 of content/_index.md as read (zero without one).
	Sum [32]byte
}

// Site is a loaded, validated site folder.
type Site struct {
	Config Config
	Home   Home
	Errors []*Error // sorted by id
	// Skipped lists the files of content/errors that were not read
	// (editors' and operating systems' own files), by path.
	Skipped []Skipped

	byID    map[string]*Error
	byAlias map[string]*Error
	// unusable maps the anchors that files of content/errors which could
	// not be used (unreadable, unparsable, no usable id) may hold to such a
	// file: their anchors are unknown, not dropped.
	unusable map[string]string
	rank     func(path string) int64 // see Loader.Rank; nil: all equal
}

// later reports whether a clash between a and b is reported at b rather
// than at a: b is the more recent change (see Loader.Rank), or, at equal
// rank, the later by path.
func (s *Site) later(a, b *Error) bool {
	if s.rank != nil {
		if ra, rb := s.rank(a.Path), s.rank(b.Path); ra != rb {
			return rb > ra
		}
	}
	return b.Path > a.Path
}

// MayHold returns the path of a file of content/errors that could not be
// used and may hold the anchor (as its file name or a word of its front
// matter), or "". Until that file is fixed, a reference to the anchor is
// not reported as a reference to nothing: the file's problem is reported
// instead.
func (s *Site) MayHold(anchor string) string { return s.unusable[anchor] }

// Unusable returns the anchors that files which could not be used may hold
// (see MayHold), sorted.
func (s *Site) Unusable() []string {
	return slices.Sorted(maps.Keys(s.unusable))
}

// Lookup returns the error with the given id, or nil.
func (s *Site) Lookup(id string) *Error { return s.byID[id] }

// Resolve returns the error an id or alias names, or nil.
func (s *Site) Resolve(name string) *Error {
	if e := s.byID[name]; e != nil {
		return e
	}
	return s.byAlias[name]
}

// Category returns the category with the given name, or nil.
func (s *Site) Category(name string) *Category {
	for i := range s.Config.Categories {
		if s.Config.Categories[i].Name == name {
			return &s.Config.Categories[i]
		}
	}
	return nil
}

// InCategory returns the errors of a category, current ones first, each group
// sorted by title.
func (s *Site) InCategory(name string) []*Error {
	var out []*Error
	for _, e := range s.Errors {
		if e.Category == name {
			out = append(out, e)
		}
	}
	sortByTitle(out)
	return out
}
