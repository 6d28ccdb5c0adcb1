package valid

import (
	"errors"
	"testing"
)

func TestErrors(t *testing.T) {
	e := &Errors{What: "report"}
	if e.Err() != nil {
		t.Fatal("no fields added, yet Err is not nil")
	}
	e.Add("country", "must be %s", "ISO")
	e.Add("value", "is required")
	err := e.Err()
	var got *Errors
	if !errors.As(err, &got) || len(got.Fields) != 2 || err.Error() != "invalid report: country: must be ISO; value: is required" {
		t.Errorf("Errors: %v", err)
	}
	if err := Field("listing", "reason", "is required"); !errors.As(err, &got) || got.Fields[0].Field != "reason" {
		t.Errorf("Field: %v", err)
	}
}
