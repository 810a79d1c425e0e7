// Drives a running sqlite-rest with the real @supabase/postgrest-js client for the PostgREST
// features beyond plain reads and writes: full-text search (textSearch). Prints one JSON object:
// for every case, what the client returned ({data, error, count, status}).
// The Java test PostgrestJsParityInteropTest starts the server, runs this script and asserts.
// Usage: node postgrest-js-parity.cjs <interop node dir> <base url> <token>
'use strict';
const { createRequire } = require('node:module');
const path = require('node:path');

const [nodeDir, baseUrl, token] = process.argv.slice(2);
const load = createRequire(path.join(nodeDir, 'package.json'));
const { PostgrestClient } = load('@supabase/postgrest-js');

const client = new PostgrestClient(baseUrl, {
  schema: 'public',
  headers: { Authorization: `Bearer ${token}` },
});
const docs = () => client.from('docs');

const cases = {
  // the examples of supabase-js's textSearch documentation
  textSearchTsquery: () =>
    docs().select('title').textSearch('body', `'fat' & 'cheese'`, { config: 'english' }),
  textSearchPlain: () =>
    docs().select('title').textSearch('body', `fat cheese`, { type: 'plain', config: 'english' }),
  textSearchPhrase: () =>
    docs().select('title').textSearch('body', `supernovae stars`, { type: 'phrase' }),
  textSearchWebsearch: () =>
    docs()
      .select('title')
      .textSearch('body', `"fat cheese" or mat -dogs`, { type: 'websearch' })
      .order('title'),
  textSearchNot: () => docs().select('title').not('body', 'plfts', 'the').order('title'),
  textSearchOrdinaryColumn: () => client.from('books').select('title').textSearch('title', 'x'),
};

require('./run-cases.cjs')(cases);
