package site

import (
	"html/template"

	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/trends/chart"
)

// trendCharts is a report's data as the page shows it: two charts drawn on
// the server, each beside a table with the same numbers, and tables by
// country, by alert and by listing. Every label and number is in the
// reader's language.
type trendCharts struct {
	Totals     trends.Totals
	Headline   template.HTML // accepted reports by typology
	ByTypology []row
	Weekly     template.HTML // checks per week by verdict
	Verdicts   []string      // the weekly table's column heads
	Weeks      []weekRow
	ByCountry  []row
	Alerts     []row
	Listings   []row
}

// row is a table row: its labels and the count, written for the reader.
type row struct {
	Label, Sub, Count string
}

type weekRow struct {
	Start string // the week's first day, written for the reader
	ISO   string
	Cells []string
}

// chartsFor builds the charts and tables of d; id makes the charts' ids
// unique in the page.
func chartsFor(v *view, d *trends.Data, id string) *trendCharts {
	n := func(x int64) string { return v.Num(int(x)) }
	tc := &trendCharts{Totals: d.Totals()}
	from, _ := trends.ParseDay(d.From)
	to, _ := trends.ParseDay(d.To)
	period := []any{"From", v.Date(from), "To", v.Date(to)}
	rtl := v.Dir == "rtl"

	byType := d.ReportsByTypology()
	bar := &chart.BarChart{Frame: chart.Frame{ID: id + "-headline", Title: v.T("trends-headline-title"), RTL: rtl}}
	for _, t := range byType {
		bar.Bars = append(bar.Bars, chart.Bar{Label: v.Typology(t.Key), Value: t.N, Text: n(t.N)})
		tc.ByTypology = append(tc.ByTypology, row{Label: v.Typology(t.Key), Count: n(t.N)})
	}
	if len(byType) > 0 {
		bar.Desc = v.N("trends-headline-desc", int(tc.Totals.Reports), append(period, "Count", n(tc.Totals.Reports), "Top", v.Typology(byType[0].Key))...)
		tc.Headline = template.HTML(bar.SVG()) // the chart package escapes every text it writes
	}

	weeks := d.Weeks()
	line := &chart.LineChart{Format: n, Frame: chart.Frame{ID: id + "-weekly", Title: v.T("trends-weekly-title"), RTL: rtl,
		Desc: v.N("trends-weekly-desc", int(tc.Totals.Lookups), append(period, "Count", n(tc.Totals.Lookups))...)}}
	for _, verdict := range trends.Verdicts {
		name := v.T("trends-verdict-" + verdict)
		tc.Verdicts = append(tc.Verdicts, name)
		s := chart.Series{Name: name}
		for _, w := range weeks {
			s.Values = append(s.Values, w.ByVerdict[verdict])
		}
		line.Series = append(line.Series, s)
	}
	for _, w := range weeks {
		wr := weekRow{Start: v.Date(w.Start), ISO: v.ISODate(w.Start)}
		for _, verdict := range trends.Verdicts {
			wr.Cells = append(wr.Cells, n(w.ByVerdict[verdict]))
		}
		tc.Weeks = append(tc.Weeks, wr)
		line.Points = append(line.Points, wr.Start)
	}
	if tc.Totals.Lookups > 0 {
		tc.Weekly = template.HTML(line.SVG())
	}

	for _, c := range d.ReportsByCountry() {
		tc.ByCountry = append(tc.ByCountry, row{Label: v.Region(c.Key), Count: n(c.N)})
	}
	for _, a := range d.Alerts {
		tc.Alerts = append(tc.Alerts, row{Label: v.Typology(a.Typology), Sub: v.T("severity-" + a.Severity), Count: n(a.N)})
	}
	for _, l := range d.Listings {
		region := v.T("trends-region-none")
		if l.Region != "" {
			region = v.Region(l.Region)
		}
		tc.Listings = append(tc.Listings, row{Label: v.T("kind-" + l.Kind), Sub: region, Count: n(l.N)})
	}
	return tc
}
