import { createSignal } from 'solid-js'
import { fromDrop, fromInput, type PickedFile } from '../../lib/upload/picked-files'

/** Where files come from: dropped (files or a whole folder), or picked with either button. */
export function DropZone(props: { onPick: (files: PickedFile[]) => void }) {
  const [over, setOver] = createSignal(false)
  const pick = (files: PickedFile[]) => files.length && props.onPick(files)
  return (
    <div
      class="drop-zone"
      classList={{ 'drop-zone-over': over() }}
      onDragOver={(e) => {
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault()
        setOver(false)
        void fromDrop(e.dataTransfer).then(pick)
      }}
    >
      <p>Drop files or a folder here, or</p>
      <div class="drop-zone-buttons">
        <label class="button">
          Choose files
          <input
            class="visually-hidden"
            type="file"
            multiple
            onChange={(e) => {
              pick(fromInput(e.currentTarget.files))
              e.currentTarget.value = ''
            }}
          />
        </label>
        <label class="button">
          Choose a folder
          <input
            class="visually-hidden"
            type="file"
            // a folder and everything in it (not in the JSX typings; a spread would bring Solid's
            // attribute table into the entry chunk)
            ref={(input) => (input.webkitdirectory = true)}
            onChange={(e) => {
              pick(fromInput(e.currentTarget.files))
              e.currentTarget.value = ''
            }}
          />
        </label>
      </div>
    </div>
  )
}
