-- The engine's kind of each work item, so queues can leave out the engine's own items (composite tasks,
-- MI parents). Rows projected before it take their kind from their case's state; one the state does
-- not hold (none should) stays atomic.
ALTER TABLE "workflows"."work_items" ADD COLUMN "kind" text DEFAULT 'atomic' NOT NULL;--> statement-breakpoint
UPDATE "workflows"."work_items" w SET kind = c.state #>> ARRAY['workItems', w.id, 'kind']
FROM "workflows"."cases" c
WHERE c.id = w.case_id AND c.tenant_id = w.tenant_id
  AND c.state #>> ARRAY['workItems', w.id, 'kind'] IS NOT NULL
  AND c.state #>> ARRAY['workItems', w.id, 'kind'] <> 'atomic';
