import { ServiceConfig, WithNats } from '@ppm/observability';

/** Configuration of the HTTP edge. */
export class GatewayConfig extends WithNats(ServiceConfig) {
  override PORT = 3000;
}
