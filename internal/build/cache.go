package build

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// A Cache is gen build's persistent cache: a site.Store kept in one pack
// file per site folder, in the user's cache folder or another (gen build
// -cache). A build reads the pack the last build left and writes a new one
// with the entries it used or made, which replaces the old one atomically
// when the build succeeds (Commit); so the pack holds one build's entries,
// and two builds at once each leave a whole pack.
//
// A pack is
//
//	header   "gen-cache 1\n", the generator's id (32 bytes)
//	entries  their bytes, one after another
//	index    per entry: key (32), offset (8), length (4), CRC-32C (4)
//	trailer  number of entries (8), CRC-32C of the index (4), "gen-idx1"
//
// The generator's id is the running program's (Identify): a pack of
// another version of gen (or of another program) is never read. A pack that
// does not parse, and an entry whose CRC does not match, are ignored: the
// build renders what they held.
type Cache struct {
	path string
	old  io.ReaderAt // the last build's pack (an *os.File, closed by Close)
	idx  map[[32]byte]packEntry

	mu   sync.Mutex
	tmp  *os.File
	w    *bufio.Writer
	off  int64
	out  map[[32]byte]packEntry
	err  error // the first error writing the new pack
	hits int   // entries read from the old pack
	// readOnly: no new pack (ReadCache).
	readOnly bool
}

type packEntry struct {
	off int64
	n   uint32
	crc uint32
}

const (
	packMagic    = "gen-cache 1\n"
	packTrailer  = "gen-idx1"
	headerSize   = len(packMagic) + 32
	trailerSize  = 8 + 4 + len(packTrailer)
	indexEntry   = 32 + 8 + 4 + 4
	maxEntrySize = 1 << 30
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// OpenCache opens the cache of the site folder src in the folder dir,
// which it makes if need be, for the gen program gen (see Identify).
func OpenCache(dir, src string, gen Generator) (*Cache, error) {
	return openCache(dir, src, gen, false)
}

// ReadCache opens the cache of the site folder src in the folder dir for
// the gen program gen, to read from it only (gen check): Put and Commit do
// nothing, and a missing folder is an empty cache.
func ReadCache(dir, src string, gen Generator) (*Cache, error) {
	return openCache(dir, src, gen, true)
}

func openCache(dir, src string, gen Generator, readOnly bool) (*Cache, error) {
	path, err := packPath(dir, src)
	if err != nil {
		return nil, err
	}
	c := &Cache{path: path, out: map[[32]byte]packEntry{}, readOnly: readOnly}
	if readOnly {
		if privateFolder(dir) == nil {
			c.readPack(gen)
		}
		return c, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cache: %v", err)
	}
	if err := privateFolder(dir); err != nil {
		return nil, fmt.Errorf("cache: %v", err)
	}
	sweep(dir, time.Now())
	c.readPack(gen)
	if c.tmp, err = os.CreateTemp(dir, ".site-*.pack.tmp"); err != nil {
		c.Close()
		return nil, fmt.Errorf("cache: %v", err)
	}
	// The header is written at once: it tells the sweep that a killed
	// build's leftover is gen's.
	if _, err := c.tmp.Write(append([]byte(packMagic), gen[:]...)); err != nil {
		c.Close()
		return nil, fmt.Errorf("cache: %v", err)
	}
	c.w = bufio.NewWriterSize(c.tmp, 1<<20)
	c.off = int64(headerSize)
	return c, nil
}

// packPath returns the path of the pack of the site folder src in dir:
// site-<16 hex digits>.pack, by the folder's absolute path.
func packPath(dir, src string) (string, error) {
	abs, err := filepath.Abs(src)
	if err != nil {
		return "", err
	}
	name := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "site-"+hex.EncodeToString(name[:8])+".pack"), nil
}

// privateFolder checks that dir is a folder only this user can write to:
// a pack that another user could plant there would be published.
func privateFolder(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	if why := othersCanWrite(dir, info); why != "" {
		return errors.New(why)
	}
	return nil
}

// Packs of a site not built for packAge are removed, and new packs a
// killed build left after tmpAge.
const (
	packAge = 30 * 24 * time.Hour
	tmpAge  = time.Hour
)

// sweep removes the old packs and the leftover new ones in dir. The
// folder may hold the user's own files, so a name is not enough: only a
// regular file (never a link) named as this package names its files, and
// holding what it writes (a pack's header and trailer, or a killed build's
// new pack's header), is removed.
func sweep(dir string, now time.Time) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, de := range des {
		name := de.Name()
		var age time.Duration
		var whole bool
		switch {
		case ownName(name, ".site-", ".pack.tmp", "0123456789", 0):
			age = tmpAge
		case ownName(name, "site-", ".pack", "0123456789abcdef", 16):
			age, whole = packAge, true
		default:
			continue
		}
		if de.Type().IsRegular() {
			removeOwn(filepath.Join(dir, name), now.Add(-age), whole)
		}
	}
}

