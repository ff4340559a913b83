CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."case_starts" (
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"specification_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "case_starts_tenant_id_case_id_pk" PRIMARY KEY("tenant_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."processed_events" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."specification_metrics" (
	"tenant_id" uuid NOT NULL,
	"specification_id" uuid NOT NULL,
	"cases_started" integer DEFAULT 0 NOT NULL,
	"cases_completed" integer DEFAULT 0 NOT NULL,
	"cases_cancelled" integer DEFAULT 0 NOT NULL,
	"total_cycle_seconds" double precision DEFAULT 0 NOT NULL,
	"timed_completions" integer DEFAULT 0 NOT NULL,
	"last_event_at" timestamp with time zone,
	CONSTRAINT "specification_metrics_tenant_id_specification_id_pk" PRIMARY KEY("tenant_id","specification_id")
);
--> statement-breakpoint
CREATE INDEX "specification_metrics_busiest_idx" ON "analytics"."specification_metrics" USING btree ("tenant_id","cases_started" DESC NULLS LAST);