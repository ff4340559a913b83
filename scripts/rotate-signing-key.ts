/**
 * `npm run identity:rotate-key`: rotates the development signing key in place. Restart identity
 * to sign with the new key; tokens signed with the old one keep verifying until they expire.
 * In production, set JWT_PRIVATE_KEY/JWT_PUBLIC_KEY to the new pair and move the old public
 * key into JWT_PREVIOUS_PUBLIC_KEYS for at least one access-token lifetime (15 minutes).
 */
import { rotateDevKeyFile } from '@flowgraph/identity/data/signing-keys';

const file = process.env.JWT_DEV_KEY_FILE ?? '.data/identity-signing-key.json';
const { kid, retired } = await rotateDevKeyFile(file);
console.log(`Rotated ${file}: now signing with kid ${kid}; still accepted: ${retired.join(', ') || 'none'}.`);
