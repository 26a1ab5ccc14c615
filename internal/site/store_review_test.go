package site

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/bookzo/exact-help/internal/markdown"
)

// TestStoredFilesStayInTheirRoute: a stored entry of the search index
// whose file names climb out of search/ ("search/../index.html") is not
// the route's own: filepath.IsLocal lets the writer take it, and it would
// overwrite the home page, CNAME or the output's manifest.
func TestStoredFilesStayInTheirRoute(t *testing.T) {
	r := &Route{Path: "search/", Kind: KindSearch}
	for _, name := range []string{"search/../index.html", "search/../.gen-output", "search/./meta.json", "search//meta.json", "search/a/../../CNAME"} {
		if ownFiles(r, []storedFile{{name: name, data: []byte("x")}}) {
			t.Errorf("ownFiles(search/, %q) = true, want false", name)
		}
	}
}

// TestDecodeBodyStopsAtTheFirstError: a body entry that claims as many
// problems as it has bytes and holds none must not cost memory in
// proportion to that count (the loop goes on after the decoder fails,
// appending a zero problem per claimed one).
func TestDecodeBodyStopsAtTheFirstError(t *testing.T) {
	var e encoder
	for range 6 {
		e.str("")
	}
	e.num(0)
	e.num(0)
	const n = 4 << 20
	e.num(n)
	data := append(e.b, bytes.Repeat([]byte{0xff}, n)...) // no valid uvarint
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, ok := decodeBody(data)
	runtime.ReadMemStats(&after)
	if ok {
		t.Fatal("decoded")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 4*uint64(len(data)) {
		t.Errorf("decoding a %d-byte entry that does not decode allocated %d MB", len(data), got>>20)
	}
}

// FuzzDecodeBody: hostile bytes never panic, and what decodes encodes
// back to an entry that decodes to the same body.
func FuzzDecodeBody(f *testing.F) {
	f.Add(encodeBody(&body{html: "<p>x</p>", summary: "s", steps: []string{"a", "b"}, links: "l", names: "n",
		res: markdown.Result{Text: "t", Solution: "o", CauseLine: 3, SolutionLine: 5,
			Problems: []markdown.Problem{{Line: 4, Msg: "m"}}, Offsets: []int{9}}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, ok := decodeBody(data)
		if !ok {
			return
		}
		if len(b.res.Problems) != len(b.res.Offsets) {
			t.Fatalf("%d problems, %d offsets", len(b.res.Problems), len(b.res.Offsets))
		}
		b2, ok := decodeBody(encodeBody(b))
		if !ok || !bytes.Equal(encodeBody(b2), encodeBody(b)) {
			t.Fatal("does not round-trip")
		}
	})
}

// FuzzDecodeFiles: hostile bytes never panic; what decodes encodes back.
func FuzzDecodeFiles(f *testing.F) {
	var e encoder
	e.str("search/meta.json")
	e.bytes([]byte("{}"))
	e.str("search/t-a.json")
	e.bytes(nil)
	f.Add(e.b)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		files, ok := decodeFiles(data)
		if !ok {
			return
		}
		var e encoder
		for _, f := range files {
			e.str(f.name)
			e.bytes(f.data)
		}
		again, ok := decodeFiles(e.b)
		if !ok || len(again) != len(files) {
			t.Fatal("does not round-trip")
		}
	})
}
