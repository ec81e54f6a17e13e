import type { EventEnvelope } from '@ppm/contracts';
import { groupByPayment } from './delivery-audit';

const event = (id: string, aggregateId: string, aggregateVersion: number): EventEnvelope =>
  ({ id, aggregateId, aggregateVersion, type: 'ppm.payment.created.v1' }) as EventEnvelope;

describe('groupByPayment', () => {
  it('keeps each payment’s events in arrival order, and no payment’s events under another', () => {
    const events = [event('e1', 'p1', 1), event('e2', 'p2', 1), event('e3', 'p1', 3), event('e4', 'p1', 2)];
    const groups = groupByPayment(events);
    expect([...groups.keys()]).toEqual(['p1', 'p2']);
    expect(groups.get('p1')?.map((e) => e.id)).toEqual(['e1', 'e3', 'e4']);
    expect(groups.get('p2')?.map((e) => e.id)).toEqual(['e2']);
  });
});
