CREATE TABLE `pool_states` (
	`chain_id` integer NOT NULL,
	`pool` text NOT NULL,
	`sqrt_price_x96` text NOT NULL,
	`tick` integer NOT NULL,
	`liquidity` text NOT NULL,
	`fee` integer NOT NULL,
	`tick_spacing` integer NOT NULL,
	`ticks` text NOT NULL,
	`covered_lower` integer NOT NULL,
	`covered_upper` integer NOT NULL,
	`block_number` integer NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_to` integer,
	PRIMARY KEY(`chain_id`, `pool`, `valid_from`),
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pool_states_current` ON `pool_states` (`chain_id`,`pool`) WHERE "pool_states"."valid_to" is null;--> statement-breakpoint
CREATE INDEX `pool_states_valid_to` ON `pool_states` (`chain_id`,`valid_to`);