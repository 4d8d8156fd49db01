extension Theme {
  /// The attributes-only theme: always available, used for `NO_COLOR` and colourless terminals.
  ///
  /// Every role that carries meaning in colour themes is still distinguishable here through
  /// bold, dim, reverse and underline (as htop's monochrome scheme).
  public static let monochrome = Theme(name: "monochrome", displayName: "Monochrome", styles: [:])

  static let monochromeStyles: [ColorRole: Style] = {
    let attributes: [ColorRole: CellAttributes] = [
      .header: .bold, .logo: .bold,
      .borderFocus: .bold, .title: .bold, .titleCounter: .bold, .titleFilter: .underline,
      .crumb: .reverse, .crumbActive: [.reverse, .bold],
      .tableHeader: .underline, .tableHeaderSorted: [.bold, .underline],
      .selection: .reverse, .rowMarked: [.bold, .underline],
      .statusWarning: .bold, .statusError: [.bold, .underline], .statusPending: .dim,
      .statusCompleted: .dim, .statusAdded: .bold, .statusModified: .bold,
      .statusTerminating: [.dim, .underline],
      .meterMid: .bold, .meterHigh: [.bold, .underline], .meterEmpty: .dim, .meterLabel: .bold,
      .keyHintKey: .bold,
      .flashWarning: .bold, .flashError: [.bold, .reverse],
      .dialogLabel: .bold, .dialogField: .underline, .dialogFieldFocus: .reverse,
      .dialogButtonFocus: .reverse,
      .prompt: .bold, .promptSuggestion: .dim, .promptCursor: .reverse,
      .logsHighlight: .reverse, .logsTimestamp: .dim,
      .yamlKey: .bold, .yamlPunctuation: .dim,
      .helpKey: .bold, .helpSection: [.bold, .underline],
      .tooSmall: .bold,
    ]
    var styles: [ColorRole: Style] = [:]
    for role in ColorRole.allCases {
      styles[role] = Style(attributes: attributes[role] ?? [])
    }
    return styles
  }()
}
