/// An application driven by `Terminal.run(_:tick:)`: one value holding all UI state.
///
/// An alternative to passing three closures to `Terminal.run(tick:onTick:render:handle:)`.
public protocol TerminalApplication {
  /// Draws the whole screen into `grid` (sized to the terminal).
  mutating func render(into grid: inout CellGrid)
  /// Handles a key; `.quit` leaves the loop, any other non-empty result redraws.
  mutating func handle(_ key: Key) -> EventResult
  /// Periodic work; return `.redraw` when something visible changed.
  mutating func tick() -> EventResult
}

extension TerminalApplication {
  /// By default nothing happens on a tick.
  public mutating func tick() -> EventResult { .ignored }
}

extension Terminal {
  /// Runs `application` until it returns `.quit` or a termination signal arrives.
  ///
  /// - Returns: the termination signal that ended the loop, if any.
  @discardableResult
  public func run<Application: TerminalApplication>(_ application: inout Application, tick: Duration = .milliseconds(250))
    -> Int32?
  {
    run(
      tick: tick,
      onTick: { application.tick() },
      render: { application.render(into: &$0) },
      handle: { application.handle($0) })
  }
}
