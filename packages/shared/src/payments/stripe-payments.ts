import Stripe from 'stripe';
import {
  PaymentError,
  validateAmount,
  validatePaymentIntent,
  type CheckoutSession,
  type CreateCheckoutSession,
  type CreateTransfer,
  type PaymentIntent,
  type Payments,
  type Refund,
  type Transfer,
  type WebhookEvent,
} from './payments.js';

export interface StripePaymentsOptions {
  secretKey: string;
  webhookSecret: string;
  /** e.g. http://127.0.0.1:12111 for stripe-mock; Stripe's own API when absent. */
  apiBase?: string | undefined;
}

function toIntent(intent: Stripe.PaymentIntent): PaymentIntent {
  return {
    id: intent.id,
    status: intent.status,
    amountCents: intent.amount,
    currency: intent.currency,
    clientSecret: intent.client_secret ?? '',
    metadata: { ...intent.metadata },
  };
}

function translate(error: unknown): never {
  if (error instanceof PaymentError) throw error;
  if (error instanceof Stripe.errors.StripeCardError) throw new PaymentError('card_declined', error.message);
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    throw new PaymentError(error.statusCode === 404 ? 'not_found' : 'invalid_request', error.message);
  }
  if (error instanceof Stripe.errors.StripeError) throw new PaymentError('provider_error', error.message);
  throw error;
}

export class StripePayments implements Payments {
  private readonly stripe: Stripe;

  constructor(private readonly options: StripePaymentsOptions) {
    const base = options.apiBase ? new URL(options.apiBase) : undefined;
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 2,
      timeout: 10_000,
      ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)), protocol: base.protocol === 'https:' ? 'https' : 'http' } : {}),
    });
  }

  async createPaymentIntent(input: Parameters<Payments['createPaymentIntent']>[0]): Promise<PaymentIntent> {
    validatePaymentIntent(input);
    try {
      const intent = await this.stripe.paymentIntents.create(
        { amount: input.amountCents, currency: input.currency, metadata: input.metadata ?? {}, automatic_payment_methods: { enabled: true } },
        { idempotencyKey: input.idempotencyKey },
      );
      return toIntent(intent);
    } catch (error) {
      return translate(error);
    }
  }

  async createCheckoutSession(input: CreateCheckoutSession): Promise<CheckoutSession> {
    validateAmount(input.amountCents, input.currency);
    try {
      const session = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ quantity: 1, price_data: { currency: input.currency, unit_amount: input.amountCents, product_data: { name: input.productName } } }],
          client_reference_id: input.clientReferenceId,
          metadata: input.metadata,
          payment_intent_data: { transfer_group: input.transferGroup, metadata: input.metadata },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: input.idempotencyKey },
      );
      if (!session.url) throw new PaymentError('provider_error', 'Stripe returned a Checkout Session without a URL');
      return { id: session.id, url: session.url };
    } catch (error) {
      return translate(error);
    }
  }

  async createConnectedAccount(input: { email?: string | undefined; metadata: Record<string, string>; idempotencyKey: string }): Promise<{ id: string }> {
    try {
      const account = await this.stripe.accounts.create(
        { type: 'express', metadata: input.metadata, ...(input.email ? { email: input.email } : {}), capabilities: { transfers: { requested: true } } },
        { idempotencyKey: input.idempotencyKey },
      );
      return { id: account.id };
    } catch (error) {
      return translate(error);
    }
  }

  async createAccountLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string }> {
    try {
      const link = await this.stripe.accountLinks.create({ account: input.accountId, refresh_url: input.refreshUrl, return_url: input.returnUrl, type: 'account_onboarding' });
      return { url: link.url };
    } catch (error) {
      return translate(error);
    }
  }

  async createTransfer(input: CreateTransfer): Promise<Transfer> {
    try {
      const transfer = await this.stripe.transfers.create(
        { amount: input.amountCents, currency: input.currency, destination: input.destination, transfer_group: input.transferGroup, metadata: input.metadata ?? {} },
        { idempotencyKey: input.idempotencyKey },
      );
      return { id: transfer.id, amountCents: transfer.amount, currency: transfer.currency, destination: input.destination };
    } catch (error) {
      return translate(error);
    }
  }

  async reverseTransfer(input: { transferId: string; amountCents?: number | undefined; idempotencyKey: string }): Promise<{ id: string }> {
    try {
      const reversal = await this.stripe.transfers.createReversal(input.transferId, input.amountCents === undefined ? {} : { amount: input.amountCents }, {
        idempotencyKey: input.idempotencyKey,
      });
      return { id: reversal.id };
    } catch (error) {
      return translate(error);
    }
  }

  async refund(paymentIntentId: string, idempotencyKey: string): Promise<Refund> {
    try {
      const refund = await this.stripe.refunds.create({ payment_intent: paymentIntentId }, { idempotencyKey });
      return { id: refund.id, paymentIntentId, status: (refund.status ?? 'pending') as Refund['status'] };
    } catch (error) {
      return translate(error);
    }
  }

  verifyWebhook(payload: string, signatureHeader: string): WebhookEvent {
    try {
      const event = this.stripe.webhooks.constructEvent(payload, signatureHeader, this.options.webhookSecret);
      return { id: event.id, type: event.type, object: event.data.object as unknown as Record<string, unknown> };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new PaymentError('invalid_signature', error.message);
      throw error;
    }
  }

  async ping(): Promise<void> {
    try {
      await this.stripe.balance.retrieve();
    } catch (error) {
      translate(error);
    }
  }
}
