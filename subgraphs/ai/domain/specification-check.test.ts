import { describe, expect, it } from 'vitest';
import { checkDraft, issuesFromValidator, withIdentifier } from './specification-check.js';
import { planIntent } from './planner/planner.js';
import { writeYawl } from './yawl-writer.js';

describe('the draft check', () => {
  it('takes the schema validator’s verdict, whichever form it answers in, and none while there is no validator', async () => {
    const issue = { severity: 'error', elementId: 'specificationSet', code: 'XSD_INVALID', message: "Element 'splat': This element is not expected." };
    expect(await issuesFromValidator(undefined, '<x/>')).toEqual([]);
    expect(await issuesFromValidator(async () => [], '<x/>')).toEqual([]);
    expect(await issuesFromValidator(async () => [issue], '<x/>')).toEqual([issue]);
    expect(await issuesFromValidator(() => ({ ok: false, errors: [{ message: 'bad' }] }), '<x/>')).toEqual([{ severity: 'error', elementId: 'specificationSet', code: 'XSD_INVALID', message: 'bad' }]);
    expect(await issuesFromValidator(() => false, '<x/>')).toHaveLength(1);
    expect(await issuesFromValidator(() => {
      throw new Error('libxml2 failed');
    }, '<x/>')).toEqual([expect.objectContaining({ code: 'XSD_INVALID', message: 'libxml2 failed' })]);
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
});
