// Command corpus writes a generated help site for benchmarks:
//
//	go run ./cmd/corpus -n 10000 -seed 1 -out /tmp/site10k
//
// The same -n and -seed give the same files (see package internal/corpus).
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
	flag.Parse()
	if *out == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "corpus: usage: corpus -n N -seed S -out DIR")
		os.Exit(2)
	}
	if err := corpus.Write(*out, *n, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d errors to %s\n", *n, *out)
}
