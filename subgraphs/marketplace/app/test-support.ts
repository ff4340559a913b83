import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { PaymentError, type Payments, type RouteHandler } from '@flowgraph/shared';
import { atomicXml, simpleNet, specXml, taskXml } from '@flowgraph/yawl/testing/fixtures';

export const TEST_WEBHOOK_SECRET = 'whsec_marketplace_test';

/** A one-task specification written for these tests: input → Review → output. */
export const oneTaskSpecificationXml = (uri = 'Test'): string =>
  specXml(simpleNet('Net', 'Review', taskXml('Review', ['Net_o'], { decomposesTo: 'ReviewWork' })) + atomicXml('ReviewWork')).replace('uri="Test"', `uri="${uri}"`);

const stripeLibrary = new Stripe('sk_test_unused');

/** Signs a delivery as Stripe does (stripe's own test-header helper). */
export const signStripe = (payload: string, timestamp?: number, secret = TEST_WEBHOOK_SECRET): string =>
  stripeLibrary.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });

export interface CheckoutEventFields {
  eventId: string;
  purchaseId: string;
  templateId: string;
  buyerTenantId: string;
  buyerUserId: string;
  amountTotal: number;
  currency: string;
  paymentIntent: string;
  metadata?: Record<string, string>;
}

export function checkoutCompletedEvent(fields: CheckoutEventFields): string {
  return JSON.stringify({
    id: fields.eventId,
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_${fields.purchaseId.slice(0, 8)}`,
        object: 'checkout.session',
        client_reference_id: fields.purchaseId,
        amount_total: fields.amountTotal,
        currency: fields.currency,
        payment_status: 'paid',
        payment_intent: fields.paymentIntent,
        metadata: fields.metadata ?? { purchaseId: fields.purchaseId, templateId: fields.templateId, buyerTenantId: fields.buyerTenantId, buyerUserId: fields.buyerUserId },
      },
    },
  });
}

export function chargeRefundedEvent(eventId: string, paymentIntent: string, amount: number): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'charge.refunded',
    data: { object: { id: `ch_${eventId}`, object: 'charge', payment_intent: paymentIntent, amount, amount_refunded: amount, refunded: true } },
  });
}

/** Serves one route handler on loopback, as the marketplace's HTTP server would. */
export async function serveRoute(route: RouteHandler): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void Promise.resolve(route(req, res)).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function deliver(url: string, payload: string, signature: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * Real Stripe calls (stripe-mock) with an outage on transfers: the first `failures` transfer
 * requests fail as Stripe's 5xx would; every request is recorded.
 */
export class FlakyTransfers {
  readonly transferKeys: string[] = [];
  succeeded = 0;

  constructor(
    readonly inner: Payments,
    public failures: number,
  ) {}

  asPayments(): Payments {
    return {
      createPaymentIntent: (input) => this.inner.createPaymentIntent(input),
      createCheckoutSession: (input) => this.inner.createCheckoutSession(input),
      createConnectedAccount: (input) => this.inner.createConnectedAccount(input),
      createAccountLink: (input) => this.inner.createAccountLink(input),
      createTransfer: async (input) => {
        this.transferKeys.push(input.idempotencyKey);
        if (this.failures > 0) {
          this.failures--;
          throw new PaymentError('provider_error', 'An error occurred with our connection to Stripe.');
        }
        const transfer = await this.inner.createTransfer(input);
        this.succeeded++;
        return transfer;
      },
      reverseTransfer: (input) => this.inner.reverseTransfer(input),
      refund: (id, key) => this.inner.refund(id, key),
      verifyWebhook: (payload, header) => this.inner.verifyWebhook(payload, header),
      ping: () => this.inner.ping(),
    };
  }
}
