// DuckDB's reader as the anchor of `rmcal assess FILE`'s reading: counts the rows of a JSONL or CSV file of pairs and
// sums chosen − rejected, so it parses the same two fields as doubles. Bench only (a devDependency, never loaded at
// run time). `node bench/duckdb-read.mjs FILE jsonl|csv [threads]`; prints the count, the sum and DuckDB's own
// query time in ms, as JSON.
import { DuckDBInstance } from "@duckdb/node-api";

const [file, format, threads = "2"] = process.argv.slice(2);
const started = performance.now();
const db = await DuckDBInstance.create(":memory:", { threads });
const connection = await db.connect();
const columns = "{'chosen': 'DOUBLE', 'rejected': 'DOUBLE'}";
const quoted = `'${file.replaceAll("'", "''")}'`;
const source = format === "csv"
  ? `read_csv(${quoted}, header = true, columns = {'id': 'BIGINT', 'chosen': 'DOUBLE', 'rejected': 'DOUBLE'})`
  : `read_json(${quoted}, format = 'newline_delimited', columns = ${columns})`;
const reader = await connection.runAndReadAll(`SELECT count(*) AS n, sum(chosen - rejected) AS margin FROM ${source}`);
const [n, margin] = reader.getRows()[0];
console.log(JSON.stringify({ n: Number(n), margin, queryMs: performance.now() - started }));
