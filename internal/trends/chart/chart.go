// Package chart draws the charts of trend reports as SVG, on the server: no
// script, no charting library in the browser. A chart is drawn for a phone
// first (a 360-unit-wide viewBox, so text keeps its size on a 360 px screen,
// and it scales up on wider ones), mirrored for right-to-left languages, and
// styled only with presentation attributes and classes, since the site's CSP
// forbids style attributes. Every chart is an image with a title and a
// description (role="img", aria-labelledby); the page puts the same numbers
// in an HTML table beside it for everyone who cannot see it.
//
// Labels and numbers arrive already in the reader's language: this package
// only places them.
package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

// Width is the width of every chart's viewBox, in user units. At a 360 px
// wide phone screen a unit is about a CSS pixel.
const Width = 360

const (
	pad      = 8  // margin at the sides
	fontSize = 14 // labels
	small    = 12 // axis ticks and legends
)

// Frame is what every chart has: an id unique in its page (the ids of its
// title and description derive from it), its title and description, and the
// direction of its language.
type Frame struct {
	ID    string
	Title string
	Desc  string
	RTL   bool
}

// canvas writes one SVG document.
type canvas struct {
	buf bytes.Buffer
	rtl bool
}

// open starts the SVG with its accessible name and description.
func (c *canvas) open(f Frame, class string, height int) {
	c.rtl = f.RTL
	dir := "ltr"
	if f.RTL {
		dir = "rtl"
	}
	fmt.Fprintf(&c.buf, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %d %d" width="%d" height="%d" direction="%s" font-size="%d">`,
		class, esc(f.ID), esc(f.ID), Width, height, Width, height, dir, fontSize)
	fmt.Fprintf(&c.buf, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(f.ID), esc(f.Title), esc(f.ID), esc(f.Desc))
}

func (c *canvas) close() []byte {
	c.buf.WriteString("</svg>")
	return c.buf.Bytes()
}

// x mirrors a distance from the start side into a coordinate: from the left
// in left-to-right languages, from the right in right-to-left ones.
func (c *canvas) x(fromStart float64) float64 {
	if c.rtl {
		return Width - fromStart
	}
	return fromStart
}

// text writes a label whose logical start (end, with anchor "end") is at
// fromStart from the start side. With direction set on the text itself, the
// anchor means the same edge of the words whatever their script.
func (c *canvas) text(fromStart, y float64, anchor, class, s string, size int) {
	dir := "ltr"
	if c.rtl {
		dir = "rtl"
	}
	fmt.Fprintf(&c.buf, `<text x="%s" y="%s" text-anchor="%s" direction="%s" font-size="%d" class="%s">%s</text>`,
		num(c.x(fromStart)), num(y), anchor, dir, size, class, esc(s))
}

// rect writes a rectangle that spans [from, from+w] from the start side.
func (c *canvas) rect(from, y, w, h float64, class, fill string) {
	x := c.x(from)
	if c.rtl {
		x -= w
	}
	fmt.Fprintf(&c.buf, `<rect x="%s" y="%s" width="%s" height="%s" class="%s" fill="%s"/>`, num(x), num(y), num(w), num(h), class, fill)
}

// esc escapes text for XML.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes to memory: cannot fail
	return b.String()
}

// num writes a coordinate with at most one decimal.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
