package content

// An error file's front matter: decoding it, reading each field, and the
// checks one file fails on its own.

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"github.com/BurntSushi/toml"
	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/search/token"
	"path"
	"slices"
	"strings"
	"time"
)

// The years an updated date may have: outside them it is a typo (or the
// zero date, which would be dropped as "not set").
const minYear, maxYear = 2000, 2099

var knownKeys = []string{"id", "title", "messages", "category", "severity", "tags", "aliases", "related", "updated", "status", "fix"}

// fileSum is an error file's Sum: its path and its bytes.
func fileSum(p string, src []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(p))
	h.Write([]byte{0})
	h.Write(src)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// parseError reads one error file. It returns nil when the file cannot be
// used at all (no front matter, broken TOML, no usable id). It runs the
// stages in the order their problems have always been reported: unknown
// keys, the values of the known keys, the id, then the other values.
func parseError(p string, src []byte, ds *Diagnostics) *Error {
	f, raw, md, ok := decodeError(p, src, ds)
	if !ok {
		return nil
	}
	e := &Error{Path: p, Body: f.body, BodyLine: f.bodyLine, Status: StatusCurrent, f: f,
		hasBody: len(bytes.TrimSpace(f.body)) > 0}
	r := &fields{p: p, f: f, raw: raw, md: md, ds: ds, badType: map[string]bool{}}
	r.unknownKeys()
	r.read(e)
	r.readUpdated(e)
	usable := r.checkID(e)
	r.checkRequired(e)
	r.parseMessages(e)
	r.checkValues(e)
	if !usable {
		return nil
	}
	return e
}

// decodeError splits an error file into front matter and body and decodes
// the front matter into raw, untyped values: each key's type is checked by
// fields, so that a wrong type is reported at its key with an example.
// ok is false, with the problem reported, when the front matter cannot be
// read at all.
func decodeError(p string, src []byte, ds *Diagnostics) (f *file, raw map[string]any, md toml.MetaData, ok bool) {
	f, d := split(p, src, true)
	if d != nil {
		*ds = append(*ds, *d)
		return nil, nil, md, false
	}
	if d := f.checkNesting(); d != nil {
		*ds = append(*ds, *d)
		return nil, nil, md, false
	}
	raw = map[string]any{}
	md, err := toml.Decode(f.fm, &raw)
	if err != nil {
		*ds = append(*ds, tomlDiagnostic(f, err))
		return nil, nil, md, false
	}
	return f, raw, md, true
}

// fields reads the decoded front matter of one error file into an Error,
// reporting each problem at the line of its key.
type fields struct {
	p   string
	f   *file
	raw map[string]any
	md  toml.MetaData
	ds  *Diagnostics
	// badType holds the keys whose value has the wrong type: reported once,
	// and not checked further.
	badType map[string]bool
}

