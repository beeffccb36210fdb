package sqlite

import "strings"

// rowChunks splits n rows written together into statements of a power of
// two rows each, largest first (100 is 64 + 32 + 4), at most 128: a handful
// of distinct statements for any n, each prepared once per connection
// (stmtcache.go), and far from SQLite's limit on parameters.
func rowChunks(n int) []int {
	var out []int
	for size := 128; n > 0; size /= 2 {
		for n >= size {
			out = append(out, size)
			n -= size
		}
	}
	return out
}

// valueRows is the VALUES list of n rows of cols parameters each.
func valueRows(n, cols int) string {
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	var b strings.Builder
	b.Grow(n * (len(row) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}
