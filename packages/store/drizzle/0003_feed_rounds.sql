CREATE TABLE `feed_rounds` (
	`chain_id` integer NOT NULL,
	`feed` text NOT NULL,
	`round_id` text NOT NULL,
	`answer` text NOT NULL,
	`decimals` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`block_number` integer NOT NULL,
	PRIMARY KEY(`chain_id`, `feed`, `round_id`),
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feed_rounds_time` ON `feed_rounds` (`chain_id`,`feed`,`updated_at`);--> statement-breakpoint
CREATE INDEX `feed_rounds_block` ON `feed_rounds` (`chain_id`,`block_number`);