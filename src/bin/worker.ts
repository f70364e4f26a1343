// Placeholder entry point: replaced by its part's composition root.
export {};
