import { promptFor, xmlOfAnswer } from './openai-prompt.js';
import { providerIssue, type DraftOutcome, type DraftProvider, type DraftRequest } from './provider.js';

export interface OpenAiProviderOptions {
  /** e.g. https://open.bigmodel.cn/api/paas/v4 or http://127.0.0.1:port/v1; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per request. */
  timeoutMs: number;
  /** Further attempts after a 429 or 5xx. */
  retries: number;
  /** The longest Retry-After honoured; a longer one fails the draft. */
  maxRetryAfterMs: number;
  /** Answers larger than this are refused unread. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A chat-completions provider for any OpenAI-compatible API (GLM, OpenAI, vLLM, Ollama…). Errors
 * become issues that name what happened, never the URL, key or the body the service sent.
 */
export class OpenAiProvider implements DraftProvider {
  readonly name: string;

  constructor(private readonly options: OpenAiProviderOptions) {
    this.name = `openai:${options.model}`;
  }

  async draft(request: DraftRequest): Promise<DraftOutcome> {
    const { retries, maxRetryAfterMs } = this.options;
    const sleep = this.options.sleep ?? defaultSleep;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.call(request);
      if (answer.kind === 'content') {
        const xml = xmlOfAnswer(answer.content);
        return xml ? { ok: true, xml } : { ok: false, issue: providerIssue('PROVIDER_NO_XML', 'the model answered without a specificationSet') };
      }
      if (answer.kind === 'failed') return { ok: false, issue: answer.issue };
      if (attempt >= retries) return { ok: false, issue: providerIssue('PROVIDER_UNAVAILABLE', `the model provider answered HTTP ${answer.status} ${retries + 1} times`) };
      const wait = answer.retryAfterMs ?? 500 * 2 ** attempt;
      if (wait > maxRetryAfterMs) return { ok: false, issue: providerIssue('PROVIDER_RATE_LIMITED', `the model provider asked to retry after ${Math.ceil(wait / 1000)} s, longer than ${Math.ceil(maxRetryAfterMs / 1000)} s`) };
      await sleep(wait);
    }
  }

  private async call(request: DraftRequest): Promise<{ kind: 'content'; content: string } | { kind: 'retry'; status: number; retryAfterMs?: number } | { kind: 'failed'; issue: ReturnType<typeof providerIssue> }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(`${this.options.baseUrl.replace(/\/$/, '')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.options.model, messages: promptFor(request), temperature: 0 }),
        signal,
      });
    } catch {
      if (timeout.aborted) return { kind: 'failed', issue: providerIssue('PROVIDER_TIMEOUT', `the model provider did not answer within ${this.options.timeoutMs} ms`) };
      if (request.signal.aborted) return { kind: 'failed', issue: providerIssue('GENERATION_TIMEOUT', 'the generation ran out of time') };
      return { kind: 'failed', issue: providerIssue('PROVIDER_UNREACHABLE', 'the model provider could not be reached') };
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      const after = retryAfterMs(response.headers.get('retry-after'));
      return { kind: 'retry', status: response.status, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { kind: 'failed', issue: providerIssue('PROVIDER_REFUSED', `the model provider refused the request with HTTP ${response.status}`) };
    }
    try {
      const text = await this.readBounded(response);
      const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] };
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== 'string') return { kind: 'failed', issue: providerIssue('PROVIDER_BAD_RESPONSE', 'the model provider answered without a message') };
      return { kind: 'content', content };
    } catch {
      if (timeout.aborted) return { kind: 'failed', issue: providerIssue('PROVIDER_TIMEOUT', `the model provider did not answer within ${this.options.timeoutMs} ms`) };
      return { kind: 'failed', issue: providerIssue('PROVIDER_BAD_RESPONSE', 'the model provider answered with something other than a chat completion') };
    }
  }

  private async readBounded(response: Response): Promise<string> {
    const limit = this.options.maxResponseBytes ?? 1_000_000;
    const reader = response.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new Error('answer too large');
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
