// notesbot addition to FerretDB 1.24.2 (devdb/_ferretdb, copied into the module by
// adapters/mongo/devdbBuild.ts): "sorted indexes", the SQLite side of sort pushdown.
//
// FerretDB indexes a field as its JSON text (`_ferretdb_sjson->"f"`), whose order is not
// MongoDB's (1e13 sorts before 9e12, "ab" after "ab c"), so a sort could not be pushed down and
// every sorted query decoded and sorted the whole collection in Go. Beside every declared index
// on top-level fields, a sorted index holds, for each key field, the field's BSON type rank and
// its SQL value. Within a rank, SQLite's order of those values is the order FerretDB's Go sort
// gives: numbers by value (int, long and double alike), strings and ObjectIds (hex) by bytes,
// booleans false first, dates by milliseconds, null and missing alike. Objects, arrays, binData,
// timestamps and regexes have no such order: their rank is 0, and a leading column says whether
// any key field of the document holds one, so those few documents are read apart and sorted in Go.
package metadata

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// sortableField is a top-level field name that can be written into a JSON path unquoted-safe.
var sortableField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// SortableField reports whether the field can be a column of a sorted index.
func SortableField(field string) bool {
	return sortableField.MatchString(field)
}

// SortRank is the SQL expression of the field's BSON type rank (FerretDB's compareTypeOrder):
// 1 null or missing, 3 number, 4 string, 8 ObjectId, 9 bool, 10 date; 0 for every other type.
func SortRank(field string) string {
	return fmt.Sprintf(
		`(CASE COALESCE(%s->>'$."$s".p."%s".t', 'null') `+
			`WHEN 'null' THEN 1 WHEN 'double' THEN 3 WHEN 'int' THEN 3 WHEN 'long' THEN 3 WHEN 'string' THEN 4 `+
			`WHEN 'objectId' THEN 8 WHEN 'bool' THEN 9 WHEN 'date' THEN 10 ELSE 0 END)`,
		DefaultColumn, field,
	)
}

// SortValue is the SQL expression of the field's value: INTEGER, REAL, TEXT or NULL.
func SortValue(field string) string {
	return fmt.Sprintf(`(%s->>'$."%s"')`, DefaultColumn, field)
}

// SortComplex is 1 when any of the fields holds a value of rank 0, else 0.
func SortComplex(fields []string) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = SortRank(f) + ` = 0`
	}

	return `(` + strings.Join(parts, ` OR `) + `)`
}

// SortedIndexName is the SQLite name of the declared index's sorted index. The `_ferretdb_`
// prefix is reserved for FerretDB's own tables, so no declared index can take the name.
func SortedIndexName(tableName, indexName string) string {
	return "_ferretdb_sorted_" + tableName + "_" + indexName
}

// IndexFields returns the key fields of the index, and false if any of them cannot be sorted by.
func IndexFields(index IndexInfo) ([]string, bool) {
	fields := make([]string, len(index.Key))
	for i, key := range index.Key {
		if !SortableField(key.Field) {
			return nil, false
		}

		fields[i] = key.Field
	}

	return fields, len(fields) > 0
}

// ensureSortedIndexes builds the missing sorted indexes of the collection's declared indexes.
// It runs whenever indexes are created, so databases from before the patch get theirs when the
// application declares its indexes at start-up.
func ensureSortedIndexes(ctx context.Context, db *fsql.DB, c *Collection) error {
	if c.Capped() {
		return nil
	}

	for _, index := range c.Settings.Indexes {
		fields, ok := IndexFields(index)
		if !ok {
			continue
		}

		columns := []string{SortComplex(fields)}

		for _, key := range index.Key {
			order := ""
			if key.Descending {
				order = " DESC"
			}

			columns = append(columns, SortRank(key.Field)+order, SortValue(key.Field)+order)
		}

		q := fmt.Sprintf(
			`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`,
			SortedIndexName(c.TableName, index.Name), c.TableName, strings.Join(columns, ", "),
		)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return lazyerrors.Error(err)
		}
	}

	return nil
}

// dropSortedIndex drops the sorted index of a declared index, if there is one.
func dropSortedIndex(ctx context.Context, db *fsql.DB, c *Collection, indexName string) error {
	q := fmt.Sprintf(`DROP INDEX IF EXISTS %q`, SortedIndexName(c.TableName, indexName))
	if _, err := db.ExecContext(ctx, q); err != nil {
		return lazyerrors.Error(err)
	}

	return nil
}
