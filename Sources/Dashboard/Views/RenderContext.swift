import KubeModel

/// What a renderer may consult besides the object: the time, the cache (for node
/// allocation, metrics and owners) and display options.
public struct RenderContext {
  /// The cluster's time now (virtual time on the embedded cluster).
  public var now: Time
  /// The informer cache.
  public var cache: InformerCache
  /// Whether block characters may be used in bars.
  public var unicode: Bool
  /// The cache tick now (rows changed within a few ticks are tinted).
  public var tick: Int

  /// Creates a context.
  public init(now: Time, cache: InformerCache, unicode: Bool = true) {
    self.now = now
    self.cache = cache
    self.unicode = unicode
    self.tick = cache.tick
  }
}
