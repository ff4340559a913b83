/**
 * The words the planner knows: verbs (with their inflected forms), the determiners and
 * prepositions that bound a task's object, and the nouns that name numbers. Kept as plain data so
 * what the planner understands can be read (and extended) in one place.
 */

const BASE_VERBS = `accept acknowledge add adjust allocate analyse analyze answer apply approve archive arrange assemble assess assign audit authorise authorize
book brief build calculate calibrate call cancel capture categorise certify check choose classify clean close code collect compile complete compute
configure confirm contact contract create debug decide deliver deploy design detect diagnose dispatch document draft edit email enter escalate estimate
evaluate examine execute file fill finalise finalize fix follow forward fulfil fulfill gather generate grade handle hire identify implement import inform
inspect install interview investigate invite invoice issue label launch list load log mail maintain manufacture mark measure merge monitor negotiate
notify obtain onboard open order organise organize pack package pay perform pick plan post prepare present price print prioritise prioritize process
procure produce proofread publish purchase qualify quote raise rank rate receive reconcile record refund register reimburse reject release remind
renew repair replace reply report request research reserve resolve respond restock return review revise route run sanction scan schedule score screen
select sell send ship shortlist sign submit summarise summarize supply survey take tag test track train transfer translate triage update upload
validate verify vet visit weigh write set welcome enrol enroll count grant match shoot serve greet sort wash cook bill charge distribute draw
nominate provision revoke retire ask treat admit discharge attend discuss bake cut meet greet lock unlock`;

const IRREGULAR: Record<string, string> = {
  paid: 'pay', sent: 'send', sold: 'sell', written: 'write', wrote: 'write', made: 'make', done: 'do', given: 'give', taken: 'take', built: 'build',
  chosen: 'choose', drawn: 'draw', run: 'run', brought: 'bring', bought: 'buy', kept: 'keep', held: 'hold', told: 'tell', proofread: 'proofread',
  set: 'set', put: 'put', shortlisted: 'shortlist',
};

export const VERBS: ReadonlySet<string> = new Set(BASE_VERBS.split(/\s+/).filter(Boolean));

/** Verb particles kept with their verb in a task name: "sign off", "follow up", "fill in". */
export const PARTICLES: ReadonlySet<string> = new Set(['off', 'up', 'out', 'in', 'back']);

function thirdPerson(base: string): string {
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  if (/(s|sh|ch|x|z|o)$/.test(base)) return `${base}es`;
  return `${base}s`;
}

function pastParticiples(base: string): string[] {
  if (base.endsWith('e')) return [`${base}d`];
  if (/[^aeiou]y$/.test(base)) return [`${base.slice(0, -1)}ied`];
  // Doubling for short verbs ending consonant-vowel-consonant: ship → shipped, submit → submitted.
  const doubled = /[^aeiou][aeiou][bdgklmnprt]$/.test(base) ? [`${base}${base.slice(-1)}ed`] : [];
  return [...doubled, `${base}ed`];
}

const FORMS = new Map<string, { base: string; form: 'base' | 'third' | 'participle' }>();
for (const base of VERBS) {
  FORMS.set(base, { base, form: 'base' });
  FORMS.set(thirdPerson(base), { base, form: 'third' });
  for (const participle of pastParticiples(base)) FORMS.set(participle, { base, form: 'participle' });
}
for (const [participle, base] of Object.entries(IRREGULAR)) FORMS.set(participle, { base, form: 'participle' });

/** The base form and kind of a verb form, e.g. "approves" → approve (third). */
export function verbForm(word: string): { base: string; form: 'base' | 'third' | 'participle' } | undefined {
  return FORMS.get(word);
}

export const DETERMINERS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'their', 'his', 'her', 'its', 'our', 'your', 'my', 'this', 'that', 'these', 'those', 'all', 'any', 'some', 'each', 'every', 'both', 'new', 'another']);

export const PRONOUNS: ReadonlySet<string> = new Set(['it', 'they', 'them', 'he', 'she', 'we', 'i', 'you', 'someone', 'somebody', 'one', 'this', 'everything']);

export const MODALS: ReadonlySet<string> = new Set(['must', 'should', 'will', 'can', 'may', 'shall', 'would', 'could', 'then', 'also', 'first', 'finally', 'next', 'afterwards', 'immediately', 'always', 'to', 'needs', 'need', 'has', 'have', 'quickly', 'carefully', 'manually']);

/** Words that end a task's object. */
export const OBJECT_STOPS: ReadonlySet<string> = new Set([
  'to', 'for', 'with', 'from', 'by', 'in', 'on', 'at', 'within', 'until', 'if', 'when', 'unless', 'before', 'after', 'up', 'above', 'over', 'below', 'under',
  'than', 'and', 'or', 'but', 'too', 'as', 'while', 'into', 'of', 'via', 'using', 'again', 'once', 'so', 'because', 'then', 'also', 'whether', 'where',
]);

