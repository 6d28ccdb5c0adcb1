package lookup

import (
	"context"
	"sync"

	"github.com/antifraud-alliance/beacon/internal/parallel"
)

// rawLine is one line as read: NDJSON bytes still to decode, or a CSV row
// already split into fields, or a line already known to be bad.
type rawLine struct {
	n   int
	raw []byte
	in  *ImportLine
	bad *LineError
}

// result is a line after decoding and validation.
type result struct {
	p   parsed
	bad *LineError
}

const chunkLines = 1000

// pipeline decodes and validates chunks of lines on every core while the
// single store writer applies the previous chunk: on two cores this halves an
// import's time, because checking a phone number costs as much as storing it.
// Results are applied in line order, so line numbers and duplicate handling
// are exactly those of a sequential import.
func (im *importer) pipeline(ctx context.Context, read func(emit func(rawLine) error) error) error {
	chunks := make(chan []rawLine, 2)
	results := make(chan []result, 2)
	stop := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // read
		defer wg.Done()
		defer close(chunks)
		chunk := make([]rawLine, 0, chunkLines)
		readErr = read(func(l rawLine) error {
			chunk = append(chunk, l)
			if len(chunk) == chunkLines {
				select {
				case chunks <- chunk:
				case <-stop:
					return context.Canceled
				}
				chunk = make([]rawLine, 0, chunkLines)
			}
			return nil
		})
		if len(chunk) > 0 && readErr == nil {
			select {
			case chunks <- chunk:
			case <-stop:
			}
		}
	}()
	go func() { // decode and validate, in parallel within each chunk
		defer wg.Done()
		defer close(results)
		for chunk := range chunks {
			select {
			case results <- im.validateChunk(chunk):
			case <-stop:
				return
			}
		}
	}()
	var err error
	for res := range results { // apply, in order, on this goroutine only
		if err != nil {
			continue // drain, so the stages above can finish
		}
		for _, r := range res {
			if r.bad != nil {
				im.reject(r.bad)
			} else if err = im.add(ctx, r.p); err != nil {
				close(stop)
				break
			}
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return readErr
}

func (im *importer) validateChunk(chunk []rawLine) []result {
	out := make([]result, len(chunk))
	parallel.For(len(chunk), func(i int) { out[i] = im.validateRaw(chunk[i]) })
	return out
}

func (im *importer) validateRaw(l rawLine) result {
	if l.bad != nil {
		return result{bad: l.bad}
	}
	in := l.in
	if in == nil {
		var detail string
		if in, detail = decodeImportLine(l.raw); in == nil {
			return result{bad: &LineError{Line: l.n, Detail: detail}}
		}
	}
	p, bad := validateLine(l.n, *in, im.now)
	return result{p: p, bad: bad}
}
