package ident

import (
	"testing"
	"unicode"
)

func TestPhone(t *testing.T) {
	runTable(t, Phone, []tc{
		// Thailand: Bangkok landline and mobile, in every shape people write.
		{in: "02-123-4567", region: "TH", want: "+6621234567"},
		{in: "+66 2 123 4567", want: "+6621234567"},
		{in: "+66 (0)2-123-4567", want: "+6621234567"},
		{in: "tel:+66-2-123-4567", want: "+6621234567"},
		{in: "TEL:+66-2-123-4567;ext=12", want: "+6621234567"},
		{in: "081-234-5678", region: "TH", want: "+66812345678"},
		{in: "081.234.5678", region: "TH", want: "+66812345678"},
		{in: "0066 81 234 5678", want: "+66812345678"},
		{in: "0066812345678", region: "TH", want: "+66812345678"},
		{in: "０８１２３４５６７８", region: "TH", want: "+66812345678"}, // full-width
		{in: "+６６ ８１ ２３４ ５６７８", want: "+66812345678"},
		{in: "๐๘๑-๒๓๔-๕๖๗๘", region: "TH", want: "+66812345678"}, // Thai digits
		// Malaysia, Singapore, Philippines, Vietnam, Indonesia.
		{in: "012-345 6789", region: "MY", want: "+60123456789"},
		{in: "03-2161 1234", region: "MY", want: "+60321611234"},
		{in: "6123 4567", region: "SG", want: "+6561234567"},
		{in: "+65 8123 4567", region: "TH", want: "+6581234567"},
		{in: "0917 123 4567", region: "PH", want: "+639171234567"},
		{in: "(02) 8123 4567", region: "PH", want: "+63281234567"},
		{in: "091 234 56 78", region: "VN", want: "+84912345678"},
		{in: "024 3825 1234", region: "VN", want: "+842438251234"},
		{in: "0812-3456-7890", region: "ID", want: "+6281234567890"},
		{in: "+62 21 5798 1234", want: "+622157981234"},
		// Cambodia, Laos, Myanmar, with their own digits too.
		{in: "012 345 678", region: "KH", want: "+85512345678"},
		{in: "០១២ ៣៤៥ ៦៧៨", region: "KH", want: "+85512345678"}, // Khmer digits
		{in: "020 5551 2345", region: "LA", want: "+8562055512345"},
		{in: "+856 20 5551 2345", want: "+8562055512345"},
		{in: "09 212 3456", region: "MM", want: "+9592123456"},
		{in: "၀၉ ၂၁၂ ၃၄၅၆", region: "MM", want: "+9592123456"}, // Myanmar digits
		{in: "09 420 123 456", region: "MM", want: "+959420123456"},
		// China, UK, US, France, Brazil, India, UAE.
		{in: "138 0013 8000", region: "CN", want: "+8613800138000"},
		{in: "010-1234-5678", region: "CN", want: "+861012345678"},
		{in: "020 7946 0018", region: "GB", want: "+442079460018"},
		{in: "+44 (0) 20 7946 0018", region: "TH", want: "+442079460018"},
		{in: "07911 123456", region: "GB", want: "+447911123456"},
		{in: "(650) 253-0000", region: "US", want: "+16502530000"},
		{in: "+1 650-253-0000", want: "+16502530000"},
		{in: "011 44 20 7946 0018", region: "US", want: "+442079460018"}, // US international prefix
		{in: "01 42 68 53 00", region: "FR", want: "+33142685300"},
		{in: "+33 6 12 34 56 78", want: "+33612345678"},
		{in: "(11) 91234-5678", region: "BR", want: "+5511912345678"},
		{in: "098765 43210", region: "IN", want: "+919876543210"},
		{in: "+91 98765 43210", want: "+919876543210"},
		{in: "050 123 4567", region: "AE", want: "+971501234567"},
		{in: "٠٥٠ ١٢٣ ٤٥٦٧", region: "AE", want: "+971501234567"},     // Arabic-Indic digits
		{in: "۰۵۰۱۲۳۴۵۶۷", region: "AE", want: "+971501234567"},       // Extended (Persian) digits
		{in: "  +66 2 123 4567  ", region: "th", want: "+6621234567"}, // region case

		// Refused.
		{in: "123", region: "TH", code: CodePhoneInvalid},
		{in: "02-123", region: "TH", code: CodePhoneInvalid},
		{in: "+66 12", code: CodePhoneInvalid},
		{in: "+66 2 123 4567 8901 2345", code: CodePhoneInvalid},
		{in: "+999 1234 5678", code: CodePhoneInvalid},  // no such country code
		{in: "+66 0 0000 0000", code: CodePhoneInvalid}, // unassigned range
		{in: "0812345x78", region: "TH", code: CodePhoneInvalid},
		{in: "+1 800 FLOWERS", code: CodePhoneInvalid},
		{in: "call me", region: "TH", code: CodePhoneInvalid},
		{in: "+66+812345678", code: CodePhoneInvalid},
		{in: "081234567+8", region: "TH", code: CodePhoneInvalid},
		{in: "081*234#5678", region: "TH", code: CodePhoneInvalid},
		{in: "081-234-5678", code: CodePhoneNeedsCountry},
		{in: "66 81 234 5678", code: CodePhoneNeedsCountry},
		{in: "081-234-5678", region: "ZZ", code: CodePhoneNeedsCountry},
	})
}

// TestNdRangesAreDecimalRuns checks what normalizeDigits relies on: every
// range of unicode.Nd is a stride-1 sequence of whole zero-to-nine runs.
func TestNdRangesAreDecimalRuns(t *testing.T) {
	check := func(lo, hi, stride uint32) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("Nd range %U-%U stride %d is not whole decimal runs", lo, hi, stride)
		}
	}
	for _, r := range unicode.Nd.R16 {
		check(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Nd.R32 {
		check(r.Lo, r.Hi, r.Stride)
	}
}

func TestNormalizeDigits(t *testing.T) {
	for in, want := range map[string]string{
		"0123456789": "0123456789",
		"٠١٢٣٤٥٦٧٨٩": "0123456789", // Arabic-Indic
		"๐๑๒๓๔๕๖๗๘๙": "0123456789", // Thai
		"໐໑໒໓໔໕໖໗໘໙": "0123456789", // Lao
		"०१२३४५६७८९": "0123456789", // Devanagari
		"𝟎𝟏𝟐":        "012",        // mathematical bold, outside the BMP
		"a-٣ b":      "a-3 b",
		"Ⅻ½":         "Ⅻ½", // numbers, but not decimal digits
	} {
		if got := normalizeDigits(in); got != want {
			t.Errorf("normalizeDigits(%q) = %q, want %q", in, got, want)
		}
	}
}
