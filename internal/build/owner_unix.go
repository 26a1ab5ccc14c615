//go:build unix

package build

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// othersCanWrite says why another user could write to the folder of info,
// or "".
func othersCanWrite(dir string, info fs.FileInfo) string {
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Sprintf("%s belongs to another user; use a folder of your own", dir)
	}
	if info.Mode().Perm()&0o022 != 0 {
		return fmt.Sprintf("%s can be written by other users (mode %v); use a folder only you can write", dir, info.Mode().Perm())
	}
	return ""
}
