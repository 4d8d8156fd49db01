import KubeModel

/// The engine's only notion of time: virtual microseconds since the cluster started, plus a
/// fixed epoch for timestamps. Nothing in the engine reads the wall clock.
public struct VirtualClock: Sendable {
  /// Microseconds of virtual time since the cluster started.
  public private(set) var micros: Int64 = 0
  /// Unix seconds at virtual time zero (timestamps are epoch + virtual time).
  public let epochSeconds: Int64

  public init(epochSeconds: Int64) {
    self.epochSeconds = epochSeconds
  }

  /// Virtual seconds since start.
  public var seconds: Double { Double(micros) / 1_000_000 }

  /// The current instant as an API timestamp.
  public var now: Time { Time(seconds: epochSeconds + micros / 1_000_000) }

  /// The current instant with microseconds, for leases and events.
  public var nowMicro: MicroTime { MicroTime(micros: epochSeconds * 1_000_000 + micros) }

  /// The API timestamp `seconds` from now.
  public func time(after seconds: Double) -> Time {
    Time(seconds: epochSeconds + (micros + Int64(seconds * 1_000_000)) / 1_000_000)
  }

  /// Virtual seconds elapsed since `time` (negative when it lies ahead).
  public func seconds(since time: Time) -> Double {
    Double(epochSeconds * 1_000_000 + micros - time.seconds * 1_000_000) / 1_000_000
  }

  mutating func set(micros: Int64) {
    precondition(micros >= self.micros, "virtual time never goes back")
    self.micros = micros
  }
}

/// Converts seconds to the clock's microseconds.
@inline(__always) func microseconds(_ seconds: Double) -> Int64 {
  Int64((seconds * 1_000_000).rounded())
}
