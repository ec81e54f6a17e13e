import { Subjects } from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import type { TestStack } from '@ppm/testing';

/**
 * Registers each merchant at the stack's sandbox and adds a gateway configuration of it for `tenantId` (named after
 * its gateway, offering E_WALLET), in order; resolves with the configurations' ids by gateway.
 */
export async function addMerchantConfigurations(
  stack: TestStack,
  tenantId: string,
  merchants: Partial<Record<GatewayType, Record<string, string>>>,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [gatewayType, credentials] of Object.entries(merchants) as [GatewayType, Record<string, string>][]) {
    await stack.sandbox.registerMerchant(gatewayType, credentials);
    const added = await stack.requester.request<{ id: string }>(
      Subjects.command.gatewayConfigAdd,
      { gatewayType, name: gatewayType, credentials, supportedPaymentMethods: ['E_WALLET'] },
      { tenantId },
    );
    if (!added.success) throw new Error(JSON.stringify(added.error));
    ids[gatewayType] = added.data.id;
  }
  return ids;
}
