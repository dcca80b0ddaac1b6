/** The router gives `string | string[]` for repeated keys; pages read only the first. */
export function firstParam(value: string | string[] | undefined) {
  return (Array.isArray(value) ? value[0] : value) ?? ''
}