// add reports a problem at line of the file.
func (r *fields) add(line int, format string, args ...any) {
	*r.ds = append(*r.ds, Diagnostic{Path: r.p, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// has reports whether the front matter sets key.
func (r *fields) has(key string) bool {
	_, ok := r.raw[key]
	return ok
}

// unknownKeys reports each key that is not one of knownKeys, once, with the
// known key it most likely means.
func (r *fields) unknownKeys() {
	reported := map[string]bool{}
	for _, k := range r.md.Keys() {
		// A dotted key (a.b = 1) lists only its full path.
		if !slices.Contains(knownKeys, k[0]) && !reported[k[0]] {
			reported[k[0]] = true
			k = k[:1]
			hint := ""
			if near := closest(k[0], knownKeys); near != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", near)
			}
			r.add(r.f.pathLine(k), "unknown key %s%s; the keys are %s", Quote(k[0]), hint, strings.Join(knownKeys, ", "))
		}
	}
}

// str returns the text value of key. A missing key gives "" (reported when
// required, with what as the example value); a value that is not text gives
// "", is reported and marks key in badType.
func (r *fields) str(key string, required bool, what string) string {
	v, ok := r.raw[key]
	if !ok {
		if required {
			r.add(r.f.keyLine(key), "%s is missing: add a line %s = %s", key, key, what)
		}
		return ""
	}
	sv, ok := v.(string)
	if !ok {
		r.add(r.f.keyLine(key), "%s must be text in quotes, such as %s = %s; it is %s", key, key, what, tomlTypeName(r.md.Type(key)))
		r.badType[key] = true
		return ""
	}
	return sv
}

// list returns the text entries of the list value of key, nil when key is
// missing. A value that is not a list is reported and marks key in badType;
// an entry that is not text is reported and left out.
func (r *fields) list(key string) []string {
	v, ok := r.raw[key]
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		r.add(r.f.keyLine(key), `%s must be a list in brackets, such as %s = ["a", "b"]; it is %s`, key, key, tomlTypeName(r.md.Type(key)))
		r.badType[key] = true
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, x := range arr {
		sv, ok := x.(string)
		if !ok {
			r.add(r.f.keyLine(key), "%s: entry %d must be text in quotes", key, i+1)
			continue
		}
		out = append(out, sv)
	}
	return out
}

// read sets the text and list fields of e from their keys, reporting the
// required keys that are missing, values of the wrong type and a fix that
// is neither "first" nor "last".
func (r *fields) read(e *Error) {
	e.ID = r.str("id", true, `"the-error-id"`)
	e.Title = strings.TrimSpace(r.str("title", true, `"Title as a reader sees it"`))
	e.sortKey = strings.ToLower(e.Title)
	e.Category = r.str("category", true, `"one of the categories in site.toml"`)
	e.Severity = r.str("severity", true, `"error"`)
	e.Messages = r.list("messages")
	e.Tags = r.list("tags")
	e.Aliases = r.list("aliases")
	e.Related = r.list("related")
	if r.has("status") {
		e.Status = r.str("status", false, `"current"`)
	}
	if r.has("fix") {
		e.Fix = r.str("fix", false, `"first"`)
		if !r.badType["fix"] && e.Fix != FixFirst && e.Fix != FixLast {
			r.add(r.f.keyLine("fix"), `fix %s: use "first" (the error stops every sync until it is fixed) or "last" (it follows from the other errors), or leave fix out`, Quote(e.Fix))
		}
	}
}

// readUpdated sets e.Updated from the key updated, which must be a TOML
// local date within minYear and maxYear. For a date written as text, the
// report shows it as the date to write.
func (r *fields) readUpdated(e *Error) {
	v, ok := r.raw["updated"]
	if !ok {
		return
	}
	t, isTime := v.(time.Time)
	switch {
	case !isTime || t.Location().String() != "date-local":
		example := "2026-11-24"
		if sv, ok := v.(string); ok {
			if iso, _, ok := isoDate(sv); ok {
				example = iso
			} else if _, err := time.Parse(time.DateOnly, sv); err == nil {
				example = sv
			}
		}
		r.add(r.f.keyLine("updated"), "updated must be a date without quotes or time, such as updated = %s", example)
	case t.Year() < minYear || t.Year() > maxYear:
		// 0001-01-01 would be taken for "not set" and dropped.
		r.add(r.f.keyLine("updated"), "updated = %s is not the date of a change: write the day the text last changed, such as updated = 2026-11-24 (years %d to %d)", t.Format("2006-01-02"), minYear, maxYear)
	default:
		e.Updated = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
}

// checkID checks e's id and that it matches the file's name, and reports
// whether the file is usable. An unusable id cannot name pages or anchors:
// the file is checked on, but not used.
func (r *fields) checkID(e *Error) (usable bool) {
	if !r.has("id") || r.badType["id"] {
		return false
	}
	idLine := r.f.keyLine("id")
	if msg := checkID(e.ID); msg != "" {
		r.add(idLine, "id %s: %s", Quote(e.ID), msg)
		return false
	}
	if want := strings.TrimSuffix(path.Base(r.p), ".md"); want == "" {
		r.add(idLine, "the file is named .md, without its id: name it %s.md", e.ID)
	} else if e.ID != want {
		r.add(idLine, "id %q differs from the file name: name the file %s.md or set id = %q", e.ID, e.ID, want)
	}
	return true
}

// checkRequired reports a title or category that is set but empty, and
// messages that are missing, empty or too many.
func (r *fields) checkRequired(e *Error) {
	if r.has("title") && !r.badType["title"] && e.Title == "" {
		r.add(r.f.keyLine("title"), "title is empty")
	}
	if r.has("category") && !r.badType["category"] && strings.TrimSpace(e.Category) == "" {
		r.add(r.f.keyLine("category"), "category is empty: use one of the categories in site.toml")
	}
	if !r.has("messages") {
		r.add(r.f.keyLine("messages"), `messages is missing: add messages = ["the text as the sync log shows it"]`)
	} else if len(e.Messages) == 0 && !r.badType["messages"] {
		r.add(r.f.keyLine("messages"), "messages is empty: add the text as the sync log shows it")
	}
	if len(e.Messages) > MaxMessages {
		r.add(r.f.keyLine("messages"), "%d messages; the limit is %d", len(e.Messages), MaxMessages)
	}
}

// parseMessages parses each message into its segments and sets its key
// (token.Key; nil and "" for a message that is empty, too long or does
// not parse), reporting each problem at the message's line, and warns of
// a value written in a message's fixed text (see warnValues).
func (r *fields) parseMessages(e *Error) {
	e.segments = make([][]message.Segment, len(e.Messages))
	e.keys = make([]string, len(e.Messages))
	for i, m := range e.Messages {
		line := func() int { return r.f.elementLine("messages", i, m, len(e.Messages)) } // only for a problem
		switch {
		case strings.TrimSpace(m) == "":
			r.add(line(), "message %d is empty", i+1)
			continue
		case len(m) > MaxMessageLen:
			r.add(line(), "message %d is %d bytes long; the limit is %d", i+1, len(m), MaxMessageLen)
			continue
		case m != strings.TrimSpace(m):
			r.add(line(), "message %d starts or ends with spaces; remove them", i+1)
		case strings.ContainsAny(m, "\n\r\t"):
			r.add(line(), "message %d contains a line break or tab; a message is one line of the sync log", i+1)
		}
		segs, err := message.Parse(m)
		if err != nil {
			r.add(line(), "message %d: %v", i+1, err)
			continue
		}
		e.segments[i] = segs
		e.keys[i] = token.Key(m)
		r.warnValues(m, segs, line)
	}
}

// checkValues checks the severity, status, tags and aliases, and warns of
// an error without a solution (a writer's to-do).
func (r *fields) checkValues(e *Error) {
	if r.has("severity") && !r.badType["severity"] && e.Severity != SeverityError && e.Severity != SeverityWarning {
		r.add(r.f.keyLine("severity"), `severity %s: use "error" (red cross) or "warning" (skipped at the next run)`, Quote(e.Severity))
	}
	if !e.HasBody() {
		*r.ds = append(*r.ds, Diagnostic{Path: r.p, Line: r.f.bodyLine - 1, Warning: true, Todo: TodoSolution,
			Msg: "no solution described yet: write the cause (**Oorzaak.**) and the solution (**Oplossing.**) below the +++ line"})
	}
	if !r.badType["status"] && e.Status != StatusCurrent && e.Status != StatusRetired {
		r.add(r.f.keyLine("status"), `status %s: use "current" or "retired"`, Quote(e.Status))
	}
	for _, t := range e.Tags {
		if strings.TrimSpace(t) == "" {
			r.add(r.f.keyLine("tags"), "a tag is empty")
		}
	}
	for i, a := range e.Aliases {
		if msg := checkID(a); msg != "" {
			r.add(r.f.elementLine("aliases", i, `"`+a+`"`, len(e.Aliases)), "alias %s: %s", Quote(a), msg)
		}
	}
}
