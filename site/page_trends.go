package site

import (
	"context"
	"errors"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// PublicTrends is what the pages need of the trend-report domain.
type PublicTrends interface {
	Public(ctx context.Context, slug string) (*trends.Report, error)
	PublicList(ctx context.Context, cursor string, limit int) ([]*trends.Report, string, error)
	Latest(ctx context.Context) (*trends.Report, error)
	Data(ctx context.Context, r *trends.Report) (*trends.Data, error)
}

// trendCard is a report as lists show it, in the reader's language or English.
type trendCard struct {
	Slug, Title, Summary, TextLang string
	Fallback, Withdrawn            bool
	From, To, Published            time.Time
}

func trendCardOf(r *trends.Report, lang string) trendCard {
	tr, used, ok := r.Translation(lang)
	from, _ := trends.ParseDay(r.From)
	to, _ := trends.ParseDay(r.To)
	return trendCard{Slug: r.Slug, Title: tr.Title, Summary: tr.Summary, TextLang: used, Fallback: !ok,
		Withdrawn: r.Status == workflow.StatusRetracted, From: from, To: to, Published: *r.PublishedAt}
}

type trendListData struct {
	Cards []trendCard
	Next  string
}

func (w *web) trendsPage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("trends-title"), v.T("trends-lede"), "trends"
	d := trendListData{}
	if w.trends != nil {
		list, next, err := w.trends.PublicList(c.UserContext(), c.Query("cursor"), 20)
		var ve *trends.ValidationError
		if errors.As(err, &ve) {
			return "", fiber.NewError(fiber.StatusBadRequest, ve.Error())
		}
		if err != nil {
			return "", err
		}
		for _, r := range list {
			d.Cards = append(d.Cards, trendCardOf(r, v.Lang))
		}
		d.Next = next
	}
	v.NoIndex, v.Data = c.Query("cursor") != "", d
	return "trends", nil
}

type trendPageData struct {
	Card    trendCard
	Report  *trends.Report
	Body    template.HTML
	Updated *time.Time
	Charts  *trendCharts
	CSV     string // where the data can be downloaded
}

func (w *web) trendPage(c *fiber.Ctx, v *view) (string, error) {
	if w.trends == nil {
		return "", fiber.ErrNotFound
	}
	r, err := w.trends.Public(c.UserContext(), c.Params("slug"))
	if errors.Is(err, workflow.ErrNotFound) {
		return "", fiber.ErrNotFound
	}
	if err != nil {
		return "", err
	}
	data, err := w.trends.Data(c.UserContext(), r)
	if err != nil {
		return "", err
	}
	tr, _, _ := r.Translation(v.Lang)
	d := trendPageData{Card: trendCardOf(r, v.Lang), Report: r, Body: w.md.HTML(tr.Body), Updated: r.RevisedAt,
		Charts: chartsFor(v, data, "trend"), CSV: "/api/v1/public/trends/" + r.Slug + "/data.csv"}
	v.Title, v.Desc, v.Nav, v.Data = tr.Title, tr.Summary, "trends", d
	return "trend", nil
}

// homeTrend is the latest report's headline chart, for the home page.
type homeTrend struct {
	Card   trendCard
	Charts *trendCharts
}

// latestTrend returns the home page's trend section, nil when no report is published.
func (w *web) latestTrend(ctx context.Context, v *view) (*homeTrend, error) {
	if w.trends == nil {
		return nil, nil
	}
	r, err := w.trends.Latest(ctx)
	if err != nil || r == nil {
		return nil, err
	}
	data, err := w.trends.Data(ctx, r)
	if err != nil {
		return nil, err
	}
	return &homeTrend{Card: trendCardOf(r, v.Lang), Charts: chartsFor(v, data, "home-trend")}, nil
}

type trendCardCtx struct {
	V   *view
	C   trendCard
	Top bool // the card's title is an h2 (the list sits right under the h1), not an h3
}

// TrendCard pairs a report card with the view, for the trendcard partial.
func (v *view) TrendCard(c trendCard, top bool) trendCardCtx {
	return trendCardCtx{V: v, C: c, Top: top}
}

type tableCtx struct {
	Caption string
	Heads   []string
	Rows    []row
	Sub     bool // the rows have a second label column
}

// Table is a data table for the datatable partial: heads name the label
// column(s) and the count column.
func (v *view) Table(caption string, rows []row, heads ...string) tableCtx {
	return tableCtx{Caption: caption, Heads: heads, Rows: rows, Sub: len(heads) > 2}
}
