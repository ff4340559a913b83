/**
 * How a service reads specification documents a tenant sends: the same environment variables, the
 * same bounds and the same schema wherever a document enters (the workflows import, the
 * marketplace's templates), so that what one service accepts the others accept too. A separate
 * module: only services that read specifications load the YAWL core through it.
 */
import { z } from 'zod';
import { SPECIFICATION_XML_LIMITS, loadSpecificationSchema, type DocumentCheckOptions } from '@flowgraph/yawl';

const positiveInt = () => z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const specificationDocumentEnvShape = {
  /** Bounds on a specification's XML, checked while it is read (unset: SPECIFICATION_XML_LIMITS). */
  SPECIFICATION_XML_MAX_BYTES: positiveInt().optional(),
  SPECIFICATION_XML_MAX_DEPTH: positiveInt().optional(),
  SPECIFICATION_XML_MAX_ATTRIBUTES: positiveInt().optional(),
  SPECIFICATION_XML_MAX_ELEMENTS: positiveInt().optional(),
  SPECIFICATION_XML_MAX_TEXT_LENGTH: positiveInt().optional(),
  /** YAWL's own YAWL_Schema4.0.xsd, to validate 4.0 documents against (unset: the schema bundled with @flowgraph/yawl). */
  YAWL_SCHEMA_XSD: z.string().optional(),
  SPECIFICATION_XSD_TIMEOUT_MS: positiveInt().optional(),
};

export type SpecificationDocumentSettings = Partial<z.infer<z.ZodObject<typeof specificationDocumentEnvShape>>>;

/** The options of checkSpecificationDocument from the settings (the schema file is read once, here). */
export function specificationDocumentOptions(settings: SpecificationDocumentSettings): DocumentCheckOptions {
  return {
    limits: {
      maxBytes: settings.SPECIFICATION_XML_MAX_BYTES ?? SPECIFICATION_XML_LIMITS.maxBytes,
      maxDepth: settings.SPECIFICATION_XML_MAX_DEPTH ?? SPECIFICATION_XML_LIMITS.maxDepth,
      maxAttributesPerElement: settings.SPECIFICATION_XML_MAX_ATTRIBUTES ?? SPECIFICATION_XML_LIMITS.maxAttributesPerElement,
      maxElements: settings.SPECIFICATION_XML_MAX_ELEMENTS ?? SPECIFICATION_XML_LIMITS.maxElements,
      maxTextLength: settings.SPECIFICATION_XML_MAX_TEXT_LENGTH ?? SPECIFICATION_XML_LIMITS.maxTextLength,
    },
    schema: {
      ...(settings.YAWL_SCHEMA_XSD ? { official: loadSpecificationSchema(settings.YAWL_SCHEMA_XSD) } : {}),
      ...(settings.SPECIFICATION_XSD_TIMEOUT_MS ? { timeoutMs: settings.SPECIFICATION_XSD_TIMEOUT_MS } : {}),
    },
  };
}
