package build

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"testing"
)

// pack makes a pack of this generator with the given entry bytes and
// index rows (key, offset, length, crc as written).
func pack(gen [32]byte, body []byte, rows [][4]uint64) []byte {
	b := append([]byte(packMagic), gen[:]...)
	b = append(b, body...)
	var index []byte
	for i, r := range rows {
		var key [32]byte
		key[0] = byte(i)
		index = append(index, key[:]...)
		index = binary.LittleEndian.AppendUint64(index, r[1])
		index = binary.LittleEndian.AppendUint32(index, uint32(r[2]))
		index = binary.LittleEndian.AppendUint32(index, uint32(r[3]))
	}
	b = append(b, index...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(rows)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(index, castagnoli))
	return append(b, packTrailer...)
}

// TestIndexEntryPastTheEndIsRefused: an index row whose offset is near
// the largest int64 overflows off+n, passes the bounds check, and Get
// then allocates its length (up to 4 GiB) before the read fails.
func TestIndexEntryPastTheEndIsRefused(t *testing.T) {
	gen, err := Identify()
	if err != nil {
		t.Fatal(err)
	}
	data := pack(gen, []byte("entry"), [][4]uint64{{0, math.MaxInt64, math.MaxUint32, 0}})
	if idx, ok := readIndex(bytes.NewReader(data), int64(len(data)), gen); ok {
		t.Errorf("readIndex took an entry of %d bytes at offset %d in a pack of %d bytes", idx[[32]byte{}].n, idx[[32]byte{}].off, len(data))
	}
}

// FuzzReadIndex: a pack of any bytes either does not parse or gives
// entries that lie inside it, and reading them never panics.
func FuzzReadIndex(f *testing.F) {
	gen, err := Identify()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("entry"), uint64(headerSize), uint64(5), uint64(1))
	f.Add([]byte{}, uint64(0), uint64(0), uint64(0))
	f.Fuzz(func(t *testing.T, body []byte, off, n, count uint64) {
		rows := make([][4]uint64, count%4)
		for i := range rows {
			rows[i] = [4]uint64{0, off + uint64(i), n, uint64(crc32.Checksum(body, castagnoli))}
		}
		data := pack(gen, body, rows)
		r := bytes.NewReader(data)
		idx, ok := readIndex(r, int64(len(data)), gen)
		if !ok {
			return
		}
		c := &Cache{old: r, idx: idx, readOnly: true}
		for k, pe := range idx {
			if pe.off < int64(headerSize) || pe.off > int64(len(data)) || int64(pe.n) > int64(len(data))-pe.off {
				t.Fatalf("entry at %d, %d bytes, in a pack of %d", pe.off, pe.n, len(data))
			}
			c.Get(k)
		}
	})
}
