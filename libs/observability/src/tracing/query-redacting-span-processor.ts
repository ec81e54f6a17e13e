import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { urlWithoutQuery } from '../network/url-without-query';

// Where the HTTP instrumentation puts a URL or its query (the stable names, and the older ones).
const FULL_URLS = ['url.full', 'http.url'];
const TARGETS = ['http.target'];
const QUERIES = ['url.query'];

/**
 * Keeps query strings out of exported spans: gateways sign their callbacks in the query (VNPay's vnp_SecureHash,
 * bank transaction numbers) and merchants' callback URLs may carry access tokens. The instrumentation sets the URL
 * when the span starts, so it is rewritten there, before anything can export it.
 */
export class QueryRedactingSpanProcessor implements SpanProcessor {
  onStart(span: Span, _parentContext: Context): void {
    const attributes = span.attributes;
    for (const key of FULL_URLS) {
      const value = attributes[key];
      if (typeof value === 'string') span.setAttribute(key, urlWithoutQuery(value));
    }
    for (const key of TARGETS) {
      const value = attributes[key];
      if (typeof value === 'string' && value.includes('?')) span.setAttribute(key, `${value.split('?')[0]}?…`);
    }
    for (const key of QUERIES) if (typeof attributes[key] === 'string') span.setAttribute(key, '…');
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
