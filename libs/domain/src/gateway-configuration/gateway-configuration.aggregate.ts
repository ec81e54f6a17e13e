import type { PaymentMethod } from '../payment/payment-method';
import { failure, success, type Result } from '../shared/result';
import type {
  GatewayConfigurationDomainEvent,
  GatewayConfigurationEventSubject,
  GatewayConfigurationField,
} from './gateway-configuration.events';
import { gatewayInactive, unsupportedPaymentMethod } from './gateway-configuration.errors';
import { parseBaseUrl, parseConfigurationName, parseSupportedPaymentMethods } from './gateway-configuration.rules';
import { merchantIdFromCredentials } from './gateway-credentials';
import type { GatewayType } from './gateway-type';

/** The persisted shape of a gateway configuration, without its credentials (persistence keeps them encrypted). */
export interface GatewayConfigurationSnapshot {
  readonly id: string;
  readonly tenantId: string;
  readonly gatewayType: GatewayType;
  readonly name: string;
  /** The merchant at the gateway (VNPay tmnCode, MoMo partnerCode, ZaloPay appId), read from the credentials. */
  readonly merchantId: string;
  /** The gateway host the adapter calls; null for its default (the sandbox locally). */
  readonly baseUrl: string | null;
  readonly supportedPaymentMethods: readonly PaymentMethod[];
  readonly isActive: boolean;
  readonly isDefault: boolean;
  /** The persisted version it was loaded at (0 if never saved); the repository increments it. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Input of `GatewayConfiguration.add`. Strings from the edge are parsed here. */
export interface AddGatewayConfigurationInput {
  readonly id: string;
  readonly tenantId: string;
  readonly gatewayType: GatewayType;
  readonly name: string;
  /** The gateway's credentials, read for validation and the merchant id, never kept. */
  readonly credentials: Readonly<Record<string, unknown>>;
  readonly baseUrl?: string | null;
  readonly supportedPaymentMethods: readonly string[];
  readonly isActive?: boolean;
  readonly isDefault?: boolean;
  readonly now: Date;
}

/** Input of `update`: absent fields stay as they are. */
export interface UpdateGatewayConfigurationInput {
  readonly name?: string;
  readonly baseUrl?: string | null;
  readonly supportedPaymentMethods?: readonly string[];
  readonly isActive?: boolean;
  readonly isDefault?: boolean;
  /** The caller replaced the (encrypted) credentials. */
  readonly credentialsChanged: boolean;
  /** The new credentials, when replaced: validated and read for the merchant id, never kept. */
  readonly credentials?: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

/**
 * A tenant's account at one gateway and the payment methods it offers through it. It holds no secrets: the
 * credentials are encrypted by persistence, and only the merchant id derived from them lives here. One default
 * per tenant is the command handler's job (it calls `unsetDefault` on the previous default in the same
 * transaction).
 */
export class GatewayConfiguration {
  private events: GatewayConfigurationDomainEvent[] = [];

  private constructor(private state: GatewayConfigurationSnapshot) {}

  /**
   * A new configuration (active and not default unless told), recording `GatewayConfigurationAdded`. Refuses an
   * empty or over-long name, credentials missing a field, a bad baseUrl, no methods (VALIDATION_ERROR) and unknown
   * methods (UNSUPPORTED_PAYMENT_METHOD).
   */
  static add(input: AddGatewayConfigurationInput): Result<GatewayConfiguration> {
    const name = parseConfigurationName(input.name);
    if (!name.ok) return name;
    const merchantId = merchantIdFromCredentials(input.gatewayType, input.credentials);
    if (!merchantId.ok) return merchantId;
    const baseUrl = parseBaseUrl(input.baseUrl ?? null);
    if (!baseUrl.ok) return baseUrl;
    const methods = parseSupportedPaymentMethods(input.supportedPaymentMethods);
    if (!methods.ok) return methods;

    const configuration = new GatewayConfiguration({
      id: input.id,
      tenantId: input.tenantId,
      gatewayType: input.gatewayType,
      name: name.value,
      merchantId: merchantId.value,
      baseUrl: baseUrl.value,
      supportedPaymentMethods: methods.value,
      isActive: input.isActive ?? true,
      isDefault: input.isDefault ?? false,
      version: 0,
      createdAt: input.now,
      updatedAt: input.now,
    });
    configuration.record('GatewayConfigurationAdded', input.now, configuration.subject());
    return success(configuration);
  }

  /** Rebuilds a configuration from its persisted snapshot; records no events. */
  static restore(snapshot: GatewayConfigurationSnapshot): GatewayConfiguration {
    return new GatewayConfiguration(snapshot);
  }

  /** The configuration as plain data for the persistence mapper. */
  toSnapshot(): GatewayConfigurationSnapshot {
    return { ...this.state };
  }

