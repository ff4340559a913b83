import { createEnvelope, type EventEnvelope } from '@flowgraph/shared';

export const IDENTITY_TOPIC = 'identity.events';

/** Event types identity publishes; data never carries passwords, tokens, keys or MFA secrets. */
export type IdentityEventType =
  | 'login.succeeded'
  | 'login.failed'
  | 'refresh_token.reused'
  | 'tenant.created'
  | 'user.created'
  | 'user.role_changed'
  | 'password.changed'
  | 'mfa.enabled'
  | 'mfa.disabled'
  | 'api_key.created'
  | 'api_key.revoked';

export function identityEvent(type: IdentityEventType, fields: { tenantId: string; key: string; data: Record<string, unknown> }): EventEnvelope {
  return createEnvelope({ type: `identity.${type}`, source: 'identity', tenantId: fields.tenantId, key: fields.key, data: fields.data });
}
