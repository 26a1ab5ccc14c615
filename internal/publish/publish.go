// Package publish puts a built site in place of the output folder on disk:
// the folder a build writes into (DirWriter), the manifest beside the
// output that lists what gen wrote, and the atomic swap. Package site makes
// the pages; this package owns the folder.
package publish

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bookzo/exact-help/internal/flock"
	"github.com/bookzo/exact-help/internal/site"
)

// # Publishing
//
// A build is written into a new folder beside the output folder and takes
// its place in one rename (Publish), so a failed or killed build leaves the
// old output whole. The output folder holds the site and nothing else; what
// gen keeps about it is beside it (manifest.go). The rules that make that
// safe:
//
//   - Only a folder is replaced: an -out that is a file, a device, a link or
//     a mount point is refused before anything is built.
//   - Only what gen wrote is removed. Every build is listed, with each
//     file's size and CRC-32C, in the manifest beside the output folder
//     (.public.gen-output for public); before a build replaces a folder,
//     every file in it must be in the list of the build it holds,
//     unchanged. A folder with anything else (a .git, a CNAME, a file
//     edited by hand) is refused, naming the files.
//   - The list and the folders never disagree: before the swap the
//     manifest lists both the old build and the new one, each by its
//     folder's device and inode, which the swap does not change; after the
//     old output is removed, the new one alone.
//   - The old output must be removable: a folder the user cannot write is
//     refused before building.
//   - Publishing is the last step: what must happen before the new output is
//     in place (the anchors record) runs first; after the swap only the old
//     output is removed, and if that fails it is named as a leftover.
//   - One build at a time into a folder (package flock): the lock is on the
//     output folder, and the new folder is locked before it takes the
//     output's place, so the output is never unlocked while a build works
//     on it.

// markerName is written first into the folder a build writes into, and
// removed once the manifest lists the build: a leftover folder with the
// marker is gen's own, all of it. It never reaches the output.
const markerName = ".gen-building"

// tempPrefix names the folders a build writes into before they replace the
// output folder: .<out>.tmp-<pid>-<random>, beside it.
func tempPrefix(out string) string {
	return "." + filepath.Base(out) + ".tmp-"
}

// An Output is an output folder, locked for this process and checked: a
// build may replace it.
type Output struct {
	name    string // as the user gave it, for messages
	dir     string // absolute
	lock    *flock.Lock
	newLock *flock.Lock // the new build's folder, from before the swap
	made    []string    // folders OpenOutput made (out and parents), deepest first
	done    bool        // a build was published into it
	list    *manifest   // the manifest beside the folder, as last read or written
	listed  bool        // there was a manifest when the folder was opened
	old     *built      // what the folder holds: the build in it, or nil when empty
	removed func(string) error
	// step, when set (tests), is called at each point of Publish at which
	// a killed build leaves a state the next build must recognise.
	step func(name string)
}

// reached marks a crash point of Publish (see step).
func (o *Output) reached(name string) {
	if o.step != nil {
		o.step(name)
	}
}

// OpenOutput locks the output folder out, creating it (and the folders that
// hold it) when missing, and checks that a build may replace it (see
// Publishing). It waits up to wait for another build into the same folder.
// Close the Output when done.
func OpenOutput(out string, wait time.Duration, waiting func()) (*Output, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	o := &Output{name: out, dir: abs, removed: os.Remove}
	// The folders that hold out, made here are removed again by Close if
	// nothing is published.
	var missing []string
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	o.made = missing
	for {
		fi, err := os.Lstat(abs)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(abs, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				o.Close()
				return nil, err
			} else if err == nil {
				o.made = append([]string{abs}, o.made...)
			}
			continue
		case err != nil:
			o.Close()
			return nil, err
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(abs)
			return nil, fmt.Errorf("-out %s is a symbolic link (to %s): a build replaces the folder itself, which would leave the link's target stale; give the real folder, or a new one", out, target)
		case !fi.IsDir():
			return nil, fmt.Errorf("-out %s exists and is not a folder (%s): a build would replace it; choose a folder", out, describeMode(fi.Mode()))
		}
		if mount, err := isMountPoint(abs); err != nil {
			o.Close()
			return nil, err
		} else if mount {
			o.Close()
			return nil, fmt.Errorf("-out %s is a mount point: a build is put in place by renaming a folder beside it, which cannot replace a mount point; build into a folder inside it (-out %s) or build elsewhere and copy the files there", out, filepath.Join(out, "site"))
		}
		l, err := flock.Acquire(abs, flock.Exclusive, wait, waiting)
		if err != nil {
			o.Close()
			if errors.Is(err, flock.ErrTimeout) {
				return nil, fmt.Errorf("-out %s: another gen build is writing into this folder and did not finish within %s; try again when it is done", out, wait.Round(time.Second))
			}
			return nil, err
		}
		// The folder may have been replaced (by the build we waited for)
		// between opening and locking it: lock the one in place now.
		held, err1 := l.File().Stat()
		now, err2 := os.Lstat(abs)
		if err1 != nil || err2 != nil || !os.SameFile(held, now) {
			l.Unlock()
			continue
		}
		o.lock = l
		break
	}
	list, err := readManifest(abs)
	if err != nil {
		o.Close()
		return nil, fmt.Errorf("-out %s: %v", out, err)
	}
	o.list, o.listed = list, list.found
	old, err := checkOld(o.name, o.dir, list)
	if err != nil {
		o.Close()
		return nil, err
	}
	o.old = old
	return o, nil
}

