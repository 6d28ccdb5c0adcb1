// Command benchfloor is the floor of the HTTP benchmarks: a Fiber app with
// Beacon's server settings that answers every GET with one constant body, so a
// benchmark can compare Beacon's answer with the fastest answer of the same
// size on the same machine in the same run.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/site"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "address to listen on")
	bodyFile := flag.String("body", "", "file whose bytes every answer carries")
	ctype := flag.String("type", fiber.MIMEApplicationJSON, "Content-Type of the answer")
	flag.Parse()
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		log.Fatal(err)
	}
	app := fiber.New(site.ServerConfig())
	app.Get("/*", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, *ctype)
		return c.Send(body)
	})
	log.Fatal(app.Listen(*addr))
}
