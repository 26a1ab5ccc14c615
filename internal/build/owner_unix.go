//go:build unix

package build

import (
	"fmt"
	"os"
	"syscall"
)

// privateFolder checks that only this user can write to the folder dir: a
// pack that another user could plant there would be published.
func privateFolder(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("%s belongs to another user; use a folder of your own", dir)
	}
	if info.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s can be written by other users (mode %v); use a folder only you can write", dir, info.Mode().Perm())
	}
	return nil
}
