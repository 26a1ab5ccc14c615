// Command floor measures what a build cannot go below: it reads the files
// of a built site into memory, then writes the same bytes, names and
// folders into a new output folder through publish.Output.Publish
// (site.MemWriter.CopyTo: folders first, files on every core, as gen build
// writes them), with no rendering, and prints the seconds that took.
//
//	go run ./bench/build/floor -from public -out /tmp/floor
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/bookzo/exact-help/internal/publish"
	"github.com/bookzo/exact-help/internal/site"
)

func main() {
	from := flag.String("from", "", "a built site `folder` whose files are written again")
	out := flag.String("out", "", "the output `folder` to write them to")
	flag.Parse()
	if err := run(*from, *out); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(from, out string) error {
	if from == "" || out == "" {
		return errors.New("-from and -out are required")
	}
	files := site.MemWriter{}
	fsys := os.DirFS(from)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = fs.ReadFile(fsys, p)
		return err
	})
	if err != nil {
		return err
	}
	start := time.Now()
	o, err := publish.OpenOutput(out, time.Minute, nil)
	if err != nil {
		return err
	}
	defer o.Close()
	if _, err := o.Publish(files.CopyTo, nil); err != nil {
		return err
	}
	fmt.Printf("%.2f\n", time.Since(start).Seconds())
	return nil
}
