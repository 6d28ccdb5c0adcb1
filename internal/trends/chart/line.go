package chart

import (
	"fmt"
	"strings"
)

// Series is one line: a name for the legend and a value for each point.
type Series struct {
	Name   string
	Values []int64
}

// LineChart draws series over the same points (e.g. weeks), first point at
// the start side. Values are labelled through Format, in the reader's language.
type LineChart struct {
	Frame
	Points []string // the label of each point, e.g. the week's first day
	Series []Series
	Format func(int64) string
}

const (
	plotTop    = 12
	plotHeight = 150
	axisRoom   = 48 // at the start side, for the value ticks
	legendRow  = 20
)

// strokes tell the series apart in colour and, for print and for readers who
// do not tell these colours apart, in dash pattern.
var strokes = []struct{ colour, dash string }{
	{"#a4001d", ""}, {"#6b4e00", "6 3"}, {"#1f5f8b", "2 3"}, {"#4a5563", "8 3 2 3"},
}

// SVG draws the chart.
func (l *LineChart) SVG() []byte {
	height := plotTop + plotHeight + 24 + legendRow*len(l.Series) + pad
	c := &canvas{}
	c.open(l.Frame, "chart-line", height)
	top := niceCeiling(l.top())
	plotW := float64(Width - axisRoom - 2*pad)
	left := float64(pad + axisRoom)
	bottom := float64(plotTop + plotHeight)
	// Axis and ticks: zero, half and the top.
	for _, v := range []int64{0, top / 2, top} {
		y := bottom - float64(plotHeight)*float64(v)/float64(top)
		c.rect(left, y, plotW, 1, "chart-grid", "#cfd8e3")
		c.text(left-6, y+4, "end", "chart-tick", l.Format(v), small)
	}
	xAt := func(i int) float64 {
		if len(l.Points) <= 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(len(l.Points)-1)
	}
	// The first and last points are labelled under the axis; the table
	// beside the chart names every one.
	for _, i := range labelled(len(l.Points)) {
		anchor := "start"
		if i > 0 {
			anchor = "end"
		}
		c.text(xAt(i), bottom+18, anchor, "chart-tick", l.Points[i], small)
	}
	for si, s := range l.Series {
		st := strokes[si%len(strokes)]
		var path []string
		for i, v := range s.Values {
			path = append(path, num(c.x(xAt(i)))+","+num(bottom-float64(plotHeight)*float64(v)/float64(top)))
		}
		dash := ""
		if st.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, st.dash)
		}
		fmt.Fprintf(&c.buf, `<polyline class="chart-series chart-series-%d" fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`,
			si, st.colour, dash, strings.Join(path, " "))
		for i, v := range s.Values {
			fmt.Fprintf(&c.buf, `<circle class="chart-point" cx="%s" cy="%s" r="3" fill="%s" data-value="%d"><title>%s</title></circle>`,
				num(c.x(xAt(i))), num(bottom-float64(plotHeight)*float64(v)/float64(top)), st.colour, v,
				esc(s.Name+", "+l.Points[i]+": "+l.Format(v)))
		}
		y := bottom + 24 + float64(legendRow*si)
		fmt.Fprintf(&c.buf, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"%s/>`,
			num(c.x(pad)), num(y+10), num(c.x(pad+24)), num(y+10), st.colour, dash)
		c.text(pad+30, y+14, "start", "chart-legend", s.Name, small)
	}
	return c.close()
}

func (l *LineChart) top() int64 {
	var top int64
	for _, s := range l.Series {
		for _, v := range s.Values {
			top = max(top, v)
		}
	}
	return top
}

// labelled picks the points labelled under the axis: the first and the
// last, as wide dates in any language fit no more on a phone.
func labelled(n int) []int {
	switch n {
	case 0:
		return nil
	case 1:
		return []int{0}
	}
	return []int{0, n - 1}
}

// niceCeiling rounds v up to 1, 2 or 5 times a power of ten (at least 1),
// so the ticks are round numbers.
func niceCeiling(v int64) int64 {
	if v <= 1 {
		return 2
	}
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= v && (m*p)%2 == 0 {
				return m * p
			}
		}
	}
}
