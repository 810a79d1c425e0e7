// Drives a running sqlite-rest with the real @supabase/postgrest-js client for the PostgREST
// features beyond plain reads and writes: full-text search (textSearch), inner and spread embeds,
// many-to-many, aggregates and explain(). Prints one JSON object:
// for every case, what the client returned ({data, error, count, status}).
// The Java test PostgrestJsParityInteropTest starts the server, runs this script and asserts.
// Usage: node postgrest-js-parity.cjs <interop node dir> <base url> <token>
'use strict';
const { connect, runAll } = require('./client.cjs');

const client = connect();
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
  // the inner-join example of supabase-js's documentation
  innerEmbed: () =>
    client.from('books').select('title, authors!inner(name)').eq('authors.name', 'Austen').order('id'),
  spreadEmbed: () => client.from('books').select('title, ...authors(author_name:name)').eq('id', 3),
  manyToMany: () =>
    client.from('books').select('title, tags(label)').eq('id', 1).order('label', { referencedTable: 'tags' }),
  countAggregate: () => client.from('books').select('count()'),
  groupedAggregate: () =>
    client.from('books').select('author_id, total:price.sum(), count()').order('author_id'),
  aggregateInEmbed: () =>
    client.from('authors').select('name, books(count())').order('id'),
  explainJson: () => client.from('books').select('title').eq('id', 1).explain({ format: 'json' }),
  explainText: () => client.from('books').select('title').explain(),
};

runAll(Object.entries(cases));
