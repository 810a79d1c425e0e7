// Drives the write API of a running sqlite-rest with the real @supabase/postgrest-js client, one
// step after another on table "notes", and prints one JSON object: for every step, what the
// client returned ({data, error, count, status}). PostgrestJsInteropTest asserts on the output.
// Usage: node postgrest-js-write.cjs <interop node dir> <base url> <token>
'use strict';
const { connect, runAll } = require('./client.cjs');

const client = connect();
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

runAll(steps);
