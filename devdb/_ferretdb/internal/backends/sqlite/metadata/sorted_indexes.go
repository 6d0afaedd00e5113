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
	"hash/fnv"
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
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

// SortedIndex returns the SQLite name and the columns of the declared index's sorted index, and
// false if a key field cannot be sorted by. The name carries a hash of the columns: an index
// declared again under the same name with other keys (or built by a later version of these
// expressions) gets a sorted index of its own, never a stale one. The `_ferretdb_` prefix is
// reserved for FerretDB's own tables, so no declared index can take the name.
func SortedIndex(tableName string, index IndexInfo) (string, string, bool) {
	fields := make([]string, len(index.Key))
	columns := make([]string, 0, 1+2*len(index.Key))

	for i, key := range index.Key {
		if !SortableField(key.Field) {
			return "", "", false
		}

		fields[i] = key.Field
	}

	if len(fields) == 0 {
		return "", "", false
	}

	columns = append(columns, SortComplex(fields))

	for _, key := range index.Key {
		order := ""
		if key.Descending {
			order = " DESC"
		}

		columns = append(columns, SortRank(key.Field)+order, SortValue(key.Field)+order)
	}

	list := strings.Join(columns, ", ")
	h := fnv.New32a()
	must.NotFail(h.Write([]byte(list)))

	return fmt.Sprintf("_ferretdb_sorted_%s_%s_%08x", tableName, index.Name, h.Sum32()), list, true
}

// IndexFields returns the key fields of the index.
func IndexFields(index IndexInfo) []string {
	fields := make([]string, len(index.Key))
	for i, key := range index.Key {
		fields[i] = key.Field
	}

	return fields
}

// ensureSortedIndexes builds the missing sorted indexes of the collection's declared indexes.
// It runs whenever indexes are created, so databases from before the patch get theirs when the
// application declares its indexes at start-up.
func ensureSortedIndexes(ctx context.Context, db *fsql.DB, c *Collection) error {
	if c.Capped() {
		return nil
	}

	for _, index := range c.Settings.Indexes {
		name, columns, ok := SortedIndex(c.TableName, index)
		if !ok {
			continue
		}

		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, name, c.TableName, columns)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return lazyerrors.Error(err)
		}
	}

	return nil
}

// dropSortedIndex drops the sorted index of a declared index, if there is one.
func dropSortedIndex(ctx context.Context, db *fsql.DB, c *Collection, index IndexInfo) error {
	name, _, ok := SortedIndex(c.TableName, index)
	if !ok {
		return nil
	}

	if _, err := db.ExecContext(ctx, fmt.Sprintf(`DROP INDEX IF EXISTS %q`, name)); err != nil {
		return lazyerrors.Error(err)
	}

	return nil
}
