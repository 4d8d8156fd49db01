import TerminalUI

/// A full-size view over the table: describe, YAML, logs, a shell, drain progress.
public protocol Pane: AnyObject {
  /// The frame title.
  var title: [Span] { get }
  /// Key hints for the footer.
  var hints: [KeyHintBar.Hint] { get }
  /// Applies background results; returns true when something changed.
  func tick(context: RenderContext) -> Bool
  /// Draws the pane's content inside its frame.
  func draw(into grid: inout CellGrid, in rect: Rect, context: RenderContext)
  /// Handles a key; `.quit` in the result closes the pane (not the app).
  func handle(_ key: Key) -> EventResult
  /// Stops background work.
  func close()
  /// Whether Ctrl-C is the pane's (the shell interrupts its line) rather than the app's quit.
  var takesInterrupt: Bool { get }
  /// Whether the pane has finished on its own (a shell reaching an `exit` typed ahead):
  /// the app closes it after its tick.
  var wantsClose: Bool { get }
}

extension Pane {
  public func tick(context: RenderContext) -> Bool { false }
  public func close() {}
  public var takesInterrupt: Bool { false }
  public var wantsClose: Bool { false }
}
