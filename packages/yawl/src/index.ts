// Public API of the YAWL specification layer. The engine's exports are appended below.
export * from './model.js';
export { parseSpecificationSet, xmlIssue, SUPPORTED_SCHEMA_VERSIONS, type ParseOptions, type ParseResult } from './parse.js';
export { parseBoundedXml, DATA_XML_LIMITS, SPECIFICATION_XML_LIMITS, type XmlLimits, type XmlLimitName, type XmlParseResult } from './xml-bounded.js';
export {
  bundledSpecificationSchema,
  loadSpecificationSchema,
  schemaFor,
  validateAgainstXsd,
  validateSpecificationSchema,
  DEFAULT_SCHEMA_TIMEOUT_MS,
  type SchemaValidationOptions,
  type SpecificationSchema,
} from './xsd-validate.js';
export { checkSpecificationDocument, type DocumentCheck, type DocumentCheckOptions } from './document-check.js';
export { implicitConditionId } from './parse-net.js';
export { verifySpecification } from './verify.js';
export { exportSpecificationSet } from './export.js';
export { jsonToXml, xmlToJson, type FieldError, type JsonToXmlResult } from './data.js';
export { xpathSyntaxError, xquerySyntaxError } from './xpath.js';
export { execute } from './engine.js';
export * from './engine-types.js';
export { observeEvaluations, EvaluationError } from './evaluator.js';
export { specificationExpressions, unboundedReason, MAX_LITERAL_RANGE_ITEMS, EXPRESSION_UNBOUNDED, type SpecificationExpression } from './expression-bounds.js';
export { patternsOfSpecification, summarizeSpecifications, WORKFLOW_SUMMARY_LIMITS, type WorkflowPatternName, type WorkflowSummary } from './patterns.js';
