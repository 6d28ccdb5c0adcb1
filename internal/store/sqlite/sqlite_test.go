package sqlite_test

import (
	"testing"

	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

func TestConformance(t *testing.T) { storetest.Run(t, storetest.SQLite) }
