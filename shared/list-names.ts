/** Longest list name, in characters (the contract's `listName` allows as many). Zod-free: the CLI checks `--list` before loading the core. */
export const MAX_LIST_NAME_LENGTH = 200;
