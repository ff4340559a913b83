import { describe, expect, it } from 'vitest';
import type { CaseEventNotice } from '../mappers.js';
import { decodeEventCursor, encodeEventCursor, encodeTenantCursor } from '../resolvers/event-cursors.js';
import { NoticeQueue, noticeFromEnvelope } from './case-event-feed.js';

const notice = (sequence: number): CaseEventNotice => ({
  tenantId: 't',
  caseId: '00000000-0000-4000-8000-000000000001',
  specificationId: 's',
  sequence,
  type: 'workitem.enabled',
  occurredAt: new Date(0),
  workItemId: null,
  taskId: null,
  position: null,
});

describe('NoticeQueue', () => {
  it('hands out events in order and reports overflow past its limit instead of growing', async () => {
    const queue = new NoticeQueue(2);
    queue.push(notice(1));
    queue.push(notice(2));
    expect(await queue.take()).toEqual({ kind: 'notice', notice: notice(1) });
    queue.push(notice(3));
    queue.push(notice(4));
    expect(queue.overflowed).toBe(true);
    expect(await queue.take()).toEqual({ kind: 'overflow' });
  });

  it('wakes a waiting take on push and on close', async () => {
    const queue = new NoticeQueue(10);
    const waiting = queue.take();
    queue.push(notice(1));
    expect(await waiting).toEqual({ kind: 'notice', notice: notice(1) });
    const pending = queue.take();
    queue.close();
    expect(await pending).toEqual({ kind: 'closed' });
  });
});

describe('case event cursors and envelopes', () => {
  it('round-trips both kinds of cursor and refuses anything else with BAD_USER_INPUT', () => {
    expect(decodeEventCursor(encodeEventCursor(notice(7)))).toEqual({ kind: 'case', caseId: notice(7).caseId, sequence: 7 });
    const tenantId = '00000000-0000-4000-8000-00000000000a';
    expect(decodeEventCursor(encodeTenantCursor(tenantId, 42))).toEqual({ kind: 'tenant', tenantId, position: 42 });
    const malformed = ['["ce","nope",1]', '["ce","00000000-0000-4000-8000-000000000001",-1]', '["tp","00000000-0000-4000-8000-000000000001",1.5]', '["xx","00000000-0000-4000-8000-000000000001",1]'];
    for (const bad of ['', 'x', ...malformed.map((text) => Buffer.from(text).toString('base64url'))]) {
      expect(() => decodeEventCursor(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });

  it('reads the bus envelope of an engine event', () => {
    const parsed = noticeFromEnvelope({
      id: 'e',
      type: 'workflow.workitem.completed',
      source: 'workflows',
      tenantId: 't',
      occurredAt: new Date(0).toISOString(),
      key: 'c',
      schemaVersion: 1,
      data: { caseId: 'c', sequence: 3, specificationId: 's', workItemId: 'w', taskId: 'T', position: 12 },
    });
    expect(parsed).toMatchObject({ caseId: 'c', sequence: 3, type: 'workitem.completed', workItemId: 'w', taskId: 'T', position: 12 });
  });
});
