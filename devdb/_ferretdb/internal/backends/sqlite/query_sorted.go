// notesbot addition to FerretDB 1.24.2 (devdb/_ferretdb, copied into the module by
// adapters/mongo/devdbBuild.ts): the sort pushdown of the development database's SQLite backend.
//
// The filter's terms (query_filter.go) select a superset of what it matches: the handler applies
// the whole filter again in Go, so answers stay MongoDB's. A pushed-down sort is different: the
// handler trusts the order (QueryResult.Sorted), so it is only pushed down when a sorted index
// (metadata/sorted_indexes.go) orders every row the query reads exactly as FerretDB's Go sort would.
package sqlite

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// sortKey is one top-level field of a sort, and its direction.
type sortKey struct {
	field string
	desc  bool
}

// sortKeys returns the keys of a sort document, and false if a sorted index cannot serve it.
func sortKeys(sort *types.Document) ([]sortKey, bool) {
	if sort.Len() == 0 {
		return nil, false
	}

	keys := make([]sortKey, 0, sort.Len())

	for _, field := range sort.Keys() {
		if !metadata.SortableField(field) {
			return nil, false
		}

		var dir int64

		switch v := must.NotFail(sort.Get(field)).(type) {
		case int64:
			dir = v
		case int32:
			dir = int64(v)
		case float64:
			dir = int64(v)
		}

		if dir != 1 && dir != -1 {
			return nil, false
		}

		keys = append(keys, sortKey{field: field, desc: dir == -1})
	}

	return keys, true
}

// sortedPlan reads a query through one sorted index: equalities on the index's leading fields,
// then the sort on the rest.
type sortedPlan struct {
	index   string
	complex string
	lead    int
	where   []string
	args    []any
	order   string
}

// sortedPlans returns the sorted indexes that can serve the sort under the filter, those with
// the most leading equalities first. The sort fields must follow the leading fields in the
// index (more index fields may come after them).
func sortedPlans(meta *metadata.Collection, filter *types.Document, keys []sortKey) []sortedPlan {
	var plans []sortedPlan

	for _, index := range meta.Settings.Indexes {
		name, _, ok := metadata.SortedIndex(meta.TableName, index)
		if !ok {
			continue
		}

		fields := metadata.IndexFields(index)
		for lead := len(fields) - len(keys); lead >= 0; lead-- {
			if plan, ok := planOn(name, index, fields, lead, filter, keys); ok {
				plans = append(plans, plan)
				break
			}
		}
	}

	// Stable, few: insertion sort by the number of leading equalities, most first.
	for i := 1; i < len(plans); i++ {
		for j := i; j > 0 && plans[j].lead > plans[j-1].lead; j-- {
			plans[j], plans[j-1] = plans[j-1], plans[j]
		}
	}

	return plans
}

// planOn is the plan reading the index with equalities on its first `lead` fields and the sort
// on the next ones, if the filter and the sort allow it. A leading field qualifies when the
// filter compares it to a string or null: for a document whose key fields are all of ranked
// types (the only documents a plan reads) that is exactly its rank and value.
func planOn(sortedIndex string, index metadata.IndexInfo, fields []string, lead int, filter *types.Document, keys []sortKey) (sortedPlan, bool) { //nolint:lll // for readability
	tail := index.Key[lead : lead+len(keys)]

	// SQLite reads an index forwards or backwards: every direction as declared, or every one reversed.
	reversed := tail[0].Descending != keys[0].desc

	for i, key := range keys {
		if tail[i].Field != key.field || (tail[i].Descending != key.desc) != reversed {
			return sortedPlan{}, false
		}
	}

	plan := sortedPlan{
		index:   sortedIndex,
		complex: metadata.SortComplex(fields),
		lead:    lead,
	}

	for _, field := range fields[:lead] {
		var v any
		if filter != nil {
			v, _ = filter.Get(field)
		}

		switch v := v.(type) {
		case string:
			plan.where = append(plan.where, metadata.SortRank(field)+` = 4`, metadata.SortValue(field)+` = ?`)
			plan.args = append(plan.args, v)
		case types.NullType:
			plan.where = append(plan.where, metadata.SortRank(field)+` = 1`, metadata.SortValue(field)+` IS NULL`)
		default:
			return sortedPlan{}, false
		}
	}

	// A range on the first sort field seeks to where it starts (a next page starts at its key).
	terms, args := rangeTerms(filter, keys[0].field)
	plan.where = append(plan.where, terms...)
	plan.args = append(plan.args, args...)

	order := make([]string, 0, 2*len(keys))
	for i, key := range keys {
		dir := ""
		if key.desc {
			dir = " DESC"
		}

		// With a range the first field's rank is fixed; SQLite sorts again in a temporary B-tree
		// when the ORDER BY names a column fixed by an equality ahead of a range, so leave it out.
		if i > 0 || len(terms) == 0 {
			order = append(order, metadata.SortRank(key.field)+dir)
		}

		order = append(order, metadata.SortValue(key.field)+dir)
	}

	plan.order = ` ORDER BY ` + strings.Join(order, `, `)

	return plan, true
}

