package content

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/bookzo/exact-help/internal/editdist"
	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/par"
	"github.com/bookzo/exact-help/internal/safefs"
	"github.com/bookzo/exact-help/internal/search/token"
)

// Paths inside a site folder.
const (
	ConfigPath = "site.toml"
	HomePath   = "content/_index.md"
	ErrorsDir  = "content/errors"
)

// Load reads and validates the site in fsys. It returns the site and every
// problem found. The site is nil only when site.toml cannot be used; callers
// must not publish a site whose diagnostics hold errors.
func Load(fsys fs.FS) (*Site, Diagnostics) {
	return NewLoader(fsys).Load(Changes{All: true}, Full)
}

// A Check says how much of the site-wide validation a load does.
type Check int

const (
	// Full runs every check.
	Full Check = iota
	// Quick leaves out the slowest site-wide checks, overlapping message
	// templates and one-language errors, for the dev server's first answer
	// to a change; a Full load follows.
	Quick
)

// A Loader loads a site folder again and again, as the dev server does: an
// error file that has not changed since the last load is not read and
// parsed again, and gives the same *Error, so callers can keep what they
// derived from it. A Loader is not safe for concurrent use.
type Loader struct {
	fsys  fs.FS
	files map[string]*parsedFile // by path, from the last load
	last  *listing               // content/errors as the last load listed it
	// Rank, when set, ranks error files by how recent a change they are:
	// of two files that clash (the same id, title or message, overlapping
	// templates), the problem is reported at the one of higher rank (the
	// file the writer added or edited), naming the other; at equal rank,
	// at the later by id. Without it, all ranks are equal.
	Rank func(path string) int64
}

// parsedFile is one error file as the last load found it.
type parsedFile struct {
	e  *Error // nil when the file is not usable
	ds Diagnostics
	// mayHold, for a file that is not usable, lists the anchors it may
	// hold (see claimed).
	mayHold []string
}

// NewLoader returns a loader of the site in fsys.
func NewLoader(fsys fs.FS) *Loader {
	return &Loader{fsys: fsys}
}

// Changes says what changed since a Loader's last load.
type Changes struct {
	// All: anything may have changed; every file is read again and
	// nothing the Loader kept from earlier loads is used, so the load is
	// the one a new Loader makes (the dev server after its watcher lost
	// events).
	All bool
	// Files are the error files that changed, added or removed (paths
	// relative to the site folder, as content/errors/x.md), when All is
	// not set. None: nothing changed.
	Files []string
}

// Load reads and validates the site. Of the error files, only those in
// ch.Files and those new since the last load are read again, unless ch.All
// is set. site.toml and content/_index.md are always read.
func (l *Loader) Load(ch Changes, check Check) (*Site, Diagnostics) {
	fsys := l.fsys
	var ds Diagnostics
	s := &Site{byAlias: map[string]*Error{}} // byID: made by indexIDs
	// A problem in site.toml does not hide the problems of the content: they
	// are all reported in one run. Without readable categories, the errors'
	// categories are not checked.
	cfg, ok, decoded := loadConfig(fsys, &ds)
	s.Config = cfg
	contentOK := isFolder(fsys, "content", &ds)
	if contentOK {
		s.Home = loadHome(fsys, &ds)
	} else {
		s.Home = Home{Path: HomePath}
	}
	var paths []string
	var entries []fs.DirEntry
	if contentOK {
		lst := l.listing(ch, check)
		lst.apply(s, &ds)
		paths, entries = lst.paths, lst.entries
	}
	files := l.parseFiles(paths, entries, ch)
	l.files = make(map[string]*parsedFile, len(paths))
	for i, p := range paths {
		l.files[p] = files[i]
		ds = append(ds, files[i].ds...)
		if files[i].e != nil {
			s.Errors = append(s.Errors, files[i].e)
		}
		s.claim(p, files[i].mayHold)
	}
	s.rank = l.Rank
	s.validate(&ds, decoded && len(cfg.Categories) > 0, check)
	ds.Sort()
	if !ok {
		return nil, ds
	}
	return s, ds
}

// A listing is what listing content/errors gave: the error files to read,
// and what the listing reports and claims (see listErrorFiles).
type listing struct {
	paths    []string
	entries  []fs.DirEntry
	ds       Diagnostics
	skipped  []Skipped
	unusable map[string]string
}

