/** The payment gateways PPM speaks to. */
export const GATEWAY_TYPES = ['VNPAY', 'MOMO', 'ZALOPAY', 'VIETQR'] as const;

/** One of the payment gateways PPM speaks to. */
export type GatewayType = (typeof GATEWAY_TYPES)[number];

/** Whether `value` names a gateway PPM speaks to. */
export function isGatewayType(value: string): value is GatewayType {
  return (GATEWAY_TYPES as readonly string[]).includes(value);
}
