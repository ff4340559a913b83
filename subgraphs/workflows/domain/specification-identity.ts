import type { Specification } from '@flowgraph/yawl';

/**
 * YAWL's YSpecificationID: `identifier` names the specification across all its versions
 * (metaData/identifier; YAWL Beta files have none and are known by their uri), `uri` is only a
 * human name. A new version is the same identifier with another version.
 */
export function specificationIdentity(spec: Specification): { identifier: string; version: string; uri: string } {
  // `||`, not `??`: an empty <identifier/> identifies nothing either.
  return { identifier: spec.meta.identifier || spec.uri, version: spec.meta.version, uri: spec.uri };
}
