/** One thing a picker offers: its stored value, its name in the console's language, and a detail (its key). */
export type Choice = { value: string; name: string; detail?: string };
