/**
 * Test support: a local HTTP server speaking the OpenAI chat-completions wire protocol
 * (POST /v1/chat/completions → { choices: [{ message: { role, content } }] }), answering from a
 * script of recorded replies in order, and keeping each request it got. No test reaches the internet.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** The assistant message's content (wrapped in a chat completion), or a raw body with `raw`. */
  content?: string;
  raw?: string;
  /** Holds the answer back this long (a timeout). */
  delayMs?: number;
}

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; messages: { role: string; content: string }[] };
}

export interface ChatCompletionsServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies for the next requests, in order. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export const completion = (content: string): string =>
  JSON.stringify({ id: 'chatcmpl-recorded', object: 'chat.completion', model: 'glm-4.6', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] });

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startChatCompletionsServer(): Promise<ChatCompletionsServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    void bodyOf(req).then((text) => {
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(text) as RecordedRequest['body'] });
      const reply = queue.shift() ?? { status: 500, raw: '{"error":{"message":"no scripted reply left"}}' };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.raw ?? (reply.content !== undefined ? completion(reply.content) : ''));
      };
      if (!reply.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => void queue.push(...replies),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
