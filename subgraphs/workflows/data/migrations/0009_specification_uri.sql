-- Specifications were keyed by their uri, stored in `identifier`. The uri becomes a column of its own,
-- added nullable so existing rows can be given theirs before it is required.
ALTER TABLE "workflows"."specifications" ADD COLUMN "uri" text;--> statement-breakpoint
UPDATE "workflows"."specifications" SET uri = identifier;--> statement-breakpoint
ALTER TABLE "workflows"."specifications" ALTER COLUMN "uri" SET NOT NULL;--> statement-breakpoint
-- `identifier` becomes YAWL's (metaData/identifier), as imports now key rows. Rows without a model (the
-- demo placeholders) or whose model has no identifier (YAWL Beta files) stay keyed by their uri. Rows
-- that would meet on one key (one version of a YAWL specification uploaded under two uris) cannot all
-- take it: the earliest does, the others stay keyed by their uri, so the unique key holds.
WITH keyed AS (
  SELECT id, tenant_id, version, nullif(model #>> '{meta,identifier}', '') AS yawl_identifier,
         row_number() OVER (PARTITION BY tenant_id, nullif(model #>> '{meta,identifier}', ''), version ORDER BY created_at, id) AS rank
  FROM "workflows"."specifications"
  WHERE nullif(model #>> '{meta,identifier}', '') IS NOT NULL
)
UPDATE "workflows"."specifications" s SET identifier = k.yawl_identifier
FROM keyed k
WHERE s.id = k.id AND k.rank = 1 AND s.identifier <> k.yawl_identifier
  AND NOT EXISTS (
    SELECT 1 FROM "workflows"."specifications" o
    WHERE o.tenant_id = k.tenant_id AND o.identifier = k.yawl_identifier AND o.version = k.version AND o.id <> k.id
  );