// ownName reports whether name is prefix, then n characters of digits (n
// = 0: one or more), then suffix: how OpenCache names packs
// (site-<16 hex digits>.pack) and os.CreateTemp its new ones
// (.site-<decimal>.pack.tmp).
func ownName(name, prefix, suffix, digits string, n int) bool {
	mid, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	if mid, ok = strings.CutSuffix(mid, suffix); !ok || mid == "" || n > 0 && len(mid) != n {
		return false
	}
	return strings.Trim(mid, digits) == ""
}

// removeOwn removes the file p if it was last written before cutoff and is
// gen's: a pack (whole) or a new one. It is opened as a pack is, and it is
// removed only if the name still holds the file that was read.
func removeOwn(p string, cutoff time.Time, whole bool) {
	f, fi, err := openRegular(p)
	if err != nil {
		return
	}
	own := fi.ModTime().Before(cutoff) && packShape(f, fi.Size(), whole)
	f.Close()
	if !own {
		return
	}
	if now, err := os.Lstat(p); err == nil && os.SameFile(fi, now) {
		os.Remove(p)
	}
}

// packShape reports whether the size bytes of r begin with a pack's header
// and, if whole, end with a pack's trailer whose index fits; the generator
// is not looked at (another gen's packs are swept too).
func packShape(r io.ReaderAt, size int64, whole bool) bool {
	head := make([]byte, len(packMagic))
	if size < int64(headerSize) {
		return false
	}
	if _, err := r.ReadAt(head, 0); err != nil || string(head) != packMagic {
		return false
	}
	if !whole {
		return true
	}
	tr := make([]byte, trailerSize)
	if size < int64(headerSize+trailerSize) {
		return false
	}
	if _, err := r.ReadAt(tr, size-int64(trailerSize)); err != nil || string(tr[12:]) != packTrailer {
		return false
	}
	count := binary.LittleEndian.Uint64(tr[:8])
	return count <= uint64(size-int64(headerSize+trailerSize))/indexEntry
}

// A Generator is the identity of a gen program: a pack records the one
// that wrote it, and no other reads it.
type Generator [32]byte

// Identify returns the identity of the running program: the SHA-256 of its
// build information (its module's version and VCS revision, the sums of
// the modules it was built with) and of its executable image. The image is
// read through /proc/self/exe where there is one (Linux), which is the
// running program even after its file was replaced (go install renames a
// new one over it); elsewhere through the executable's path, which names
// the running program only until it is replaced. So call Identify once, as
// the program starts and before it waits for anything, and pass the result
// to OpenCache and ReadCache.
func Identify() (Generator, error) {
	var id Generator
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		exe, err := os.Executable()
		if err != nil {
			return id, err
		}
		if f, err = os.Open(exe); err != nil {
			return id, err
		}
	}
	defer f.Close()
	h := sha256.New()
	io.WriteString(h, "gen identity 1\n")
	if bi, ok := debug.ReadBuildInfo(); ok {
		io.WriteString(h, bi.String())
	}
	h.Write([]byte{0})
	if _, err := io.Copy(h, f); err != nil {
		return id, err
	}
	h.Sum(id[:0])
	return id, nil
}