// listing lists content/errors, or, for a Quick load after edits of
// listed error files only, takes the last load's listing with those
// files' entries made anew: listing 10,000 files costs more than the
// rest of a quick load's reading. (The Full load that follows a Quick
// one lists the folder again.)
func (l *Loader) listing(ch Changes, check Check) *listing {
	if check == Quick && !ch.All && l.last != nil {
		if lst, ok := l.last.edited(l.fsys, ch.Files); ok {
			l.last = lst
			return lst
		}
	}
	tmp := &Site{}
	lst := &listing{}
	lst.paths, lst.entries = tmp.listErrorFiles(l.fsys, &lst.ds)
	lst.skipped, lst.unusable = tmp.Skipped, tmp.unusable
	l.last = lst
	return lst
}

// edited returns the listing after edits of the files changed, which must
// all be listed error files that are still regular files; else false.
func (lst *listing) edited(fsys fs.FS, changed []string) (*listing, bool) {
	index := map[string]int{}
	for _, p := range changed {
		index[p] = -1
	}
	for i, p := range lst.paths {
		if _, ok := index[p]; ok {
			index[p] = i
		}
	}
	out := *lst
	out.entries = slices.Clone(lst.entries)
	for p, i := range index {
		if i < 0 {
			return nil, false // a new file, or not an error file
		}
		info, err := fs.Lstat(fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			return nil, false
		}
		out.entries[i] = fs.FileInfoToDirEntry(info)
	}
	return &out, true
}

// apply reports the listing's problems and claims on s.
func (lst *listing) apply(s *Site, ds *Diagnostics) {
	*ds = append(*ds, lst.ds...)
	s.Skipped = append(s.Skipped, lst.skipped...)
	if len(lst.unusable) > 0 {
		s.unusable = maps.Clone(lst.unusable)
	}
}

// listErrorFiles lists content/errors: the paths and entries of the error
// files to read, in the folder's order. The files that are not read (see
// SkipReason) go to s.Skipped; other entries that are not error files
// (links, folders, other names) are reported, and the anchors their names
// may hold are claimed.
func (s *Site) listErrorFiles(fsys fs.FS, ds *Diagnostics) (paths []string, entries []fs.DirEntry) {
	var names []fs.DirEntry
	if isFolder(fsys, ErrorsDir, ds) {
		var err error
		names, err = fs.ReadDir(fsys, ErrorsDir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			*ds = append(*ds, Diagnostic{Path: ErrorsDir, Msg: unwrapPathError(err)})
		}
	}
	for _, de := range names {
		p := path.Join(ErrorsDir, de.Name())
		if PrintablePath(de.Name()) != de.Name() {
			*ds = append(*ds, Diagnostic{Path: p, Msg: "the file name holds a control character (such as a line break) or is not UTF-8: rename the file to <id>.md"})
			continue
		}
		if why := SkipReason(de.Name()); why != "" {
			s.Skipped = append(s.Skipped, Skipped{Path: p, Why: why})
			continue
		}
		switch {
		case de.Type()&fs.ModeSymlink != 0 || de.Type()&fs.ModeType&^fs.ModeDir != 0:
			*ds = append(*ds, Diagnostic{Path: p, Msg: safefs.CheckType(p, de.Type()).Error()})
			s.claim(p, claimed(de.Name(), nil))
			continue
		case de.IsDir():
			*ds = append(*ds, Diagnostic{Path: p, Msg: "a folder in content/errors: put every error file directly in content/errors"})
			continue
		case !strings.HasSuffix(de.Name(), ".md"):
			*ds = append(*ds, Diagnostic{Path: p, Msg: "not an error file: error files are named <id>.md"})
			// reeds-verwerkt.md.txt is most likely reeds-verwerkt.
			s.claim(p, claimed(de.Name(), nil))
			continue
		}
		paths = append(paths, p)
		entries = append(entries, de)
	}
	return paths, entries
}

