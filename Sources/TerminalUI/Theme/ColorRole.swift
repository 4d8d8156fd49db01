/// What a cell means, not what colour it is. Themes map every role to a `Style`.
///
/// The raw value is the key used in theme files.
public enum ColorRole: String, CaseIterable, Sendable, Hashable, Codable {
  // Screen
  /// Default text and background of the whole screen.
  case body
  /// Header panel values (cluster, context, version…).
  case header
  /// Header panel labels ("Context:").
  case infoLabel
  /// The ASCII logo or application name.
  case logo
  // Frames
  /// Box borders.
  case border
  /// The border of the focused box.
  case borderFocus
  /// A box title.
  case title
  /// The counter in a title, e.g. `[12]`.
  case titleCounter
  /// The filter in a title, e.g. `</nginx>`.
  case titleFilter
  /// Breadcrumbs of the navigation path.
  case crumb
  /// The active (last) breadcrumb.
  case crumbActive
  // Tables
  /// Table column headers.
  case tableHeader
  /// The header of the column the table is sorted by.
  case tableHeaderSorted
  /// An ordinary table row.
  case rowNormal
  /// The selected row (cursor).
  case selection
  /// A marked (multi-selected) row.
  case rowMarked
  // Statuses
  /// Healthy / running / ready.
  case statusOK
  /// Degraded or needing attention.
  case statusWarning
  /// Failed / error / crash loop.
  case statusError
  /// Pending / waiting / in progress.
  case statusPending
  /// Completed / succeeded, no longer active.
  case statusCompleted
  /// Just added.
  case statusAdded
  /// Just modified.
  case statusModified
  /// Being deleted / terminating.
  case statusTerminating
  // Meters and charts
  /// A meter's filled part below the middle threshold.
  case meterLow
  /// A meter's filled part between the thresholds.
  case meterMid
  /// A meter's filled part above the high threshold.
  case meterHigh
  /// A meter's empty part.
  case meterEmpty
  /// A meter's label.
  case meterLabel
  /// A sparkline.
  case sparkline
  // Footer and hints
  /// Key hint descriptions.
  case keyHint
  /// Key hint keys, e.g. `<ctrl-d>`.
  case keyHintKey
  // Flash messages
  /// Informational flash message.
  case flashInfo
  /// Warning flash message.
  case flashWarning
  /// Error flash message.
  case flashError
  // Dialogs
  /// Dialog body.
  case dialog
  /// Dialog field labels.
  case dialogLabel
  /// Dialog input fields.
  case dialogField
  /// The focused dialog input field.
  case dialogFieldFocus
  /// A dialog button.
  case dialogButton
  /// The focused dialog button.
  case dialogButtonFocus
  // Prompt
  /// The command / filter prompt.
  case prompt
  /// The completion suggestion shown after the cursor.
  case promptSuggestion
  /// The prompt's cursor cell.
  case promptCursor
  // Text panes
  /// Log and text pane text.
  case logs
  /// Search matches in a text pane.
  case logsHighlight
  /// Timestamps or line prefixes in a text pane.
  case logsTimestamp
  /// YAML keys.
  case yamlKey
  /// YAML values.
  case yamlValue
  /// YAML punctuation (colons, dashes).
  case yamlPunctuation
  // Help
  /// Help overlay text.
  case help
  /// Help overlay keys.
  case helpKey
  /// Help overlay section titles.
  case helpSection
  // Misc
  /// The "terminal too small" notice.
  case tooSmall
}
