import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { GatewayType } from '@ppm/gateways';
import { readFaultHeader } from './fault-setting';
import { FaultStore } from './fault.store';

/** How long a `timeout` fault holds a request before dropping the connection. */
const HOLD_MS = 60_000;

const ERROR_PAGE =
  '<!doctype html><html><body><h1>500 Internal Server Error</h1><p>gateway-sandbox injected fault</p></body></html>';

type Next = () => void;

/**
 * Applies faults to the gateway API routes (as Nest middleware, before the body is read): latency first, then an
 * HTTP 500 instead of handling the request (`error`) or after handling it (`error-after-processing`), or a request
 * that never gets an answer (`timeout`).
 */
@Injectable()
export class FaultInjector implements BeforeApplicationShutdown {
  private readonly held = new Set<ServerResponse>();

  constructor(private readonly faults: FaultStore) {}

  /** The middleware of one gateway's routes. */
  middlewareFor(gatewayType: GatewayType): (request: IncomingMessage, response: ServerResponse, next: Next) => void {
    return (request, response, next) => this.apply(gatewayType, request, response, next);
  }

  /** Drops held requests, so a stopping sandbox does not wait for them. */
  beforeApplicationShutdown(): void {
    for (const response of this.held) response.destroy();
    this.held.clear();
  }

  private apply(gatewayType: GatewayType, request: IncomingMessage, response: ServerResponse, next: Next): void {
    const requested = readFaultHeader(request.headers['x-sandbox-fault']);
    if (requested === null) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('x-sandbox-fault must be timeout, error, error-after-processing or latency=<ms>, joined by commas');
      return;
    }
    const stored = this.faults.faultFor(gatewayType);
    const latencyMs = requested.latencyMs ?? stored.latencyMs;
    const mode = requested.mode ?? stored.mode;
    const act = (): void => {
      if (mode === 'error') {
        response.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
        response.end(ERROR_PAGE);
      } else if (mode === 'timeout') {
        this.hold(response);
      } else if (mode === 'error-after-processing') {
        answerErrorInstead(response);
        next();
      } else {
        next();
      }
    };
    if (latencyMs === 0) return act();
    const timer = setTimeout(act, latencyMs);
    response.once('close', () => clearTimeout(timer));
  }

  private hold(response: ServerResponse): void {
    this.held.add(response);
    const timer = setTimeout(() => response.destroy(), HOLD_MS);
    response.once('close', () => {
      clearTimeout(timer);
      this.held.delete(response);
    });
  }
}

// The route still runs (and changes the sandbox's state); whatever status, headers and body it answers are
// replaced by the error page's, however they are written (an explicit writeHead, or the implicit one of end).
function answerErrorInstead(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response);
  const end = response.end.bind(response);
  response.writeHead = ((): ServerResponse => {
    for (const name of response.getHeaderNames()) response.removeHeader(name);
    return writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
  }) as ServerResponse['writeHead'];
  response.end = ((): ServerResponse => {
    if (!response.headersSent) response.writeHead(500);
    return end(ERROR_PAGE);
  }) as ServerResponse['end'];
}
