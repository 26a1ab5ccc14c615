//go:build !unix

package build

import "io/fs"

// othersCanWrite leaves who may write to a folder to the system's
// permissions here.
func othersCanWrite(string, fs.FileInfo) string { return "" }
