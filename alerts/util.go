package alerts

import (
	"sort"
	"strconv"

	"github.com/antifraud-alliance/beacon/internal/iso3166"
)

func itoa(i int) string { return strconv.Itoa(i) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func addUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func isCountry(s string) bool { return iso3166.Valid(s) }
