package publish

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bookzo/exact-help/internal/safefs"
	"github.com/bookzo/exact-help/internal/site"
)

// The manifest of an output folder public is .public.gen-output beside
// it, never inside: the output folder holds the site and nothing else, so
// two builds of one input are the same bytes, and a deploy of the folder
// publishes no list of gen's. It lists builds, each named by its folder's
// device and inode (which a rename keeps), so that it describes the
// output folder and gen's temporary folders beside it before, during and
// after the swap alike:
//
//	# comment lines
//	build <sealed> <device> <inode>
//	<CRC-32C, 8 hex digits> <size> <path>
//	...
//
// <sealed> is the change time (Unix nanoseconds) that the build's marker
// got once its last file was written; a file that last changed before it
// is as the build wrote it, unless its size differs; any other is checked
// by its checksum. 0 means unknown (a system without change times): every
// file is checked by its checksum. (A copy of the folder gets new files,
// changed after the seal: they are checked by their checksums too.) The
// device and inode are left out where the system has none.
const manifestSuffix = ".gen-output"

// legacyManifest and legacyStamp are the list and the stamp naming it that
// gen kept inside the output folder until the list moved beside it. A
// folder holding them is still recognised, once: the build that replaces
// it holds neither.
const (
	legacyManifest = ".gen-output"
	legacyStamp    = ".gen-output.stamp"
)

const manifestHeader = "# Written by gen build: the builds in the output folder beside this file and\n" +
	"# in gen's temporary folders, each a line naming its folder (build, sealed,\n" +
	"# device, inode) and its files (CRC-32C, size, path). gen replaces the output\n" +
	"# folder only while it holds one of these builds and nothing else.\n"

// maxManifest bounds the manifest, read and written: a million files.
const maxManifest = 64 << 20

// manifestPath returns where the manifest of the output folder out is.
func manifestPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+manifestSuffix)
}

// A manifest is the list beside an output folder: the builds the folder
// and gen's temporary folders beside it hold.
type manifest struct {
	builds []*built
	found  bool // read from a file (else there is none yet)
}

// built is a build found in a folder, or just written into one.
type built struct {
	folder string             // the folder's device and inode; "" if unknown
	sealed time.Time          // see the manifest's format; zero if unknown
	files  map[string]written // by slash-separated path
}

// byFolder returns the build that names the folder id, or nil.
func (m *manifest) byFolder(id string) *built {
	if id == "" {
		return nil
	}
	for _, b := range m.builds {
		if b.folder == id {
			return b
		}
	}
	return nil
}

// folderID names the folder dir by its device and inode ("" if unknown).
func folderID(dir string) string {
	fi, err := os.Lstat(dir)
	if err != nil {
		return ""
	}
	return fileID(fi)
}

// readManifest reads the manifest of out; none is an empty one. A manifest
// that cannot be read whole is an error: gen deletes nothing on the word
// of a damaged list, and overwrites no file it cannot tell as its own.
func readManifest(out string) (*manifest, error) {
	p := manifestPath(out)
	data, err := safefs.ReadFile(os.DirFS(filepath.Dir(p)), filepath.Base(p), maxManifest)
	if errors.Is(err, fs.ErrNotExist) {
		return &manifest{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	m, err := parseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v; gen deletes nothing on the word of a damaged list: empty the output folder yourself, then remove %s", p, err, p)
	}
	return m, nil
}

func parseManifest(data []byte) (*manifest, error) {
	if !bytes.HasPrefix(data, []byte("# Written by gen build")) {
		return nil, errors.New("it is not a list written by gen build")
	}
	m := &manifest{found: true}
	var b *built
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "build "); ok {
			nb, err := parseBuildLine(rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n+1, err)
			}
			b = nb
			m.builds = append(m.builds, b)
			continue
		}
		name, w, err := parseFileLine(line)
		if err != nil || b == nil {
			return nil, fmt.Errorf("line %d is not a manifest line", n+1)
		}
		b.files[name] = w
	}
	return m, nil
}

// parseBuildLine reads "<sealed> [<device> <inode>]".
func parseBuildLine(s string) (*built, error) {
	f := strings.Fields(s)
	if len(f) != 1 && len(f) != 3 {
		return nil, errors.New("not a build line")
	}
	ns, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || ns < 0 {
		return nil, errors.New("not a build line")
	}
	b := &built{files: map[string]written{}}
	if ns > 0 {
		b.sealed = time.Unix(0, ns)
	}
	if len(f) == 3 {
		dev, err1 := strconv.ParseUint(f[1], 10, 64)
		ino, err2 := strconv.ParseUint(f[2], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, errors.New("not a build line")
		}
		b.folder = fmt.Sprintf("%d %d", dev, ino)
	}
	return b, nil
}

