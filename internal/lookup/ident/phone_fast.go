package ident

import (
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

// The fast path below checks numbers written in international form ("+" and
// digits, once separators are dropped), which is what imports and server-side
// checks send almost exclusively, without phonenumbers.Parse and
// IsValidNumber. Those spend most of their ~15 µs on expressions that cannot
// match a string of digits (extensions, punctuation, viability) and on
// building the same pattern strings and cache lookups again for every number.
//
// It mirrors, on the same metadata and with the same regular expressions
// compiled once per calling code, the branches Parse, IsPossibleNumber and
// IsValidNumber take for such input, and it declines (the full parse
// decides) whenever the input could take one it does not mirror: a national
// prefix after the country code, an unknown country code, a length Parse
// refuses. TestFastPhoneMatchesParse and FuzzFastPhone hold it to giving the
// full parse's answer.

// desc is a compiled phonenumbers.PhoneNumberDesc.
type desc struct {
	lengths []int32
	re      *regexp.Regexp
}

func compileDesc(d *phonenumbers.PhoneNumberDesc) desc {
	return desc{lengths: d.GetPossibleLength(), re: regexp.MustCompile("^(?:" + d.GetNationalNumberPattern() + ")$")}
}

// matches is phonenumbers' isNumberMatchingDesc.
func (d desc) matches(nsn string) bool {
	if len(d.lengths) > 0 && !slices.Contains(d.lengths, int32(len(nsn))) {
		return false
	}
	return d.re.MatchString(nsn)
}

// region is one region's metadata, compiled.
type region struct {
	leading *regexp.Regexp // nil when the region has no leading digits
	general desc
	types   []desc // every type but mobile; a match makes a number valid
	mobile  *desc  // nil when mobile numbers share the fixed-line pattern
}

func compileRegion(m *phonenumbers.PhoneMetadata) *region {
	r := &region{general: compileDesc(m.GetGeneralDesc())}
	if ld := m.GetLeadingDigits(); ld != "" {
		r.leading = regexp.MustCompile("^(?:" + ld + ")")
	}
	for _, d := range []*phonenumbers.PhoneNumberDesc{m.GetFixedLine(), m.GetTollFree(), m.GetPremiumRate(),
		m.GetSharedCost(), m.GetVoip(), m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail()} {
		r.types = append(r.types, compileDesc(d))
	}
	if !m.GetSameMobileAndFixedLinePattern() {
		mobile := compileDesc(m.GetMobile())
		r.mobile = &mobile
	}
	return r
}

// valid is getNumberTypeHelper(nsn) != UNKNOWN: the general pattern and
// that of at least one type. The order of the types does not matter here.
func (r *region) valid(nsn string) bool {
	if !r.general.matches(nsn) {
		return false
	}
	if r.mobile != nil && r.mobile.matches(nsn) {
		return true
	}
	for _, d := range r.types {
		if d.matches(nsn) {
			return true
		}
	}
	return false
}

// callingCode is one country calling code, compiled.
type callingCode struct {
	prefix *regexp.Regexp // Parse's national prefix pattern, nil if none
	// Possible lengths of the main region's numbers (IsPossibleNumber);
	// any length from 2 to 17 when anyLength.
	lengths, localLengths []int32
	anyLength             bool
	regions               []*region // in phonenumbers' order, the main region first
}

var (
	codesMu sync.Mutex
	codes   [1000]atomic.Pointer[callingCode] // by calling code, compiled on first use
	meta    map[string][]*phonenumbers.PhoneMetadata
)

// lookupCode returns calling code cc compiled, or nil when phonenumbers does
// not know it. Compiling takes a few milliseconds, so only codes in use are.
func lookupCode(cc int) *callingCode {
	if c := codes[cc].Load(); c != nil {
		return c
	}
	regions := phonenumbers.GetRegionCodesForCountryCode(cc)
	if len(regions) == 0 {
		return nil
	}
	codesMu.Lock()
	defer codesMu.Unlock()
	if c := codes[cc].Load(); c != nil {
		return c
	}
	if meta == nil {
		coll, err := phonenumbers.MetadataCollection()
		if err != nil {
			return nil
		}
		meta = map[string][]*phonenumbers.PhoneMetadata{}
		for _, m := range coll.GetMetadata() {
			meta[m.GetId()] = append(meta[m.GetId()], m) // "001" has one per non-geographic code
		}
	}
	c := &callingCode{}
	for _, id := range regions {
		i := slices.IndexFunc(meta[id], func(m *phonenumbers.PhoneMetadata) bool { return int(m.GetCountryCode()) == cc })
		if i < 0 {
			return nil // not mirrored: its numbers take the full parse
		}
		m := meta[id][i]
		if len(c.regions) == 0 { // the main region: Parse and IsPossibleNumber use its data
			if p := m.GetNationalPrefixForParsing(); p != "" {
				c.prefix = regexp.MustCompile("^(?:" + p + ")")
			}
			g := m.GetGeneralDesc()
			c.anyLength = g.GetNationalNumberPattern() == ""
			c.lengths, c.localLengths = g.GetPossibleLength(), g.GetPossibleLengthLocalOnly()
		}
		c.regions = append(c.regions, compileRegion(m))
	}
	codes[cc].Store(c)
	return c
}

// possible is IsPossibleNumber (testNumberLength for any type).
func (c *callingCode) possible(nsn string) bool {
	n := int32(len(nsn))
	if c.anyLength {
		return n >= phonenumbers.MIN_LENGTH_FOR_NSN && n <= phonenumbers.MAX_LENGTH_FOR_NSN
	}
	if len(c.lengths) == 0 || c.lengths[0] == -1 {
		return false
	}
	return slices.Contains(c.localLengths, n) || slices.Contains(c.lengths, n)
}

// valid is IsValidNumber: the number's region is the first of the code's
// regions whose leading digits, or failing those whose patterns, it matches.
func (c *callingCode) valid(nsn string) bool {
	if len(c.regions) == 1 {
		return c.regions[0].valid(nsn)
	}
	for _, r := range c.regions {
		if r.leading != nil {
			if r.leading.MatchString(nsn) {
				return r.valid(nsn)
			}
		} else if r.valid(nsn) {
			return true
		}
	}
	return false
}

// fastE164 checks "+digits" (digits being ASCII only). decided is false when
// the full parse must answer; otherwise valid is what validPhone("+"+digits)
// reports, and the E.164 form is "+"+digits itself.
func fastE164(digits string) (valid, decided bool) {
	// Parse refuses two digits or fewer after the "+", and country codes
	// never start with 0.
	if len(digits) <= phonenumbers.MIN_LENGTH_FOR_NSN || digits[0] == '0' {
		return false, false
	}
	// Like Parse, take the first 1 to 3 digits that are a calling code.
	var code *callingCode
	n := 1
	for ; n <= phonenumbers.MAX_LENGTH_COUNTRY_CODE && code == nil; n++ {
		cc, _ := strconv.Atoi(digits[:n])
		if phonenumbers.GetSupportedCallingCodes()[cc] {
			if code = lookupCode(cc); code == nil {
				return false, false
			}
		}
	}
	if code == nil {
		return false, false
	}
	nsn := digits[n-1:]
	if len(nsn) < phonenumbers.MIN_LENGTH_FOR_NSN || len(nsn) > phonenumbers.MAX_LENGTH_FOR_NSN ||
		(code.prefix != nil && code.prefix.MatchString(nsn)) { // Parse may strip or rewrite a national prefix
		return false, false
	}
	// Parse keeps leading zeros of the national number (Italy's, say) and
	// Format writes them back, so the national significant number IsValid
	// sees and the E.164 form are the digits as given.
	return code.possible(nsn) && code.valid(nsn), true
}
