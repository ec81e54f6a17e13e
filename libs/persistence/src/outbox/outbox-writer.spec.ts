import { OutboxWriter } from './outbox-writer';

describe('OutboxWriter commit signal', () => {
  it('silences NOTIFY only while an in-process relay listens, and wakes it on each commit', () => {
    const outbox = new OutboxWriter();
    let wakes = 0;
    const wake = (): void => {
      wakes += 1;
    };
    expect(outbox.silencesNotify).toBe(false);

    outbox.onCommitted(wake);
    outbox.committed();
    expect(outbox.silencesNotify).toBe(true);
    expect(wakes).toBe(1);

    outbox.offCommitted(wake);
    outbox.committed();
    expect(outbox.silencesNotify).toBe(false);
    expect(wakes).toBe(1);
  });
});
