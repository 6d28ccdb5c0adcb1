package trends

import (
	"bytes"
	"encoding/csv"
	"strconv"
)

// CSVHeader names the columns of CSV: every row is one count of one data set
// under two named dimensions, so a spreadsheet can filter by data set.
var CSVHeader = []string{"dataset", "dimension1", "value1", "dimension2", "value2", "count"}

// CSV writes the data as one table (RFC 4180, UTF-8, CRLF line ends).
func (d *Data) CSV() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	rows := [][]string{CSVHeader}
	add := func(set, d1, v1, d2, v2 string, n int64) {
		rows = append(rows, []string{set, d1, v1, d2, v2, strconv.FormatInt(n, 10)})
	}
	for _, c := range d.Alerts {
		add("alerts", "typology", c.Typology, "severity", c.Severity, c.N)
	}
	for _, c := range d.Listings {
		add("listings", "kind", c.Kind, "region", c.Region, c.N)
	}
	for _, c := range d.Reports {
		add("reports", "typology", c.Typology, "country", c.Country, c.N)
	}
	for _, c := range d.Lookups {
		add("lookups", "day", c.Day, "verdict", c.Verdict, c.N)
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
