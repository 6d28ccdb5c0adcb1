package sqlite

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestQueriesExist fails when the code asks for a query queries.sql lacks, so
// the panic in q can never reach a request.
func TestQueriesExist(t *testing.T) {
	qs, err := loadQueries()
	if err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`s\.q\("([a-z-]+)"\)`)
	used := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".go") || strings.HasSuffix(f.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used++
			if _, ok := qs[m[1]]; !ok {
				t.Errorf("%s uses query %q, which queries.sql does not define", f.Name(), m[1])
			}
		}
	}
	if used < 10 {
		t.Errorf("found only %d query uses; the pattern no longer matches the code", used)
	}
}
