// Package parallel runs independent steps of a loop on every core.
package parallel

import (
	"runtime"
	"sync"
)

// For calls fn(i) for every i in [0, n), spread over up to eight goroutines,
// and returns when all have run. fn must only touch the i-th element of
// whatever it writes.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), 8, max(n, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