// parseFiles reads and parses the error files at paths on every core, each
// into its own slot. A file the last load parsed is kept as it was, unless
// ch.All is set or ch.Files lists it.
func (l *Loader) parseFiles(paths []string, entries []fs.DirEntry, ch Changes) []*parsedFile {
	stale := make(map[string]bool, len(ch.Files))
	for _, p := range ch.Files {
		stale[p] = true
	}
	files := make([]*parsedFile, len(paths))
	par.Each(len(paths), func(i int) {
		p := paths[i]
		if pf := l.files[p]; pf != nil && !ch.All && !stale[p] {
			files[i] = pf
			return
		}
		files[i] = parseFile(l.fsys, p, entries[i])
	})
	return files
}

// parseFile reads and parses the error file p, listed in content/errors as
// de. A file that cannot be used records the anchors it may hold.
func parseFile(fsys fs.FS, p string, de fs.DirEntry) *parsedFile {
	pf := &parsedFile{}
	src, err := safefs.ReadListed(fsys, ErrorsDir, de, MaxFileSize)
	if err != nil {
		pf.ds = Diagnostics{{Path: p, Msg: unwrapPathError(err)}}
	} else {
		pf.e = parseError(p, src, &pf.ds)
		if pf.e != nil {
			pf.e.Sum = fileSum(p, src)
		}
	}
	if pf.e == nil {
		pf.mayHold = claimed(de.Name(), src)
	}
	return pf
}

// claim records that the unusable file p may hold the anchors.
func (s *Site) claim(p string, anchors []string) {
	for _, a := range anchors {
		if s.unusable == nil {
			s.unusable = map[string]string{}
		}
		if _, had := s.unusable[a]; !had {
			s.unusable[a] = p
		}
	}
}

// anchorWord is a run of the characters of an id.
var anchorWord = regexp.MustCompile(`[a-z0-9]+(?:-[a-z0-9]+)*`)

// claimed returns the anchors an error file that could not be used may
// hold: the id its name gives (up to the first dot), and every word of its
// front matter that is a valid id (its id and aliases are among them,
// whatever the typo; a few other words too, which costs nothing: they
// only keep other problems from being reported as references to nothing
// until the file is fixed). src is nil for a file that could not be read;
// without a front matter fence, the whole file counts.
func claimed(name string, src []byte) []string {
	var out []string
	if stem, _, _ := strings.Cut(name, "."); checkID(stem) == "" {
		out = append(out, stem)
	}
	fm := src
	if rest, ok := bytes.CutPrefix(bytes.TrimPrefix(fm, []byte("\uFEFF")), []byte(delim)); ok {
		if end := bytes.Index(rest, []byte("\n"+delim)); end >= 0 {
			fm = rest[:end]
		} else {
			fm = rest
		}
	}
	for _, w := range anchorWord.FindAll(fm, -1) {
		if checkID(string(w)) == "" {
			out = append(out, string(w))
		}
	}
	return out
}

// isFolder reports whether name is a folder that can be listed, or is
// missing; a link or a file in its place is reported. The files of a site
// are read from inside its folder only, so that a pull request cannot make a
// build read (and publish, or print) a file of the machine: links inside the
// folder are refused too, they are never needed.
func isFolder(fsys fs.FS, name string, ds *Diagnostics) bool {
	fi, err := fs.Lstat(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true
	case err != nil:
		*ds = append(*ds, Diagnostic{Path: name, Msg: unwrapPathError(err)})
		return false
	case fi.Mode()&fs.ModeSymlink != 0:
		*ds = append(*ds, Diagnostic{Path: name, Msg: "a symbolic link: the site's files must be real files and folders inside the site folder; replace the link with the folder itself"})
		return false
	case !fi.IsDir():
		*ds = append(*ds, Diagnostic{Path: name, Msg: "not a folder: " + name + " holds the site's content files"})
		return false
	}
	return true
}

// readSiteFile reads one of the site's own files (site.toml, the home page)
// within limit bytes. A missing file gives fs.ErrNotExist; any other problem
// is reported and gives ok == false.
func readSiteFile(fsys fs.FS, name string, limit int64, ds *Diagnostics) (src []byte, err error) {
	src, err = safefs.ReadFile(fsys, name, limit)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		*ds = append(*ds, Diagnostic{Path: name, Msg: unwrapPathError(err)})
	}
	return src, err
}

