import { UncommittedEvents } from './uncommitted-events';

class Recorder {
  private events: string[] = [];
  record(event: string): void {
    this.events.push(event);
  }
  pullEvents(): string[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}

describe('UncommittedEvents', () => {
  it('hands a failed write’s events to the next write, before the newer ones, until one commits', () => {
    const uncommitted = new UncommittedEvents<Recorder, string>();
    const aggregate = new Recorder();
    aggregate.record('created');
    expect(uncommitted.take(aggregate)).toEqual(['created']);

    aggregate.record('succeeded');
    expect(uncommitted.take(aggregate)).toEqual(['created', 'succeeded']);

    uncommitted.committed(aggregate);
    aggregate.record('refund requested');
    expect(uncommitted.take(aggregate)).toEqual(['refund requested']);
  });

  it('keeps each aggregate’s events to itself', () => {
    const uncommitted = new UncommittedEvents<Recorder, string>();
    const [a, b] = [new Recorder(), new Recorder()];
    a.record('a1');
    b.record('b1');
    uncommitted.take(a);
    expect(uncommitted.take(b)).toEqual(['b1']);
  });
});
