import type { ReactNode } from 'react';
import { AuditPage } from './pages/audit-page';
import { GatewayConfigsPage } from './pages/gateway-configs-page';
import { OperationsPage } from './pages/operations-page';
import { ReconciliationPage } from './pages/reconciliation-page';
import { ReconciliationsPage } from './pages/reconciliations-page';
import { TransactionPage } from './pages/transaction-page';
import { TransactionsPage } from './pages/transactions-page';
import { UnmatchedTransfersPage } from './pages/unmatched-transfers-page';
import { WebhookEndpointPage } from './pages/webhook-endpoint-page';
import { WebhookEndpointsPage } from './pages/webhook-endpoints-page';
import { matchPath } from './routing/match-path';
import { useRouter } from './routing/router';

/** The console's pages by path; anything else is the transaction search, where support starts. */
const PAGES: [string, (params: Record<string, string>) => ReactNode][] = [
  ['/transactions/:id', ({ id = '' }) => <TransactionPage key={id} id={id} />],
  ['/reconciliations', () => <ReconciliationsPage />],
  ['/reconciliations/:id', ({ id = '' }) => <ReconciliationPage key={id} id={id} />],
  ['/gateways', () => <GatewayConfigsPage />],
  ['/operations', () => <OperationsPage />],
  ['/audit', () => <AuditPage />],
  ['/webhooks', () => <WebhookEndpointsPage />],
  ['/webhooks/:id', ({ id = '' }) => <WebhookEndpointPage key={id} id={id} />],
  ['/transfers', () => <UnmatchedTransfersPage />],
];

export function PageForPath(): ReactNode {
  const { path } = useRouter();
  for (const [pattern, page] of PAGES) {
    const params = matchPath(pattern, path);
    if (params !== undefined) return page(params);
  }
  return <TransactionsPage />;
}
