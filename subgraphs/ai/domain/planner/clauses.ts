/**
 * Reads an intent into clauses: each with its actions (who does what to what) and the modifiers
 * that place it in the plan (a condition, "otherwise", "too", parallel, "until", "for each",
 * "within"). Pure string work on a lower-cased, normalised text.
 */
import type { Comparison, Condition } from './plan.js';
import { COPULAS, DETERMINERS, MODALS, NUMBER_WORDS, NUMERIC_NOUNS, OBJECT_STOPS, PARTICLES, PRONOUNS, STATES, verbForm } from './lexicon.js';

export interface Action {
  role?: string;
  /** Base form, with any particle: "approve", "sign off". */
  verb: string;
  object?: string;
}

/** A condition as read; "complement" refers to the previous condition ("above that"). */
export type RawCondition = { kind: 'test'; condition: Condition } | { kind: 'complement' } | { kind: 'otherwise' };

export interface Clause {
  text: string;
  actions: Action[];
  condition?: RawCondition;
  /** "too", "also", "as well": the branch adds to the previous branch's steps. */
  also: boolean;
  parallel: boolean;
  /** "meanwhile", "at the same time" at the start: in parallel with the previous step. */
  alongsidePrevious: boolean;
  until?: Condition;
  forEach?: string;
  deadline?: string;
}

const CLAUSE_BREAKS = /\s*(?:[.;!?]\s+|[.;!?]$|\n+|,\s*(?:and\s+)?then\s+|\s+then\s+|,\s*after that,?\s*|\s+after that,?\s+|,\s*afterwards,?\s*|,\s*finally,?\s*|,\s*next,?\s*|,\s+(?=[a-z]))/;

/** Lower-cases, unifies quotes and spaces, and writes numbers without thousands separators. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .replace(/(\d+(?:\.\d+)?)\s*k\b/g, (_m, n: string) => String(Number(n) * 1000))
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** "Invoice approval: …" → the title before the colon, when it is short. */
export function splitTitle(text: string): { title?: string; body: string } {
  const match = /^([^:]{3,60}):\s*(.+)$/s.exec(text);
  if (!match || match[1]!.split(/\s+/).length > 6) return { body: text };
  return { title: match[1]!.trim(), body: match[2]! };
}

const CONDITION_ONLY = /^(?:if|when|unless|in case|otherwise|else|above that|over that|beyond that|below that|under that|if not|if so|in that case)\b[^]*$/;

export function splitClauses(body: string): string[] {
  const parts = body.split(CLAUSE_BREAKS).map((part) => part.trim().replace(/^(?:and|but|so)\s+/, '')).filter((part) => part.length > 0);
  // A condition standing alone ("if the amount is over 500,") belongs to the clause after it.
  const merged: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i]!;
    const next = parts[i + 1];
    if (next !== undefined && !/^(?:otherwise|else)\b/.test(next) && CONDITION_ONLY.test(part) && !hasVerbAfterCondition(part)) part = `${part}, ${parts[++i]!}`;
    merged.push(part);
  }
  return merged;
}

function hasVerbAfterCondition(part: string): boolean {
  const rest = part.replace(/^(?:otherwise|else|above that|over that|beyond that|below that|under that|if not|if so|in that case)\b/, '');
  if (/^(?:if|when|unless|in case)\b/.test(part)) {
    const bare = splitBareCondition(part);
    return bare !== undefined && bare.rest.split(' ').some((word) => verbForm(word)?.form === 'third');
  }
  return rest.trim().split(' ').some((word) => verbForm(word) !== undefined);
}

const DURATION_UNITS: Record<string, (n: number) => string> = {
  minute: (n) => `PT${n}M`,
  hour: (n) => `PT${n}H`,
  day: (n) => `P${n}D`,
  'business day': (n) => `P${n}D`,
  'working day': (n) => `P${n}D`,
  week: (n) => `P${n * 7}D`,
  month: (n) => `P${n}M`,
};

function numberOf(word: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(word)) return Number(word);
  return NUMBER_WORDS[word];
}

const pascal = (words: string): string =>
  words
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

const AMOUNT_OF: ReadonlySet<string> = new Set(['invoice', 'order', 'claim', 'loan', 'expense', 'expenses', 'refund']);

