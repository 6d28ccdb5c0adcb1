package chart

// Bar is one bar: a label, its value, and the value written in the reader's language.
type Bar struct {
	Label string
	Value int64
	Text  string
}

// BarChart is a horizontal bar chart, one row per bar: the label on a line
// of its own (so that a long name in any script has the whole width), and the
// bar under it with its value at its end.
type BarChart struct {
	Frame
	Bars []Bar
}

const (
	barRow    = 44 // one label line and one bar
	barHeight = 16
	valueRoom = 64 // kept free after the longest bar for its value
)

// SVG draws the chart.
func (b *BarChart) SVG() []byte {
	height := pad*2 + barRow*max(len(b.Bars), 1)
	c := &canvas{}
	c.open(b.Frame, "chart-bar", height)
	var top int64
	for _, bar := range b.Bars {
		top = max(top, bar.Value)
	}
	full := float64(Width - 2*pad - valueRoom)
	for i, bar := range b.Bars {
		y := float64(pad + i*barRow)
		c.text(pad, y+fontSize, "start", "chart-label", bar.Label, fontSize)
		w := 0.0
		if top > 0 {
			w = full * float64(bar.Value) / float64(top)
		}
		w = max(w, 2) // a zero still shows where the bar would start
		c.rect(pad, y+fontSize+6, w, barHeight, "chart-bar-fill", "#1f5f8b")
		c.text(pad+w+6, y+fontSize+6+barHeight-3, "start", "chart-value", bar.Text, fontSize)
	}
	return c.close()
}
