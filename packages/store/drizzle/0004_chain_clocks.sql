CREATE TABLE `chain_clocks` (
	`chain_id` integer PRIMARY KEY NOT NULL,
	`clock` integer NOT NULL,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
