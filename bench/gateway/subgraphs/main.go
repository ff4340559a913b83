// The four subgraphs of `npm run bench:gateway` (accounts, inventory, products, reviews) in one
// process, one port each. They answer the gateway's real operations, `_entities` with
// representations included, from constant data: the benchmark measures the gateway, so what sits
// behind it has to cost as little as a real GraphQL server can.
package main

import (
	"context"
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
)

//go:embed *.graphql
var sdlFiles embed.FS

// Federation directives and `extend schema @link(...)` mean nothing to the executor: they are
// what composition reads (served as-is by `_service`), so the executable schema goes without them.
var (
	linkLine  = regexp.MustCompile(`(?m)^extend schema @link\(.*\)\s*$`)
	directive = regexp.MustCompile(`\s@(key|shareable|external|requires|provides)\([^)]*\)|\s@(shareable|external)\b`)
)

// executableSchema is the subgraph's SDL plus what the federation spec asks of a subgraph.
func executableSchema(sdl string, entities []string) string {
	body := directive.ReplaceAllString(linkLine.ReplaceAllString(sdl, ""), "")
	federation := "  _entities(representations: [_Any!]!): [_Entity]!\n  _service: _Service!\n"
	if strings.Contains(body, "type Query {") {
		body = strings.Replace(body, "type Query {\n", "type Query {\n"+federation, 1)
	} else {
		body += "\ntype Query {\n" + federation + "}\n"
	}
	return "schema { query: Query }\nscalar _Any\ntype _Service { sdl: String }\nunion _Entity = " + strings.Join(entities, " | ") + "\n" + body
}

// representation is one `_Any` of `_entities`: `__typename` and the key (and required) fields.
type representation map[string]any

func (representation) ImplementsGraphQLType(name string) bool { return name == "_Any" }

func (r *representation) UnmarshalGraphQL(input any) error {
	fields, ok := input.(map[string]any)
	if !ok {
		return fmt.Errorf("_Any must be an object, got %T", input)
	}
	*r = fields
	return nil
}

func (r representation) typename() string { return r.text("__typename") }

func (r representation) text(name string) string {
	value, _ := r[name].(string)
	return value
}

func (r representation) integer(name string) *int32 {
	switch value := r[name].(type) {
	case float64:
		n := int32(value)
		return &n
	case json.Number:
		n, err := value.Int64()
		if err != nil {
			return nil
		}
		m := int32(n)
		return &m
	}
	return nil
}

type service struct{ sdl string }

func (s service) Sdl() *string { return &s.sdl }

type entitiesArgs struct{ Representations []representation }

func text(s string) *string  { return &s }
func integer(n int32) *int32 { return &n }

type subgraph struct {
	name     string
	entities []string
	resolver func(sdl string) any
}

var subgraphs = []subgraph{
	{"accounts", []string{"User"}, func(sdl string) any { return &accountsQuery{service{sdl}} }},
	{"inventory", []string{"Product"}, func(sdl string) any { return &inventoryQuery{service{sdl}} }},
	{"products", []string{"Product"}, func(sdl string) any { return &productsQuery{service{sdl}} }},
	{"reviews", []string{"Review", "User", "Product"}, func(sdl string) any { return &reviewsQuery{service{sdl}} }},
}

type request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
}

func handler(schema *graphql.Schema) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST a GraphQL request", http.StatusMethodNotAllowed)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		var body request
		if err == nil {
			err = json.Unmarshal(raw, &body)
		}
		if err != nil {
			http.Error(w, "invalid JSON body", http.StatusBadRequest)
			return
		}
		response := schema.Exec(r.Context(), body.Query, body.OperationName, body.Variables)
		w.Header().Set("content-type", "application/json")
		// The executor's data is JSON already: written as it is, not re-encoded (and re-validated) by encoding/json.
		var out []byte
		if len(response.Errors) == 0 {
			out = append(append([]byte(`{"data":`), response.Data...), '}')
		} else if out, err = json.Marshal(response); err != nil {
			http.Error(w, "response not encoded", http.StatusInternalServerError)
			return
		}
		if _, err := w.Write(out); err != nil {
			log.Printf("response not written: %v", err)
		}
	})
}

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	ports := map[string]*int{}
	for i, s := range subgraphs {
		ports[s.name] = flag.Int(s.name, 4201+i, "port of the "+s.name+" subgraph")
	}
	flag.Parse()
	// The heap stays small (constant data, short requests): collect less often, spend the core on answers.
	debug.SetGCPercent(400)
	errs := make(chan error, len(subgraphs))
	for _, s := range subgraphs {
		sdl, err := sdlFiles.ReadFile(s.name + ".graphql")
		if err != nil {
			log.Fatal(err)
		}
		schema, err := graphql.ParseSchema(executableSchema(string(sdl), s.entities), s.resolver(string(sdl)), graphql.UseFieldResolvers(), graphql.DisableFieldSelections())
		if err != nil {
			log.Fatalf("%s: %v", s.name, err)
		}
		listener, err := net.Listen("tcp", fmt.Sprintf("%s:%d", *host, *ports[s.name]))
		if err != nil {
			log.Fatalf("%s: %v", s.name, err)
		}
		server := &http.Server{Handler: handler(schema), ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return context.Background() }}
		go func() { errs <- server.Serve(listener) }()
		fmt.Printf("%s http://%s/graphql\n", s.name, listener.Addr())
	}
	log.Fatal(<-errs)
}
