// Command benchgen writes synthetic listings for the import and lookup
// benchmarks: n NDJSON lines of distinct, valid Thai mobile numbers.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	n := flag.Int("n", 1000000, "lines to write")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	types := []string{"investment-scam", "task-scam", "phishing", "official-impersonation"}
	for i := range *n {
		fmt.Fprintf(w, `{"kind": "phone", "value": "+66 8%d %03d %04d", "typologies": ["%s"], "reference": "BENCH-%d"}`+"\n",
			1+i/10000000, (i/10000)%1000, i%10000, types[i%len(types)], i)
	}
}
