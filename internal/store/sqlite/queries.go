package sqlite

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed queries.sql
var queriesSQL string

// loadQueries splits queries.sql at its "-- name: x" markers.
func loadQueries() (map[string]string, error) {
	out := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() error {
		if name == "" {
			return nil
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("queries.sql: query %q defined twice", name)
		}
		out[name] = strings.TrimSpace(b.String())
		b.Reset()
		return nil
	}
	for _, line := range strings.Split(queriesSQL, "\n") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			name = strings.TrimSpace(n)
			continue
		}
		if name != "" && !strings.HasPrefix(strings.TrimSpace(line), "--") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}
