package lookup

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/antifraud-alliance/beacon/internal/valid"

	"github.com/antifraud-alliance/beacon/internal/audit"
)

// Import formats.
const (
	FormatNDJSON = "ndjson"
	FormatCSV    = "csv"
)

// maxLine bounds one line, so a file without newlines cannot exhaust memory.
const maxLine = 16 << 10

// Import reads listings from r as it arrives and upserts them for the actor's
// agency. A bad line is reported with its number and never stops the good
// ones; only a failure of the store or of the connection ends an import.
func (s *Service) Import(ctx context.Context, actor audit.Entry, agency, format string, r io.Reader) (*ImportReport, error) {
	rep := &ImportReport{Errors: []LineError{}}
	im := &importer{s: s, agency: agency, now: s.cfg.Now().UTC(), rep: rep}
	var read func(emit func(rawLine) error) error
	switch format {
	case FormatNDJSON:
		read = func(emit func(rawLine) error) error { return readNDJSON(r, rep, emit) }
	case FormatCSV:
		read = func(emit func(rawLine) error) error { return readCSV(r, rep, emit) }
	default:
		return nil, fmt.Errorf("unknown import format %q", format)
	}
	err := im.pipeline(ctx, read)
	if err == nil {
		err = im.flush(ctx)
	}
	if werr := im.wait(); err == nil { // never leave a write running
		err = werr
	}
	if rerr := s.recordImport(ctx, actor, rep); err == nil {
		err = rerr
	}
	return rep, err
}

// readNDJSON emits each non-blank line; decoding happens in the pipeline.
func readNDJSON(r io.Reader, rep *ImportReport, emit func(rawLine) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		raw, tooLong, err := readLine(br)
		if errors.Is(err, io.EOF) && len(raw) == 0 && !tooLong {
			return nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read line %d: %w", n, err)
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 && !tooLong {
			if errors.Is(err, io.EOF) {
				return nil
			}
			continue // blank lines are allowed and not counted
		}
		rep.Lines++
		l := rawLine{n: n, raw: append([]byte(nil), raw...)}
		if tooLong {
			l.bad = &LineError{Line: n, Detail: fmt.Sprintf("line is longer than %d bytes", maxLine)}
		}
		if ferr := emit(l); ferr != nil {
			return ferr
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// readLine returns one line without its newline; a line over maxLine is
// skipped to its end and flagged.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if len(buf)+len(chunk) > maxLine {
			tooLong = true
		} else {
			buf = append(buf, chunk...)
		}
		if err != nil || !isPrefix {
			return buf, tooLong, err
		}
	}
}

var csvColumns = []string{"kind", "value", "region", "status", "official", "label", "typologies", "reference", "seen"}

func readCSV(r io.Reader, rep *ImportReport, emit func(rawLine) error) error {
	cr := csv.NewReader(bufio.NewReaderSize(io.LimitReader(r, 1<<40), 64<<10))
	cr.FieldsPerRecord, cr.ReuseRecord = -1, true
	header, err := cr.Read()
	if err != nil {
		return valid.Field("import", "header", "the first line must name the columns: %s", strings.Join(csvColumns, ","))
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !containsStr(csvColumns, h) {
			return valid.Field("import", "header", "unknown column %q; columns are %s", h, strings.Join(csvColumns, ","))
		}
		col[h] = i
	}
	_, hasKind := col["kind"]
	if _, hasValue := col["value"]; !hasKind || !hasValue {
		return valid.Field("import", "header", "the columns kind and value are required")
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := cr.FieldPos(0)
		rep.Lines++
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if eerr := emit(rawLine{n: pe.Line, bad: &LineError{Line: pe.Line, Detail: "malformed CSV: " + pe.Err.Error()}}); eerr != nil {
				return eerr
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("read CSV line %d: %w", line, err)
		}
		l := rawLine{n: line}
		if len(rec) != len(header) {
			l.bad = &LineError{Line: line, Detail: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))}
		} else if in, lerr := csvLine(line, rec, col); lerr != nil {
			l.bad = lerr
		} else {
			l.in = &in
		}
		if err := emit(l); err != nil {
			return err
		}
	}
}

func csvLine(line int, rec []string, col map[string]int) (ImportLine, *LineError) {
	get := func(name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	in := ImportLine{Kind: get("kind"), Value: get("value"), Region: get("region"), Status: get("status"),
		Label: get("label"), Reference: get("reference"), Seen: get("seen")}
	if o := get("official"); o != "" {
		b, err := strconv.ParseBool(o)
		if err != nil {
			return in, &LineError{Line: line, Field: "official", Detail: "must be true or false"}
		}
		in.Official = b
	}
	if t := get("typologies"); t != "" {
		for _, s := range strings.FieldsFunc(t, func(r rune) bool { return r == ';' || r == '|' }) {
			in.Typologies = append(in.Typologies, strings.TrimSpace(s))
		}
	}
	return in, nil
}

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
