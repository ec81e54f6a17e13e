import { Module, type DynamicModule } from '@nestjs/common';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { PaymentNotifications } from './payment-notifications';

/** Payment and refund outcome events → notification requests to the notification context. */
@Module({})
export class PaymentNotificationsModule {
  static forRoot(settings: NotificationSettings): DynamicModule {
    return {
      module: PaymentNotificationsModule,
      global: true,
      providers: [{ provide: NOTIFICATION_SETTINGS, useValue: settings }, PaymentNotifications],
      exports: [PaymentNotifications],
    };
  }
}
