package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// element is an SVG element as a test reads it back.
type element struct {
	Name  string
	Attr  map[string]string
	Text  string // character data directly inside
	Depth int
}

// parse decodes svg as XML, failing on anything not well-formed, and lists its elements.
func parse(t *testing.T, svg []byte) []*element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var out, stack []*element
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{Name: tok.Name.Local, Attr: map[string]string{}, Depth: len(stack)}
			for _, a := range tok.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			out, stack = append(out, e), append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if len(out) == 0 || out[0].Name != "svg" {
		t.Fatalf("no <svg> root: %s", svg)
	}
	return out
}

func named(els []*element, name string) []*element {
	var out []*element
	for _, e := range els {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}

func checkAccessible(t *testing.T, els []*element, f Frame) {
	t.Helper()
	root := els[0]
	if root.Attr["role"] != "img" || root.Attr["aria-labelledby"] != f.ID+"-title "+f.ID+"-desc" {
		t.Errorf("root: role %q, aria-labelledby %q", root.Attr["role"], root.Attr["aria-labelledby"])
	}
	if root.Attr["viewBox"] == "" || root.Attr["style"] != "" {
		t.Errorf("root: viewBox %q, style %q", root.Attr["viewBox"], root.Attr["style"])
	}
	titles, descs := named(els, "title"), named(els, "desc")
	if len(titles) == 0 || titles[0].Attr["id"] != f.ID+"-title" || titles[0].Text != f.Title || titles[0].Depth != 1 {
		t.Errorf("first <title>: %+v, want %q as the root's child", titles, f.Title)
	}
	if len(descs) != 1 || descs[0].Attr["id"] != f.ID+"-desc" || descs[0].Text != f.Desc {
		t.Errorf("<desc>: %+v, want %q", descs, f.Desc)
	}
	for _, e := range els {
		if _, ok := e.Attr["style"]; ok {
			t.Errorf("<%s> has a style attribute, which the CSP forbids", e.Name)
		}
	}
}

func bars() *BarChart {
	return &BarChart{Frame: Frame{ID: "by-type", Title: "Reports by scam type", Desc: "Phishing leads with 1,204."},
		Bars: []Bar{{"Phishing & smishing", 1204, "1,204"}, {"Investment <scam>", 602, "602"}, {"Romance scam", 0, "0"}}}
}

func TestBarChart(t *testing.T) {
	c := bars()
	els := parse(t, c.SVG())
	checkAccessible(t, els, c.Frame)
	texts := map[string]bool{}
	for _, e := range named(els, "text") {
		texts[e.Text] = true
	}
	for _, b := range c.Bars {
		if !texts[b.Label] || !texts[b.Text] {
			t.Errorf("bar %q: label or value %q missing from the texts %v", b.Label, b.Text, texts)
		}
	}
	rects := named(els, "rect")
	if len(rects) != len(c.Bars) {
		t.Fatalf("%d bars drawn, want %d", len(rects), len(c.Bars))
	}
	w0, _ := strconv.ParseFloat(rects[0].Attr["width"], 64)
	w1, _ := strconv.ParseFloat(rects[1].Attr["width"], 64)
	if w0 != Width-2*pad-valueRoom || w1 < w0/2-0.1 || w1 > w0/2+0.1 {
		t.Errorf("bar widths %v and %v: the largest fills the room, the half-sized is half", w0, w1)
	}
	for _, r := range rects {
		if r.Attr["x"] != strconv.Itoa(pad) {
			t.Errorf("left-to-right bar starts at x=%s, want %d", r.Attr["x"], pad)
		}
	}
}

// TestBarChartRightToLeft: in Arabic the bars grow from the right edge, the
// labels start there, and each text says its direction, so that the anchor
// means the right-hand edge of Arabic words.
func TestBarChartRightToLeft(t *testing.T) {
	c := bars()
	c.RTL = true
	c.Bars = []Bar{{"التصيد الاحتيالي", 1204, "١٬٢٠٤"}, {"الاحتيال الاستثماري", 602, "٦٠٢"}}
	els := parse(t, c.SVG())
	if els[0].Attr["direction"] != "rtl" {
		t.Errorf("root direction %q", els[0].Attr["direction"])
	}
	for _, e := range named(els, "text") {
		x, _ := strconv.ParseFloat(e.Attr["x"], 64)
		if e.Attr["direction"] != "rtl" || e.Attr["text-anchor"] != "start" {
			t.Errorf("text %q: direction %q anchor %q", e.Text, e.Attr["direction"], e.Attr["text-anchor"])
		}
		if strings.HasPrefix(e.Attr["class"], "chart-label") && x != Width-pad {
			t.Errorf("label %q starts at x=%v, want the right edge %d", e.Text, x, Width-pad)
		}
	}
	for _, r := range named(els, "rect") {
		x, _ := strconv.ParseFloat(r.Attr["x"], 64)
		w, _ := strconv.ParseFloat(r.Attr["width"], 64)
		if end := x + w; end < Width-pad-0.1 || end > Width-pad+0.1 {
			t.Errorf("bar x=%v width=%v ends at %v, want it anchored at the right edge %d", x, w, end, Width-pad)
		}
	}
	svg := string(c.SVG())
	for _, b := range c.Bars {
		if !strings.Contains(svg, b.Label) || !strings.Contains(svg, b.Text) {
			t.Errorf("%q or %q missing", b.Label, b.Text)
		}
	}
}

func lines(rtl bool) *LineChart {
	return &LineChart{Frame: Frame{ID: "weekly", Title: "Checks per week", Desc: "Checks rose.", RTL: rtl},
		Points: []string{"1 Jul", "8 Jul", "15 Jul", "22 Jul"},
		Series: []Series{{"High risk", []int64{5, 40, 12, 0}}, {"No record", []int64{100, 90, 130, 70}}},
		Format: func(n int64) string { return fmt.Sprintf("n=%d", n) }}
}

func TestLineChartCarriesEveryPoint(t *testing.T) {
	c := lines(false)
	els := parse(t, c.SVG())
	checkAccessible(t, els, c.Frame)
	circles := named(els, "circle")
	if len(circles) != 8 {
		t.Fatalf("%d points drawn, want 8", len(circles))
	}
	i := 0
	for _, s := range c.Series {
		for pi, v := range s.Values {
			e := circles[i]
			i++
			if e.Attr["data-value"] != strconv.FormatInt(v, 10) {
				t.Errorf("%s point %d: data-value %q, want %d", s.Name, pi, e.Attr["data-value"], v)
			}
			want := s.Name + ", " + c.Points[pi] + ": " + c.Format(v)
			if !strings.Contains(string(c.SVG()), "<title>"+want+"</title>") {
				t.Errorf("point %q has no title", want)
			}
		}
	}
	if n := len(named(els, "polyline")); n != 2 {
		t.Errorf("%d lines, want 2", n)
	}
	// the first point is at the start (left) side and the last at the end
	x0, _ := strconv.ParseFloat(circles[0].Attr["cx"], 64)
	x3, _ := strconv.ParseFloat(circles[3].Attr["cx"], 64)
	if !(x0 < x3) {
		t.Errorf("left to right: first point at %v, last at %v", x0, x3)
	}
	// the highest value sits at the top of the plot, zero on the axis
	y1, _ := strconv.ParseFloat(circles[6].Attr["cy"], 64) // 130 of "No record"
	yz, _ := strconv.ParseFloat(circles[3].Attr["cy"], 64) // 0 of "High risk"
	if yz != plotTop+plotHeight || y1 >= yz {
		t.Errorf("y of 0: %v, of 130: %v", yz, y1)
	}
}

func TestLineChartRightToLeft(t *testing.T) {
	c := lines(true)
	els := parse(t, c.SVG())
	circles := named(els, "circle")
	x0, _ := strconv.ParseFloat(circles[0].Attr["cx"], 64)
	x3, _ := strconv.ParseFloat(circles[3].Attr["cx"], 64)
	if !(x0 > x3) {
		t.Errorf("right to left: the first week must be at the right, got %v and %v", x0, x3)
	}
	for _, e := range named(els, "text") {
		if e.Attr["direction"] != "rtl" {
			t.Errorf("text %q without direction rtl", e.Text)
		}
	}
}

func TestNiceCeiling(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{{0, 2}, {1, 2}, {2, 2}, {3, 10}, {11, 20}, {130, 200}, {999, 1000}, {2001, 5000}} {
		if got := niceCeiling(tc.in); got != tc.want {
			t.Errorf("niceCeiling(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
