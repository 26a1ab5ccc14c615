package content

// content/_index.md: the home page's intro and notice, and the file line of
// each part of the notice's text.

import (
	"crypto/sha256"
	"fmt"
	"github.com/BurntSushi/toml"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

func loadHome(fsys fs.FS, ds *Diagnostics) Home {
	h := Home{Path: HomePath}
	src, err := readSiteFile(fsys, HomePath, MaxFileSize, ds)
	if err != nil {
		return h
	}
	h.Sum = sha256.Sum256(src)
	f, d := split(HomePath, src, false)
	if d != nil {
		*ds = append(*ds, *d)
		return h
	}
	h.Body = f.body
	if !f.hasFM {
		return h
	}
	var fm struct {
		Title  string `toml:"title"`
		Notice string `toml:"notice"`
	}
	if d := f.checkNesting(); d != nil {
		*ds = append(*ds, *d)
		return h
	}
	md, err := toml.Decode(f.fm, &fm)
	if err != nil {
		*ds = append(*ds, tomlDiagnostic(f, err))
		return h
	}
	for _, k := range md.Undecoded() {
		*ds = append(*ds, Diagnostic{Path: HomePath, Line: f.pathLine(k), Msg: fmt.Sprintf("unknown key %s: the home page knows title and notice", Quote(k.String()))})
	}
	h.Title = fm.Title
	h.Notice = fm.Notice
	if ln := f.keyLine("notice"); ln >= f.fmLine && h.Notice != "" {
		lines := strings.Split(f.fm, "\n")[ln-f.fmLine:]
		_, lines[0], _ = strings.Cut(lines[0], "=")
		for _, b := range stringBreaks(strings.Join(lines, "\n")) {
			h.NoticeBreaks = append(h.NoticeBreaks, NoticeBreak{b.Offset, ln + b.Line})
		}
	}
	return h
}

// A NoticeBreak says that the notice's text from byte Offset on is written
// on file line Line.
type NoticeBreak struct{ Offset, Line int }

// stringBreaks returns where the text of the TOML string that starts v (the
// text after a key's "=") goes on to a new line of v, from 0: the decoded
// text's byte offset and v's line. A line-ending \ (in a """ string)
// joins the next line, skipping blank lines; a \n starts a line of the
// text on the same line of v; a newline right after an opening """ (or
// three single quotes) is not part of the text.
func stringBreaks(v string) []NoticeBreak {
	v = strings.TrimLeft(v, " \t")
	var delim string
	for _, d := range []string{`"""`, "'''", `"`, "'"} {
		if strings.HasPrefix(v, d) {
			delim = d
			break
		}
	}
	if delim == "" {
		return nil
	}
	basic, multi := delim[0] == '"', len(delim) == 3
	i, line := len(delim), 0
	if multi && strings.HasPrefix(v[i:], "\n") {
		i, line = i+1, 1
	}
	out := 0 // bytes of the decoded text so far
	breaks := []NoticeBreak{{0, line}}
	for i < len(v) && !strings.HasPrefix(v[i:], delim) {
		switch c := v[i]; {
		case c == '\n':
			if !multi {
				return breaks
			}
			line++
			out++
			i++
			breaks = append(breaks, NoticeBreak{out, line})
		case basic && c == '\\' && i+1 < len(v) && v[i+1] == 'n':
			out++
			i += 2
			breaks = append(breaks, NoticeBreak{out, line})
		case basic && c == '\\' && multi && strings.TrimLeft(v[i+1:], " \t") != "" && strings.TrimLeft(v[i+1:], " \t")[0] == '\n':
			// A line-ending backslash: the text goes on at the next
			// character that is not white space, on whichever line.
			i++
			for i < len(v) && strings.ContainsRune(" \t\n", rune(v[i])) {
				if v[i] == '\n' {
					line++
				}
				i++
			}
			breaks = append(breaks, NoticeBreak{out, line})
		case basic && c == '\\' && i+1 < len(v) && (v[i+1] == 'u' || v[i+1] == 'U'):
			// \uXXXX, \UXXXXXXXX: one character of one to four bytes.
			n := 4
			if v[i+1] == 'U' {
				n = 8
			}
			r := utf8.RuneError
			if i+2+n <= len(v) {
				if x, err := strconv.ParseUint(v[i+2:i+2+n], 16, 32); err == nil && utf8.ValidRune(rune(x)) {
					r = rune(x)
				}
			}
			out += utf8.RuneLen(r)
			i += 2 + n
		case basic && c == '\\':
			out++
			i += 2 // \" \\ \t \e ...: one byte
		default:
			out++
			i++
		}
	}
	return breaks
}

// NoticeLine returns the file line of the notice's text at byte offset.
func (h *Home) NoticeLine(offset int) int {
	k := sort.Search(len(h.NoticeBreaks), func(k int) bool { return h.NoticeBreaks[k].Offset > offset })
	if k == 0 {
		return 0
	}
	return h.NoticeBreaks[k-1].Line
}
