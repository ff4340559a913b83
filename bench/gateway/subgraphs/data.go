package main

import (
	"fmt"
	"strings"

	graphql "github.com/graph-gophers/graphql-go"
)

// The data is sized like the public gateways benchmark's, so that its deep query answers about
// 87 KB: 6 users, 9 products, 11 reviews (four on product 1, four on 2, one on 3, two on 4) whose
// bodies run from 143 to 844 characters; every review's author is user 1, and every user's
// reviews are the first two.

type user struct {
	ID       graphql.ID
	Name     *string
	Username *string
	Birthday *int32
}

var users = []*user{
	{"1", text("Ada Lovelace"), text("ada"), integer(1234567890)},
	{"2", text("Grace Hopper"), text("grace"), integer(1234567890)},
	{"3", text("Alan Turing"), text("alan"), integer(1234567890)},
	{"4", text("Edsger Dijkstra"), text("edsger"), integer(1234567890)},
	{"5", text("Barbara Liskov"), text("barbara"), integer(1234567890)},
	{"6", text("Donald Knuth"), text("donald"), integer(1234567890)},
}

type product struct {
	Upc    string
	Name   *string
	Price  *int32
	Weight *int32
}

var products = []*product{
	{"1", text("Table"), integer(899), integer(100)},
	{"2", text("Couch"), integer(1299), integer(1000)},
	{"3", text("Glass"), integer(15), integer(20)},
	{"4", text("Chair"), integer(499), integer(100)},
	{"5", text("TV"), integer(1299), integer(1000)},
	{"6", text("Lamp"), integer(6999), integer(300)},
	{"7", text("Grill"), integer(3999), integer(2000)},
	{"8", text("Fridge"), integer(100000), integer(6000)},
	{"9", text("Sofa"), integer(9999), integer(800)},
}

var inStock = map[string]bool{"1": true, "2": false, "3": false, "4": false, "5": true, "6": true, "7": true, "8": false, "9": true}

const filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " +
	"Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. " +
	"Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. " +
	"Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. "

func body(length int) *string {
	return text(strings.Repeat(filler, length/len(filler)+1)[:length])
}

type review struct {
	ID   graphql.ID
	Body *string
	upc  string
}

var reviews = func() []*review {
	lengths := []int{445, 289, 275, 143, 445, 289, 275, 143, 143, 143, 844}
	upcs := []string{"1", "1", "1", "1", "2", "2", "2", "2", "3", "4", "4"}
	all := make([]*review, len(lengths))
	for i := range lengths {
		all[i] = &review{graphql.ID(fmt.Sprint(i + 1)), body(lengths[i]), upcs[i]}
	}
	return all
}()

func findUser(id string) *user {
	for _, u := range users {
		if string(u.ID) == id {
			return u
		}
	}
	return nil
}

func findProduct(upc string) *product {
	for _, p := range products {
		if p.Upc == upc {
			return p
		}
	}
	return nil
}

// accounts

type accountsQuery struct{ service }

func (q *accountsQuery) Service() service { return q.service }
func (q *accountsQuery) Me() *user        { return users[0] }
func (q *accountsQuery) User(args struct{ ID graphql.ID }) *user {
	return findUser(string(args.ID))
}
func (q *accountsQuery) Users() *[]*user { return &users }

type accountsEntity struct{ user *user }

func (e *accountsEntity) ToUser() (*user, bool) { return e.user, e.user != nil }

func (q *accountsQuery) Entities(args entitiesArgs) []*accountsEntity {
	out := make([]*accountsEntity, len(args.Representations))
	for i, r := range args.Representations {
		if u := findUser(r.text("id")); r.typename() == "User" && u != nil {
			out[i] = &accountsEntity{u}
		}
	}
	return out
}

// products

type productsQuery struct{ service }

func (q *productsQuery) Service() service { return q.service }

// First defaults to 5 in the schema, which is what the executor passes when it is not given.
func (q *productsQuery) TopProducts(args struct{ First int32 }) *[]*product {
	top := products[:min(max(int(args.First), 0), len(products))]
	return &top
}

type productsEntity struct{ product *product }

func (e *productsEntity) ToProduct() (*product, bool) { return e.product, e.product != nil }

func (q *productsQuery) Entities(args entitiesArgs) []*productsEntity {
	out := make([]*productsEntity, len(args.Representations))
	for i, r := range args.Representations {
		if p := findProduct(r.text("upc")); r.typename() == "Product" && p != nil {
			out[i] = &productsEntity{p}
		}
	}
	return out
}

// inventory: a product's stock, and a shipping estimate from the price and weight it requires.

type stockedProduct struct {
	Upc    string
	Price  *int32
	Weight *int32
}

func (p *stockedProduct) InStock() *bool {
	stocked, known := inStock[p.Upc]
	if !known {
		return nil
	}
	return &stocked
}

func (p *stockedProduct) ShippingEstimate() *int32 {
	if p.Price == nil || p.Weight == nil {
		return nil
	}
	if *p.Price > 1000 {
		return integer(0)
	}
	return integer(*p.Weight / 2)
}

type inventoryQuery struct{ service }

func (q *inventoryQuery) Service() service { return q.service }

type inventoryEntity struct{ product *stockedProduct }

func (e *inventoryEntity) ToProduct() (*stockedProduct, bool) { return e.product, e.product != nil }

func (q *inventoryQuery) Entities(args entitiesArgs) []*inventoryEntity {
	out := make([]*inventoryEntity, len(args.Representations))
	for i, r := range args.Representations {
		if r.typename() == "Product" && r.text("upc") != "" {
			out[i] = &inventoryEntity{&stockedProduct{r.text("upc"), r.integer("price"), r.integer("weight")}}
		}
	}
	return out
}

// reviews

type reviewedProduct struct{ Upc string }

func (p *reviewedProduct) Reviews() *[]*review {
	var of []*review
	for _, r := range reviews {
		if r.upc == p.Upc {
			of = append(of, r)
		}
	}
	return &of
}

type author struct {
	ID       graphql.ID
	Username *string
}

func (a *author) Reviews() *[]*review {
	first := reviews[:2]
	return &first
}

func (r *review) Product() *reviewedProduct { return &reviewedProduct{r.upc} }
func (r *review) Author() *author           { return &author{users[0].ID, users[0].Username} }

type reviewsQuery struct{ service }

func (q *reviewsQuery) Service() service { return q.service }

type reviewsEntity struct {
	review  *review
	author  *author
	product *reviewedProduct
}

func (e *reviewsEntity) ToReview() (*review, bool)           { return e.review, e.review != nil }
func (e *reviewsEntity) ToUser() (*author, bool)             { return e.author, e.author != nil }
func (e *reviewsEntity) ToProduct() (*reviewedProduct, bool) { return e.product, e.product != nil }

func (q *reviewsQuery) Entities(args entitiesArgs) []*reviewsEntity {
	out := make([]*reviewsEntity, len(args.Representations))
	for i, r := range args.Representations {
		switch r.typename() {
		case "Review":
			for _, candidate := range reviews {
				if string(candidate.ID) == r.text("id") {
					out[i] = &reviewsEntity{review: candidate}
				}
			}
		case "User":
			if id := r.text("id"); id != "" {
				var username *string
				if name, ok := r["username"].(string); ok {
					username = &name
				}
				out[i] = &reviewsEntity{author: &author{graphql.ID(id), username}}
			}
		case "Product":
			if upc := r.text("upc"); upc != "" {
				out[i] = &reviewsEntity{product: &reviewedProduct{upc}}
			}
		}
	}
	return out
}
