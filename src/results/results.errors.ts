export type ResultsInputErrorCode =
  | 'no_criteria'
  | 'invalid_id'
  | 'duplicate_criterion'
  | 'invalid_weight'
  | 'weights_not_100'
  | 'invalid_scale'
  | 'duplicate_entry'
  | 'unknown_entry'
  | 'duplicate_sheet'
  | 'missing_criterion'
  | 'unknown_criterion'
  | 'value_not_a_number'
  | 'value_out_of_scale'
  | 'unknown_aggregation'
  | 'invalid_tie_break_rule'
  | 'unknown_tie_break_criterion'
  | 'invalid_min_scores';

/**
 * Thrown when the ranking gets data it cannot rank honestly. The caller is meant to filter such data
 * out first, so this signals a bug upstream; computing on would put a wrong winner on stage.
 */
export class ResultsInputError extends Error {
  override readonly name = 'ResultsInputError';

  constructor(
    readonly code: ResultsInputErrorCode,
    message: string,
    readonly details: Readonly<Record<string, number | string>> = {},
  ) {
    super(message);
  }
}
