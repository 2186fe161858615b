/** Password rules shared by the server and the forms (no dependencies: safe in the browser bundle). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;
