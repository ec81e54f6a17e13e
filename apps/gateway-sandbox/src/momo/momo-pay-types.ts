/** The requestTypes MoMo accepts, and the payType its IPN and query report for each once paid. */
export const MOMO_PAY_TYPES: Readonly<Record<string, string>> = {
  captureWallet: 'qr',
  payWithATM: 'napas',
  payWithCC: 'credit',
  payWithMethod: 'webApp',
};
