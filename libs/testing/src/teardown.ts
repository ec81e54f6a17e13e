/**
 * What a spec's set-up started, to be stopped in reverse order: each resource is kept with how it is released as soon
 * as it exists, so a set-up that fails half-way can still stop what it had started.
 */
export class Teardown {
  private readonly releases: (() => Promise<unknown>)[] = [];

  /** Returns `resource`, remembering to release it before everything kept earlier. */
  keep<T>(resource: T, release: (resource: T) => Promise<unknown>): T {
    this.releases.push(() => release(resource));
    return resource;
  }

  /** Releases everything kept, newest first, each once; the first failure is thrown after all were tried. */
  async run(): Promise<void> {
    const failures: unknown[] = [];
    for (const release of this.releases.splice(0).reverse()) {
      await release().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  }
}
