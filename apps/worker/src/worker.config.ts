import { ServiceConfig, WithDatabase, WithNats, WithRabbitMq } from '@ppm/observability';

/** Configuration of the worker (webhooks, scheduled jobs, event consumers). */
export class WorkerConfig extends WithRabbitMq(WithNats(WithDatabase(ServiceConfig))) {
  override PORT = 3002;
}
