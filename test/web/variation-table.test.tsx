import { fireEvent, screen, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import { VariationTable } from '../../web/src/components/variation-table'
import { makeInstance, makeModel } from './fixtures'
import { renderWithRouter } from './render'

describe('VariationTable', () => {
  it("shows each variation's downloads and sorts by them", async () => {
    const model = makeModel({
      instances: [
        makeInstance({ frameworkSlug: 'tfJs', slug: 'lightning', downloadCount: 1_234 }),
        makeInstance({ frameworkSlug: 'tfJs', slug: 'thunder', downloadCount: 56 }),
        makeInstance({ frameworkSlug: 'tfLite', slug: 'int8', downloadCount: 7_890 }),
      ],
    })
    renderWithRouter(() => <VariationTable model={model} />)
    const table = await screen.findByRole('table')
    const firstColumn = () =>
      within(table)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent)
    const downloads = within(table).getByRole('button', { name: /Downloads/ })
    fireEvent.click(downloads)
    expect(firstColumn()).toEqual(['thunder', 'lightning', 'int8'])
    fireEvent.click(downloads)
    expect(firstColumn()).toEqual(['int8', 'lightning', 'thunder'])
    const int8 = within(table).getAllByRole('row')[1]!
    expect(int8.textContent).toContain('7.9K')
  })
})
