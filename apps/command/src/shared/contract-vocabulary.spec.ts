import { GATEWAY_TYPES as CONTRACT_GATEWAY_TYPES, TRANSACTION_STATUSES } from '@ppm/contracts';
import { GATEWAY_TYPES, PAYMENT_STATUSES } from '@ppm/domain';

// The contract may not import the domain, so it keeps lists of its own; the command service speaks both.
describe('the contract and the domain name the same', () => {
  it('gateways', () => {
    expect(CONTRACT_GATEWAY_TYPES).toEqual(GATEWAY_TYPES);
  });

  it('payment statuses', () => {
    expect(TRANSACTION_STATUSES).toEqual(PAYMENT_STATUSES);
  });
});
