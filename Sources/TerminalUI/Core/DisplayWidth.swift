/// Terminal column widths of characters, computed from tables in this file, never from the locale.
///
/// Rules, in the spirit of `wcwidth` and of what modern terminals do:
/// - East Asian Wide and Fullwidth characters (한글, CJK, kana, fullwidth forms) take 2 columns;
/// - emoji with default emoji presentation, and any emoji followed by U+FE0F, take 2 columns;
/// - combining marks, format characters, zero-width space and Hangul medial/final jamo take 0;
/// - C0/C1 control characters take 0 (the grid does not draw them);
/// - everything else takes 1.
public enum DisplayWidth {
  /// The number of terminal columns `character` occupies: 0, 1 or 2.
  public static func of(_ character: Character) -> Int {
    // ASCII (and CR LF, whose ASCII value is LF's) is one column unless it is a control.
    if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.count > 1 {
      if scalars.contains(where: { $0.value == 0xFE0E }) { return min(1, of(first)) }
      if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
      // Regional-indicator pairs (flags) are emoji.
      if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
      // A grapheme's width is its base's width; marks ride along.
      for scalar in scalars {
        let width = of(scalar)
        if width > 0 { return width }
      }
      return 0
    }
    return of(first)
  }

  /// The number of terminal columns a single scalar occupies when drawn on its own.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
    if value < 0x300 { return 1 }
    if isZeroWidth(scalar) { return 0 }
    if isWide(value) { return 2 }
    if value >= 0x1F000, scalar.properties.isEmojiPresentation { return 2 }
    return 1
  }

  /// The number of terminal columns `text` occupies.
  public static func of(_ text: some StringProtocol) -> Int {
    var total = 0
    // Plain ASCII needs no grapheme breaking: every byte but a control is one column.
    var isASCII = true
    for byte in text.utf8 {
      if byte >= 0x80 {
        isASCII = false
        break
      }
      if byte >= 0x20 && byte != 0x7F { total += 1 }
    }
    if isASCII { return total }
    total = 0
    for character in text {
      total += of(character)
    }
    return total
  }

  private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value == 0x00AD { return false }
    if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return true }
    if (0x200B...0x200F).contains(value) || value == 0x2060 || value == 0xFEFF { return true }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return true
    default: return false
    }
  }

  private static func isWide(_ value: UInt32) -> Bool {
    if value < wideRanges[0].0 { return false }
    var low = 0
    var high = wideRanges.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let range = wideRanges[mid]
      if value < range.0 {
        high = mid - 1
      } else if value > range.1 {
        low = mid + 1
      } else {
        return true
      }
    }
    return false
  }

  /// East Asian Width W and F ranges (Unicode 14, unassigned gaps merged), sorted.
  private static let wideRanges: [(UInt32, UInt32)] = [
   (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0),
   (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
   (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
   (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
   (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728),
   (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
   (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
   (0x2E80, 0x303E), (0x3041, 0x3247), (0x3250, 0x4DBF), (0x4E00, 0xA4C6), (0xA960, 0xA97C),
   (0xAC00, 0xD7A3), (0xF900, 0xFAD9), (0xFE10, 0xFE19), (0xFE30, 0xFE6B), (0xFF01, 0xFF60),
   (0xFFE0, 0xFFE6), (0x16FE0, 0x1B2FB), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF),
   (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F200, 0x1F320), (0x1F32D, 0x1F335),
   (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3),
   (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440),
   (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567),
   (0x1F57A, 0x1F57A), (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F),
   (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6DF),
   (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7F0), (0x1F90C, 0x1F93A),
   (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FAF6), (0x20000, 0x3FFFD),
  ]
}

/// Column-counting helpers used by every widget.
extension StringProtocol {
  /// The number of terminal columns this text occupies (not `count`).
  public var displayWidth: Int { DisplayWidth.of(self) }

  /// This text cut to at most `width` columns, ending with `ellipsis` when something was cut.
  ///
  /// A wide character that would straddle the limit is dropped, so the result may be one
  /// column narrower than `width`.
  public func truncated(to width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    if DisplayWidth.of(self) <= width { return String(self) }
    let ellipsisWidth = DisplayWidth.of(ellipsis)
    guard ellipsisWidth <= width else { return String(self).prefix(columns: width) }
    return String(self).prefix(columns: width - ellipsisWidth) + ellipsis
  }

  /// This text truncated (with an ellipsis) or padded with spaces to exactly `width` columns.
  public func padded(to width: Int, alignment: TextAlignment = .left) -> String {
    guard width > 0 else { return "" }
    let text = truncated(to: width)
    let gap = width - DisplayWidth.of(text)
    let padding = String(repeating: " ", count: Swift.max(0, gap))
    switch alignment {
    case .left: return text + padding
    case .right: return padding + text
    case .center:
      let left = gap / 2
      return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
    }
  }

  /// The longest prefix that fits in `width` columns, without an ellipsis.
  public func prefix(columns width: Int) -> String {
    var used = 0
    var result = ""
    for character in self {
      let w = DisplayWidth.of(character)
      if used + w > width { break }
      used += w
      result.append(character)
    }
    return result
  }
}

/// Convenience for callers that prefer a free function.
public func displayWidth(_ text: some StringProtocol) -> Int { DisplayWidth.of(text) }
