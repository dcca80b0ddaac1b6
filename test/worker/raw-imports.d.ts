// Vite's ?raw imports (the seed files a test edits)
declare module '*.md?raw' {
  const text: string
  export default text
}
declare module '*.ts?raw' {
  const text: string
  export default text
}
declare module '*.json?raw' {
  const text: string
  export default text
}
