// Command corpus writes a generated help site for benchmarks:
//
//	go run ./cmd/corpus -n 10000 -seed 1 -out /tmp/site10k
//	go run ./cmd/corpus -shape family -n 10000 -out /tmp/family10k
//	go run ./cmd/corpus -shape family -n 2000 -add -out SITE -bench queries.json
//
// -shape plain (the default) writes errors of a few shapes with numbered
// objects; -shape family writes a catalogue of the shape real ones have
// (families with shared beginnings and placeholders, wrappers, both
// languages; see package internal/corpus). -add writes the error files
// only, into a site that is there already. -bench writes the search
// benchmark's queries and logs for the family catalogue. The same flags
// give the same files.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/bookzo/exact-help/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of errors")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "", "output `folder` (required)")
	shape := flag.String("shape", "plain", "plain or family")
	add := flag.Bool("add", false, "write the error files only, into the site in -out (family shape)")
	bench := flag.String("bench", "", "also write the search benchmark's queries and logs to this `file` (family shape)")
	flag.Parse()
	if *out == "" || *n < 1 || (*shape != "plain" && *shape != "family") {
		fmt.Fprintln(os.Stderr, "corpus: usage: corpus [-shape plain|family] [-add] [-bench FILE] -n N -seed S -out DIR")
		os.Exit(2)
	}
	var err error
	if *shape == "family" {
		err = corpus.WriteFamily(*out, *n, *seed, !*add)
		if err == nil && *bench != "" {
			err = corpus.WriteFamilyBench(*bench, *n, *seed)
		}
	} else {
		err = corpus.Write(*out, *n, *seed)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d errors to %s\n", *n, *out)
}
