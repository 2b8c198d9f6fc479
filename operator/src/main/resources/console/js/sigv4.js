// AWS Signature Version 4 for the ECS endpoint, computed in the browser with WebCrypto (SHA-256, HMAC-SHA256).
// The secret never leaves the page: only the signature is sent, as the AWS SDKs do.

const encoder = new TextEncoder();

function hex(bytes) {
  return Array.from(new Uint8Array(bytes), b => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(text) {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmac(keyBytes, text) {
  const key = await crypto.subtle.importKey('raw', keyBytes, {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
}

/** WebCrypto exists only in a secure context: HTTPS, or http://localhost and http://127.0.0.1. */
export function signingAvailable() {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

/** "20261206T091500Z", the X-Amz-Date form of a date. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers that sign a POST of body to path: X-Amz-Date and Authorization. headers are the other headers to
 * sign (lowercase names); host must be among them, as the browser will send it.
 */
export async function sign({path, headers, body, accessKeyId, secretAccessKey, region, service = 'ecs',
  now = new Date()}) {
  const stamp = amzDate(now);
  const day = stamp.slice(0, 8);
  const all = {...headers, 'x-amz-date': stamp};
  const names = Object.keys(all).map(n => n.toLowerCase()).sort();
  const canonicalHeaders = names.map(n => `${n}:${String(all[n]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = ['POST', path, '', canonicalHeaders, signedHeaders, await sha256Hex(body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, await sha256Hex(canonicalRequest)].join('\n');
  let key = await hmac(encoder.encode('AWS4' + secretAccessKey), day);
  key = await hmac(key, region);
  key = await hmac(key, service);
  key = await hmac(key, 'aws4_request');
  const signature = hex(await hmac(key, stringToSign));
  return {
    'X-Amz-Date': stamp,
    'Authorization': `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, `
      + `Signature=${signature}`,
  };
}
