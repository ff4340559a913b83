/**
 * Specifications written for the tests, one readable YAWL 4.0 file each under ./specifications/:
 *
 * - `concert`: typed net variables, starting and completed mappings, an XOR split with a predicate
 *   and a default, user-initiated resourcing and a system offer to a role; metaData with an
 *   identifier and a version. A case runs HireVenue, SellTickets, then StageShow (1,000 tickets
 *   or more) or RefundTickets.
 * - `shipment`: three nets and an XSD schema of complex and restricted types; a composite task, a
 *   timer bound to a YTimerType net variable written by an automated codelet task, cancellation
 *   sets, a multiple-instance task, a canSkip privilege and an allocator the engine ignores.
 * - `triage`: a task bound to a custom YAWL service, an OnExecuting duration timer, and no
 *   metaData identifier (as in YAWL Beta files).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SPECIFICATION_NAMES = ['concert', 'shipment', 'triage'] as const;
export type SpecificationName = (typeof SPECIFICATION_NAMES)[number];

/** The folder of the .yawl files (also a corpus for `npm run conformance`). */
export const SPECIFICATIONS_DIR = fileURLToPath(new URL('./specifications/', import.meta.url));

export function readSpecification(name: SpecificationName): string {
  return readFileSync(new URL(`./specifications/${name}.yawl`, import.meta.url), 'utf8');
}

/** What the concert file declares, for tests that assert on it. */
export const CONCERT = {
  uri: 'SummerConcert',
  title: 'Summer Concert',
  identifier: 'UID_5a3c1e90-7f2b-4d1e-9c8a-0b6f4e2d7a11',
  version: '0.2',
  /** The tasks a case completes when SellTickets reports at least 1,000 tickets sold. */
  path: ['HireVenue', 'SellTickets', 'StageShow'],
} as const;

export const SHIPMENT = {
  uri: 'FreightShipment',
  identifier: 'UID_9d41b7c2-2e65-4f08-a3d9-6c1e0f5b8e34',
  version: '1.3',
  /** The task whose resourcing grants everyone canSkip. */
  skippable: { net: 'Shipment', task: 'Settle' },
} as const;
