// Shared by the postgrest-js scripts: the real @supabase/postgrest-js client for the server named
// on the command line, and the runner that prints what the client returned for every case.
// Usage of a script: node <script> <interop node dir> <base url> <token>
'use strict';
const { createRequire } = require('node:module');
const path = require('node:path');

/**
 * A PostgrestClient for argv's base URL (or {@code baseUrl}) and token, sending what supabase-js
 * sends by default; {@code fetch} replaces the global one (to see response headers).
 */
function connect(baseUrl = process.argv[3], fetch = undefined) {
  const [nodeDir, , token] = process.argv.slice(2);
  const load = createRequire(path.join(nodeDir, 'package.json'));
  const { PostgrestClient } = load('@supabase/postgrest-js');
  return new PostgrestClient(baseUrl, {
    schema: 'public', // Accept-Profile / Content-Profile: public, as supabase-js
    headers: { Authorization: `Bearer ${token}` },
    fetch,
  });
}

/** Runs [name, fn] pairs one after another; prints {name: {data, error, count, status}} as JSON. */
async function runAll(entries) {
  const out = {};
  for (const [name, run] of entries) {
    try {
      const r = await run();
      out[name] = { data: r.data, error: r.error, count: r.count, status: r.status };
    } catch (e) {
      out[name] = { thrown: String(e && e.stack ? e.stack : e) };
    }
  }
  process.stdout.write(JSON.stringify(out));
}

module.exports = { connect, runAll };
