package alerts

import (
	"strconv"

	"github.com/antifraud-alliance/beacon/internal/iso3166"
)

func itoa(i int) string { return strconv.Itoa(i) }

func isCountry(s string) bool { return iso3166.Valid(s) }
