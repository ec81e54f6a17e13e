import { ServiceConfig } from '@ppm/observability';

/** Configuration of the gateway sandbox (local VNPay, MoMo and ZaloPay). */
export class SandboxConfig extends ServiceConfig {
  override PORT = 3010;
}
