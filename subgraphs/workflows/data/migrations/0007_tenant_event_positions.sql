CREATE TABLE "workflows"."tenant_event_positions" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"position" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workflows"."case_events" ADD COLUMN "position" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_tenant_position_idx" ON "workflows"."case_events" USING btree ("tenant_id","position");
--> statement-breakpoint
-- Events recorded before positions existed get them now, per tenant, keeping each case's order:
-- a running maximum of the time along the sequence, so a clock that stepped back cannot reorder a case.
WITH ordered AS (
  SELECT case_id, sequence, tenant_id,
         max(occurred_at) OVER (PARTITION BY case_id ORDER BY sequence ROWS UNBOUNDED PRECEDING) AS settled_at
  FROM "workflows"."case_events"
), numbered AS (
  SELECT case_id, sequence, row_number() OVER (PARTITION BY tenant_id ORDER BY settled_at, case_id, sequence) AS position
  FROM ordered
)
UPDATE "workflows"."case_events" e SET position = n.position
FROM numbered n WHERE e.case_id = n.case_id AND e.sequence = n.sequence;--> statement-breakpoint
INSERT INTO "workflows"."tenant_event_positions" (tenant_id, position)
SELECT tenant_id, max(position) FROM "workflows"."case_events" GROUP BY tenant_id;--> statement-breakpoint
-- Events still waiting in the outbox carry their position, as the sequencer would have written it.
UPDATE "workflows"."outbox" o SET envelope = jsonb_set(o.envelope, '{data,position}', to_jsonb(e.position))
FROM "workflows"."case_events" e
WHERE o.published_at IS NULL AND o.topic = 'workflow.case-events'
  AND o.envelope->'data'->>'caseId' = e.case_id::text AND (o.envelope->'data'->>'sequence')::bigint = e.sequence;
