// An independent Standard Webhooks verifier (Node's crypto only), as a receiver would write it.
// Usage: node standard-webhooks-verify.js <secret> <webhook-id> <webhook-timestamp> <webhook-signature> <body-file>
const crypto = require('crypto');
const fs = require('fs');
const [secret, id, timestamp, header, bodyFile] = process.argv.slice(2);
const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const body = fs.readFileSync(bodyFile);
const expected = crypto.createHmac('sha256', key)
  .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]))
  .digest();
const valid = header.split(' ').some((entry) => {
  const [version, signature] = entry.split(',');
  const given = Buffer.from(signature || '', 'base64');
  return version === 'v1' && given.length === expected.length && crypto.timingSafeEqual(given, expected);
});
process.stdout.write(valid ? 'valid' : 'invalid');
