// Drives a running sqlite-rest with the real @supabase/postgrest-js client and prints one JSON
// object: for every case, what the client returned ({data, error, count, status}).
// The Java test PostgrestJsInteropTest starts the server, runs this script and asserts on the output.
// Usage: node postgrest-js-read.cjs <interop node dir> <base url> <token>
'use strict';
const { connect, runAll } = require('./client.cjs');

const client = connect();
const books = () => client.from('books');

const cases = {
  selectOrdered: () => books().select('id, title').order('id'),
  eq: () => books().select('id').eq('genre', 'fantasy').order('id'),
  gtLt: () => books().select('id').gt('year', 1900).lt('year', 1970).order('id'),
  gteLte: () => books().select('id').gte('price', 10).lte('price', 12).order('id'),
  neq: () => books().select('id').neq('genre', 'romance').order('id'),
  in: () => books().select('id').in('id', [1, 3, 5, 99]).order('id'),
  like: () => books().select('title').like('title', '%of%').order('title'),
  ilike: () => books().select('title').ilike('title', 'the%').order('title'),
  isNull: () => books().select('id').is('price', null).order('id'),
  not: () => books().select('id').not('genre', 'eq', 'romance').order('id'),
  or: () => books().select('id').or('id.eq.1,year.gt.1960').order('id'),
  match: () => books().select('id').match({ genre: 'romance', in_stock: 1 }).order('id'),
  filterIn: () => books().select('id').filter('id', 'in', '(2,4)').order('id'),
  orderDescNullsFirst: () =>
    books().select('id, price').order('price', { ascending: false, nullsFirst: true }).limit(3),
  orderTwoKeys: () => books().select('id').order('genre').order('year', { ascending: false }),
  limit: () => books().select('id').order('id').limit(2),
  range: () => books().select('id').order('id').range(2, 4),
  countExact: () => books().select('id', { count: 'exact' }).order('id').range(0, 1),
  countPlanned: () => books().select('id', { count: 'planned' }).order('id').limit(1),
  headCount: () => books().select('*', { count: 'exact', head: true }).eq('genre', 'romance'),
  single: () => books().select('id, title').eq('id', 3).single(),
  maybeSingleNone: () => books().select('id').eq('id', 999).maybeSingle(),
  aliasCast: () => books().select('name:title, year_text:year::text').eq('id', 1),
  view: () => client.from('books_by_genre').select('genre, n').order('genre'),
  unknownTable: () => client.from('nope').select('*'),
  forbiddenTable: () => client.from('secrets').select('*'),
  unknownColumn: () => books().select('nope'),
};

runAll(Object.entries(cases));