// rangeOperators are the comparisons a sorted index can seek.
var rangeOperators = map[string]string{"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}

// rankedValue is the rank and SQL value of a comparison's operand (0 for an operand of no rank
// with an SQL order: then the comparison is left to Go).
func rankedValue(v any) (int, any) {
	switch v := v.(type) {
	case time.Time:
		return 10, v.UnixMilli()
	case string:
		return 4, v
	case int32:
		return 3, int64(v)
	case int64:
		return 3, v
	case float64:
		if math.IsNaN(v) {
			return 0, nil
		}

		return 3, v
	default:
		return 0, nil
	}
}

// rangeTerms are the filter's comparisons of a top-level field to a date, string or number, on
// the sorted index's rank and value columns. A comparison matches only values of its operand's
// type (MongoDB's type bracketing, which FerretDB's filter keeps), so for a ranked document it
// holds exactly when the field has the operand's rank and its value compares so. Comparisons of
// mixed types (which match nothing) and every other operator stay with the Go filter.
func rangeTerms(filter *types.Document, field string) ([]string, []any) {
	if filter == nil {
		return nil, nil
	}

	v, _ := filter.Get(field)

	ops, ok := v.(*types.Document)
	if !ok {
		return nil, nil
	}

	rank := 0

	var terms []string
	var args []any

	for _, op := range ops.Keys() {
		sqlOp, ok := rangeOperators[op]
		if !ok {
			continue
		}

		r, arg := rankedValue(must.NotFail(ops.Get(op)))
		if r == 0 {
			continue
		}

		if rank != 0 && r != rank {
			return nil, nil
		}

		rank = r
		terms = append(terms, fmt.Sprintf(`%s %s ?`, metadata.SortValue(field), sqlOp))
		args = append(args, arg)
	}

	if rank == 0 {
		return nil, nil
	}

	return append([]string{fmt.Sprintf(`%s = %d`, metadata.SortRank(field), rank)}, terms...), args
}

// querySorted runs the query through the first sorted index that serves its sort and holds no
// document with an unranked key field (one such document sends the sort back to Go for that
// index: correct, only slower). Rows come in sort order, read only as far as the handler
// consumes them, so a limited query stops early. A nil result means no index served the sort.
//
// The check for unranked documents and the query are two statements: a document that changes
// to an unranked type between them is not returned, as a MongoDB cursor may miss a document
// updated while it runs. The rows the query does return are ordered exactly.
func (c *collection) querySorted(ctx context.Context, db *fsql.DB, meta *metadata.Collection, params *backends.QueryParams) (*backends.QueryResult, error) { //nolint:lll // for readability
	keys, ok := sortKeys(params.SortHint)
	if !ok {
		return nil, nil
	}

	for _, plan := range sortedPlans(meta, params.Filter, keys) {
		var unranked bool

		probe := fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %q INDEXED BY %q WHERE %s = 1)`, meta.TableName, plan.index, plan.complex)
		if err := db.QueryRowContext(ctx, probe).Scan(&unranked); err != nil || unranked {
			// An error here is a sorted index not built (yet): the declared index serves as before.
			continue
		}

		terms, termArgs := filterTerms(params.Filter)
		where := append([]string{plan.complex + ` = 0`}, plan.where...)
		where = append(where, terms...)
		args := append(append([]any{}, plan.args...), termArgs...)

		q := prepareSelectClause(meta.TableName, params.Comment, false, false)
		q += fmt.Sprintf(` INDEXED BY %q WHERE %s%s`, plan.index, strings.Join(where, ` AND `), plan.order)

		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return &backends.QueryResult{
			Iter:   newQueryIterator(ctx, rows, false),
			Sorted: true,
		}, nil
	}

	return nil, nil
}