// Close frees the locks, and removes the folders OpenOutput made if no
// build was published into them.
func (o *Output) Close() {
	if !o.done {
		for _, d := range o.made {
			_ = os.Remove(d) // only if still empty
		}
	}
	o.newLock.Unlock()
	o.lock.Unlock()
}

// Published says what Publish did besides putting the build in place.
type Published struct {
	// Leftovers are what could not be removed: files of the old output,
	// or temporary folders of killed builds. Each is named with why.
	Leftovers []error
}

// Publish runs build into a new folder beside the output and, only if it
// succeeds, runs commit (what must be done before the build is published)
// and puts the new folder in the place of the output. An error means the
// output was not changed. A failed or killed build leaves the output as it
// was; leftovers of killed builds are removed first. Of the old output,
// only the files it lists as its own, unchanged, are removed: a file that
// appeared during the build is kept and named.
//
// A kill at any step leaves a state the next build recognises (tested at
// each, TestKillAtEveryCrashPoint):
//
//	marked, built  the manifest lists the old build; the new folder holds
//	               the marker: removed whole by the next build
//	committed      the same (the record lists the new anchors already)
//	listed         the manifest lists both builds: the output is the old
//	               one, the new folder holds the marker
//	unmarked       the same; the new folder, without the marker, is named
//	               in the manifest: its listed files are removed
//	swapped        the output is the new build, named in the manifest; the
//	               old one, beside it, is named there too: its files are
//	               removed by the next build
//	removed        the same, the old folder gone
//	pruned         the manifest lists the new build alone
func (o *Output) Publish(build func(w site.Writer) error, commit func() error) (Published, error) {
	var res Published
	out := o.dir
	res.Leftovers = append(res.Leftovers, o.cleanStale()...)
	tmp, err := os.MkdirTemp(filepath.Dir(out), tempPrefix(out)+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return res, err
	}
	listed := false
	fail := func(err error) (Published, error) {
		_ = os.RemoveAll(tmp) // all of it this build's own
		if listed {
			o.unlist()
		}
		return res, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fail(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, markerName), nil, 0o644); err != nil {
		return fail(err)
	}
	o.reached("marked")
	w := &DirWriter{Dir: tmp}
	if err := build(w); err != nil {
		return fail(err)
	}
	o.reached("built")
	b, err := seal(tmp, w.wrote)
	if err != nil {
		return fail(err)
	}
	if commit != nil {
		if err := commit(); err != nil {
			return fail(err)
		}
	}
	o.reached("committed")
	// Both builds listed: whichever folder is the output after a kill,
	// the manifest names it.
	if err := o.record(b, o.old); err != nil {
		return fail(err)
	}
	listed = true
	o.reached("listed")
	if err := os.Remove(filepath.Join(tmp, markerName)); err != nil {
		return fail(err)
	}
	o.reached("unmarked")
	// Nobody else knows the folder yet: the lock is free.
	if o.newLock, err = flock.Acquire(tmp, flock.Exclusive, 0, nil); err != nil {
		return fail(err)
	}
	old, err := swap(tmp, out)
	if err != nil {
		o.newLock.Unlock()
		return fail(err)
	}
	o.done = true
	o.reached("swapped")
	if left := removeOwned(old, o.old, o.removed); left != nil {
		res.Leftovers = append(res.Leftovers, left)
	}
	o.reached("removed")
	if err := o.record(b); err != nil {
		res.Leftovers = append(res.Leftovers, fmt.Errorf("%s still lists the old output beside the new one (%v); the next build brings it up to date", manifestPath(out), unwrap(err)))
	}
	o.reached("pruned")
	return res, nil
}

