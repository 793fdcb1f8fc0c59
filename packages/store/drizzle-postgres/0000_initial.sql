CREATE TABLE "account_wallets" (
	"account" text COLLATE "C" NOT NULL,
	"wallet" text COLLATE "C" NOT NULL,
	CONSTRAINT "account_wallets_account_wallet_pk" PRIMARY KEY("account","wallet")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"chain_id" bigint NOT NULL,
	"address" text COLLATE "C" NOT NULL,
	"symbol" text COLLATE "C" NOT NULL,
	"decimals" bigint NOT NULL,
	"factor" text COLLATE "C",
	"feed" text COLLATE "C",
	CONSTRAINT "assets_chain_id_address_pk" PRIMARY KEY("chain_id","address")
);
--> statement-breakpoint
CREATE TABLE "blocks" (
	"chain_id" bigint NOT NULL,
	"number" bigint NOT NULL,
	"hash" text COLLATE "C" NOT NULL,
	"parent_hash" text COLLATE "C" NOT NULL,
	"timestamp" bigint NOT NULL,
	"finalized" boolean DEFAULT false NOT NULL,
	CONSTRAINT "blocks_chain_id_hash_pk" PRIMARY KEY("chain_id","hash")
);
--> statement-breakpoint
CREATE TABLE "chain_sync" (
	"chain_id" bigint PRIMARY KEY NOT NULL,
	"complete_from" bigint,
	"incomplete_reason" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "chains" (
	"chain_id" bigint PRIMARY KEY NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"finality_depth" bigint NOT NULL,
	"use_finalized_tag" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_rounds" (
	"chain_id" bigint NOT NULL,
	"feed" text COLLATE "C" NOT NULL,
	"round_id" numeric(78, 0) NOT NULL,
	"answer" numeric(78, 0) NOT NULL,
	"decimals" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"block_number" bigint NOT NULL,
	CONSTRAINT "feed_rounds_chain_id_feed_round_id_pk" PRIMARY KEY("chain_id","feed","round_id")
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"chain_id" bigint NOT NULL,
	"venue" text COLLATE "C" NOT NULL,
	"wallet" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"extra" text COLLATE "C" NOT NULL,
	"engine" text COLLATE "C",
	"block_number" bigint NOT NULL,
	"valid_from" bigint NOT NULL,
	"valid_to" bigint,
	CONSTRAINT "positions_chain_id_venue_wallet_kind_key_valid_from_pk" PRIMARY KEY("chain_id","venue","wallet","kind","key","valid_from")
);
--> statement-breakpoint
CREATE TABLE "prices" (
	"chain_id" bigint NOT NULL,
	"feed" text COLLATE "C" NOT NULL,
	"asset" text COLLATE "C",
	"value" numeric(78, 0) NOT NULL,
	"decimals" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"round_id" numeric(78, 0) NOT NULL,
	"block_number" bigint NOT NULL,
	"valid_from" bigint NOT NULL,
	"valid_to" bigint,
	CONSTRAINT "prices_chain_id_feed_valid_from_pk" PRIMARY KEY("chain_id","feed","valid_from")
);
--> statement-breakpoint
CREATE TABLE "sync_cursors" (
	"chain_id" bigint NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text COLLATE "C",
	CONSTRAINT "sync_cursors_chain_id_source_pk" PRIMARY KEY("chain_id","source")
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"address" text COLLATE "C" PRIMARY KEY NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"first_seen_at" bigint NOT NULL,
	"first_seen_chain_id" bigint,
	"first_seen_block" bigint
);
--> statement-breakpoint
CREATE TABLE "writer_locks" (
	"chain_id" bigint PRIMARY KEY NOT NULL,
	"owner" text COLLATE "C" NOT NULL,
	"pid" bigint NOT NULL,
	"host" text COLLATE "C" NOT NULL,
	"acquired_at" bigint NOT NULL,
	"heartbeat_at" bigint NOT NULL,
	"timeout_ms" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_wallets" ADD CONSTRAINT "account_wallets_account_accounts_name_fk" FOREIGN KEY ("account") REFERENCES "public"."accounts"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_wallets" ADD CONSTRAINT "account_wallets_wallet_wallets_address_fk" FOREIGN KEY ("wallet") REFERENCES "public"."wallets"("address") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chain_sync" ADD CONSTRAINT "chain_sync_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_rounds" ADD CONSTRAINT "feed_rounds_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_cursors" ADD CONSTRAINT "sync_cursors_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "writer_locks" ADD CONSTRAINT "writer_locks_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_wallets_wallet" ON "account_wallets" USING btree ("wallet");--> statement-breakpoint
CREATE UNIQUE INDEX "blocks_chain_number" ON "blocks" USING btree ("chain_id","number");--> statement-breakpoint
CREATE INDEX "feed_rounds_time" ON "feed_rounds" USING btree ("chain_id","feed","updated_at");--> statement-breakpoint
CREATE INDEX "feed_rounds_block" ON "feed_rounds" USING btree ("chain_id","block_number");--> statement-breakpoint
CREATE UNIQUE INDEX "positions_current" ON "positions" USING btree ("chain_id","venue","wallet","kind","key") WHERE "positions"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "positions_wallet" ON "positions" USING btree ("wallet","chain_id","valid_to");--> statement-breakpoint
CREATE INDEX "positions_valid_to" ON "positions" USING btree ("chain_id","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "prices_current" ON "prices" USING btree ("chain_id","feed") WHERE "prices"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "prices_valid_to" ON "prices" USING btree ("chain_id","valid_to");