import type { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ErrorCode,
  Roles,
  Subjects,
  type CancelPaymentReply,
  type ListRefundsReply,
  type ListTransactionsReply,
  type ProcessRefundReply,
  type ReviewPaymentReply,
  type SyncPaymentStatusReply,
  type TransactionStatsReply,
  type TransactionView,
} from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { NatsGateway } from '../http/nats-gateway';
import { ResourceIdParamsDto } from '../http/resource-id.params.dto';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { CancelTransactionBodyDto } from './cancel-transaction.body.dto';
import { ExportTransactionsQueryDto } from './export-transactions.query.dto';
import { ListTransactionsQueryDto } from './list-transactions.query.dto';
import { RefundTransactionBodyDto } from './refund-transaction.body.dto';
import { ReviewTransactionBodyDto } from './review-transaction.body.dto';
import { TransactionCsvExport } from './transaction-csv-export';
import { TransactionStatsQueryDto } from './transaction-stats.query.dto';

/** Errors of commands that change a payment. */
const COMMAND_ERRORS = [
  ErrorCode.TRANSACTION_NOT_FOUND,
  ErrorCode.INVALID_STATE_TRANSITION,
  ErrorCode.CONCURRENT_MODIFICATION,
  ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
  ErrorCode.IDEMPOTENCY_KEY_REUSED,
];

/**
 * Payment transactions of the caller's tenant: search and export them, read one and its refunds, refund or cancel,
 * approve or reject one the risk rules held for review, sync one with its gateway.
 */
@ApiTags('transactions')
@Controller('api/v1/ppm/transactions')
export class TransactionsHttpController {
  constructor(
    private readonly nats: NatsGateway,
    private readonly csvExport: TransactionCsvExport,
  ) {}

  @Get()
  @AdminRoute(Roles.viewer)
  async list(
    @Query() query: ListTransactionsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListTransactionsReply>> {
    return success(await this.nats.send(Subjects.query.transactionList, query, principal));
  }

  @Get('stats')
  @AdminRoute(Roles.viewer)
  async stats(
    @Query() query: TransactionStatsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<TransactionStatsReply>> {
    return success(await this.nats.send(Subjects.query.transactionStats, query, principal));
  }

  @Get('export.csv')
  @AdminRoute(Roles.viewer, { csv: true })
  async export(
    @Query() query: ExportTransactionsQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const csv = await this.csvExport.open(query, principal);
    void reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="transactions.csv"');
    return csv;
  }

  @Get(':id')
  @AdminRoute(Roles.viewer, { errors: [ErrorCode.TRANSACTION_NOT_FOUND] })
  async get(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<TransactionView>> {
    return success(await this.nats.send(Subjects.query.transactionGet, { transactionId: params.id }, principal));
  }

  @Get(':id/refunds')
  @AdminRoute(Roles.viewer, { errors: [ErrorCode.TRANSACTION_NOT_FOUND] })
  async refunds(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListRefundsReply>> {
    return success(await this.nats.send(Subjects.query.refundList, { transactionId: params.id }, principal));
  }

  @Post(':id/refund')
  @HttpCode(201)
  @AdminRoute(Roles.operator, {
    status: 201,
    idempotent: true,
    errors: [
      ...COMMAND_ERRORS,
      ErrorCode.INVALID_AMOUNT,
      ErrorCode.REFUND_EXCEEDS_REFUNDABLE,
      ErrorCode.MANUAL_REFUND_REQUIRED,
      ErrorCode.GATEWAY_ERROR,
      ErrorCode.GATEWAY_UNAVAILABLE,
      ErrorCode.GATEWAY_TIMEOUT,
    ],
  })
  async refund(
    @Param() params: ResourceIdParamsDto,
    @Body() body: RefundTransactionBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<ProcessRefundReply>> {
    const data = { ...body, transactionId: params.id };
    return success(await this.nats.send(Subjects.command.refundProcess, data, principal, idempotencyKey));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @AdminRoute(Roles.operator, { idempotent: true, errors: [...COMMAND_ERRORS, ErrorCode.GATEWAY_ERROR] })
  async cancel(
    @Param() params: ResourceIdParamsDto,
    @Body() body: CancelTransactionBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<CancelPaymentReply>> {
    const data = { ...body, transactionId: params.id };
    return success(await this.nats.send(Subjects.command.paymentCancel, data, principal, idempotencyKey));
  }

  /** Approves (its gateway order is opened) or rejects (CANCELLED) a payment in PENDING_REVIEW. */
  @Post(':id/review')
  @HttpCode(200)
  @AdminRoute(Roles.operator, {
    idempotent: true,
    errors: [...COMMAND_ERRORS, ErrorCode.GATEWAY_ERROR, ErrorCode.GATEWAY_UNAVAILABLE],
  })
  async review(
    @Param() params: ResourceIdParamsDto,
    @Body() body: ReviewTransactionBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<ReviewPaymentReply>> {
    const data = { ...body, transactionId: params.id };
    return success(await this.nats.send(Subjects.command.paymentReview, data, principal, idempotencyKey));
  }

  /**
   * Asks the gateway now (the worker has the command service query it) and answers the payment's status afterwards,
   * with whether it changed and its refunds that were in flight; `GET /transactions/:id` shows the whole payment.
   */
  @Post(':id/sync')
  @HttpCode(200)
  @AdminRoute(Roles.operator, {
    errors: [
      ErrorCode.TRANSACTION_NOT_FOUND,
      ErrorCode.GATEWAY_ERROR,
      ErrorCode.GATEWAY_UNAVAILABLE,
      ErrorCode.GATEWAY_TIMEOUT,
    ],
  })
  async sync(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<SyncPaymentStatusReply>> {
    return success(await this.nats.send(Subjects.command.transactionSync, { transactionId: params.id }, principal));
  }
}
