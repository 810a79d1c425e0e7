// Shared by the postgrest-js scripts: runs the cases one after another and prints one JSON object
// with, for every case, what the client returned ({data, error, count, status}) or what it threw.
'use strict';

module.exports = async function runCases(cases) {
  const out = {};
  for (const [name, run] of Array.isArray(cases) ? cases : Object.entries(cases)) {
    try {
      const r = await run();
      out[name] = { data: r.data, error: r.error, count: r.count, status: r.status };
    } catch (e) {
      out[name] = { thrown: String(e && e.stack ? e.stack : e) };
    }
  }
  process.stdout.write(JSON.stringify(out));
};
