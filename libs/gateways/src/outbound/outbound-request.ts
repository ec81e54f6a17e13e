import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, Transform, type Readable } from 'node:stream';
import { isLoopbackAddress, isPublicAddress } from '@ppm/observability';
import { OutboundConnectionError, OutboundRefusedError, ResponseTooLargeError } from './outbound.errors';

/** One outbound HTTP request. */
export interface OutboundRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Bounds the whole call: connecting, the headers and reading the body. */
  signal: AbortSignal;
  /** Refuse a host that resolves to any non-public address (production). */
  checkAddresses: boolean;
  /** With `checkAddresses`, let loopback addresses through too (a merchant's local receiver in development). */
  allowLoopback?: boolean;
  /** Fails the call with ETIMEDOUT (nothing sent) when the connection is not established within this. */
  connectTimeoutMs?: number;
}

interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * Sends one request and resolves with the response as soon as its headers arrive. Redirects are never followed:
 * a 3xx is the caller's answer. With `checkAddresses`, every address the host resolves to must be public, and the
 * socket connects only to those very addresses, so a DNS answer that changes between the check and the connect
 * (a rebind) is never used. A socket failure rejects with an OutboundConnectionError that tells whether the
 * connection had been established, which decides whether the gateway may have received the request.
 */
export async function openOutbound(request: OutboundRequest): Promise<IncomingMessage> {
  const url = new URL(request.url);
  const addresses = await resolveHost(url.hostname.replace(/^\[(.*)\]$/, '$1'), request).catch((error: unknown) =>
    Promise.reject(unsent(error)),
  );
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  return new Promise((resolve, reject) => {
    let connected = false;
    const outgoing = send(
      url,
      { method: request.method, headers, signal: request.signal, lookup: pinnedLookup(addresses) },
      resolve,
    );
    outgoing.on('socket', (socket) => {
      // A reused keep-alive socket is connected already; a new one says so with `connect` (TCP, before any TLS).
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
      if (socket.connecting && request.connectTimeoutMs !== undefined) {
        const timer = setTimeout(() => outgoing.destroy(connectTimeout()), request.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      }
    });
    outgoing.on('error', (error) => reject(connected ? connectionLost(error) : unsent(error)));
    outgoing.end(request.body);
  });
}

// Failures before the connection existed (no address, refused, unreachable): the gateway cannot have the request.
function unsent(error: unknown): Error {
  if (error instanceof OutboundRefusedError) return error;
  return new OutboundConnectionError(false, errorCode(error), { cause: error });
}

function connectTimeout(): Error {
  return Object.assign(new Error('the connection was not established in time'), { code: 'ETIMEDOUT' });
}

function connectionLost(error: unknown): OutboundConnectionError {
  return new OutboundConnectionError(true, errorCode(error), { cause: error });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The response body, ending in a ResponseTooLargeError past `maxBytes` (its download is then cut off). */
export function cappedBody(response: IncomingMessage, maxBytes: number): Readable {
  let received = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > maxBytes) done(new ResponseTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
  // Either side failing or being destroyed ends the other: an abandoned body never holds its socket.
  pipeline(response, cap, () => undefined);
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) cap.destroy(new ResponseTooLargeError(maxBytes));
  return cap;
}

/** Reads a whole (small) response body, at most `maxBytes` of it. */
export async function readCappedBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of cappedBody(response, maxBytes)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The first `maxBytes` of a response body; the rest is never downloaded (the response is destroyed there). */
export async function readBodyPrefix(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    received += (chunk as Buffer).length;
    if (received >= maxBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

async function resolveHost(host: string, request: OutboundRequest): Promise<ResolvedAddress[]> {
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await lookup(host, { all: true });
  const allowed = (address: string): boolean =>
    isPublicAddress(address) || (request.allowLoopback === true && isLoopbackAddress(address));
  if (request.checkAddresses && addresses.some((resolved) => !allowed(resolved.address))) {
    throw new OutboundRefusedError(`${host} resolves to an address that is not public`);
  }
  return addresses;
}

// The socket's own DNS lookup, answered with the addresses already checked.
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      callback(null, [...addresses]);
      return;
    }
    const first = addresses[0];
    if (!first) callback(new OutboundRefusedError('the host has no address'), '', 0);
    else callback(null, first.address, first.family);
  };
}
