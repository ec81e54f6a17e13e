import type { OrderStatusAt } from './sandbox-order';

/** What a payment page shows. */
export interface PayPage {
  gatewayName: string;
  merchantId: string;
  reference: string;
  amount: number;
  description: string;
  status: OrderStatusAt;
  /** The control route the buttons post the customer's choice to. */
  completePath: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `150000` → `150.000 VND`. */
export function formatVnd(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} VND`;
}

/**
 * The gateway's payment page: merchant, amount, order, and three buttons that post the customer's choice to the
 * complete route, then follow the gateway's return URL when there is one.
 */
export function renderPayPage(page: PayPage): string {
  // JSON inside <script>: `<` is escaped so no value can close the element.
  const completePath = JSON.stringify(page.completePath).replace(/</g, '\\u003c');
  const buttons = page.status === 'pending' ? BUTTONS : '';
  return layout(
    `${page.gatewayName} sandbox`,
    `<h1>${escapeHtml(page.gatewayName)} sandbox payment</h1>
<dl>
<dt>Merchant</dt><dd data-merchant>${escapeHtml(page.merchantId)}</dd>
<dt>Order</dt><dd data-reference>${escapeHtml(page.reference)}</dd>
<dt>Amount</dt><dd data-amount="${page.amount}">${formatVnd(page.amount)}</dd>
<dt>Description</dt><dd>${escapeHtml(page.description)}</dd>
<dt>Status</dt><dd data-status>${page.status}</dd>
</dl>
${buttons}<p id="result"></p>
<script>
for (const button of document.querySelectorAll('button[data-outcome]')) {
  button.onclick = async () => {
    const response = await fetch(${completePath}, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: button.dataset.outcome }),
    });
    const result = await response.json();
    if (response.ok && result.redirectUrl) location.href = result.redirectUrl;
    else document.getElementById('result').textContent = result.status || result.message;
  };
}
</script>`,
  );
}

const BUTTONS = `<p>
<button data-outcome="succeeded">Pay</button>
<button data-outcome="failed">Fail</button>
<button data-outcome="cancelled">Cancel</button>
</p>
`;

/** A gateway's error page: HTTP 200 HTML with the code shown and in `data-<gateway>-error` (tests read it). */
export function renderErrorPage(gatewayName: string, errorAttribute: string, code: string, message: string): string {
  return layout(
    `${gatewayName} error ${code}`,
    `<h1>${escapeHtml(gatewayName)} sandbox: payment refused</h1>
<p ${errorAttribute}="${escapeHtml(code)}">Error code ${escapeHtml(code)}: ${escapeHtml(message)}</p>`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body></html>
`;
}