// record writes the manifest: the builds given (nil ones left out), and
// those of the last manifest whose folders are still beside the output as
// gen's temporary folders (an old output that kept files it did not
// write). Builds of folders that are gone are dropped.
func (o *Output) record(builds ...*built) error {
	next := &manifest{}
	seen := map[string]bool{}
	add := func(b *built) {
		if b.folder != "" {
			if seen[b.folder] {
				return
			}
			seen[b.folder] = true
		}
		next.builds = append(next.builds, b)
	}
	for _, b := range builds {
		if b != nil {
			add(b)
		}
	}
	beside := map[string]bool{}
	for _, p := range tempFolders(o.dir) {
		if id := folderID(p); id != "" {
			beside[id] = true
		}
	}
	for _, b := range o.list.builds {
		if beside[b.folder] {
			add(b)
		}
	}
	if err := next.write(o.dir); err != nil {
		return err
	}
	o.list = next
	return nil
}

// unlist puts the manifest back as it was before a build that failed
// after listing itself: without that build (or removed again, when there
// was none and the folder was empty), so that a failed build leaves
// nothing beside the output either. Should that fail, the build's entry
// names a folder that is gone, and the next build drops it.
func (o *Output) unlist() {
	if o.old == nil && !o.listed {
		_ = os.Remove(manifestPath(o.dir))
		return
	}
	_ = o.record(o.old)
}

// tempFolders returns the folders beside out named like the temporary
// folders of gen's builds (of any process).
func tempFolders(out string) []string {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return nil
	}
	var dirs []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix(out)) && e.IsDir() {
			dirs = append(dirs, filepath.Join(filepath.Dir(out), e.Name()))
		}
	}
	return dirs
}

// swap puts the folder tmp in the place of out and returns where the old
// output now is. Where the system can, both names are exchanged in one
// step, so out is never missing.
func swap(tmp, out string) (old string, err error) {
	if err := exchange(tmp, out); err == nil {
		return tmp, nil
	}
	// Fallback: two renames, with the old output kept until the new one is
	// in place.
	old = tmp + "-old"
	if err := os.Rename(out, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out)
		return "", err
	}
	return old, nil
}

// removeOwned removes the folder dir, which held the output: the files the
// build in it (b) lists as its own and that are unchanged, then the folders
// left empty. What else is there (a file added while the new build was
// made) is kept, and named in the error returned. b nil: the folder was
// empty when checked. The list an earlier gen kept in the folder goes
// last: a build killed meanwhile leaves the rest to the next one.
func removeOwned(dir string, b *built, remove func(string) error) error {
	var kept, last []string
	var failed error
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			failed = err
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if b != nil && d.Type().IsRegular() {
			if w, ok := b.files[rel]; ok {
				if fi, err := d.Info(); err == nil {
					if same, err := b.unchanged(p, fi, w); err == nil && same {
						if rel == legacyManifest || rel == legacyStamp {
							last = append(last, p)
						} else if err := remove(p); err != nil && failed == nil {
							failed = err
						}
						return nil
					}
				}
			}
		}
		kept = append(kept, rel)
		return nil
	})
	for i := len(dirs) - 1; i >= 1; i-- {
		_ = os.Remove(dirs[i]) // only those left empty
	}
	if len(kept) == 0 && failed == nil {
		slices.Sort(last) // the list before its stamp
		for _, p := range last {
			if err := remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				failed = err
			}
		}
	}
	if len(dirs) > 0 {
		_ = os.Remove(dirs[0]) // dir itself, if left empty
	}
	switch {
	case len(kept) > 0:
		return fmt.Errorf("the old output, moved to %s, holds files no build wrote, which appeared while this one was made: %s; they were kept there: move them where they belong, then remove %s", dir, names(kept), dir)
	case failed != nil:
		return fmt.Errorf("the old output, moved to %s, could not be removed (%v): remove it yourself (rm -rf %s)", dir, unwrap(failed), dir)
	}
	return nil
}

