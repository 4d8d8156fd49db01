import Foundation
import Synchronization

/// Maps wall time to virtual time: a background thread advances the cluster every `tick`
/// by `speed ×` the wall time that passed, and reports when the engine cannot keep up.
///
/// The engine itself never reads the wall clock; this driver is the one place that does.
/// When a step costs more wall time than it simulates, the owed virtual time is capped at
/// `maxCatchUp` wall seconds' worth per step, the rest is skipped (virtual time slips
/// behind wall time) and `status.isLagging` is set.
public final class ClusterDriver: Sendable {
  /// Wall seconds between steps.
  public let tick: Double
  /// At most this many wall seconds' worth of virtual time is simulated in one step.
  public let maxCatchUp: Double

  struct State {
    var speed = 1.0
    var paused = false
    var running = false
    /// Bumped on every start and stop, so a stale thread ends itself.
    var generation = 0
    var threadAlive = false
    /// The running thread's name, to recognise a stop() called from the thread itself.
    var threadName = ""
    var step: (@Sendable (Double) -> Void)?
    var status = DriverStatus()
  }

  private let state = Mutex(State())

  public init(tick: Double = 0.05, maxCatchUp: Double = 0.5) {
    self.tick = tick
    self.maxCatchUp = maxCatchUp
  }

  /// Sets what one step does (advance the cluster by the given virtual seconds).
  func attach(_ step: @escaping @Sendable (Double) -> Void) {
    state.withLock { $0.step = step }
  }

  /// Virtual seconds per wall second (0 stops time like `isPaused`).
  public var speed: Double {
    get { state.withLock { $0.speed } }
    set { state.withLock { $0.speed = max(newValue, 0) } }
  }

  /// Whether virtual time is paused.
  public var isPaused: Bool {
    get { state.withLock { $0.paused } }
    set { state.withLock { $0.paused = newValue } }
  }

  /// What the driver is doing and whether it keeps up.
  public var status: DriverStatus {
    state.withLock { state in
      var status = state.status
      status.speed = state.speed
      status.isPaused = state.paused
      status.isRunning = state.running
      return status
    }
  }

  /// Starts the background thread (does nothing when already running).
  public func start() {
    let generation: Int? = state.withLock { state in
      guard !state.running else { return nil }
      state.running = true
      state.generation += 1
      state.threadAlive = true
      return state.generation
    }
    guard let generation else { return }
    let name = "kubedeck-driver-\(UInt(bitPattern: ObjectIdentifier(self).hashValue))-\(generation)"
    state.withLock { $0.threadName = name }
    let thread = Thread { [self] in
      run(generation: generation)
      state.withLock { if $0.generation == generation { $0.threadAlive = false } }
    }
    thread.name = name
    thread.start()
  }

  /// Stops the thread and waits for its current step to end (unless called from the
  /// driver's own thread).
  public func stop() {
    let stopped: (name: String, generation: Int)? = state.withLock { state in
      guard state.running else { return nil }
      state.running = false
      return (state.threadName, state.generation)
    }
    guard let stopped, Thread.current.name != stopped.name else { return }
    while state.withLock({ $0.threadAlive && $0.generation == stopped.generation }) {
      Thread.sleep(forTimeInterval: 0.001)
    }
  }

  private func run(generation: Int) {
    let clock = ContinuousClock()
    var last = clock.now
    var window = Window(start: last)
    while true {
      Thread.sleep(forTimeInterval: tick)
      let settings: (speed: Double, paused: Bool, step: (@Sendable (Double) -> Void)?)? = state.withLock { state in
        guard state.running, state.generation == generation else { return nil }
        return (state.speed, state.paused, state.step)
      }
      guard let settings else { return }
      let now = clock.now
      let wall = (now - last).seconds
      last = now
      guard !settings.paused, settings.speed > 0, let step = settings.step else {
        window = Window(start: now)
        continue
      }
      var owed = wall * settings.speed
      let cap = maxCatchUp * settings.speed
      var skipped = 0.0
      if owed > cap {
        skipped = owed - cap
        owed = cap
      }
      let before = clock.now
      step(owed)
      let cost = (clock.now - before).seconds
      window.record(virtual: owed, skipped: skipped)
      let achieved = window.achievedSpeed(at: clock.now)
      state.withLock { state in
        state.status.lastStepMilliseconds = cost * 1000
        state.status.skippedSeconds += skipped
        if let achieved {
          state.status.achievedSpeed = achieved.speed
          state.status.isLagging = achieved.lagging
          window = Window(start: clock.now)
        }
      }
    }
  }

  /// Virtual time simulated and skipped over about one wall second.
  private struct Window {
    var start: ContinuousClock.Instant
    var virtual = 0.0
    var skipped = 0.0

    init(start: ContinuousClock.Instant) { self.start = start }

    mutating func record(virtual: Double, skipped: Double) {
      self.virtual += virtual
      self.skipped += skipped
    }

    /// The speed achieved, once the window spans a second.
    func achievedSpeed(at now: ContinuousClock.Instant) -> (speed: Double, lagging: Bool)? {
      let elapsed = (now - start).seconds
      guard elapsed >= 1 else { return nil }
      return (virtual / elapsed, skipped > 0)
    }
  }
}

/// What the real-time driver is doing, for the dashboard's header.
public struct DriverStatus: Hashable, Sendable {
  /// The speed asked for, in virtual seconds per wall second.
  public var speed = 1.0
  public var isPaused = false
  public var isRunning = false
  /// The speed reached over the last second (below `speed` when the engine lags).
  public var achievedSpeed = 0.0
  /// True when the engine could not keep up with `speed` in the last second.
  public var isLagging = false
  /// Virtual seconds skipped so far because the engine could not keep up.
  public var skippedSeconds = 0.0
  /// Wall milliseconds the last step took.
  public var lastStepMilliseconds = 0.0

  public init() {}
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let parts = components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
  }
}
