// What the account pages take, as the server has it.

/** The shortest password the server takes (karate/services/accounts.py MIN_PASSWORD). */
export const MIN_PASSWORD = 8;
