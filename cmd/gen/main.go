// Command gen builds the help site for Exact Online sync errors.
//
// Usage:
//
//	gen                         build the site in . into public/
//	gen build [-src DIR] [-out DIR] [-theme DIR]
//	gen check [-src DIR] [-format text|github]
//
// Diagnostics go to stderr, results to stdout. The exit status is 1 when the
// content has errors, 2 for a usage error.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
