import { readFileSync } from 'node:fs';
import { NodeConnector } from '@plumb/core/node';
import { SCHEMA, quoteLiteral, queryRows } from '@plumb/core';
const n = process.argv[2] ?? '100000';
const c = new NodeConnector();
const columns = SCHEMA.check_ins.columns.map((x) => `${quoteLiteral(x.name)}: ${quoteLiteral(x.type)}`).join(', ');
await c.registerFile('f.csv', new Uint8Array(readFileSync(`packages/bench/.data/${n}-s1/csv/check_ins.csv`)));
let s = performance.now();
await c.query(`CREATE TABLE check_ins AS SELECT * FROM read_csv('f.csv', header = true, columns = {${columns}})`);
console.log(`read ${(performance.now() - s).toFixed(0)} ms`);
async function t(label: string, sql: string, params?: any[]) {
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const r = await c.query(sql, params);
    if (i === 2) console.log(`${label}: ${(performance.now() - s).toFixed(1)} ms, ${r.numRows} rows`);
  }
}
const krs = (await queryRows<{ k: string }>(c, `SELECT DISTINCT key_result_id AS k FROM check_ins USING SAMPLE 8 ROWS`)).map((r) => r.k);
console.log(krs);
const list = krs.join('\u001f');
const cols = 'key_result_id, checked_at, value, progress, confidence, status, note, author_id';
await t('semi-join unnest', `SELECT ${cols} FROM check_ins WHERE key_result_id IN (SELECT unnest(string_split(?, chr(31)))) ORDER BY key_result_id, checked_at`, [list]);
await t('literal IN list', `SELECT ${cols} FROM check_ins WHERE key_result_id IN (${krs.map(quoteLiteral).join(', ')}) ORDER BY key_result_id, checked_at`);
await t('= one param', `SELECT ${cols} FROM check_ins WHERE key_result_id = ?`, [krs[0]]);
await t('= ANY(list param)', `SELECT ${cols} FROM check_ins WHERE key_result_id = ANY(string_split(?, chr(31)))`, [list]);
s = performance.now();
await c.query(`CREATE TABLE sorted AS SELECT * FROM check_ins ORDER BY key_result_id, checked_at`);
console.log(`sorted copy ${(performance.now() - s).toFixed(0)} ms`);
await t('sorted: semi-join', `SELECT ${cols} FROM sorted WHERE key_result_id IN (SELECT unnest(string_split(?, chr(31)))) ORDER BY key_result_id, checked_at`, [list]);
await t('sorted: literal IN', `SELECT ${cols} FROM sorted WHERE key_result_id IN (${krs.map(quoteLiteral).join(', ')}) ORDER BY key_result_id, checked_at`);
await t('sorted: = one', `SELECT ${cols} FROM sorted WHERE key_result_id = ${quoteLiteral(krs[0]!)}`);
s = performance.now();
await c.query(`CREATE TABLE ranges AS SELECT key_result_id, min(rowid) AS lo, max(rowid) AS hi FROM sorted GROUP BY 1`);
console.log(`ranges ${(performance.now() - s).toFixed(0)} ms`);
const rs = await queryRows<{ lo: number; hi: number }>(c, `SELECT lo, hi FROM ranges WHERE key_result_id IN (SELECT unnest(string_split(?, chr(31))))`, [list]);
await t('ranges lookup', `SELECT lo, hi FROM ranges WHERE key_result_id IN (SELECT unnest(string_split(?, chr(31))))`, [list]);
await t('rowid between (one)', `SELECT ${cols} FROM sorted WHERE rowid BETWEEN ${rs[0]!.lo} AND ${rs[0]!.hi}`);
await t('rowid OR ranges', `SELECT ${cols} FROM sorted WHERE ${rs.map((r) => `rowid BETWEEN ${r.lo} AND ${r.hi}`).join(' OR ')}`);
s = performance.now();
await c.query(`CREATE INDEX ix ON check_ins(key_result_id)`);
console.log(`index ${(performance.now() - s).toFixed(0)} ms`);
await t('index: = one literal', `SELECT ${cols} FROM check_ins WHERE key_result_id = ${quoteLiteral(krs[0]!)}`);
await t('index: = one param', `SELECT ${cols} FROM check_ins WHERE key_result_id = ?`, [krs[0]]);
await t('index: literal IN', `SELECT ${cols} FROM check_ins WHERE key_result_id IN (${krs.map(quoteLiteral).join(', ')})`);
await t('index: semi-join', `SELECT ${cols} FROM check_ins WHERE key_result_id IN (SELECT unnest(string_split(?, chr(31))))`, [list]);
