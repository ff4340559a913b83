/**
 * The payment port. Stripe is the real implementation; a local simulator with the same
 * contract serves `npm start` and offline development.
 */
export interface PaymentIntent {
  id: string;
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'requires_capture' | 'canceled' | 'succeeded';
  amountCents: number;
  currency: string;
  clientSecret: string;
  metadata: Record<string, string>;
}

export interface Refund {
  id: string;
  paymentIntentId: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
}

export interface WebhookEvent {
  id: string;
  type: string;
  /** The object the event is about, e.g. a payment intent. */
  object: Record<string, unknown>;
}

export interface CreatePaymentIntent {
  amountCents: number;
  currency: string;
  metadata?: Record<string, string>;
  /** Retrying with the same key must not charge twice. */
  idempotencyKey: string;
}

export class PaymentError extends Error {
  constructor(
    readonly code: 'invalid_request' | 'card_declined' | 'invalid_signature' | 'not_found' | 'provider_error',
    message: string,
  ) {
    super(message);
    this.name = 'PaymentError';
  }
}

export interface Payments {
  createPaymentIntent(input: CreatePaymentIntent): Promise<PaymentIntent>;
  refund(paymentIntentId: string, idempotencyKey: string): Promise<Refund>;
  /** Checks the `Stripe-Signature` header of a webhook delivery and parses it. */
  verifyWebhook(payload: string, signatureHeader: string): WebhookEvent;
  ping(): Promise<void>;
}

const CURRENCY = /^[a-z]{3}$/;

/** Shared input rules, so both implementations refuse the same requests. */
export function validatePaymentIntent(input: CreatePaymentIntent): void {
  if (!Number.isInteger(input.amountCents) || input.amountCents < 50 || input.amountCents > 99_999_999) {
    throw new PaymentError('invalid_request', 'amountCents must be an integer between 50 and 99999999');
  }
  if (!CURRENCY.test(input.currency)) throw new PaymentError('invalid_request', 'currency must be a lowercase ISO 4217 code');
  if (!input.idempotencyKey.trim()) throw new PaymentError('invalid_request', 'an idempotency key is required');
}
