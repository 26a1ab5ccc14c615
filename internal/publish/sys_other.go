//go:build !linux

package publish

import (
	"errors"
	"io/fs"
	"time"
)

// changeTime is unknown here (a modification time can be set back): every
// file is checked by its checksum.
func changeTime(fs.FileInfo) time.Time { return time.Time{} }

// fileID is unknown here: every folder is checked by checksum.
func fileID(fs.FileInfo) string { return "" }

// exchange is not available here; swap falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

// isMountPoint is not known here: a mount point fails at the swap instead.
func isMountPoint(string) (bool, error) { return false, nil }

// writable is not checked ahead here: a folder that cannot be emptied is
// named as a leftover after the swap.
func writable(string) bool { return true }
