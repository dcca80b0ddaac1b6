import { For } from 'solid-js'

/**
 * Text that may wrap after '/', '_' and '.' as well as at spaces: TF Hub titles such as
 * 'movenet/singlepose/lightning' otherwise break mid-word on a phone. <wbr> adds no characters,
 * so the accessible name and copied text stay the same.
 */
export function Breakable(props: { text: string }) {
  const parts = () => props.text.split(/(?<=[/_.])/)
  return (
    <For each={parts()}>
      {(part, i) => (
        <>
          {i() > 0 && <wbr />}
          {part}
        </>
      )}
    </For>
  )
}
