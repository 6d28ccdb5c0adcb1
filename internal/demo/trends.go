package demo

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// TrendStore is what the demo trend report needs: reports, the data they
// count, and the citizen reports and checks it adds to that data.
type TrendStore interface {
	trends.Store
	trends.Counter
	lookup.Store
}

// trendWeeks is the demo report's period: twelve whole weeks up to yesterday.
const trendWeeks = 12

// demoShares says how often each scam is reported in the demo, per country:
// weights that a deterministic walk turns into reports over the period, with
// phishing and investment scams rising week by week.
var demoShares = []struct {
	typology, country string
	weight            int
	rising            bool
}{
	{"phishing", "TH", 3, true}, {"investment-scam", "MY", 2, true}, {"parcel-scam", "VN", 2, false},
	{"task-scam", "PH", 2, false}, {"official-impersonation", "TH", 1, false}, {"romance-scam", "ID", 1, false},
	{"loan-scam", "KH", 1, false}, {"phishing", "SG", 1, false},
}

// LoadTrends adds a published demo trend report with data to count: citizen
// reports accepted over its twelve weeks and the daily counts of checks,
// unless the store already holds a trend report. Everything goes through the
// real services, on clocks set to when the demo says it happened.
func LoadTrends(ctx context.Context, st TrendStore, log *slog.Logger) error {
	existing, err := st.ListTrends(ctx, workflow.ListQuery{Limit: 1})
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		log.Info("demo: the store already has trend reports; demo report not added")
		return nil
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	from := today.AddDate(0, 0, -7*trendWeeks)
	n, err := demoReports(ctx, st, from)
	if err != nil {
		return err
	}
	if err := st.AddLookupCounts(ctx, demoChecks(from)); err != nil {
		return fmt.Errorf("demo lookup counts: %w", err)
	}
	clock := today.Add(-2 * time.Hour)
	svc := trends.NewService(st, st, trends.Options{Now: func() time.Time { return clock }})
	author := workflow.Actor{ID: "demo-author-TH", Name: "Demo author (TH)", Role: auth.RoleAuthor, Agency: "TH"}
	reviewer := workflow.Actor{ID: "demo-reviewer", Name: "Demo reviewer", Role: auth.RoleReviewer, Agency: "TH"}
	r, err := svc.Create(ctx, author, trends.Content{From: from.Format(time.DateOnly),
		To: today.AddDate(0, 0, -1).Format(time.DateOnly), Translations: demoTrendText})
	if err != nil {
		return fmt.Errorf("demo trend report: %w", err)
	}
	if _, err := svc.Submit(ctx, author, r.ID, 0); err != nil {
		return fmt.Errorf("demo trend report: %w", err)
	}
	clock = clock.Add(time.Hour)
	if _, err := svc.Approve(ctx, reviewer, r.ID, 0); err != nil {
		return fmt.Errorf("demo trend report: %w", err)
	}
	log.Info("demo: added a demo trend report", "slug", r.Slug, "reports", n)
	return nil
}

// demoReports submits and accepts citizen reports spread over the period;
// each names a made-up website, so each also lists one.
func demoReports(ctx context.Context, st lookup.Store, from time.Time) (int, error) {
	clock := from
	lk := lookup.NewService(st, lookup.Config{Now: func() time.Time { return clock }})
	moderator := audit.Entry{Actor: "demo", ActorName: "Demo moderator"}
	n := 0
	for week := range trendWeeks {
		for si, s := range demoShares {
			count := s.weight
			if s.rising {
				count += s.weight * week / 4
			}
			for i := range count {
				clock = from.AddDate(0, 0, 7*week+(i+si)%7).Add(time.Duration(9+i%8) * time.Hour)
				r, err := lk.Submit(ctx, lookup.ReportInput{Kind: "url", Country: s.country, Typology: s.typology,
					Value:       fmt.Sprintf("https://%s-%d-%d.demo.example/pay", s.typology, week, i),
					Description: "[DEMO] A made-up report for the demonstration trend report."})
				if err != nil {
					return n, fmt.Errorf("demo report: %w", err)
				}
				if _, err := lk.Accept(ctx, moderator, r.ID, "demo"); err != nil {
					return n, fmt.Errorf("demo report: %w", err)
				}
				n++
			}
		}
	}
	return n, nil
}

// demoChecks makes the daily counts of checks of the period: a weekly rhythm
// (fewer at weekends) and more high-risk answers as the weeks go by.
func demoChecks(from time.Time) []lookup.Count {
	var out []lookup.Count
	for d := range 7 * trendWeeks {
		day := from.AddDate(0, 0, d)
		base := int64(120 + 15*(d%7))
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			base /= 2
		}
		out = append(out,
			lookup.Count{Day: day.Format(time.DateOnly), Kind: "phone", Verdict: string(lookup.VerdictNoRecord), N: base},
			lookup.Count{Day: day.Format(time.DateOnly), Kind: "phone", Verdict: string(lookup.VerdictHighRisk), N: base/6 + int64(d/2)},
			lookup.Count{Day: day.Format(time.DateOnly), Kind: "url", Verdict: string(lookup.VerdictSuspicious), N: base/10 + int64(d/7)},
			lookup.Count{Day: day.Format(time.DateOnly), Kind: "phone", Verdict: string(lookup.VerdictOfficial), N: base / 12})
	}
	return out
}

// demoTrendText is the demo report's text, in English, Thai and Arabic (the
// other languages fall back to English, with the note that says so).
var demoTrendText = map[string]trends.Translation{
	"en": {Title: "[DEMO] Scams reported in the last twelve weeks",
		Summary: "Phishing and investment scams rose week after week; checks found more high-risk numbers and sites.",
		Body: "This is a **demonstration** report with made-up data.\n\n" +
			"Reports of phishing in Thailand and of investment scams in Malaysia grew every week of the period. " +
			"Before you click a link or pay, check the number or site on Beacon.\n\n" +
			"- Never share a one-time code.\n- Real investments do not promise fixed high returns."},
	"th": {Title: "[DEMO] มิจฉาชีพที่ถูกแจ้งในสิบสองสัปดาห์ที่ผ่านมา",
		Summary: "ฟิชชิงและการหลอกลงทุนเพิ่มขึ้นทุกสัปดาห์ การตรวจสอบพบเบอร์และเว็บไซต์เสี่ยงสูงมากขึ้น",
		Body:    "นี่คือรายงาน**สาธิต**ที่ใช้ข้อมูลสมมติ\n\nก่อนกดลิงก์หรือโอนเงิน ให้ตรวจสอบเบอร์หรือเว็บไซต์บน Beacon ก่อนทุกครั้ง"},
	"ar": {Title: "[DEMO] عمليات الاحتيال المُبلغ عنها في الأسابيع الاثني عشر الماضية",
		Summary: "ازداد التصيد الاحتيالي والاحتيال الاستثماري أسبوعًا بعد أسبوع، ووجدت عمليات التحقق مزيدًا من الأرقام والمواقع عالية الخطورة.",
		Body:    "هذا تقرير **تجريبي** ببيانات مختلقة.\n\nقبل أن تنقر رابطًا أو تدفع، تحقّق من الرقم أو الموقع على Beacon."},
}
