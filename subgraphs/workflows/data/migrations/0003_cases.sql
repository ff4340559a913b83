CREATE TABLE "workflows"."case_events" (
	"case_id" uuid NOT NULL,
	"sequence" bigint NOT NULL,
	"tenant_id" uuid NOT NULL,
	"type" text NOT NULL,
	"event" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_events_case_id_sequence_pk" PRIMARY KEY("case_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "workflows"."cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"specification_id" uuid NOT NULL,
	"status" text NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer NOT NULL,
	"started_by" uuid NOT NULL,
	"idempotency_key" text,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "cases_idempotency_unique" UNIQUE("tenant_id","started_by","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "workflows"."work_items" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"task_id" text NOT NULL,
	"task_name" text,
	"status" text NOT NULL,
	"offered_roles" text[] DEFAULT '{}' NOT NULL,
	"offered_participants" text[] DEFAULT '{}' NOT NULL,
	"allocated_to" text,
	"started_by" text,
	"enabled_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workflows"."specifications" ADD COLUMN "xml" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows"."specifications" ADD COLUMN "model" jsonb;--> statement-breakpoint
ALTER TABLE "workflows"."specifications" ADD COLUMN "warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows"."case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "workflows"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows"."cases" ADD CONSTRAINT "cases_specification_id_specifications_id_fk" FOREIGN KEY ("specification_id") REFERENCES "workflows"."specifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows"."work_items" ADD CONSTRAINT "work_items_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "workflows"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_tenant_idx" ON "workflows"."case_events" USING btree ("tenant_id","occurred_at");--> statement-breakpoint
CREATE INDEX "cases_tenant_started_idx" ON "workflows"."cases" USING btree ("tenant_id","started_at","id");--> statement-breakpoint
CREATE INDEX "cases_tenant_spec_idx" ON "workflows"."cases" USING btree ("tenant_id","specification_id","status");--> statement-breakpoint
CREATE INDEX "work_items_tenant_case_idx" ON "workflows"."work_items" USING btree ("tenant_id","case_id");--> statement-breakpoint
CREATE INDEX "work_items_tenant_status_idx" ON "workflows"."work_items" USING btree ("tenant_id","status");