// openRegular opens the regular file at p to read it, without following a
// link and without blocking: it checks the name first (Lstat), opens it
// with openFlags, and checks that the opened file is the one it looked at
// (a named pipe or a link swapped in between is refused, not waited on).
func openRegular(p string) (*os.File, fs.FileInfo, error) {
	before, err := os.Lstat(p)
	if err != nil {
		return nil, nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s is not a regular file", p)
	}
	f, err := os.OpenFile(p, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil && (!fi.Mode().IsRegular() || !os.SameFile(before, fi)) {
		err = fmt.Errorf("%s changed while it was opened", p)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// readPack opens the last build's pack and reads its index; a pack that is
// missing, not a regular file (a link, a named pipe), of another
// generator, or does not parse, is left unread.
func (c *Cache) readPack(gen Generator) {
	f, fi, err := openRegular(c.path)
	if err != nil {
		return
	}
	idx, ok := readIndex(f, fi.Size(), gen)
	if !ok {
		f.Close()
		return
	}
	c.old, c.idx = f, idx
}

// readIndex reads the index of the pack of size bytes in r, written by
// gen; false if it is not one. What it allocates is bounded by size (the
// index, its map), and every entry it returns lies between the header and
// the index.
func readIndex(r io.ReaderAt, size int64, gen Generator) (map[[32]byte]packEntry, bool) {
	if size < int64(headerSize+trailerSize) {
		return nil, false
	}
	head := make([]byte, headerSize)
	if _, err := r.ReadAt(head, 0); err != nil || string(head[:len(packMagic)]) != packMagic || Generator(head[len(packMagic):]) != gen {
		return nil, false
	}
	tr := make([]byte, trailerSize)
	if _, err := r.ReadAt(tr, size-int64(trailerSize)); err != nil || string(tr[12:]) != packTrailer {
		return nil, false
	}
	count := binary.LittleEndian.Uint64(tr[:8])
	indexStart := size - int64(trailerSize) - int64(count)*indexEntry
	if count > uint64(size)/indexEntry || indexStart < int64(headerSize) {
		return nil, false
	}
	index := make([]byte, int64(count)*indexEntry)
	if _, err := r.ReadAt(index, indexStart); err != nil || crc32.Checksum(index, castagnoli) != binary.LittleEndian.Uint32(tr[8:12]) {
		return nil, false
	}
	idx := make(map[[32]byte]packEntry, count)
	for i := 0; i < len(index); i += indexEntry {
		e := index[i : i+indexEntry]
		pe := packEntry{off: int64(binary.LittleEndian.Uint64(e[32:40])), n: binary.LittleEndian.Uint32(e[40:44]), crc: binary.LittleEndian.Uint32(e[44:48])}
		if pe.off < int64(headerSize) || pe.off > indexStart || int64(pe.n) > indexStart-pe.off {
			return nil, false
		}
		idx[[32]byte(e[:32])] = pe
	}
	return idx, true
}

// Get returns the entry of key from the last build's pack, and keeps it
// for the next build.
func (c *Cache) Get(key [32]byte) ([]byte, bool) {
	pe, ok := c.idx[key]
	if !ok {
		return nil, false
	}
	data := make([]byte, pe.n)
	if _, err := c.old.ReadAt(data, pe.off); err != nil || crc32.Checksum(data, castagnoli) != pe.crc {
		return nil, false
	}
	c.Put(key, data)
	c.mu.Lock()
	c.hits++
	c.mu.Unlock()
	return data, true
}

// Hits returns how many entries were read from the last build's pack.
func (c *Cache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

// Put adds an entry to the new pack.
func (c *Cache) Put(key [32]byte, data []byte) {
	if c.readOnly || len(data) > maxEntrySize {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, had := c.out[key]; had || c.err != nil {
		return
	}
	if _, err := c.w.Write(data); err != nil {
		c.err = err
		return
	}
	c.out[key] = packEntry{off: c.off, n: uint32(len(data)), crc: crc32.Checksum(data, castagnoli)}
	c.off += int64(len(data))
}

// Commit writes the new pack's index and puts it in the old one's place.
func (c *Cache) Commit() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.readOnly {
		return nil
	}
	if c.err != nil {
		return fmt.Errorf("cache: %v", c.err)
	}
	index := make([]byte, 0, len(c.out)*indexEntry)
	for k, pe := range c.out {
		index = append(index, k[:]...)
		index = binary.LittleEndian.AppendUint64(index, uint64(pe.off))
		index = binary.LittleEndian.AppendUint32(index, pe.n)
		index = binary.LittleEndian.AppendUint32(index, pe.crc)
	}
	tr := binary.LittleEndian.AppendUint64(nil, uint64(len(c.out)))
	tr = binary.LittleEndian.AppendUint32(tr, crc32.Checksum(index, castagnoli))
	tr = append(tr, packTrailer...)
	_, err := c.w.Write(index)
	if err == nil {
		_, err = c.w.Write(tr)
	}
	if err == nil {
		err = c.w.Flush()
	}
	if cerr := c.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(c.tmp.Name(), c.path)
	}
	if err != nil {
		os.Remove(c.tmp.Name())
		return fmt.Errorf("cache: %v", err)
	}
	c.tmp = nil
	return nil
}

// Close releases the old pack and removes a new one that was not
// committed.
func (c *Cache) Close() error {
	var err error
	if f, ok := c.old.(io.Closer); ok {
		err = f.Close()
	}
	if c.tmp != nil {
		c.tmp.Close()
		err = errors.Join(err, os.Remove(c.tmp.Name()))
	}
	return err
}
