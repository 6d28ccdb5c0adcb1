package feeds

import "github.com/antifraud-alliance/beacon/alerts"

// capLevels are the CAP 1.2 <info> values one Beacon severity maps to.
type capLevels struct {
	Severity     string // CAP severity: Extreme, Severe, Moderate, Minor, Unknown
	Urgency      string // CAP urgency: Immediate, Expected, Future, Past, Unknown
	ResponseType string // CAP responseType, the action recommended to the public
}

// capMapping is the one table from Beacon's alert severity to CAP. The
// reasoning, row by row, using the definitions of CAP 1.2 section 3.2.2:
//
//	Beacon     severity  urgency    responseType
//	critical   Extreme   Immediate  Avoid    people are being defrauded now, at scale: act at once
//	warning    Severe    Expected   Avoid    an active campaign is likely to reach the reader soon
//	advisory   Moderate  Future     Avoid    a scam to watch out for in the near future
//	info       Minor     Future     Monitor  background on a trend; keep informed
//
// info is Future, not Past: CAP's Past means "responsive action is no
// longer required", which is what a Cancel says (cancelLevels), not an
// alert that is still in force. Avoid is "avoid the subject event as per the
// <instruction>", which is exactly what the instruction (the explainer's
// what-to-do list) asks; Monitor, "attend to information sources", fits the
// informational level, where nothing specific is to be avoided yet.
//
// certainty is always Observed (capCertainty): every published alert was
// written by an agency from reports of scams that happened and approved by a
// second person (the four-eyes rule), so the event is "determined to have
// occurred or to be ongoing".
var capMapping = map[alerts.Severity]capLevels{
	alerts.SeverityCritical: {Severity: "Extreme", Urgency: "Immediate", ResponseType: "Avoid"},
	alerts.SeverityWarning:  {Severity: "Severe", Urgency: "Expected", ResponseType: "Avoid"},
	alerts.SeverityAdvisory: {Severity: "Moderate", Urgency: "Future", ResponseType: "Avoid"},
	alerts.SeverityInfo:     {Severity: "Minor", Urgency: "Future", ResponseType: "Monitor"},
}

// unknownLevels is used for a severity the table lacks (never for valid alerts).
var unknownLevels = capLevels{Severity: "Unknown", Urgency: "Unknown", ResponseType: "Monitor"}

// Fixed CAP values.
const (
	capNamespace = "urn:oasis:names:tc:emergency:cap:1.2"
	capStatus    = "Actual"   // never Test or Exercise: only real, published alerts become CAP
	capScope     = "Public"   // everything Beacon publishes is for everyone
	capCategory  = "Security" // fraud is crime: "law enforcement, military, homeland and local/private security"
	capCertainty = "Observed"
	// capCancelUrgency and capCancelResponse replace the table's values in a
	// Cancel: responsive action is no longer required (Past), and no action
	// is recommended (None). None rather than AllClear, because a retraction
	// may mean the alert was mistaken, not that a real threat has passed.
	capCancelUrgency  = "Past"
	capCancelResponse = "None"
	// capTypologyCode names the <eventCode> carrying Beacon's typology slug,
	// the machine-readable counterpart of the localised <event>.
	capTypologyCode = "beacon-typology"
	// capGeocode names the <geocode> of each country.
	capGeocode = "ISO 3166-1 alpha-2"
)

// levels returns the CAP values for a, adjusted for a Cancel.
func levels(a *alerts.Alert, cancel bool) capLevels {
	l, ok := capMapping[a.Severity]
	if !ok {
		l = unknownLevels
	}
	if cancel {
		l.Urgency, l.ResponseType = capCancelUrgency, capCancelResponse
	}
	return l
}
