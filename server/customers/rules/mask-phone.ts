/** A phone key as an error message may show it to someone who does not own the customer: 138****5678. */
export function maskPhone(key: string): string {
  const digits = [...key];
  if (digits.length <= 7) return key;
  return `${digits.slice(0, 3).join('')}****${digits.slice(-4).join('')}`;
}
