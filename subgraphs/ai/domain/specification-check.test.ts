import { describe, expect, it } from 'vitest';
import { checkDraft, checkGeneratedDraft, withIdentifier } from './specification-check.js';
import { planIntent } from './planner/planner.js';
import { writeYawl } from './yawl-writer.js';

describe('the draft check', () => {
  it('refuses a draft out of schema order with XSD_INVALID and its line, as an upload would be', async () => {
    const planned = planIntent('A clerk enters the invoice, then a manager approves it');
    if (!planned.ok) throw new Error(planned.reason);
    const xml = writeYawl(planned.plan, { identifier: 'UID_s' });
    expect(await checkDraft(xml)).toMatchObject({ ok: true });
    // <join> before <flowsInto>: the parser alone would not mind, the schema does.
    const outOfOrder = xml.replace(/(<task id="[^"]+">\s*(?:<name>[^<]*<\/name>\s*)?)(<flowsInto>[\s\S]*?<\/flowsInto>\s*)(<join code="[a-z]+"\s*\/>)/, '$1$3$2');
    expect(outOfOrder).not.toBe(xml);
    expect(await checkDraft(outOfOrder)).toMatchObject({ ok: false, issues: [expect.objectContaining({ code: 'XSD_INVALID', line: expect.any(Number) })] });
  });

  it('refuses malformed XML and nets that do not verify, with codes and element ids', async () => {
    expect(await checkDraft('<specificationSet')).toMatchObject({ ok: false, issues: [{ code: 'XML_MALFORMED' }] });
    const planned = planIntent('A clerk enters the invoice; if the amount is over 500 a manager approves it');
    if (!planned.ok) throw new Error(planned.reason);
    const broken = writeYawl(planned.plan, { identifier: 'UID_x' }).replace('<isDefaultFlow/>', '');
    expect(await checkDraft(broken)).toMatchObject({ ok: false, issues: expect.arrayContaining([expect.objectContaining({ code: 'XOR_SPLIT_NO_DEFAULT', elementId: 'EnterInvoice' })]) });
  });

  it('sets the generation’s identifier, replacing one or adding it', () => {
    expect(withIdentifier('<metaData><version>0.1</version><identifier>UID_a</identifier></metaData>', 'UID_b')).toBe('<metaData><version>0.1</version><identifier>UID_b</identifier></metaData>');
    expect(withIdentifier('<metaData><version>0.1</version></metaData>', 'UID_b')).toBe('<metaData><version>0.1</version><identifier>UID_b</identifier></metaData>');
  });

  it('refuses a draft that keeps an identifier of its own past withIdentifier, as a repairable issue', async () => {
    const planned = planIntent('A clerk enters the invoice, then a manager approves it');
    if (!planned.ok) throw new Error(planned.reason);
    const ours = withIdentifier(writeYawl(planned.plan, { identifier: 'UID_provider' }), 'UID_generation');
    expect(await checkGeneratedDraft(ours, 'UID_generation')).toMatchObject({ ok: true, specification: { meta: { identifier: 'UID_generation' } } });
    // A decoy in a comment takes the rewrite; the real element keeps the identifier of a specification the tenant has.
    const decoy = writeYawl(planned.plan, { identifier: 'UID_existing' }).replace('<metaData>', '<metaData><!-- <identifier>UID_decoy</identifier> -->');
    expect(decoy).not.toBe(writeYawl(planned.plan, { identifier: 'UID_existing' }));
    expect(await checkGeneratedDraft(withIdentifier(decoy, 'UID_generation'), 'UID_generation')).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'GENERATION_IDENTIFIER', elementId: 'metaData', message: expect.stringContaining('not UID_existing') })],
    });
  });
});
