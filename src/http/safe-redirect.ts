/** Only same-site paths may be used as a return address: "/x", never "//evil.example" or "https://…". */
export function safeLocalPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/[\r\n\t]/.test(value)) return undefined;
  return value;
}
