package content

import (
	"strings"
	"sync"
	"testing"
)

// TestRendererHTML feeds the renderer what a careless or hostile author could
// type into an alert body. must lists substrings the output must contain,
// mustNot substrings it must never contain (checked case-insensitively).
func TestRendererHTML(t *testing.T) {
	r := NewRenderer()
	tests := []struct {
		name    string
		md      string
		must    []string
		mustNot []string
	}{
		{"script tag", "<script>alert(1)</script>", nil, []string{"<script", "alert(1)"}},
		{"img onerror", "<img src=x onerror=alert(1)>", nil, []string{"<img", "onerror"}},
		{"javascript link", "[x](javascript:alert(1))", []string{"<p>x</p>"}, []string{"javascript:", "<a"}},
		{"javascript link, mixed case", "[x](JaVaScRiPt:alert(1))", []string{"x"}, []string{"javascript:", "<a"}},
		{"javascript autolink", "<javascript:alert(1)>", nil, []string{"href", "<a"}},
		{"data link", "[x](data:text/html,<script>alert(1)</script>)", []string{"x"}, []string{"data:", "<script", "<a"}},
		{"raw iframe", `<iframe src="https://evil.example/"></iframe>`, nil, []string{"<iframe", "evil.example"}},
		{"raw link with onclick", `<a href="http://x" onclick="alert(1)">y</a>`, []string{"y"}, []string{"onclick", "alert", "<a"}},
		{"style attribute", `<b style="position:fixed">b</b>`, []string{"b"}, []string{"style", "position"}},
		{"class attribute via code fence", "```js\nx()\n```", []string{"<pre><code>x()"}, []string{"class"}},
		{"markdown image", "![a](http://tracker/x.png)", []string{"<p>a</p>"}, []string{"<img", "tracker"}},
		{"reference image", "![a][t]\n\n[t]: http://tracker/x.png", []string{"a"}, []string{"<img", "tracker"}},
		{"h1 becomes h2", "# Big heading", []string{"<h2>Big heading</h2>"}, []string{"<h1"}},
		{"lone h3 becomes h2", "### Story", []string{"<h2>Story</h2>"}, []string{"<h3"}},
		{"relative depth kept", "# A\n\n### B\n\n## C", []string{"<h2>A</h2>", "<h4>B</h4>", "<h3>C</h3>"}, []string{"<h1"}},
		{"deep levels capped", "## A\n\n###### F", []string{"<h2>A</h2>", "<h6>F</h6>"}, nil},
		{"https link kept with rel", "[site](https://example.org/a?b=1)",
			[]string{`<a href="https://example.org/a?b=1" rel="nofollow noopener noreferrer">site</a>`}, []string{"target"}},
		{"bare link linkified", "see https://example.org now",
			[]string{`<a href="https://example.org" rel="nofollow noopener noreferrer">`}, nil},
		{"tel link kept", "[call](tel:+6621234567)", []string{`href="tel:+6621234567"`, `rel="nofollow noopener noreferrer"`}, nil},
		{"mailto link kept", "[write](mailto:help@example.org)", []string{`href="mailto:help@example.org"`}, nil},
		{"relative link kept", "[phishing](/en/scams/phishing)", []string{`href="/en/scams/phishing"`}, nil},
		{"ftp link dropped", "[f](ftp://example.org/x)", []string{"f"}, []string{"ftp:", "<a"}},
		{"table", "| a | b |\n|:--|--:|\n| 1 | 2 |", []string{"<table>", `<th align="left">a</th>`, `<td align="right">2</td>`}, []string{"style"}},
		{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}, nil},
		{"emphasis and lists", "*a* **b**\n\n- one\n- two", []string{"<em>a</em>", "<strong>b</strong>", "<li>one</li>"}, nil},
		{"blockquote", "> quoted", []string{"<blockquote>"}, nil},
		{"html comment", "<!-- hidden -->text", nil, []string{"<!--", "hidden"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(r.HTML(tt.md))
			for _, s := range tt.must {
				if !strings.Contains(got, s) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", tt.md, got, s)
				}
			}
			for _, s := range tt.mustNot {
				if strings.Contains(strings.ToLower(got), strings.ToLower(s)) {
					t.Errorf("HTML(%q) = %q, must not contain %q", tt.md, got, s)
				}
			}
		})
	}
}

// TestSanitizerAlone checks the second line of defence on its own: even if
// goldmark one day passed raw HTML through, the policy would still hold.
func TestSanitizerAlone(t *testing.T) {
	s := newSanitizer()
	tests := []struct{ in, want string }{
		{`<p>a<script>alert(1)</script></p>`, `<p>a</p>`},
		{`<img src="http://tracker/x.png" alt="a">`, ``},
		{`<iframe src="https://x"></iframe>`, ``},
		{`<a href="http://x" onclick="alert(1)" target="_blank">y</a>`, `<a href="http://x" rel="nofollow noreferrer">y</a>`},
		{`<a href="javascript:alert(1)">y</a>`, `y`},
		{`<a href="data:text/html;base64,PHNjcmlwdD4=">y</a>`, `y`},
		{`<p style="color:red" class="warn">t</p>`, `<p>t</p>`},
		{`<h1>t</h1><h2>u</h2>`, `t<h2>u</h2>`}, // h1 belongs to the page template
		{`<td align="left" style="x">c</td>`, `<td align="left">c</td>`},
		{`<form action="/x"><input name="p"></form>`, ``},
	}
	for _, tt := range tests {
		if got := s.sanitize([]byte(tt.in)); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRendererText(t *testing.T) {
	r := NewRenderer()
	tests := []struct{ md, want string }{
		{"# Title\n\nSome **bold** and _em_ text.", "Title Some bold and em text."},
		{"[the bank's site](https://bank.example) or <https://x.example>", "the bank's site or https://x.example"},
		{"- one\n- two\n\n1. three", "one two three"},
		{"line one\nline two  \nline three", "line one line two line three"},
		{"Use `code` and ~~strike~~", "Use code and strike"},
		{"Fish &amp; chips \\*not emphasis\\*", "Fish & chips *not emphasis*"},
		{"<b>raw</b> html <script>x</script>", "raw html x"},
		{"![alt text](http://tracker/x.png)", "alt text"},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"},
		{"   \n\n  ", ""},
	}
	for _, tt := range tests {
		if got := r.Text(tt.md); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.md, got, tt.want)
		}
	}
}

// TestRendererConcurrent lets the race detector check that one Renderer can
// serve every request handler at once.
func TestRendererConcurrent(t *testing.T) {
	r := NewRenderer()
	const md = "# T\n\n[a](https://example.org) ![i](http://x/y.png) **b**"
	want := r.HTML(md)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 50 {
				if got := r.HTML(md); got != want {
					t.Errorf("concurrent HTML = %q, want %q", got, want)
				}
				_ = r.Text(md)
			}
		})
	}
	wg.Wait()
}
