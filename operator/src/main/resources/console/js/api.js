// The console's only way to Stevedore: the ECS endpoint's own API (POST / with X-Amz-Target), same origin, so the
// page has exactly the rights of the key it signs with and sees exactly the errors an SDK would.
import {sign, signingAvailable} from './sigv4.js';

const TARGET = 'AmazonEC2ContainerServiceV20141113.';
const KEY_STORE = 'stevedore.console.key';
const READ_ONLY_STORE = 'stevedore.console.readOnly';

/** An error answered by the endpoint: ECS's __type and message. */
export class EcsError extends Error {
  constructor(type, message, status) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/** 'insecure' (the local demo: unsigned requests accepted) or 'signed' (every request needs a key). */
let mode = null;

export function authMode() {
  return mode;
}

/** The key in use, kept in sessionStorage only: gone when the tab closes, never written to disk by the page. */
export function currentKey() {
  const stored = sessionStorage.getItem(KEY_STORE);
  return stored ? JSON.parse(stored) : null;
}

export function setKey(key) {
  sessionStorage.removeItem(READ_ONLY_STORE);
  if (key) sessionStorage.setItem(KEY_STORE, JSON.stringify(key));
  else sessionStorage.removeItem(KEY_STORE);
}

/** Whether a write with this key was refused (AccessDeniedException): the page then says the key is read-only. */
export function readOnly() {
  return sessionStorage.getItem(READ_ONLY_STORE) === 'true';
}

function isWrite(operation) {
  return !/^(Describe|List)/.test(operation);
}

async function post(operation, body, key) {
  const payload = JSON.stringify(body);
  const headers = {'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + operation};
  if (key) {
    if (!signingAvailable()) {
      throw new EcsError('SigningUnavailable', 'This page cannot sign requests: browsers offer WebCrypto only over'
        + ' HTTPS or on localhost. Open the console through TLS or kubectl port-forward.', 0);
    }
    Object.assign(headers, await sign({path: '/', headers: {...headers, host: location.host}, body: payload,
      accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, region: key.region || 'us-east-1'}));
  }
  let response;
  try {
    response = await fetch('/', {method: 'POST', headers, body: payload, cache: 'no-store'});
  } catch (e) {
    throw new EcsError('NetworkError', 'The ECS endpoint could not be reached: ' + e.message, 0);
  }
  const text = await response.text();
  let answer = {};
  try {
    answer = text ? JSON.parse(text) : {};
  } catch (e) {
    throw new EcsError('SerializationException', 'The endpoint answered something that is not JSON.', response.status);
  }
  if (!response.ok) {
    throw new EcsError(answer.__type || 'HTTP ' + response.status, answer.message || answer.Message || text,
      response.status);
  }
  return answer;
}

/** Finds out whether the endpoint accepts unsigned requests: an unsigned ListClusters is answered or refused. */
export async function detectMode() {
  try {
    await post('ListClusters', {}, null);
    mode = 'insecure';
  } catch (e) {
    if (e.type !== 'MissingAuthenticationTokenException') throw e;
    mode = 'signed';
  }
  return mode;
}

/** Calls one ECS operation; a refused write marks the key read-only and notifies the page. */
export async function call(operation, body = {}) {
  const key = mode === 'signed' ? currentKey() : null;
  try {
    return await post(operation, body, key);
  } catch (e) {
    if (e.type === 'AccessDeniedException' && isWrite(operation) && mode === 'signed') {
      sessionStorage.setItem(READ_ONLY_STORE, 'true');
      window.dispatchEvent(new CustomEvent('stevedore:readonly'));
    }
    throw e;
  }
}

/** Every page of a List operation: the items of member listed across nextToken pages. */
export async function listAll(operation, body, member) {
  const items = [];
  let nextToken;
  do {
    const page = await call(operation, nextToken ? {...body, nextToken} : body);
    items.push(...(page[member] || []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

/** Describe calls take at most `size` names; this splits and joins. */
export async function describeAll(operation, body, member, names, resultMember, size) {
  const results = [];
  for (let i = 0; i < names.length; i += size) {
    const answer = await call(operation, {...body, [member]: names.slice(i, i + size)});
    results.push(...(answer[resultMember] || []));
  }
  return results;
}
