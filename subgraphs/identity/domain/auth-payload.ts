import type { UserRow } from '../data/schema.js';

export interface AuthPayloadModel {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: UserRow;
}
