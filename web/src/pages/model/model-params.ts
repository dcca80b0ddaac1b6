import type { SelectionParams } from '../../lib/selection'

/** The model page's route parameters (routes.tsx). */
export type ModelParams = SelectionParams & { owner: string; model: string }
