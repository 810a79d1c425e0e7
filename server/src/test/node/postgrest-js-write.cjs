// Drives the write API of a running sqlite-rest with the real @supabase/postgrest-js client, one
// step after another on table "notes", and prints one JSON object: for every step, what the
// client returned ({data, error, count, status}). PostgrestJsInteropTest asserts on the output.
// Usage: node postgrest-js-write.cjs <interop node dir> <base url> <token>
'use strict';
const { createRequire } = require('node:module');
const path = require('node:path');

const [nodeDir, baseUrl, token] = process.argv.slice(2);
const load = createRequire(path.join(nodeDir, 'package.json'));
const { PostgrestClient } = load('@supabase/postgrest-js');

const client = new PostgrestClient(baseUrl, {
  schema: 'public', // supabase-js default: Content-Profile: public on writes
  headers: { Authorization: `Bearer ${token}` },
});
const notes = () => client.from('notes');

const steps = [
  ['insertMinimal', () => notes().insert({ id: 1, body: 'a' })],
  ['insertBulkSelect', () => notes().insert([{ id: 2, body: 'b' }, { id: 3, body: 'c' }]).select()],
  ['insertCount', () => notes().insert({ id: 4, body: 'd' }, { count: 'exact' })],
  ['insertSingle', () => notes().insert({ id: 5, body: 'e' }).select('id, body').single()],
  ['update', () => notes().update({ body: 'B' }).eq('id', 2).select('id, body')],
  ['upsertMerge', () => notes().upsert({ id: 3, body: 'C' }).select('id, body')],
  ['upsertIgnore', () => notes().upsert({ id: 1, body: 'ignored' }, { ignoreDuplicates: true })],
  ['delete', () => notes().delete().eq('id', 5).select('id')],
  ['duplicateKey', () => notes().insert({ id: 2, body: 'dup' })],
  ['notNull', () => notes().insert({ id: 9 })],
  ['final', () => notes().select('id, body').order('id')],
  ['finalCsv', () => notes().select('id, body').order('id').csv()],
  ['insertCsv', () => notes().insert({ id: 6, body: 'x, "y"' }).select('id, body').csv()],
];

require('./run-cases.cjs')(steps);
