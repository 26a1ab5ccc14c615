// Package safefs reads the files of a site the way gen must: a site comes
// from pull requests, so everything in it is untrusted.
//
// # Rules
//
//   - A symbolic link is never followed: a link named anchors.lock that points
//     at /proc/self/environ would otherwise print the machine's secrets in a
//     diagnostic, and a link in the theme would publish any file the runner
//     can read.
//   - Only regular files are opened. A named pipe (FIFO) would block the
//     reader forever, a device could be read without end.
//   - A file's size is checked before it is read, against a limit the caller
//     names, and the read stops at that limit even if the file grows in
//     between: a 6 GB sparse file costs one stat, not 6 GB of memory.
//
// The checks are made with Lstat and on the opened file (fstat); between the
// two a local process could swap the file. That is outside what gen defends
// against: a pull request brings files, not running processes.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
)

// A RefusedError says why a file was not read, in words a writer can act on.
type RefusedError struct {
	Name   string
	Reason string
}

func (e *RefusedError) Error() string { return e.Reason }

// ErrRefused is matched by every RefusedError (errors.Is).
var ErrRefused = errors.New("refused")

func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Check reports why a file with info fi must not be read, or nil. limit < 0
// means no size limit (folders).
func Check(name string, fi fs.FileInfo, limit int64) error {
	mode := fi.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		return &RefusedError{name, "a symbolic link: the site's files must be real files inside the site folder, never links; replace the link with the file itself"}
	case mode.IsDir():
		return &RefusedError{name, "a folder where a file belongs"}
	case !mode.IsRegular():
		return &RefusedError{name, fmt.Sprintf("%s, not a regular file: only regular files are read; remove it", kind(mode))}
	case limit >= 0 && fi.Size() > limit:
		return &RefusedError{name, fmt.Sprintf("the file is %s; the limit is %s: it was not read", Size(fi.Size()), Limit(limit))}
	}
	return nil
}

// CheckType is Check for what a folder listing tells without a stat: links
// and files that are not regular, such as named pipes.
func CheckType(name string, mode fs.FileMode) error {
	switch {
	case mode&fs.ModeSymlink != 0:
		return &RefusedError{name, "a symbolic link: the site's files must be real files inside the site folder, never links; replace the link with the file itself"}
	case mode&fs.ModeType&^fs.ModeDir != 0:
		return &RefusedError{name, fmt.Sprintf("%s, not a regular file: only regular files are read; remove it", kind(mode))}
	}
	return nil
}

func kind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "a special file"
}

// Size formats a byte count exactly, for a message: "1,048,577 bytes".
func Size(n int64) string {
	digits := fmt.Sprint(n)
	var b []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 && digits[i-1] != '-' {
			b = append(b, ',')
		}
		b = append(b, digits[i])
	}
	return string(b) + " bytes"
}

// Limit formats a limit: exactly, with its short form, "1,048,576 bytes
// (1 MiB)".
func Limit(n int64) string {
	s := Size(n)
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		s += fmt.Sprintf(" (%d MiB)", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		s += fmt.Sprintf(" (%d KiB)", n>>10)
	}
	return s
}

// ReadFile reads name from fsys, refusing a link, anything that is not a
// regular file, and a file larger than limit bytes, before it is opened.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	fi, err := fs.Lstat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := Check(name, fi, limit); err != nil {
		return nil, err
	}
	return readOpened(fsys, name, limit)
}

// ReadListed reads the file that a folder listing (fs.ReadDir of dir) gave
// as de: its type is known from the listing, so only the opened file is
// checked (one system call less per file than ReadFile, which counts at
// 100,000 files).
func ReadListed(fsys fs.FS, dir string, de fs.DirEntry, limit int64) ([]byte, error) {
	name := path.Join(dir, de.Name())
	if err := CheckType(name, de.Type()); err != nil {
		return nil, err
	}
	if de.IsDir() {
		return nil, &RefusedError{name, "a folder where a file belongs"}
	}
	return readOpened(fsys, name, limit)
}

// readOpened opens name, checks the opened file again and reads at most
// limit bytes of it.
func readOpened(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := Check(name, fi, limit); err != nil {
		return nil, err
	}
	size := fi.Size()
	if size > limit || size < 0 {
		size = 0
	}
	// One byte more than the limit tells a file that grew after the stat.
	buf := make([]byte, 0, size+1)
	data, err := readAll(io.LimitReader(f, limit+1), buf)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &RefusedError{name, fmt.Sprintf("the file is larger than the limit of %s: it was not read", Limit(limit))}
	}
	return data, nil
}

func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// FS returns a view of fsys that applies the rules to every file opened
// through it: a theme folder on disk, which templates and the asset copy
// read with the standard fs functions. Folders open as usual; every file is
// at most limit bytes.
func FS(fsys fs.FS, limit int64) fs.FS { return &guarded{fsys, limit} }

type guarded struct {
	fsys  fs.FS
	limit int64
}

// parents refuses a name whose folders (every part of its path but the
// last) are not real folders: a link to another folder would lead outside.
func (g *guarded) parents(name string) error {
	for i := 0; i < len(name); i++ {
		if name[i] != '/' {
			continue
		}
		dir := name[:i]
		fi, err := fs.Lstat(g.fsys, dir)
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return &fs.PathError{Op: "open", Path: name, Err: &RefusedError{dir, dir + " is a symbolic link: the site's files must be real files inside the site folder, never links; replace the link with the folder itself"}}
		}
	}
	return nil
}

func (g *guarded) Open(name string) (fs.File, error) {
	if err := g.parents(name); err != nil {
		return nil, err
	}
	fi, err := fs.Lstat(g.fsys, name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() && fi.Mode()&fs.ModeSymlink == 0 {
		return g.fsys.Open(name)
	}
	if err := Check(name, fi, g.limit); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	f, err := g.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return &limitedFile{File: f, left: g.limit + 1, name: name, limit: g.limit}, nil
}

// limitedFile fails a read past the limit (a file that grew after Open).
type limitedFile struct {
	fs.File
	left  int64
	name  string
	limit int64
}

func (f *limitedFile) Read(p []byte) (int, error) {
	if f.left <= 0 {
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: &RefusedError{f.name, fmt.Sprintf("the file is larger than the limit of %s", Limit(f.limit))}}
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.File.Read(p)
	f.left -= int64(n)
	if f.left <= 0 && err == nil {
		return n, &fs.PathError{Op: "read", Path: f.name, Err: &RefusedError{f.name, fmt.Sprintf("the file is larger than the limit of %s", Limit(f.limit))}}
	}
	return n, err
}

// ReadDir lists a folder through the guard; the entries are checked when
// they are opened.
func (g *guarded) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := g.parents(name); err != nil {
		return nil, err
	}
	fi, err := fs.Lstat(g.fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		if err := Check(name, fi, g.limit); err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: &RefusedError{name, "not a folder"}}
	}
	return fs.ReadDir(g.fsys, name)
}
