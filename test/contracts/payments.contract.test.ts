import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { PaymentError, SimulatedPayments, StripePayments, type Payments } from '@flowgraph/shared';
import { requireService } from '../support/services.js';

const WEBHOOK_SECRET = 'whsec_contract_test';
// Deliveries are signed with the stripe library's own test-header helper, for both implementations.
const stripeLibrary = new Stripe('sk_test_unused');
const sign = (payload: string, timestamp?: number) =>
  stripeLibrary.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, ...(timestamp ? { timestamp } : {}) });

const implementations: [string, () => Payments][] = [
  ['stripe-mock', () => new StripePayments({ secretKey: 'sk_test_123', webhookSecret: WEBHOOK_SECRET, apiBase: requireService('STRIPE_API_BASE') })],
  ['simulator', () => new SimulatedPayments(WEBHOOK_SECRET)],
];

async function paymentError(promise: Promise<unknown>): Promise<PaymentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentError);
  return error as PaymentError;
}

describe.each(implementations)('Payments contract: %s', (_name, create) => {
  const payments = create();

  it('answers a ping', async () => {
    await expect(payments.ping()).resolves.toBeUndefined();
  });

  it('creates a payment intent with the amount and currency asked for', async () => {
    const intent = await payments.createPaymentIntent({ amountCents: 4_900, currency: 'eur', metadata: { purchaseId: 'p-1' }, idempotencyKey: randomUUID() });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent).toMatchObject({ amountCents: 4_900, currency: 'eur', status: 'requires_payment_method' });
    expect(intent.clientSecret).toMatch(/^pi_\w+_secret_\w+$/);
  });

  it('refuses invalid requests before charging anything', async () => {
    expect((await paymentError(payments.createPaymentIntent({ amountCents: 10, currency: 'eur', idempotencyKey: randomUUID() }))).code).toBe('invalid_request');
    expect((await paymentError(payments.createPaymentIntent({ amountCents: 1_000, currency: 'EURO', idempotencyKey: randomUUID() }))).code).toBe('invalid_request');
    expect((await paymentError(payments.createPaymentIntent({ amountCents: 1_000, currency: 'eur', idempotencyKey: ' ' }))).code).toBe('invalid_request');
  });

  it('refunds a payment intent', async () => {
    const intent = await payments.createPaymentIntent({ amountCents: 2_500, currency: 'usd', idempotencyKey: randomUUID() });
    const refund = await payments.refund(intent.id, randomUUID());
    expect(refund.id).toMatch(/^re_/);
    expect(refund).toMatchObject({ paymentIntentId: intent.id, status: 'succeeded' });
  });

  it('creates a Checkout Session with a URL, a Connect account with an onboarding link, a transfer and its reversal', async () => {
    const session = await payments.createCheckoutSession({
      amountCents: 9_999,
      currency: 'eur',
      productName: 'Template',
      clientReferenceId: 'p-1',
      metadata: { purchaseId: 'p-1' },
      transferGroup: 'p-1',
      successUrl: 'http://localhost/ok',
      cancelUrl: 'http://localhost/cancel',
      idempotencyKey: randomUUID(),
    });
    expect(session.id).toMatch(/^cs_/);
    expect(session.url).toMatch(/^https?:\/\//);
    const account = await payments.createConnectedAccount({ metadata: { userId: 'u-1' }, idempotencyKey: randomUUID() });
    expect(account.id).toMatch(/^acct_/);
    expect((await payments.createAccountLink({ accountId: account.id, refreshUrl: 'http://localhost/r', returnUrl: 'http://localhost/d' })).url).toMatch(/^https?:\/\//);
    const transfer = await payments.createTransfer({ amountCents: 6_999, currency: 'eur', destination: account.id, transferGroup: 'p-1', idempotencyKey: randomUUID() });
    expect(transfer).toMatchObject({ amountCents: 6_999, currency: 'eur' });
    expect(transfer.id).toMatch(/^tr_/);
    expect((await payments.reverseTransfer({ transferId: transfer.id, idempotencyKey: randomUUID() })).id).toMatch(/^trr_/);
    expect((await paymentError(payments.createCheckoutSession({ amountCents: 10, currency: 'eur', productName: 'x', clientReferenceId: 'p', metadata: {}, transferGroup: 'p', successUrl: 'http://l/', cancelUrl: 'http://l/', idempotencyKey: randomUUID() }))).code).toBe('invalid_request');
  });

  it('accepts a correctly signed webhook and rejects tampered or stale ones', () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', object: 'payment_intent', amount: 4_900 } } });
    expect(payments.verifyWebhook(payload, sign(payload))).toEqual({ id: 'evt_1', type: 'payment_intent.succeeded', object: { id: 'pi_1', object: 'payment_intent', amount: 4_900 } });
    const tampered = payload.replace('4900', '1');
    expect(() => payments.verifyWebhook(tampered, sign(payload))).toThrow(PaymentError);
    const stale = sign(payload, Math.floor(Date.now() / 1000) - 3_600);
    expect(() => payments.verifyWebhook(payload, stale)).toThrow(/tolerance/i);
  });
});

// stripe-mock answers from fixtures: it echoes scalar parameters but keeps no state and no metadata,
// so what depends on Stripe's server-side state is asserted against the simulator only.
describe('Payments simulator specifics', () => {
  const payments = new SimulatedPayments(WEBHOOK_SECRET);

  it('keeps the metadata and a client secret derived from the intent id', async () => {
    const intent = await payments.createPaymentIntent({ amountCents: 4_900, currency: 'eur', metadata: { purchaseId: 'p-1' }, idempotencyKey: randomUUID() });
    expect(intent.metadata).toEqual({ purchaseId: 'p-1' });
    expect(intent.clientSecret.startsWith(`${intent.id}_secret_`)).toBe(true);
  });

  // Stripe replays idempotent requests server-side; stripe-mock does not.
  it('replays an idempotent request instead of charging twice, and refuses reuse with other parameters', async () => {
    const key = randomUUID();
    const first = await payments.createPaymentIntent({ amountCents: 1_000, currency: 'eur', idempotencyKey: key });
    const again = await payments.createPaymentIntent({ amountCents: 1_000, currency: 'eur', idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect((await paymentError(payments.createPaymentIntent({ amountCents: 2_000, currency: 'eur', idempotencyKey: key }))).code).toBe('invalid_request');
  });

  it('declines amounts ending in 02 and reports unknown intents as not found', async () => {
    expect((await paymentError(payments.createPaymentIntent({ amountCents: 1_002, currency: 'eur', idempotencyKey: randomUUID() }))).code).toBe('card_declined');
    expect((await paymentError(payments.refund('pi_missing', randomUUID()))).code).toBe('not_found');
  });
});
