/** Placeholder until this endpoint group lands. */
export {};
