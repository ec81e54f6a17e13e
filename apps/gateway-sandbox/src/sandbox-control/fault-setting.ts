import type { GatewayType } from '@ppm/gateways';
import { isGatewayType } from '../shared/gateway-slug';
import { fieldsOf } from '../shared/request-fields';

/**
 * `timeout`: hold the request without answering; `error`: HTTP 500 in no gateway's format, the request unhandled;
 * `error-after-processing`: the request is handled (an order opened, a refund made), then its answer is replaced
 * by that HTTP 500, as when a gateway fails after doing the work.
 */
export type FaultMode = 'none' | 'timeout' | 'error' | 'error-after-processing';

/** A fault setting; an absent field is inherited (per gateway → global → SANDBOX_LATENCY_MS and no fault). */
export interface FaultSetting {
  latencyMs?: number;
  mode?: FaultMode;
}

/** The fault applied to one request. */
export interface Fault {
  latencyMs: number;
  mode: FaultMode;
}

/** The body of PUT /sandbox/faults: which scope to set (all gateways when absent) and what. */
export type FaultUpdate = { gatewayType: GatewayType | null; setting: FaultSetting };

const MODES: readonly FaultMode[] = ['none', 'timeout', 'error', 'error-after-processing'];
const MAX_LATENCY_MS = 600_000;

function isLatency(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_LATENCY_MS;
}

function isMode(value: unknown): value is FaultMode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

/** Reads `{ gatewayType?, latencyMs?, mode? }`, or says what is wrong. */
export function readFaultUpdate(body: unknown): FaultUpdate | string {
  const { gatewayType, latencyMs, mode } = fieldsOf(body);
  if (gatewayType !== undefined && !isGatewayType(gatewayType)) return 'gatewayType must be VNPAY, MOMO or ZALOPAY';
  if (latencyMs !== undefined && !isLatency(latencyMs)) {
    return `latencyMs must be an integer from 0 to ${MAX_LATENCY_MS}`;
  }
  if (mode !== undefined && !isMode(mode)) return `mode must be one of ${MODES.join(', ')}`;
  if (latencyMs === undefined && mode === undefined) return 'give latencyMs, mode or both';
  return { gatewayType: gatewayType ?? null, setting: { latencyMs, mode } };
}

/**
 * Reads the per-request header `x-sandbox-fault`: `timeout`, `error`, `error-after-processing` or `latency=<ms>`,
 * several joined by commas
 * (`latency=200,error`). Null when the header is malformed; an empty setting when it is absent.
 */
export function readFaultHeader(header: string | string[] | undefined): FaultSetting | null {
  if (header === undefined) return {};
  if (Array.isArray(header)) return null;
  const setting: FaultSetting = {};
  for (const part of header.split(',').map((p) => p.trim())) {
    const latency = /^latency=(\d{1,6})$/.exec(part);
    if (latency && isLatency(Number(latency[1]))) setting.latencyMs = Number(latency[1]);
    else if (part !== 'none' && isMode(part)) setting.mode = part;
    else return null;
  }
  return setting;
}
