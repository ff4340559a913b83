CREATE TABLE "marketplace"."installations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"specification_id" uuid,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace"."outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "marketplace"."payout_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace"."payouts" (
	"purchase_id" uuid PRIMARY KEY NOT NULL,
	"creator_user_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"transfer_id" text,
	"reversal_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace"."purchases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"buyer_tenant_id" uuid NOT NULL,
	"buyer_user_id" uuid NOT NULL,
	"creator_tenant_id" uuid NOT NULL,
	"creator_user_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"creator_cents" integer NOT NULL,
	"platform_cents" integer NOT NULL,
	"status" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"checkout_session_id" text,
	"checkout_url" text,
	"payment_intent_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"refunded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "marketplace"."reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace"."template_stats" (
	"template_id" uuid PRIMARY KEY NOT NULL,
	"downloads" integer DEFAULT 0 NOT NULL,
	"review_count" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"stats_version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace"."template_versions" (
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"specification_id" uuid NOT NULL,
	"xml" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "template_versions_template_id_version_pk" PRIMARY KEY("template_id","version")
);
--> statement-breakpoint
CREATE TABLE "marketplace"."webhook_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "installations_template_tenant_version_idx" ON "marketplace"."installations" USING btree ("template_id","tenant_id","version");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "marketplace"."outbox" USING btree ("seq") WHERE "marketplace"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "payouts_due_idx" ON "marketplace"."payouts" USING btree ("next_attempt_at") WHERE "marketplace"."payouts"."status" in ('pending', 'reversal_pending');--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_live_idx" ON "marketplace"."purchases" USING btree ("template_id","buyer_tenant_id") WHERE "marketplace"."purchases"."status" in ('pending', 'paid', 'free');--> statement-breakpoint
CREATE INDEX "purchases_creator_idx" ON "marketplace"."purchases" USING btree ("creator_tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "purchases_payment_intent_idx" ON "marketplace"."purchases" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_template_tenant_idx" ON "marketplace"."reviews" USING btree ("template_id","tenant_id");--> statement-breakpoint
CREATE INDEX "reviews_template_idx" ON "marketplace"."reviews" USING btree ("template_id","updated_at");