// loadConfig reads site.toml. ok reports whether the site can be built with
// it; decoded whether it could be read at all (its categories are known).
func loadConfig(fsys fs.FS, ds *Diagnostics) (cfg Config, ok, decoded bool) {
	cfg, f, md, decoded := decodeConfig(fsys, ds)
	if !decoded {
		return Config{}, false, false
	}
	// Only the problems found from here on make the settings unusable:
	// an unknown key, reported by decodeConfig, does not.
	n := len(*ds)
	checkSettings(&cfg, f, md, ds)
	checkCategories(cfg.Categories, f, ds)
	return cfg, len(*ds) == n, true
}

// decodeConfig reads and decodes site.toml, reporting its unknown keys.
// decoded is false, with the problem reported, when it cannot be read or
// decoded; f is site.toml as a file, for the lines of its keys.
func decodeConfig(fsys fs.FS, ds *Diagnostics) (cfg Config, f *file, md toml.MetaData, decoded bool) {
	src, err := safefs.ReadFile(fsys, ConfigPath, MaxFrontMatterSize)
	if err != nil {
		msg := "cannot read the site settings: " + unwrapPathError(err)
		if errors.Is(err, safefs.ErrRefused) {
			msg = unwrapPathError(err)
		}
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Msg: msg})
		return cfg, nil, md, false
	}
	cfg.Sum = sha256.Sum256(src)
	src = normalize(src)
	f = &file{path: ConfigPath, fm: string(src), fmLine: 1, hasFM: true}
	if d := f.checkNesting(); d != nil {
		*ds = append(*ds, *d)
		return Config{}, nil, md, false
	}
	md, err = toml.Decode(string(src), &cfg)
	if err != nil {
		*ds = append(*ds, tomlDiagnostic(f, err))
		return Config{}, nil, md, false
	}
	for _, k := range md.Undecoded() {
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: f.pathLine(k), Msg: fmt.Sprintf("unknown key %s", Quote(k.String()))})
	}
	return cfg, f, md, true
}

// checkSettings checks the site-wide settings of cfg, reporting each
// problem at its key, and fills in what site.toml may leave out: the
// final / of baseURL and compactAbove.
func checkSettings(cfg *Config, f *file, md toml.MetaData, ds *Diagnostics) {
	add := func(key, msg string) {
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: f.tableKeyLine("", 0, key), Msg: msg})
	}
	if strings.TrimSpace(cfg.Title) == "" {
		add("title", "title is missing: the site's name, shown on every page")
	}
	if cfg.Language == "" {
		add("language", `language is missing: the language of the pages, such as "nl"`)
	}
	if u, err := url.Parse(cfg.BaseURL); cfg.BaseURL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		add("baseURL", `baseURL must be the site's absolute address, such as "https://help.example.com/"`)
	} else if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	if cfg.CNAME != "" {
		u, _ := url.Parse(cfg.BaseURL)
		switch {
		case !hostName(cfg.CNAME):
			add("cname", fmt.Sprintf("cname %s is not a host name: write the site's domain only, such as cname = \"help.example.com\"", Quote(cfg.CNAME)))
		case u == nil || u.Hostname() != cfg.CNAME:
			add("cname", fmt.Sprintf("cname %q is not the host of baseURL: GitHub Pages would serve the site at %s, so write cname = %q or change baseURL", cfg.CNAME, cfg.CNAME, hostOf(u)))
		}
	}
	if cfg.EditURL != "" {
		if u, err := url.Parse(cfg.EditURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			add("editURL", "editURL must be an absolute http(s) address")
		}
	}
	if cfg.Support.Email == "" && cfg.Support.URL == "" {
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: f.tableKeyLine("support", 0, "email"), Msg: "[support] needs an email or a url: the page of an error without a solution tells readers how to reach support"})
	}
	if !md.IsDefined("compactAbove") {
		cfg.CompactAbove = DefaultCompactAbove
	} else if cfg.CompactAbove < 1 {
		add("compactAbove", "compactAbove must be 1 or more: the number of errors above which list pages leave out the full text")
	}
	if len(cfg.Categories) == 0 {
		add("categories", "no [[categories]]: every error names one, so the site needs at least one")
	}
}

