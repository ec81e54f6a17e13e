import { DeadLetterQueuesHttpController } from './operations/dead-letter-queues.http.controller';
import { GatewayIpnsHttpController } from './operations/gateway-ipns.http.controller';
import { JobsHttpController } from './operations/jobs.http.controller';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { RedisClient, RedisModule } from '@ppm/cache';
import { natsCredentialsOf, NatsRequester, NatsRequesterModule } from '@ppm/messaging';
import { MetricsRegistry, ObservabilityModule } from '@ppm/observability';
import { AuditHttpController } from './audit/audit.http.controller';
import { VietqrHttpController } from './vietqr/vietqr.http.controller';
import { AccessGuard } from './auth/access.guard';
import { ApiKeyRegistry } from './auth/api-key-registry';
import { AuthFailureThrottle } from './auth/auth-failure-throttle';
import { JwtVerifier } from './auth/jwt-verifier';
import type { GatewayConfig } from './gateway.config';
import type { GatewaySettings } from './gateway-settings';
import { GatewayConfigsHttpController } from './gateway-configs/gateway-configs.http.controller';
import { ContractExceptionFilter } from './http/contract-exception.filter';
import { NatsGateway } from './http/nats-gateway';
import { requestValidationPipe } from './http/request-validation.pipe';
import { InternalPaymentsHttpController } from './internal/internal-payments.http.controller';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimiter } from './rate-limit/rate-limiter';
import { RateLimitTiers } from './rate-limit/rate-limit-tiers';
import { ReconciliationsHttpController } from './reconciliations/reconciliations.http.controller';
import { RefundsHttpController } from './refunds/refunds.http.controller';
import { RiskRulesHttpController } from './risk/risk-rules.http.controller';
import { SystemPingHttpController } from './system/system-ping.http.controller';
import { TransactionCsvExport } from './transactions/transaction-csv-export';
import { TransactionsHttpController } from './transactions/transactions.http.controller';
import { WebhookDeliveriesHttpController } from './webhook-endpoints/webhook-deliveries.http.controller';
import { WebhookEndpointsHttpController } from './webhook-endpoints/webhook-endpoints.http.controller';

/** The HTTP edge for the admin UI and internal callers: each route is one NATS request. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, settings: GatewaySettings): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        // Redis only counts rate limits, which fail open: it is not a readiness dependency of the edge.
        ObservabilityModule.forRoot('gateway', {
          inject: [NatsRequester],
          useFactory: (nats: NatsRequester) => [nats.readinessCheck()],
        }),
        NatsRequesterModule.forRoot({
          url: config.NATS_URL,
          name: 'ppm-gateway',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          credentials: natsCredentialsOf(config),
        }),
        RedisModule.forRoot(config, 'ppm-gateway'),
      ],
      controllers: [
        TransactionsHttpController,
        RefundsHttpController,
        GatewayConfigsHttpController,
        ReconciliationsHttpController,
        RiskRulesHttpController,
        InternalPaymentsHttpController,
        SystemPingHttpController,
        AuditHttpController,
        VietqrHttpController,
        WebhookEndpointsHttpController,
        WebhookDeliveriesHttpController,
        GatewayIpnsHttpController,
        JobsHttpController,
        DeadLetterQueuesHttpController,
      ],
      providers: [
        { provide: JwtVerifier, useValue: new JwtVerifier(settings.jwt) },
        { provide: AuthFailureThrottle, useValue: new AuthFailureThrottle(settings.authFailures) },
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry(settings.apiKeys) },
        {
          provide: RateLimitTiers,
          useValue: new RateLimitTiers(settings.tiers, settings.defaultTier, settings.tenantTiers),
        },
        {
          provide: RateLimiter,
          inject: [RedisClient, MetricsRegistry],
          useFactory: (redis: RedisClient, metrics: MetricsRegistry) => new RateLimiter(redis, metrics),
        },
        NatsGateway,
        TransactionCsvExport,
        // Guards run in this order: who calls and may they, then how often.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ContractExceptionFilter },
        { provide: APP_PIPE, useFactory: requestValidationPipe },
      ],
    };
  }
}
