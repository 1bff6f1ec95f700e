/** Lower-cases ASCII letters only (A–Z), leaving every other character untouched. */
export function asciiLowerCase(value: string): string {
  return value.replace(/[A-Z]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 32));
}