// checkCategories reports a category whose name is not a valid id or is
// used twice, or that has no title, at the line of its name.
func checkCategories(categories []Category, f *file, ds *Diagnostics) {
	seen := map[string]bool{}
	for i, c := range categories {
		line := f.tableKeyLine("categories", i, "name")
		if line == 0 { // not written as [[categories]] tables
			line = f.valueLine("name", `"`+c.Name+`"`)
		}
		if msg := checkID(c.Name); msg != "" {
			*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: line, Msg: fmt.Sprintf("category name %s: %s", Quote(c.Name), msg)})
		} else if seen[c.Name] {
			*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: line, Msg: fmt.Sprintf("category %s is named twice", Quote(c.Name))})
		}
		seen[c.Name] = true
		if strings.TrimSpace(c.Title) == "" {
			*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: line, Msg: fmt.Sprintf("category %s has no title", Quote(c.Name))})
		}
	}
}

// hostName reports whether s is a DNS host name in lower case: labels of
// letters, digits and hyphens joined by dots.
func hostName(s string) bool {
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

func hostOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Hostname()
}

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

// tomlDiagnostic turns a TOML parse error into a diagnostic at the file's
// line. A multi-line string left open above the error is the cause: that is
// reported instead of the parser's "unexpected EOF".
func tomlDiagnostic(f *file, err error) Diagnostic {
	d := parserDiagnostic(f, err)
	if open := f.openStringDiagnostic(); open != nil && open.Line <= d.Line {
		return *open
	}
	return d
}

func parserDiagnostic(f *file, err error) Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.TrimSpace(strings.ReplaceAll(pe.Usage, "\n", " ")) + ")"
		}
		// The parser's column is off when the error is at the start of a line;
		// count it from the error's byte offset instead.
		col := pe.Position.Col
		if st := pe.Position.Start; st >= 0 && st <= len(f.fm) {
			col = utf8.RuneCountInString(f.fm[strings.LastIndexByte(f.fm[:st], '\n')+1:st]) + 1
		}
		if line, c, advice, ok := advise(f.fm, f.fmLine, pe.Position.Line, col, pe.Message); ok {
			return Diagnostic{Path: f.path, Line: f.fmLine + line - 1, Col: c, Msg: advice}
		}
		if strings.HasPrefix(msg, "expected value but found") {
			msg += `: text must be in quotes, such as key = "text"`
		}
		return Diagnostic{Path: f.path, Line: f.fmLine + pe.Position.Line - 1, Col: col, Msg: "TOML: " + shortenQuoted(msg)}
	}
	// A value of the wrong type for a Go field: "toml: line N (last key "k"): ...".
	if m := decodeErr.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		msg := m[3]
		if t := badType.FindStringSubmatch(msg); t != nil {
			msg = fmt.Sprintf("it is %s; it must be %s", goTypeName(t[1]), goTypeName(t[2]))
		}
		return Diagnostic{Path: f.path, Line: f.fmLine + n - 1, Msg: shortenQuoted(fmt.Sprintf("%s: %s", m[2], msg))}
	}
	return Diagnostic{Path: f.path, Line: f.fmLine, Msg: "TOML: " + shortenQuoted(err.Error())}
}

var (
	decodeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)
	badType   = regexp.MustCompile(`^incompatible types: TOML value has type (\S+); destination has type (.+)$`)
)

// goTypeName names a Go type as a writer knows the TOML value.
func goTypeName(t string) string {
	switch {
	case t == "string":
		return "text in quotes"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"), t == "slice", t == "array":
		return "a list"
	case strings.HasPrefix(t, "map["), t == "struct", t == "map":
		return "a table"
	case strings.HasPrefix(t, "time."), strings.HasPrefix(t, "toml.Local"):
		return "a date or time"
	}
	return t
}

// tomlTypeName names a TOML type (MetaData.Type) as a writer knows it.
func tomlTypeName(t string) string {
	switch t {
	case "Integer", "Float":
		return "a number"
	case "String":
		return "text"
	case "Bool":
		return "true or false"
	case "Array":
		return "a list"
	case "Hash", "ArrayHash":
		return "a table"
	case "Datetime", "DatetimeLocal", "DateLocal", "TimeLocal":
		return "a date or time"
	}
	return t
}

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
