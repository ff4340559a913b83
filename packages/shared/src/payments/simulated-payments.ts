import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  PaymentError,
  validateAmount,
  validatePaymentIntent,
  type CheckoutSession,
  type CreateCheckoutSession,
  type CreatePaymentIntent,
  type CreateTransfer,
  type PaymentIntent,
  type Payments,
  type Refund,
  type Transfer,
  type WebhookEvent,
} from './payments.js';

const TOLERANCE_SECONDS = 300;

const newId = (prefix: string) => `${prefix}_sim${randomBytes(12).toString('hex')}`;

/**
 * The local payment simulator behind `npm start`: Stripe's shapes, idempotency and webhook
 * signatures (`t=<ts>,v1=<hmac-sha256>`), with no network. Amounts ending in 02 are declined,
 * like Stripe's test card numbers make declines predictable.
 */
export class SimulatedPayments implements Payments {
  private readonly intents = new Map<string, PaymentIntent>();
  private readonly byIdempotencyKey = new Map<string, { fingerprint: string; result: unknown }>();
  private readonly transfers = new Map<string, Transfer>();
  private readonly accounts = new Set<string>();

  constructor(
    private readonly webhookSecret: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async createPaymentIntent(input: CreatePaymentIntent): Promise<PaymentIntent> {
    validatePaymentIntent(input);
    return this.idempotent(input.idempotencyKey, JSON.stringify([input.amountCents, input.currency, input.metadata ?? {}]), () => {
      if (input.amountCents % 100 === 2) throw new PaymentError('card_declined', 'Your card was declined.');
      const id = newId('pi');
      const intent: PaymentIntent = {
        id,
        status: 'requires_payment_method',
        amountCents: input.amountCents,
        currency: input.currency,
        clientSecret: `${id}_secret_${randomBytes(8).toString('hex')}`,
        metadata: { ...input.metadata },
      };
      this.intents.set(id, intent);
      return intent;
    });
  }

  async createCheckoutSession(input: CreateCheckoutSession): Promise<CheckoutSession> {
    validateAmount(input.amountCents, input.currency);
    return this.idempotent(input.idempotencyKey, JSON.stringify([input.amountCents, input.currency, input.clientReferenceId]), () => {
      const id = newId('cs');
      // No hosted page runs locally: the URL names the session, and a signed checkout.session.completed completes it.
      return { id, url: `http://localhost/simulated-checkout/${id}` };
    });
  }

  async createConnectedAccount(input: { metadata: Record<string, string>; idempotencyKey: string }): Promise<{ id: string }> {
    return this.idempotent(input.idempotencyKey, JSON.stringify(input.metadata), () => {
      const id = newId('acct');
      this.accounts.add(id);
      return { id };
    });
  }

  async createAccountLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string }> {
    if (!this.accounts.has(input.accountId)) throw new PaymentError('not_found', `No such account: '${input.accountId}'`);
    return { url: `http://localhost/simulated-onboarding/${input.accountId}` };
  }

  async createTransfer(input: CreateTransfer): Promise<Transfer> {
    if (!Number.isInteger(input.amountCents) || input.amountCents < 1) throw new PaymentError('invalid_request', 'amount must be a positive integer');
    return this.idempotent(input.idempotencyKey, JSON.stringify([input.amountCents, input.currency, input.destination]), () => {
      const transfer: Transfer = { id: newId('tr'), amountCents: input.amountCents, currency: input.currency, destination: input.destination };
      this.transfers.set(transfer.id, transfer);
      return transfer;
    });
  }

  async reverseTransfer(input: { transferId: string; amountCents?: number | undefined; idempotencyKey: string }): Promise<{ id: string }> {
    return this.idempotent(input.idempotencyKey, JSON.stringify([input.transferId, input.amountCents]), () => {
      if (!this.transfers.has(input.transferId)) throw new PaymentError('not_found', `No such transfer: '${input.transferId}'`);
      return { id: newId('trr') };
    });
  }

  async refund(paymentIntentId: string, idempotencyKey: string): Promise<Refund> {
    return this.idempotent(idempotencyKey, paymentIntentId, () => {
      if (!this.intents.has(paymentIntentId)) throw new PaymentError('not_found', `No such payment_intent: '${paymentIntentId}'`);
      const refund: Refund = { id: newId('re'), paymentIntentId, status: 'succeeded' };
      return refund;
    });
  }

  verifyWebhook(payload: string, signatureHeader: string): WebhookEvent {
    const parts = new Map(signatureHeader.split(',').map((part) => part.split('=', 2) as [string, string]));
    const timestamp = Number(parts.get('t'));
    const signature = parts.get('v1') ?? '';
    const expected = this.sign(payload, timestamp);
    const valid = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    if (!Number.isFinite(timestamp) || !valid) throw new PaymentError('invalid_signature', 'No signatures found matching the expected signature for payload');
    if (Math.abs(this.now() / 1000 - timestamp) > TOLERANCE_SECONDS) throw new PaymentError('invalid_signature', 'Timestamp outside the tolerance zone');
    const event = JSON.parse(payload) as { id: string; type: string; data: { object: Record<string, unknown> } };
    return { id: event.id, type: event.type, object: event.data.object };
  }

  /** Builds a signature header the way Stripe signs deliveries; for tests and local webhook replays. */
  signatureHeader(payload: string, timestamp = Math.floor(this.now() / 1000)): string {
    return `t=${timestamp},v1=${this.sign(payload, timestamp)}`;
  }

  async ping(): Promise<void> {}

  private sign(payload: string, timestamp: number): string {
    return createHmac('sha256', this.webhookSecret).update(`${timestamp}.${payload}`).digest('hex');
  }

  private async idempotent<T>(key: string, fingerprint: string, run: () => T): Promise<T> {
    const previous = this.byIdempotencyKey.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) throw new PaymentError('invalid_request', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
      // Only this method stores under a key, with the result of the same kind of call.
      return previous.result as T;
    }
    const result = run();
    this.byIdempotencyKey.set(key, { fingerprint, result });
    return result;
  }
}
