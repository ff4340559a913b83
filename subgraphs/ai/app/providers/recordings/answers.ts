/**
 * Recorded model answers for the provider tests, around one specification written for them
 * (invoice-payment.yawl: enter the invoice, a manager approves amounts over 1000, finance pays).
 */
import { readFileSync } from 'node:fs';

export const RECORDED_IDENTIFIER = 'UID_recorded';

const valid = readFileSync(new URL('./invoice-payment.yawl', import.meta.url), 'utf8');

/** A good answer: a sentence, then the specification in an xml fence, as chat models answer. */
export const VALID_ANSWER = `Here is the specification.\n\n\`\`\`xml\n${valid}\`\`\`\n`;

/** An answer whose net does not verify: the XOR split lost its default flow (XOR_SPLIT_NO_DEFAULT). */
export const INVALID_NET_ANSWER = `\`\`\`xml\n${valid.replace('<isDefaultFlow/>\n', '')}\`\`\``;

/** An answer cut off mid-document: malformed XML. */
export const MALFORMED_ANSWER = `\`\`\`xml\n${valid.slice(0, Math.floor(valid.length / 2))}\`\`\``;

/** An answer without any XML. */
export const PROSE_ANSWER = 'I am sorry, I cannot help with that workflow.';
