"""One engine for every Smartflex tabular export (CSV or XLSX): read rows as a stream, map the headers, parse
each cell by its column's spec, reject the file whole with {row, column, message} errors or write it in one
transaction, and keep an ImportBatch row for each import. A file type is one `Kind` table (core/imports/kinds.py)."""
