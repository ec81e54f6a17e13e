import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Tracks whether the service has finished starting and whether it is draining, for the health probes. */
@Injectable()
export class ServiceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');
  private started = false;
  private draining = false;

  onApplicationBootstrap(): void {
    this.started = true;
  }

  // Readiness goes to 503 first, so load balancers stop sending work before connections close.
  beforeApplicationShutdown(signal?: string): void {
    this.draining = true;
    this.logger.log(`stopping${signal ? ` on ${signal}` : ''}: no new work, finishing what is in flight`);
  }

  onApplicationShutdown(): void {
    this.logger.log('stopped cleanly: in-flight work finished, connections closed');
  }

  isStarted(): boolean {
    return this.started;
  }

  isDraining(): boolean {
    return this.draining;
  }
}
