CREATE TABLE "pool_states" (
	"chain_id" bigint NOT NULL,
	"pool" text COLLATE "C" NOT NULL,
	"sqrt_price_x96" numeric(78, 0) NOT NULL,
	"tick" bigint NOT NULL,
	"liquidity" numeric(78, 0) NOT NULL,
	"fee" bigint NOT NULL,
	"tick_spacing" bigint NOT NULL,
	"ticks" text COLLATE "C" NOT NULL,
	"covered_lower" bigint NOT NULL,
	"covered_upper" bigint NOT NULL,
	"block_number" bigint NOT NULL,
	"valid_from" bigint NOT NULL,
	"valid_to" bigint,
	CONSTRAINT "pool_states_chain_id_pool_valid_from_pk" PRIMARY KEY("chain_id","pool","valid_from")
);
--> statement-breakpoint
ALTER TABLE "pool_states" ADD CONSTRAINT "pool_states_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pool_states_current" ON "pool_states" USING btree ("chain_id","pool") WHERE "pool_states"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "pool_states_valid_to" ON "pool_states" USING btree ("chain_id","valid_to");