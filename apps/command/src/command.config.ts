import { ServiceConfig, WithDatabase, WithNats, WithRabbitMq } from '@ppm/observability';

/** Configuration of the command service (write model). */
export class CommandConfig extends WithRabbitMq(WithNats(WithDatabase(ServiceConfig))) {
  override PORT = 3001;
}
