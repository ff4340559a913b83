import { cached, isUniqueViolation, type Cache, type Db, type Logger } from '@flowgraph/shared';
import { SPECIFICATION_EVENTS_TOPIC } from '@flowgraph/shared/events/knowledge-events';
import {
  MODEL_FORMAT,
  parseSpecificationSet,
  checkSpecificationDocument,
  verifySpecification,
  type DocumentCheckOptions,
  type Specification,
  type VerificationIssue,
  type XmlLimits,
} from '@flowgraph/yawl';
import { specificationImportedEvent } from '../data/specification-events.js';
import type { SpecificationRepository } from '../data/specification-repository.js';
import type { SpecificationRow } from '../data/schema.js';
import { specificationIdentity } from '../domain/specification-identity.js';
import { Conflict, InvalidInput } from './errors.js';

export { specificationIdentity };

const MODEL_TTL_SECONDS = 3600;
const modelKey = (specificationId: string) => `workflows:spec-model:${specificationId}`;
const identifierTag = (tenantId: string, identifier: string) => `workflows:spec-identifier:${tenantId}:${identifier}`;

/** How uploads are read: bounds on the XML, and the schema they must be valid against. */
export type SpecificationImportPolicy = DocumentCheckOptions;

/** The row's specification parsed again from its XML by this parser, if it still parses and verifies. */
function remadeFrom(row: SpecificationRow, limits?: Readonly<XmlLimits>): { ok: true; model: Specification & { format: number } } | { ok: false; reason: string } {
  if (!row.xml) return { ok: false, reason: 'no XML was stored with it' };
  const parsed = parseSpecificationSet(row.xml, limits ? { limits } : {});
  if (!parsed.ok) return { ok: false, reason: `its XML no longer parses: ${parsed.issues.map((issue) => issue.code).join(', ')}` };
  // The identifier, or the uri for a row migration 0009 left keyed by it.
  const spec = parsed.set.specifications.find((candidate) => {
    const identity = specificationIdentity(candidate);
    return identity.version === row.version && (identity.identifier === row.identifier || candidate.uri === row.uri);
  });
  if (!spec) return { ok: false, reason: 'its XML holds no specification of its identifier and version' };
  const errors = verifySpecification(spec).filter((issue) => issue.severity === 'error');
  if (errors.length) return { ok: false, reason: `it no longer verifies: ${errors.map((issue) => `${issue.elementId}: ${issue.code}`).join('; ')}` };
  return { ok: true, model: { ...spec, format: MODEL_FORMAT } };
}

/** Import refused: every verification error, each with the element it concerns. */
function invalidSpecification(issues: readonly VerificationIssue[]): InvalidInput {
  const errors = issues.filter((issue) => issue.severity === 'error');
  return new InvalidInput(`The specification has ${errors.length} error(s): ${errors.map((e) => `${e.elementId}: ${e.message}`).join('; ')}`, { details: { issues: errors } });
}

/**
 * Imports YAWL specificationSets and serves their models to the engine. A model is immutable
 * per specification id (a new upload is a new version), so it is cached by id; the tag per
 * identifier lets an upload drop whatever was cached for other versions of the same specification.
 */
export class SpecificationCatalog {
  constructor(
    private readonly db: Db,
    private readonly repo: SpecificationRepository,
    private readonly cache: Cache,
    private readonly logger?: Logger,
    private readonly policy: SpecificationImportPolicy = {},
    /** Called once an import's outbox rows committed, to publish them without waiting for the relay's poll. */
    private readonly onEventsWritten: () => void = () => undefined,
  ) {}

  async importSet(tenantId: string, createdBy: string, xml: string): Promise<{ rows: SpecificationRow[]; warnings: VerificationIssue[] }> {
    const checked = await checkSpecificationDocument(xml, this.policy);
    if (!checked.ok) throw invalidSpecification(checked.issues);
    const { set, warnings } = checked;
    let rows: SpecificationRow[];
    try {
      rows = await this.repo.transaction(tenantId, async (tx) => {
        const inserted = await Promise.all(
          set.specifications.map((spec) =>
            tx.insert({
              tenantId,
              ...specificationIdentity(spec),
              name: spec.name ?? spec.meta.title ?? spec.uri,
              description: spec.meta.description ?? spec.documentation ?? null,
              createdBy,
              xml,
              model: spec,
              warnings,
            }),
          ),
        );
        // With the rows, in one transaction: an imported specification is announced exactly when it exists.
        await tx.enqueue(SPECIFICATION_EVENTS_TOPIC, inserted.map((row, i) => specificationImportedEvent(row, set.specifications[i]!)));
        return inserted;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict('This version of the specification was already imported; raise its metaData version');
      throw error;
    }
    this.onEventsWritten();
    for (const spec of set.specifications) await this.cache.invalidateTag(identifierTag(tenantId, specificationIdentity(spec).identifier));
    return { rows, warnings };
  }

  /** The model cases of `row` run on; undefined for a row imported without one (the demo placeholders). */
  model(row: SpecificationRow): Promise<Specification | undefined> {
    if (!row.hasModel) return Promise.resolve(undefined);
    return cached(this.cache, modelKey(row.id), () => this.stored(row), { ttlSeconds: MODEL_TTL_SECONDS, tags: [identifierTag(row.tenantId, row.identifier)] });
  }

  /**
   * The stored model, made again from the row's XML when an older parser made it (MODEL_FORMAT),
   * and stored so. Cases keep running on the same specification version: only what the parser
   * reads of it is brought up to date. A specification the current verifier refuses keeps its
   * old model, which it was imported and launched with.
   */
  private async stored(row: SpecificationRow): Promise<Specification | undefined> {
    const model = await this.repo.model(row.tenantId, row.id);
    if (!model || model.format === MODEL_FORMAT) return model;
    const remade = remadeFrom(row, this.policy.limits);
    if (!remade.ok) {
      this.logger?.warn({ specificationId: row.id, reason: remade.reason }, 'stored model is of an older form and could not be made again from its XML; using it as stored');
      return model;
    }
    await this.repo.upgradeModel(row.tenantId, row.id, remade.model);
    return remade.model;
  }

  /**
   * Imports `xml` for a producer that may deliver it more than once (an event consumer): the id of
   * the specification it created, or of the same version (identifier and version) already there.
   * Refusals are thrown as for importSet (InvalidInput); anything else is the caller's to retry.
   */
  async importOrFind(tenantId: string, createdBy: string, xml: string): Promise<string> {
    const existing = () => this.versionOf(tenantId, xml);
    const found = await existing();
    if (found) return found;
    try {
      const { rows } = await this.importSet(tenantId, createdBy, xml);
      return rows[0]!.id;
    } catch (error) {
      // Imported meanwhile by another delivery, or by the tenant itself: that version is the answer.
      const raced = error instanceof Conflict ? await existing() : undefined;
      if (raced) return raced;
      throw error;
    }
  }

  private async versionOf(tenantId: string, xml: string): Promise<string | undefined> {
    const parsed = parseSpecificationSet(xml, this.policy.limits ? { limits: this.policy.limits } : {});
    const first = parsed.ok ? parsed.set.specifications[0] : undefined;
    if (!first) return undefined;
    const { identifier, version } = specificationIdentity(first);
    return this.repo.idOfVersion(tenantId, identifier, version);
  }
}
