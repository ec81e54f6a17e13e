import { ArrayMinSize, IsUrl } from 'class-validator';
import { CommaSeparated, RequiredInProduction, type Constructor } from '@ppm/observability';
import { OFFICIAL_GATEWAY_BASE_URLS, type GatewayUrlSettings } from './gateway-url-allowlist';

const URL_LIST = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The platform's allowlist of gateway base URLs (`GATEWAY_ALLOWED_BASE_URLS_<TYPE>`, comma-separated origins),
 * by default each gateway's official production and sandbox hosts. Outside production the local sandbox
 * (`GATEWAY_DEFAULT_BASE_URL`) is allowed as well.
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithGatewayAllowlist<T extends Constructor>(Base: T) {
  class GatewayAllowlistSettings extends Base {
    /** Where adapters reach a gateway whose configuration names no base URL: the local sandbox by default. */
    @RequiredInProduction()
    @IsUrl(URL_LIST)
    GATEWAY_DEFAULT_BASE_URL: string = 'http://127.0.0.1:3010';

    @CommaSeparated()
    @ArrayMinSize(1)
    @IsUrl(URL_LIST, { each: true })
    GATEWAY_ALLOWED_BASE_URLS_VNPAY: string[] = [...OFFICIAL_GATEWAY_BASE_URLS.VNPAY];

    @CommaSeparated()
    @ArrayMinSize(1)
    @IsUrl(URL_LIST, { each: true })
    GATEWAY_ALLOWED_BASE_URLS_MOMO: string[] = [...OFFICIAL_GATEWAY_BASE_URLS.MOMO];

    @CommaSeparated()
    @ArrayMinSize(1)
    @IsUrl(URL_LIST, { each: true })
    GATEWAY_ALLOWED_BASE_URLS_ZALOPAY: string[] = [...OFFICIAL_GATEWAY_BASE_URLS.ZALOPAY];
  }
  return GatewayAllowlistSettings;
}

/** What a process's configuration gives the allowlist. */
export interface GatewayAllowlistConfig {
  NODE_ENV: string;
  GATEWAY_DEFAULT_BASE_URL: string;
  GATEWAY_ALLOWED_BASE_URLS_VNPAY: readonly string[];
  GATEWAY_ALLOWED_BASE_URLS_MOMO: readonly string[];
  GATEWAY_ALLOWED_BASE_URLS_ZALOPAY: readonly string[];
}

/** The allowlist settings of a process, from its configuration. */
export function gatewayUrlSettingsOf(config: GatewayAllowlistConfig): GatewayUrlSettings {
  return {
    production: config.NODE_ENV === 'production',
    localSandboxUrl: config.GATEWAY_DEFAULT_BASE_URL,
    allowedBaseUrls: {
      VNPAY: config.GATEWAY_ALLOWED_BASE_URLS_VNPAY,
      MOMO: config.GATEWAY_ALLOWED_BASE_URLS_MOMO,
      ZALOPAY: config.GATEWAY_ALLOWED_BASE_URLS_ZALOPAY,
      VIETQR: [],
    },
  };
}
