module flowgraph.local/bench/gateway-subgraphs

go 1.26.0

require github.com/graph-gophers/graphql-go v1.11.1