/** The variable a threshold is on: the nearest number noun before it, else Amount. */
function thresholdVariable(before: string): string {
  const words = before.split(' ').reverse();
  for (const word of words) {
    if (NUMERIC_NOUNS[word] !== undefined) return AMOUNT_OF.has(word) ? `${pascal(word.replace(/s$/, ''))}Amount` : pascal(word === 'costs' ? 'cost' : word);
    const singular = word.replace(/s$/, '');
    if (NUMERIC_NOUNS[singular] !== undefined && !AMOUNT_OF.has(singular)) return pascal(singular);
  }
  return 'Amount';
}

const COMPARATORS: [RegExp, Comparison][] = [
  [/\b(?:up to|at most|no more than|not more than|maximum of|or less|less than or equal to)\s*$/, '<='],
  [/\b(?:at least|no less than|minimum of|or more)\s*$/, '>='],
  [/\b(?:under|below|less than|lower than|fewer than|smaller than)\s*$/, '<'],
  [/\b(?:over|above|more than|greater than|higher than|exceeds?|exceeding|beyond|larger than)\s*$/, '>'],
];

const THRESHOLD = /(?:[$€£]\s*)?(\d+(?:\.\d+)?)(?:\s*(?:dollars|euros|eur|usd|pounds|gbp))?/;

/** A comparison with a number in `text`, e.g. "amounts up to 10000" → Amount <= 10000. */
export function readThreshold(text: string): { condition: Condition; start: number; end: number } | undefined {
  const pattern = new RegExp(THRESHOLD.source, 'g');
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const before = text.slice(0, match.index).replace(/[$€£]\s*$/, '');
    for (const [comparator, op] of COMPARATORS) {
      const found = comparator.exec(before);
      if (!found) continue;
      const start = found.index;
      return { condition: { variable: thresholdVariable(text.slice(0, start)), op, value: Number(match[1]) }, start, end: match.index + match[0].length };
    }
    const after = text.slice(match.index + match[0].length);
    const trailing = /^\s*(or more|or less|and above|and over|and below|or above|or below)\b/.exec(after);
    if (trailing) {
      const op: Comparison = /more|above|over/.test(trailing[1]!) ? '>=' : '<=';
      return { condition: { variable: thresholdVariable(before), op, value: Number(match[1]) }, start: match.index, end: match.index + match[0].length + trailing[0].length };
    }
  }
  return undefined;
}