export const COPULAS: ReadonlySet<string> = new Set(['is', 'are', 'gets', 'get', 'be', 'been', 'was', 'were', 'becomes']);

/** Nouns that name a number, with the XSD type the planner gives them. */
export const NUMERIC_NOUNS: Readonly<Record<string, 'double' | 'long'>> = {
  amount: 'double', total: 'double', value: 'double', price: 'double', cost: 'double', costs: 'double', budget: 'double', fee: 'double', sum: 'double',
  salary: 'double', discount: 'double', spend: 'double', expense: 'double', expenses: 'double', revenue: 'double', loan: 'double', claim: 'double',
  refund: 'double', invoice: 'double', order: 'double', weight: 'double', quantity: 'long', count: 'long', score: 'long', rating: 'long', age: 'long',
  days: 'long', hours: 'long', units: 'long', items: 'long', headcount: 'long', distance: 'double', risk: 'long', priority: 'long', temperature: 'double',
};

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fourteen: 14, fifteen: 15,
  twenty: 20, thirty: 30, a: 1, an: 1,
};

/** Yes/no states, and the variable (with the value) each means: "rejected" is Approved = false. */
export const STATES: Readonly<Record<string, { variable: string; value: boolean }>> = {
  approved: { variable: 'Approved', value: true }, approve: { variable: 'Approved', value: true }, approves: { variable: 'Approved', value: true },
  rejected: { variable: 'Approved', value: false }, rejects: { variable: 'Approved', value: false }, declined: { variable: 'Approved', value: false },
  accepted: { variable: 'Accepted', value: true }, accepts: { variable: 'Accepted', value: true }, accept: { variable: 'Accepted', value: true },
  refused: { variable: 'Accepted', value: false }, refuses: { variable: 'Accepted', value: false },
  valid: { variable: 'Valid', value: true }, invalid: { variable: 'Valid', value: false }, correct: { variable: 'Valid', value: true }, incorrect: { variable: 'Valid', value: false },
  complete: { variable: 'Complete', value: true }, completed: { variable: 'Complete', value: true }, incomplete: { variable: 'Complete', value: false },
  available: { variable: 'Available', value: true }, unavailable: { variable: 'Available', value: false },
  passed: { variable: 'Passed', value: true }, passes: { variable: 'Passed', value: true }, pass: { variable: 'Passed', value: true },
  failed: { variable: 'Passed', value: false }, fails: { variable: 'Passed', value: false }, fail: { variable: 'Passed', value: false },
  resolved: { variable: 'Resolved', value: true }, fixed: { variable: 'Resolved', value: true }, unresolved: { variable: 'Resolved', value: false },
  eligible: { variable: 'Eligible', value: true }, ineligible: { variable: 'Eligible', value: false },
  urgent: { variable: 'Urgent', value: true }, satisfied: { variable: 'Satisfied', value: true }, unsatisfied: { variable: 'Satisfied', value: false },
  damaged: { variable: 'Damaged', value: true }, suspicious: { variable: 'Suspicious', value: true }, fraudulent: { variable: 'Suspicious', value: true },
  confirmed: { variable: 'Confirmed', value: true }, confirms: { variable: 'Confirmed', value: true }, signed: { variable: 'Signed', value: true },
  paid: { variable: 'Paid', value: true }, unpaid: { variable: 'Paid', value: false }, ok: { variable: 'Valid', value: true }, good: { variable: 'Valid', value: true },
  agreed: { variable: 'Agreed', value: true }, agrees: { variable: 'Agreed', value: true }, successful: { variable: 'Passed', value: true },
  stock: { variable: 'InStock', value: true },
};

/** Phrases the planner refuses, with the reason it gives. */
export const UNSUPPORTED: readonly { pattern: RegExp; reason: string }[] = [
  { pattern: /\bwhichever\b|\bfirst (?:one|response|reply|answer) (?:wins|counts)\b|\bthe first of\b/, reason: 'a race between branches (discriminator, whichever comes first) is not planned; only exclusive choices, parallel work and loops are' },
  { pattern: /\bevery (?:day|week|month|year|monday|tuesday|wednesday|thursday|friday|morning|evening)\b|\b(?:daily|weekly|monthly|yearly|annually|nightly)\b/, reason: 'recurring schedules (every week, monthly) start cases from outside the workflow; the planner plans one case' },
  { pattern: /\bgo(?:es)? back to (?:step )?\d+\b|\breturn to step\b/, reason: 'jumps back to numbered steps are arbitrary cycles the planner cannot place; describe the loop with "until"' },
  { pattern: /\bcall (?:the |an? )?(?:[a-z]+ )?(?:api|webhook|endpoint|service)\b|\bhttps?:\/\//, reason: 'calls to external services need a service binding the planner does not write' },
];
