// notesbot addition to FerretDB 1.24.2 (devdb/_ferretdb, copied into the module by
// adapters/mongo/devdbBuild.ts): the filter pushdown of the development database's SQLite backend.
//
// Every term here selects a superset of what its condition matches: the handler applies the whole
// filter again in Go (find, count, update, delete and findAndModify alike), so answers stay
// MongoDB's, and a condition that cannot be narrowed safely is simply not narrowed.
package sqlite

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// filterTerms narrows a query by the filter's top-level equalities to a string (`_id` also to an
// ObjectId), its `$in` lists of strings (`_id` also of ObjectIds), and the same conditions inside
// `$and` and `$or`, in the expression form of FerretDB's own indexes (`_ferretdb_sjson->"field"`)
// so that SQLite serves them from a declared index. The terms are to be joined with AND.
func filterTerms(filter *types.Document) ([]string, []any) {
	var terms []string
	var args []any

	if filter == nil {
		return nil, nil
	}

	for _, k := range filter.Keys() {
		v, _ := filter.Get(k)

		var term string
		var termArgs []any

		switch k {
		case "$and":
			term, termArgs = andTerm(v)
		case "$or":
			term, termArgs = orTerm(v)
		default:
			term, termArgs = fieldTerm(k, v)
		}

		if term != "" {
			terms = append(terms, term)
			args = append(args, termArgs...)
		}
	}

	return terms, args
}

// andTerm narrows by every condition of an `$and` that can be narrowed.
func andTerm(v any) (string, []any) {
	conditions, ok := v.(*types.Array)
	if !ok {
		return "", nil
	}

	var terms []string
	var args []any

	for i := 0; i < conditions.Len(); i++ {
		doc, ok := must.NotFail(conditions.Get(i)).(*types.Document)
		if !ok {
			return "", nil
		}

		t, a := filterTerms(doc)
		terms = append(terms, t...)
		args = append(args, a...)
	}

	if len(terms) == 0 {
		return "", nil
	}

	return `(` + strings.Join(terms, ` AND `) + `)`, args
}

// orTerm narrows an `$or` only when every branch narrows: a document matching the `$or` matches
// one branch, so it is in that branch's superset.
func orTerm(v any) (string, []any) {
	branches, ok := v.(*types.Array)
	if !ok || branches.Len() == 0 {
		return "", nil
	}

	var terms []string
	var args []any

	for i := 0; i < branches.Len(); i++ {
		doc, ok := must.NotFail(branches.Get(i)).(*types.Document)
		if !ok {
			return "", nil
		}

		t, a := filterTerms(doc)
		if len(t) == 0 {
			return "", nil
		}

		terms = append(terms, `(`+strings.Join(t, ` AND `)+`)`)
		args = append(args, a...)
	}

	return `(` + strings.Join(terms, ` OR `) + `)`, args
}

// fieldTerm narrows by one top-level field's equality to a scalar or its `$in` list.
func fieldTerm(field string, v any) (string, []any) {
	if !metadata.SortableField(field) {
		return "", nil
	}

	if ops, ok := v.(*types.Document); ok {
		return inTerm(field, ops)
	}

	if !pushableValue(field, v) {
		return "", nil
	}

	return valuesTerm(field, []any{v})
}

// inTerm narrows by the `$in` of an operator document ({$in: [...], ...}); the document's other
// operators only narrow further, so leaving them to Go keeps the superset. A document that is not
// all operators is a literal value to compare with, not narrowed.
func inTerm(field string, ops *types.Document) (string, []any) {
	for _, op := range ops.Keys() {
		if !strings.HasPrefix(op, "$") {
			return "", nil
		}
	}

	in, _ := ops.Get("$in")

	list, ok := in.(*types.Array)
	if !ok {
		return "", nil
	}

	if list.Len() == 0 {
		// `$in: []` matches nothing.
		return `0`, nil
	}

	values := make([]any, list.Len())
	for i := range values {
		values[i] = must.NotFail(list.Get(i))
		if !pushableValue(field, values[i]) {
			return "", nil
		}
	}

	return valuesTerm(field, values)
}

// pushableValue reports whether the field's equality to v can be narrowed: a string, and for `_id`
// (which has the unique index and is never an array) also an ObjectId.
func pushableValue(field string, v any) bool {
	switch v.(type) {
	case string:
		return true
	case types.ObjectID:
		return field == "_id"
	default:
		return false
	}
}

// valuesTerm keeps the documents whose field is one of the values, or (but for `_id`) an array
// holding one of them as an element, which SQLite checks without Go decoding the document: an
// array is JSON text starting with "[", a range on the same expression the index also serves.
// The values are bound as one JSON array each, whatever their number, so a list of any length
// stays within SQLite's limit of bound variables, and SQLite looks each one up in the index.
func valuesTerm(field string, values []any) (string, []any) {
	column := fmt.Sprintf(`%s->"%s"`, metadata.DefaultColumn, field)

	encoded := make([]string, len(values))
	for i, v := range values {
		encoded[i] = string(must.NotFail(sjson.MarshalSingleValue(v)))
	}

	if field == "_id" {
		return column + ` IN (SELECT value FROM json_each(?))`, []any{jsonArray(encoded)}
	}

	return fmt.Sprintf(
		`(%[1]s IN (SELECT value FROM json_each(?)) OR (%[1]s >= '[' AND %[1]s < '\' AND EXISTS `+
			`(SELECT 1 FROM json_each(%[1]s) WHERE value IN (SELECT value FROM json_each(?)))))`,
		column,
	), []any{jsonArray(encoded), jsonArray(values)}
}

// jsonArray is the JSON text of a list of strings (SQL text values for json_each).
func jsonArray[T any](values []T) string {
	return string(must.NotFail(json.Marshal(values)))
}