// parseFileLine reads "<CRC-32C> <size> <path>"; a line it cannot read
// makes the whole list unusable.
func parseFileLine(line string) (string, written, error) {
	sum, rest, ok1 := strings.Cut(line, " ")
	size, name, ok2 := strings.Cut(rest, " ")
	s, err1 := strconv.ParseUint(sum, 16, 32)
	z, err2 := strconv.ParseInt(size, 10, 64)
	if !ok1 || !ok2 || err1 != nil || err2 != nil || len(sum) != 8 || z < 0 || site.CheckName("list", name) != nil {
		return "", written{}, errors.New("not a manifest line")
	}
	return name, written{size: z, sum: uint32(s)}, nil
}

func (m *manifest) bytes() []byte {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	for _, bl := range m.builds {
		var ns int64
		if !bl.sealed.IsZero() {
			ns = bl.sealed.UnixNano()
		}
		fmt.Fprintf(&b, "build %d", ns)
		if bl.folder != "" {
			fmt.Fprintf(&b, " %s", bl.folder)
		}
		b.WriteByte('\n')
		for _, name := range slices.Sorted(maps.Keys(bl.files)) {
			w := bl.files[name]
			fmt.Fprintf(&b, "%08x %d %s\n", w.sum, w.size, name)
		}
	}
	return b.Bytes()
}

// write puts m in place as the manifest of out in one rename, so that a
// killed build leaves the old list or the new one, whole. It is written
// first to <manifest>.new, which only gen writes (a file there that is not
// a list of gen's is refused).
func (m *manifest) write(out string) error {
	data := m.bytes()
	if len(data) > maxManifest {
		return fmt.Errorf("the list of the build's files would be %s, over its limit of %s", safefs.Size(int64(len(data))), safefs.Limit(maxManifest))
	}
	p := manifestPath(out)
	tmp := p + ".new"
	if fi, err := os.Lstat(tmp); err == nil && !(fi.Mode().IsRegular() && startsWith(tmp, manifestHeader)) {
		return fmt.Errorf("%s is not a list of gen's, so gen does not overwrite it: remove it", tmp)
	}
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// startsWith reports whether the file p starts with prefix.
func startsWith(p, prefix string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(prefix))
	_, err = io.ReadFull(f, b)
	return err == nil && string(b) == prefix
}

// seal makes the build just written into dir (its files: wrote) one the
// manifest can list: it touches the marker, whose change time is then
// later than every file's.
func seal(dir string, wrote map[string]written) (*built, error) {
	marker := filepath.Join(dir, markerName)
	now := time.Now()
	if err := os.Chtimes(marker, now, now); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(marker)
	if err != nil {
		return nil, err
	}
	files := maps.Clone(wrote)
	if files == nil {
		files = map[string]written{}
	}
	return &built{folder: folderID(dir), sealed: changeTime(fi), files: files}, nil
}

// readLegacy reads the list an earlier gen kept inside the folder dir: a
// build whose files include that list and its stamp. Only where the stamp
// names the list (the folder is the one gen wrote, not a copy) may the
// list's change time stand in for the checksums.
func readLegacy(dir string) (*built, error) {
	fsys := os.DirFS(dir)
	data, err := safefs.ReadFile(fsys, legacyManifest, maxManifest)
	if err != nil {
		return nil, err
	}
	b := &built{folder: folderID(dir), files: map[string]written{}}
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, w, err := parseFileLine(line)
		if err != nil || name == legacyManifest || name == legacyStamp {
			return nil, fmt.Errorf("%s: line %d is not a manifest line; gen deletes nothing on the word of a damaged list: empty the folder yourself", filepath.Join(dir, legacyManifest), n+1)
		}
		b.files[name] = w
	}
	b.files[legacyManifest] = written{int64(len(data)), crc32.Checksum(data, castagnoli)}
	fi, err := os.Lstat(filepath.Join(dir, legacyManifest))
	if err != nil {
		return nil, err
	}
	if stamp, err := safefs.ReadFile(fsys, legacyStamp, 256); err == nil {
		b.files[legacyStamp] = written{int64(len(stamp)), crc32.Checksum(stamp, castagnoli)}
		if id := fileID(fi); id != "" && strings.TrimSpace(string(stamp)) == id {
			b.sealed = changeTime(fi)
		}
	}
	return b, nil
}