// cleanStale removes the temporary folders of earlier builds, if they are
// gen's (they hold the marker of a build being written, or the manifest
// names them, or they hold an earlier gen's list), and names those it
// cannot remove or does not know. The caller holds the output folder's
// lock, so no other build is writing beside it: every such folder but this
// process's own is a killed build's. (Whether its process still runs is
// not asked: the system gives a dead process's number to another one,
// which made a leftover look alive.)
func (o *Output) cleanStale() []error {
	prefix := tempPrefix(o.dir)
	var left []error
	for _, p := range tempFolders(o.dir) {
		pidText, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(p), prefix), "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() {
			continue
		}
		if isFile(filepath.Join(p, markerName)) {
			// A build killed while writing: everything in it is its own.
			if err := os.RemoveAll(p); err != nil {
				left = append(left, fmt.Errorf("%s, left by a killed build, could not be removed (%v): remove it yourself (rm -rf %s)", p, unwrap(err), p))
			}
			continue
		}
		b := o.list.byFolder(folderID(p))
		if b == nil && isFile(filepath.Join(p, legacyManifest)) {
			// An old output a killed build of an earlier gen had moved
			// aside.
			if b, err = readLegacy(p); err != nil {
				left = append(left, fmt.Errorf("%s, left by a killed build, was not removed: %v", p, err))
				continue
			}
		}
		if b == nil {
			b = o.list.byContent(p) // where the system names no folders
		}
		switch {
		case b != nil:
			// A build the manifest lists: a new one killed before the
			// swap, or an old output a killed build had moved aside.
			if err := removeOwned(p, b, os.Remove); err != nil {
				left = append(left, err)
			}
		case removeEmpty(p):
			// Empty, or empty folders only: a build killed between making
			// the folder and marking it, or one killed while it removed
			// an old output's folders. (Only folders without a file in
			// them are removed: nothing of anyone's is lost.)
		default:
			left = append(left, fmt.Errorf("%s is named like a leftover of a gen build but is not one (it has no %s and %s does not list it): it was left alone; remove it if it is not yours", p, markerName, manifestPath(o.dir)))
		}
	}
	return left
}

// byContent returns a build without a named folder (written where the
// system names none) that the folder dir holds exactly, file by file by
// checksum, or nil.
func (m *manifest) byContent(dir string) *built {
	for _, b := range m.builds {
		if b.folder == "" && checkAgainst(dir, b) == nil {
			return b
		}
	}
	return nil
}

// removeEmpty removes the folder p if it holds no file, only folders (or
// nothing), and reports whether it did.
func removeEmpty(p string) bool {
	var dirs []string
	hasFile := false
	_ = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			hasFile = true
			return filepath.SkipAll
		}
		dirs = append(dirs, q)
		return nil
	})
	if hasFile {
		return false
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if os.Remove(dirs[i]) != nil {
			return false
		}
	}
	return true
}

// unchanged reports whether the file at p (fi) is as the build wrote it
// (w): the same size, and, unless the file last changed before the build
// was sealed, the same checksum. (A change sets the inode's change time,
// which no tool sets back; a copy gets new inodes, changed later. The
// clock of change times ticks in steps of milliseconds: a file changed in
// the tick of the seal, before or after it, is checked by its checksum, as
// git does with racily clean files.)
func (b *built) unchanged(p string, fi fs.FileInfo, w written) (bool, error) {
	if fi.Size() != w.size {
		return false, nil
	}
	if !b.sealed.IsZero() && changeTime(fi).Before(b.sealed) {
		return true, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	h := crc32.New(castagnoli)
	if _, err := io.Copy(h, f); err != nil {
		return false, err
	}
	return h.Sum32() == w.sum, nil
}

// maxNamed is how many files a refusal names.
const maxNamed = 8

// checkOld checks that the folder out (named name) may be replaced by a
// build: it is empty, or holds a build of the manifest list and nothing
// else, every file as the build wrote it, and every folder in it can be
// emptied. It returns the build in it, or nil for an empty folder.
//
// The build is the one the manifest names by the folder's device and
// inode; else the one listed inside it by an earlier gen; else (a copy of
// the folder with its manifest, or a system that names no folders) the
// first listed build it holds exactly, checked by checksum.
func checkOld(name, out string, list *manifest) (*built, error) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil, fmt.Errorf("-out %s: %v", name, unwrap(err))
	}
	if len(entries) == 0 {
		return nil, nil
	}
	id := folderID(out)
	if b := list.byFolder(id); b != nil {
		return b, refusal(name, out, checkAgainst(out, b))
	}
	if isFile(filepath.Join(out, legacyManifest)) {
		b, err := readLegacy(out)
		if err != nil {
			return nil, fmt.Errorf("-out %s: %v", name, unwrap(err))
		}
		return b, refusal(name, out, checkAgainst(out, b))
	}
	if len(list.builds) == 0 {
		what := "is not the output of a build"
		if isFile(filepath.Join(out, "errors.json")) && isFile(filepath.Join(out, "404.html")) {
			what = "holds a build by an older gen, which did not list what it wrote"
		}
		return nil, fmt.Errorf("-out %s: the folder %s (there is no %s beside it, the list of what gen wrote), so gen cannot tell its own files from others: a build replaces the whole folder, and gen never deletes what it did not write; choose a new or empty folder, or empty this one yourself", name, what, filepath.Base(manifestPath(out)))
	}
	var first error
	for _, b := range list.builds {
		err := checkAgainst(out, b)
		if err == nil {
			// The folder is this build's; the manifest names it from now.
			c := *b
			c.folder = id
			return &c, refusal(name, out, nil)
		}
		if first == nil {
			first = err
		}
	}
	return nil, refusal(name, out, first)
}

