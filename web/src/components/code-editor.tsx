import { javascript } from '@codemirror/lang-javascript'
import { markdown } from '@codemirror/lang-markdown'
import { python } from '@codemirror/lang-python'
import { EditorState, type Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import { onCleanup, onMount } from 'solid-js'

export type EditorLanguage = 'javascript' | 'python' | 'markdown' | 'text'

const languages: Record<EditorLanguage, () => Extension> = {
  javascript: () => javascript(),
  python: () => python(),
  markdown: () => markdown(),
  text: () => [],
}

/**
 * A CodeMirror 6 editor for one cell's source. It owns its text once made: `source` is read
 * once, and every change is reported through `onChange`.
 */
export function CodeEditor(props: {
  source: string
  language: EditorLanguage
  label: string
  onChange: (source: string) => void
}) {
  let host!: HTMLDivElement
  let view: EditorView | undefined
  onMount(() => {
    view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: props.source,
        extensions: [
          basicSetup,
          languages[props.language](),
          EditorView.contentAttributes.of({ 'aria-label': props.label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) props.onChange(update.state.doc.toString())
          }),
        ],
      }),
    })
  })
  onCleanup(() => view?.destroy())
  return <div ref={host} class="code-editor" />
}