  // Read accessors; the fields are documented on `GatewayConfigurationSnapshot`.
  get id(): string {
    return this.state.id;
  }
  get tenantId(): string {
    return this.state.tenantId;
  }
  get gatewayType(): GatewayType {
    return this.state.gatewayType;
  }
  get name(): string {
    return this.state.name;
  }
  get merchantId(): string {
    return this.state.merchantId;
  }
  get baseUrl(): string | null {
    return this.state.baseUrl;
  }
  get supportedPaymentMethods(): readonly PaymentMethod[] {
    return this.state.supportedPaymentMethods;
  }
  get isActive(): boolean {
    return this.state.isActive;
  }
  get isDefault(): boolean {
    return this.state.isDefault;
  }
  get version(): number {
    return this.state.version;
  }

  /**
   * Changes the given fields. Records `GatewayConfigurationUpdated` naming the fields whose value changed
   * (`credentials` when replaced; `merchantId` when the new credentials name another merchant) and returns them;
   * a call that changes nothing records nothing. Refuses what `add` refuses.
   */
  update(input: UpdateGatewayConfigurationInput): Result<{ changedFields: readonly GatewayConfigurationField[] }> {
    const next: { -readonly [K in keyof GatewayConfigurationSnapshot]: GatewayConfigurationSnapshot[K] } = {
      ...this.state,
    };
    const changed: GatewayConfigurationField[] = [];
    if (input.name !== undefined) {
      const name = parseConfigurationName(input.name);
      if (!name.ok) return name;
      next.name = name.value;
    }
    if (input.baseUrl !== undefined) {
      const baseUrl = parseBaseUrl(input.baseUrl);
      if (!baseUrl.ok) return baseUrl;
      next.baseUrl = baseUrl.value;
    }
    if (input.supportedPaymentMethods !== undefined) {
      const methods = parseSupportedPaymentMethods(input.supportedPaymentMethods);
      if (!methods.ok) return methods;
      next.supportedPaymentMethods = methods.value;
    }
    if (input.credentials !== undefined) {
      const merchantId = merchantIdFromCredentials(this.state.gatewayType, input.credentials);
      if (!merchantId.ok) return merchantId;
      next.merchantId = merchantId.value;
    }
    next.isActive = input.isActive ?? next.isActive;
    next.isDefault = input.isDefault ?? next.isDefault;

    if (next.name !== this.state.name) changed.push('name');
    if (next.baseUrl !== this.state.baseUrl) changed.push('baseUrl');
    if (next.supportedPaymentMethods.join() !== this.state.supportedPaymentMethods.join()) {
      changed.push('supportedPaymentMethods');
    }
    if (next.isActive !== this.state.isActive) changed.push('isActive');
    if (next.isDefault !== this.state.isDefault) changed.push('isDefault');
    if (input.credentialsChanged || input.credentials !== undefined) changed.push('credentials');
    if (next.merchantId !== this.state.merchantId) changed.push('merchantId');
    if (changed.length === 0) return success({ changedFields: [] });

    this.state = { ...next, updatedAt: input.now };
    this.record('GatewayConfigurationUpdated', input.now, { ...this.subject(), changedFields: changed });
    return success({ changedFields: changed });
  }

  /**
   * Stops being the tenant's default because another configuration became it. No event of its own: it is part
   * of the other configuration's update, in the same transaction.
   */
  unsetDefault(now: Date): void {
    if (!this.state.isDefault) return;
    this.state = { ...this.state, isDefault: false, updatedAt: now };
  }

  /**
   * Whether a new payment by `paymentMethod` may use this configuration: GATEWAY_INACTIVE when switched off,
   * UNSUPPORTED_PAYMENT_METHOD when it doesn't offer the method.
   */
  ensureCanProcess(paymentMethod: PaymentMethod): Result<void> {
    if (!this.state.isActive) return failure(gatewayInactive(this.state.id));
    if (!this.state.supportedPaymentMethods.includes(paymentMethod)) {
      return failure(unsupportedPaymentMethod(paymentMethod, this.state.id));
    }
    return success(undefined);
  }

  /** The events recorded since the last call, oldest first; clears them. */
  pullEvents(): GatewayConfigurationDomainEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private subject(): GatewayConfigurationEventSubject {
    const { id, gatewayType, name, baseUrl, supportedPaymentMethods, isActive, isDefault } = this.state;
    return { configurationId: id, gatewayType, name, baseUrl, supportedPaymentMethods, isActive, isDefault };
  }

  private record<T extends GatewayConfigurationDomainEvent['type']>(
    type: T,
    occurredAt: Date,
    data: Extract<GatewayConfigurationDomainEvent, { type: T }>['data'],
  ): void {
    // TypeScript cannot narrow a generic discriminant, so the union member is asserted; `data` is already typed.
    this.events.push({
      type,
      aggregateType: 'GatewayConfiguration',
      aggregateId: this.state.id,
      tenantId: this.state.tenantId,
      occurredAt,
      data,
    } as GatewayConfigurationDomainEvent);
  }
}
