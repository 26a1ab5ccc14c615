// Package par runs the iterations of a loop on every core. Each iteration
// writes only to its own slots (its index in a slice), so results do not
// depend on scheduling and builds stay byte-identical.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls f(0) to f(n-1), on as many goroutines as there are cores, and
// returns when all calls have returned.
func Each(n int, f func(i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
