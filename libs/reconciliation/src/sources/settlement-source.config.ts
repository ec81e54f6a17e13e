import { IsNotEmpty, IsString } from 'class-validator';
import { RequiredInProduction, type Constructor } from '@ppm/observability';

/**
 * Where daily settlement files are found: a mixin, so the worker's daily job and `ppm reconcile` read and validate
 * the same variable.
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithSettlementSource<T extends Constructor>(Base: T) {
  class SettlementSourceSettings extends Base {
    /**
     * Where each configuration's daily settlement file is: an http(s) URL or a path (a drop directory), with
     * `{baseUrl}` (the configuration's gateway host), `{gateway}`, `{merchantId}`, `{date}` and `{configId}`.
     */
    @RequiredInProduction()
    @IsString()
    @IsNotEmpty()
    RECONCILIATION_SOURCE_TEMPLATE: string = '{baseUrl}/sandbox/settlements/{gateway}/{merchantId}/{date}';
  }
  return SettlementSourceSettings;
}
