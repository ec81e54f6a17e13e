interface Waiting<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs one statement for many concurrent callers: a call made while the previous statement runs waits for it and
 * goes with every other call that arrived meanwhile, as one statement (one round trip, one commit). An idle
 * caller's statement runs at once, alone: batches form only under load, and nobody waits for a timer. `run` gets
 * the inputs in call order and answers one output per input, in the same order. When a batch of several fails
 * because of an input (`isInputError`, e.g. a constraint it violates), each input runs again alone, so one bad
 * input fails only its own caller; any other failure (the server is down) fails the whole batch at once.
 */
export class StatementBatcher<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly isInputError: (error: unknown) => boolean,
    private readonly maxBatch = 256,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const error = await this.settle(batch);
      if (error === undefined) continue;
      if (batch.length > 1 && this.isInputError(error)) {
        for (const waiting of batch) {
          const alone = await this.settle([waiting]);
          if (alone !== undefined) waiting.reject(alone);
        }
      } else {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.running = false;
  }

  // Runs one batch and answers its callers; a failure is returned to the caller to decide, not thrown.
  private async settle(batch: Waiting<I, O>[]): Promise<unknown> {
    try {
      const outputs = await this.run(batch.map((waiting) => waiting.input));
      if (outputs.length !== batch.length) {
        throw new Error(`a batched statement answered ${outputs.length} rows for ${batch.length} inputs`);
      }
      batch.forEach((waiting, i) => waiting.resolve(outputs[i]));
      return undefined;
    } catch (error) {
      return error ?? new Error('a batched statement failed');
    }
  }
}
