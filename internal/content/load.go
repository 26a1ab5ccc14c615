package content

// The loading pipeline: listing content/errors, reading and parsing the files
// a change touched (a Loader keeps the rest), and the anchors each error file
// claims before it parses.

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/bookzo/exact-help/internal/par"
	"github.com/bookzo/exact-help/internal/safefs"
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
