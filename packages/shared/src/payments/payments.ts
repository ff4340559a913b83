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

/** A hosted Stripe Checkout page for one line item; the amount is the seller's, never the buyer's. */
export interface CreateCheckoutSession {
  amountCents: number;
  currency: string;
  productName: string;
  /** Our purchase id, echoed back on the completed session (`client_reference_id`). */
  clientReferenceId: string;
  metadata: Record<string, string>;
  /** Links the charge to the transfers later made from it (separate charges and transfers). */
  transferGroup: string;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
}

export interface CreateTransfer {
  amountCents: number;
  currency: string;
  /** The connected account (`acct_…`) that receives the money. */
  destination: string;
  transferGroup: string;
  metadata?: Record<string, string>;
  idempotencyKey: string;
}

export interface Transfer {
  id: string;
  amountCents: number;
  currency: string;
  destination: string;
}

export interface Payments {
  createPaymentIntent(input: CreatePaymentIntent): Promise<PaymentIntent>;
  createCheckoutSession(input: CreateCheckoutSession): Promise<CheckoutSession>;
  /** A Stripe Connect (Express) account for a seller. */
  createConnectedAccount(input: { email?: string | undefined; metadata: Record<string, string>; idempotencyKey: string }): Promise<{ id: string }>;
  /** A one-time onboarding link for that account. */
  createAccountLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string }>;
  createTransfer(input: CreateTransfer): Promise<Transfer>;
  /** Takes a transfer back (all of it when `amountCents` is absent). */
  reverseTransfer(input: { transferId: string; amountCents?: number | undefined; idempotencyKey: string }): Promise<{ id: string }>;
  refund(paymentIntentId: string, idempotencyKey: string): Promise<Refund>;
  /** Checks the `Stripe-Signature` header of a webhook delivery and parses it. */
  verifyWebhook(payload: string, signatureHeader: string): WebhookEvent;
  ping(): Promise<void>;
}

const CURRENCY = /^[a-z]{3}$/;

/** Shared input rules, so both implementations refuse the same requests. */
export function validatePaymentIntent(input: CreatePaymentIntent): void {
  validateAmount(input.amountCents, input.currency);
  if (!input.idempotencyKey.trim()) throw new PaymentError('invalid_request', 'an idempotency key is required');
}

/** Stripe's minimum charge is about 50 units of most currencies; a sum below it cannot go through Checkout. */
export function validateAmount(amountCents: number, currency: string): void {
  if (!Number.isInteger(amountCents) || amountCents < 50 || amountCents > 99_999_999) {
    throw new PaymentError('invalid_request', 'amountCents must be an integer between 50 and 99999999');
  }
  if (!CURRENCY.test(currency)) throw new PaymentError('invalid_request', 'currency must be a lowercase ISO 4217 code');
}
