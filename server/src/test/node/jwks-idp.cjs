// Plays an identity provider with Node's own crypto (OpenSSL): makes signing keys, publishes them
// as a JWKS through Node's JWK export, and signs tokens with the kid in the header, as Auth0,
// Keycloak or Supabase do. Prints {first: {jwks, tokens}, rotated: {jwks, tokens}} as JSON; the
// rotated set retires the first RSA key and publishes its successor (the EC keys stay).
'use strict';
const crypto = require('node:crypto');

const now = Math.floor(Date.now() / 1000);

function b64url(data) {
  return Buffer.from(data).toString('base64url');
}

function jwk(kid, alg, keyPair) {
  return { ...keyPair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

function sign(alg, kid, keyPair, claims) {
  const header = { alg, typ: 'JWT', kid };
  const input = b64url(JSON.stringify(header)) + '.' + b64url(JSON.stringify(claims));
  const digest = 'sha' + alg.slice(2);
  const key = keyPair.privateKey;
  const options =
    alg.startsWith('PS')
      ? { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }
      : alg.startsWith('ES')
        ? { key, dsaEncoding: 'ieee-p1363' }
        : key;
  return input + '.' + b64url(crypto.sign(digest, Buffer.from(input), options));
}

const claims = { sub: 'user-1', role: 'reader', iat: now, exp: now + 3600, iss: 'https://idp.test/' };
const rsaOld = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaNew = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });

// An RSA key without alg serves RS* and PS*; the EC keys carry theirs, as most providers publish.
const rsaOldJwk = { ...rsaOld.publicKey.export({ format: 'jwk' }), kid: 'rsa-2026-10', use: 'sig' };
const ecJwks = [jwk('ec-p256', 'ES256', p256), jwk('ec-p384', 'ES384', p384)];

const out = {
  first: {
    jwks: { keys: [rsaOldJwk, ...ecJwks] },
    tokens: {
      RS256: sign('RS256', 'rsa-2026-10', rsaOld, claims),
      PS256: sign('PS256', 'rsa-2026-10', rsaOld, claims),
      ES256: sign('ES256', 'ec-p256', p256, claims),
      ES384: sign('ES384', 'ec-p384', p384, claims),
      // the next key's token, before the provider has published that key
      early: sign('RS256', 'rsa-2026-11', rsaNew, claims),
      // signed by the next key but claiming the published kid
      forged: sign('RS256', 'rsa-2026-10', rsaNew, { ...claims, role: 'admin' }),
    },
  },
  rotated: {
    jwks: { keys: [{ ...rsaNew.publicKey.export({ format: 'jwk' }), kid: 'rsa-2026-11', use: 'sig' }, ...ecJwks] },
    tokens: {
      RS256: sign('RS256', 'rsa-2026-11', rsaNew, claims),
    },
  },
};
process.stdout.write(JSON.stringify(out));
