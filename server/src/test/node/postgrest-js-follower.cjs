// Reads your own writes through a follower with the real @supabase/postgrest-js client: a read on
// the follower gives the TXID it was served at (Replication-Txid, seen through a fetch wrapper), an
// asynchronous write goes to the primary, whose answer names the TXID that will hold it, and the
// next read on the follower asks for that TXID with .setHeader('Replication-Min-Txid', ...): it
// waits until the write is applied instead of answering stale rows. A write sent to the follower comes back as postgrest-js's error object.
// Prints {name: {data, error, count, status}}, the TXIDs as the data of "txids";
// FollowerPostgrestJsInteropTest asserts on it.
// Usage: node postgrest-js-follower.cjs <interop node dir> <follower url> <token> <primary url>
'use strict';
const { connect, runAll } = require('./client.cjs');

let servedAt = null;
const remember = async (input, init) => {
  const response = await fetch(input, init);
  servedAt = response.headers.get('Replication-Txid');
  return response;
};
const follower = connect(process.argv[3], remember);
const primary = connect(process.argv[5], remember);
const txids = {};

const steps = [
  ['before', async () => {
    const r = await follower.from('notes').select('id, body').order('id');
    txids.before = servedAt;
    return r;
  }],
  ['write', async () => {
    const r = await primary.from('notes').insert({ id: 2, body: 'mine' });
    txids.written = servedAt;
    return r;
  }],
  ['readYourWrite', async () => {
    txids.asked = txids.written;
    const r = await follower.from('notes').select('id, body').order('id')
      .setHeader('Replication-Min-Txid', txids.asked);
    txids.served = servedAt;
    return r;
  }],
  ['writeOnFollower', () => follower.from('notes').insert({ id: 3, body: 'refused' })],
  ['txids', async () => ({ data: txids, error: null, count: null, status: 0 })],
];

runAll(steps);
