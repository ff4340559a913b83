import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaymentError, type Logger, type Payments, type RouteHandler } from '@flowgraph/shared';
import type { StripeWebhooks, WebhookResult } from './stripe-webhooks.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';
/** Stripe's events are a few KiB; anything much larger is not from Stripe. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

class TooLarge extends Error {}

/** The raw bytes, as signed: parsing before verifying would change what the signature covers. */
function readRaw(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new TooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new TooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const reply = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * POST /webhooks/stripe: verifies the signature over the raw body (300 s tolerance), then applies
 * the event once. 400 for anything unsigned or badly signed (nothing written), 200 for applied,
 * replayed and unknown events alike, 500 when applying failed, so Stripe delivers it again.
 */
export function stripeWebhookRoute(payments: Payments, webhooks: StripeWebhooks, logger: Logger, applied: (result: WebhookResult) => Promise<void>): RouteHandler {
  return async (req, res) => {
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' });
    let payload: string;
    try {
      payload = await readRaw(req, MAX_WEBHOOK_BYTES);
    } catch (error) {
      if (error instanceof TooLarge) return reply(res, 413, { error: 'payload too large' });
      throw error;
    }
    const signature = req.headers['stripe-signature'];
    if (typeof signature !== 'string' || !signature) return reply(res, 400, { error: 'missing Stripe-Signature' });
    let event;
    try {
      event = payments.verifyWebhook(payload, signature);
    } catch (error) {
      // A signed body that is not an event (no data.object) fails to parse the same way.
      if (error instanceof PaymentError || error instanceof SyntaxError || error instanceof TypeError) {
        logger.warn({ reason: error.message }, 'stripe webhook refused');
        return reply(res, 400, { error: 'invalid signature' });
      }
      throw error;
    }
    if (typeof event.id !== 'string' || typeof event.type !== 'string') return reply(res, 400, { error: 'not an event' });
    const result = await webhooks.apply(event);
    logger.info({ eventId: event.id, type: event.type, outcome: result.outcome }, 'stripe event');
    await applied(result);
    return reply(res, 200, { received: true, outcome: result.outcome });
  };
}
