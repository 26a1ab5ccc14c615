//go:build !unix

package build

import (
	"fmt"
	"os"
)

// privateFolder checks that dir is a folder (file ownership is left to
// the system's permissions here).
func privateFolder(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	return nil
}
