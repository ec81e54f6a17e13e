import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, Roles, Subjects, type ProcessPaymentReply, type ProcessRefundReply } from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { NatsGateway } from '../http/nats-gateway';
import { InternalRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { ProcessPaymentBodyDto } from './process-payment.body.dto';
import { ProcessRefundBodyDto } from './process-refund.body.dto';

const GATEWAY_ERRORS = [
  ErrorCode.GATEWAY_ERROR,
  ErrorCode.GATEWAY_UNAVAILABLE,
  ErrorCode.GATEWAY_TIMEOUT,
  ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
  ErrorCode.IDEMPOTENCY_KEY_REUSED,
];

/** Service-to-service payments and refunds (API keys), the HTTP twins of the NATS commands. */
@ApiTags('internal')
@Controller('api/v1/internal/ppm')
export class InternalPaymentsHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Post('process-payment')
  @HttpCode(201)
  @InternalRoute(Roles.internal, {
    status: 201,
    idempotent: true,
    errors: [
      ...GATEWAY_ERRORS,
      ErrorCode.INVALID_AMOUNT,
      ErrorCode.INVALID_CURRENCY,
      ErrorCode.UNSUPPORTED_PAYMENT_METHOD,
      ErrorCode.DUPLICATE_SOURCE_TRANSACTION,
      ErrorCode.WEBHOOK_ENDPOINT_REQUIRED,
      ErrorCode.PAYMENT_BLOCKED_BY_RISK,
      ErrorCode.GATEWAY_CONFIG_NOT_FOUND,
      ErrorCode.GATEWAY_NOT_CONFIGURED,
      ErrorCode.GATEWAY_INACTIVE,
    ],
  })
  async processPayment(
    @Body() body: ProcessPaymentBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<ProcessPaymentReply>> {
    return success(await this.nats.send(Subjects.command.paymentProcess, body, principal, idempotencyKey));
  }

  @Post('process-refund')
  @HttpCode(201)
  @InternalRoute(Roles.internal, {
    status: 201,
    idempotent: true,
    errors: [
      ...GATEWAY_ERRORS,
      ErrorCode.TRANSACTION_NOT_FOUND,
      ErrorCode.INVALID_AMOUNT,
      ErrorCode.INVALID_STATE_TRANSITION,
      ErrorCode.REFUND_EXCEEDS_REFUNDABLE,
      ErrorCode.MANUAL_REFUND_REQUIRED,
      ErrorCode.CONCURRENT_MODIFICATION,
    ],
  })
  async processRefund(
    @Body() body: ProcessRefundBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<ProcessRefundReply>> {
    return success(await this.nats.send(Subjects.command.refundProcess, body, principal, idempotencyKey));
  }
}