// A mismatch says how a folder differs from a build: files no build wrote,
// files changed since, folders this user cannot empty.
type mismatch struct {
	foreign, changed, locked []string
	err                      error
}

func (m *mismatch) Error() string {
	return fmt.Sprintf("%d foreign, %d changed, %d locked, %v", len(m.foreign), len(m.changed), len(m.locked), m.err)
}

// checkAgainst compares the folder dir with the build b: nil if it holds
// b's files and nothing else, unchanged, and every folder can be emptied;
// else a *mismatch.
func checkAgainst(dir string, b *built) error {
	dirs := map[string]bool{".": true}
	for f := range b.files {
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			if dirs[d] {
				break
			}
			dirs[d] = true
		}
	}
	m := &mismatch{}
	m.err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.IsDir() && !dirs[rel]:
			m.foreign = append(m.foreign, rel+"/")
			return fs.SkipDir
		case d.IsDir():
		case !d.Type().IsRegular():
			m.foreign = append(m.foreign, rel)
		default:
			w, ok := b.files[rel]
			if !ok {
				m.foreign = append(m.foreign, rel)
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if same, err := b.unchanged(p, fi, w); err != nil {
				return err
			} else if !same {
				m.changed = append(m.changed, rel)
			}
		}
		if d.IsDir() && !writable(p) {
			m.locked = append(m.locked, rel)
		}
		return nil
	})
	if m.err == nil && len(m.foreign)+len(m.changed)+len(m.locked) == 0 {
		return nil
	}
	return m
}

// refusal words why the output folder out (named name) may not be
// replaced: err from checkAgainst, or nil if it may be (and the folder
// that holds it can be written).
func refusal(name, out string, err error) error {
	var m *mismatch
	switch {
	case err == nil:
		if !writable(filepath.Dir(out)) {
			return fmt.Errorf("-out %s: the folder %s that holds it cannot be written by this user, so the build cannot be put in its place", name, filepath.Dir(out))
		}
		return nil
	case !errors.As(err, &m):
		return fmt.Errorf("-out %s: %v", name, unwrap(err))
	case m.err != nil:
		return fmt.Errorf("-out %s: %v", name, unwrap(m.err))
	case len(m.foreign) > 0:
		return fmt.Errorf("-out %s holds files that no build wrote: %s; a build replaces the whole folder, and gen never deletes what it did not write: move them out of the folder (for GitHub Pages' CNAME file, set cname in site.toml)", name, names(m.foreign))
	case len(m.changed) > 0:
		return fmt.Errorf("-out %s holds files changed since gen wrote them: %s; a build would replace them, and gen never deletes what it did not write: move them out of the folder (or delete them if the change is not needed)", name, names(m.changed))
	default:
		return fmt.Errorf("-out %s: the old output cannot be removed: %s cannot be written by this user; give the folder back to this user (chown) or build into another folder", name, names(m.locked))
	}
}

// names lists the first few names, and how many more there are.
func names(list []string) string {
	slices.Sort(list)
	if len(list) <= maxNamed {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:maxNamed], ", ") + fmt.Sprintf(" and %d more", len(list)-maxNamed)
}

func isFile(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode().IsRegular()
}

func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a file"
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// CheckOutput refuses an output folder whose replacement by Publish would
// destroy what the build reads: the site folder src or a folder that holds
// it, and any of inputs (content, theme), a folder inside one, or a folder
// that holds one. It looks at the paths only; OpenOutput checks the folder.
func CheckOutput(out, src string, inputs ...string) error {
	o := realPath(out)
	if s := realPath(src); o == s || within(s, o) {
		return fmt.Errorf("-out %s: the output folder would replace the site folder %s; choose a folder such as %s", out, src, filepath.Join(src, "public"))
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		if i := realPath(in); o == i || within(i, o) || within(o, i) {
			return fmt.Errorf("-out %s: the output folder overlaps %s, which the build reads; choose a folder such as %s", out, in, filepath.Join(src, "public"))
		}
	}
	return nil
}

// realPath returns p made absolute, with the symbolic links of the part of
// it that exists resolved.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(dir) == dir {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}
