import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/** Tracks whether the service has finished starting and whether it is draining, for the health probes. */
@Injectable()
export class ServiceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private started = false;
  private draining = false;

  onApplicationBootstrap(): void {
    this.started = true;
  }

  // Readiness goes to 503 first, so load balancers stop sending work before connections close.
  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  isStarted(): boolean {
    return this.started;
  }

  isDraining(): boolean {
    return this.draining;
  }
}
