import type { GatewayType } from '@ppm/gateways';

/** Drives the gateway sandbox's control API: merchants, completing orders, faults. */
export class SandboxControl {
  constructor(readonly baseUrl: string) {}

  async registerMerchant(
    gatewayType: GatewayType,
    credentials: Record<string, string>,
    ipnUrl?: string,
  ): Promise<void> {
    await this.call('POST', '/sandbox/merchants', { gatewayType, credentials, ipnUrl }, 201);
  }

  /** Completes an order the way the customer would; the sandbox then delivers the gateway's callback. */
  async complete(
    gatewayType: GatewayType,
    reference: string,
    outcome: 'succeeded' | 'failed' | 'cancelled',
  ): Promise<unknown> {
    return this.call(
      'POST',
      `/sandbox/orders/${gatewayType.toLowerCase()}/${encodeURIComponent(reference)}/complete`,
      { outcome },
      200,
    );
  }

  /**
   * A payer's bank app sends a VietQR transfer whose content is `content`: the scanned `qrPayload`'s account and
   * amount, or `accountNumber` and `amount`; SePay then notifies the account's webhook URL.
   */
  async bankTransfer(
    content: string,
    transfer: { qrPayload?: string; accountNumber?: string; amount?: number },
  ): Promise<unknown> {
    const path = `/sandbox/orders/vietqr/${encodeURIComponent(content)}/complete`;
    return this.call('POST', path, { outcome: 'succeeded', ...transfer }, 200);
  }

  async setFault(fault: {
    gatewayType?: GatewayType;
    mode?: 'none' | 'timeout' | 'error' | 'error-after-processing';
    latencyMs?: number;
  }): Promise<void> {
    await this.call('PUT', '/sandbox/faults', fault);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/sandbox/faults');
  }

  private async call(method: string, path: string, body?: unknown, expected?: number): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (expected ? response.status !== expected : !response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}