/** A yes/no state in a condition text: "it is rejected" → Approved = false. */
export function readState(text: string): Condition | undefined {
  const words = text.replace(/[^a-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean);
  const negated = words.some((word) => word === 'not' || word === "isn't" || word === 'no' || word === 'never');
  if (/\bout of stock\b/.test(text)) return { variable: 'InStock', op: '=', value: negated };
  for (let i = words.length - 1; i >= 0; i--) {
    const state = STATES[words[i]!];
    if (state) return { variable: state.variable, op: '=', value: negated ? !state.value : state.value };
  }
  const last = words.filter((word) => !DETERMINERS.has(word) && !COPULAS.has(word) && !PRONOUNS.has(word) && word !== 'not').pop();
  if (!last) return undefined;
  const afterArticle = /\b(?:a|an)\s+([a-z]+)$/.exec(words.join(' '));
  return { variable: afterArticle ? `Is${pascal(afterArticle[1]!)}` : pascal(last), op: '=', value: !negated };
}

function readDuration(text: string): { duration: string; match: string } | undefined {
  const match = /\b(?:within|in under|in less than|no later than)\s+(\d+|[a-z]+)\s+(business day|working day|minute|hour|day|week|month)s?\b/.exec(text);
  if (!match) return undefined;
  const count = numberOf(match[1]!);
  if (count === undefined) return undefined;
  return { duration: DURATION_UNITS[match[2]!]!(count), match: match[0] };
}

const PARALLEL = /\b(?:in parallel|simultaneously|at the same time|concurrently|meanwhile|in the meantime)\b/;
const ALONGSIDE = /^(?:meanwhile|at the same time|in parallel|simultaneously|in the meantime),?\s*/;

export function readClause(raw: string): Clause {
  let text = raw.replace(/[,]+$/, '').trim();
  const clause: Clause = { text: raw, actions: [], also: false, parallel: false, alongsidePrevious: false };
  if (ALONGSIDE.test(text)) {
    clause.alongsidePrevious = true;
    text = text.replace(ALONGSIDE, '');
  }
  if (PARALLEL.test(text) || /\bwhile\b/.test(text) || /^both\b/.test(text)) {
    clause.parallel = true;
    text = text.replace(PARALLEL, '').replace(/\bwhile\b/g, 'and').replace(/^both\s+/, '');
  }
  if (/\b(?:too|as well|also|additionally|in addition)\b/.test(text)) {
    clause.also = true;
    text = text.replace(/\b(?:too|as well|also|additionally|in addition)\b/g, '');
  }
  const duration = readDuration(text);
  if (duration) {
    clause.deadline = duration.duration;
    text = text.replace(duration.match, '');
  }
  const until = /\b(?:until|till|unless and until)\b\s+(.*)$/.exec(text);
  if (until) {
    clause.until = readState(until[1]!) ?? { variable: 'Approved', op: '=', value: true };
    text = text.slice(0, until.index);
    text = text.replace(/\b(?:repeat(?:edly)?|keep|again)\b/g, '');
  }
  const forEach = /\b(?:for (?:each|every)|per)\s+([a-z]+(?: [a-z]+)?)\b,?/.exec(text);
  if (forEach) {
    const [first, second] = forEach[1]!.split(' ') as [string, string | undefined];
    const two = second !== undefined && !DETERMINERS.has(second) && !OBJECT_STOPS.has(second) && verbForm(second)?.form !== 'third';
    clause.forEach = two ? `${first} ${second}` : first;
    text = text.replace(forEach[0], two ? '' : (second ?? ''));
  } else {
    const each = /^(?:each|every)\s+([a-z]+)\s+(?=\S)/.exec(text);
    if (each && verbForm(each[1]!) === undefined) {
      clause.forEach = each[1]!;
      text = `the ${each[1]} ${text.slice(each[0].length)}`;
    }
  }
  text = readCondition(text, clause);
  clause.actions = readActions(text);
  return clause;
}

/** Takes the condition out of the clause text and returns what is left. */
function readCondition(text: string, clause: Clause): string {
  const otherwise = /^(?:otherwise|else|if not|in all other cases|for (?:all )?(?:the )?others?)\b,?\s*/.exec(text);
  if (otherwise) {
    clause.condition = { kind: 'otherwise' };
    return text.slice(otherwise[0].length);
  }
  const complement = /^(?:above|over|beyond|below|under) (?:that|this|it|the limit|the threshold)\b,?\s*/.exec(text);
  if (complement) {
    clause.condition = { kind: 'complement' };
    return text.slice(complement[0].length);
  }
  const leading = /^(?:if|when|in case|provided that|where)\s+([^,]+),\s*(.*)$/.exec(text);
  const trailing = /^(.*?)\s+(?:if|when|in case|provided that|as long as)\s+(.+)$/.exec(text);
  const bare = leading || trailing ? undefined : splitBareCondition(text);
  const [conditionText, rest] = leading ? [leading[1]!, leading[2]!] : trailing ? [trailing[2]!, trailing[1]!] : bare ? [bare.condition, bare.rest] : [undefined, text];
  if (conditionText !== undefined) {
    const threshold = readThreshold(conditionText);
    const state = threshold ? undefined : readState(conditionText);
    const isTemporal = /^(?:when|where)\b/.test(text) && !threshold && !Object.keys(STATES).some((word) => new RegExp(`\\b${word}\\b`).test(conditionText));
    if (!isTemporal && (threshold || state)) {
      clause.condition = { kind: 'test', condition: threshold ? threshold.condition : state! };
      return rest;
    }
    return rest;
  }
  // A threshold inside the clause itself: "a manager approves amounts up to 10000".
  const inline = readThreshold(text);
  if (inline) {
    clause.condition = { kind: 'test', condition: inline.condition };
    return `${text.slice(0, inline.start)} ${text.slice(inline.end)}`;
  }
  return text;
}

/** "if the student is eligible the registrar enrols them": the condition ends at its state word or number. */
function splitBareCondition(text: string): { condition: string; rest: string } | undefined {
  const match = /^(?:if|when|in case)\s+(.*)$/.exec(text);
  if (!match) return undefined;
  const words = match[1]!.split(' ');
  for (let i = 0; i < words.length - 1; i++) {
    const word = words[i]!;
    if (STATES[word] !== undefined || /^\d+(?:\.\d+)?$/.test(word)) {
      return { condition: words.slice(0, i + 1).join(' '), rest: words.slice(i + 1).join(' ') };
    }
  }
  return undefined;
}

function cleanWords(text: string): string[] {
  return text
    .replace(/[^a-z0-9' -]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** The actions of a clause: one per verb, sharing a subject or object when one is left out. */
export function readActions(text: string): Action[] {
  const segments = text.split(/\s+(?:and|or|as well as|plus)\s+|,\s*/).map(cleanWords).filter((words) => words.length > 0);
  const actions: Action[] = [];
  for (const words of segments) {
    const action = readAction(words);
    if (action) actions.push(action);
    else if (actions.length > 0 && !actions[actions.length - 1]!.object) {
      // "enters and validates the invoice": the object of the second belongs to both.
      actions[actions.length - 1]!.object = objectPhrase(words);
    }
  }
  for (let i = actions.length - 2; i >= 0; i--) {
    if (!actions[i]!.object && actions[i + 1]!.object) actions[i]!.object = actions[i + 1]!.object!;
  }
  for (let i = 1; i < actions.length; i++) {
    if (actions[i]!.role === undefined && actions[i - 1]!.role !== undefined && !segmentsImperative(text)) actions[i]!.role = actions[i - 1]!.role!;
  }
  return actions;
}

function segmentsImperative(text: string): boolean {
  const first = cleanWords(text)[0];
  return first !== undefined && verbForm(first)?.form === 'base';
}

function readAction(words: string[]): Action | undefined {
  // Passive: "it is paid (by accounts)", "the goods are shipped".
  for (let i = 0; i < words.length - 1; i++) {
    if (!COPULAS.has(words[i]!)) continue;
    const next = words[i + 1] === 'then' || words[i + 1] === 'also' ? i + 2 : i + 1;
    const verb = verbForm(words[next] ?? '');
    if (verb?.form !== 'participle') continue;
    const particle = PARTICLES.has(words[next + 1] ?? '') ? ` ${words[next + 1]}` : '';
    const by = words.indexOf('by', next);
    const role = by >= 0 ? nounPhrase(words.slice(by + 1)) : undefined;
    const subject = nounPhrase(words.slice(0, i));
    return { verb: `${verb.base}${particle}`, ...(subject ? { object: subject } : {}), ...(role ? { role } : {}) };
  }
  for (let i = 0; i < words.length; i++) {
    const verb = verbForm(words[i]!);
    if (!verb || verb.form === 'participle') continue;
    const previous = words[i - 1];
    // "design prepares the visuals": a verb-like noun as the subject of the verb after it.
    if (verb.form === 'base' && i === 0 && [words[1], words[2]].some((word) => word !== undefined && verbForm(word)?.form === 'third')) continue;
    if (previous !== undefined && (DETERMINERS.has(previous) || (verb.form === 'base' && i > 0 && !MODALS.has(previous)))) continue;
    const subjectWords = words.slice(0, i).filter((word) => !MODALS.has(word));
    // "it" doing something in the active voice is the IT department, not a pronoun.
    if (subjectWords.length === 1 && subjectWords[0] === 'it') subjectWords[0] = 'IT';
    let objectStart = i + 1;
    let particle = '';
    if (PARTICLES.has(words[objectStart] ?? '')) {
      particle = ` ${words[objectStart]}`;
      objectStart += 1;
    }
    const role = nounPhrase(subjectWords);
    const object = objectPhrase(words.slice(objectStart));
    return { verb: `${verb.base}${particle}`, ...(role ? { role } : {}), ...(object ? { object } : {}) };
  }
  return undefined;
}

/** A noun phrase without determiners, up to three words; undefined for a pronoun or nothing. */
function nounPhrase(words: readonly string[]): string | undefined {
  const kept: string[] = [];
  for (const word of words) {
    if (OBJECT_STOPS.has(word) && kept.length > 0) break;
    if (DETERMINERS.has(word) || MODALS.has(word) || OBJECT_STOPS.has(word)) continue;
    if (verbForm(word)?.form === 'third') break;
    kept.push(word.replace(/'s$/, ''));
  }
  const phrase = kept.slice(-3).join(' ');
  return phrase && !PRONOUNS.has(phrase) ? phrase : undefined;
}

function objectPhrase(words: readonly string[]): string | undefined {
  const kept: string[] = [];
  for (const word of words) {
    if (OBJECT_STOPS.has(word) || COPULAS.has(word)) break;
    if (DETERMINERS.has(word) || /^\d/.test(word)) continue;
    kept.push(word.replace(/'s$/, ''));
    if (kept.length === 3) break;
  }
  const phrase = kept.join(' ');
  return phrase && !PRONOUNS.has(phrase) ? phrase : undefined;
}

export { pascal };
