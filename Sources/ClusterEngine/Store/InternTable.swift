/// Hands out one shared instance for equal values, so that values made apart (arrays and
/// strings above all) share their storage instead of each holding a copy.
///
/// Pods started in the same virtual second get equal condition lists, and every pod on a
/// node the same host IPs: interned at the writer, thousands of stored versions hold one
/// buffer. Bounded: past `limit` distinct values it starts over (values already handed out
/// stay valid; only sharing with later ones is lost).
struct InternTable<Value: Hashable> {
  private var values: Set<Value> = []
  let limit: Int

  init(limit: Int = 4_096) {
    self.limit = limit
  }

  /// How many distinct values the table holds now.
  var count: Int { values.count }

  /// The instance the table holds that equals `value`, or `value`, now held.
  mutating func intern(_ value: Value) -> Value {
    // One hash of the value: the insert finds the held instance or holds this one.
    let (inserted, held) = values.insert(value)
    guard inserted else { return held }
    if values.count > limit {
      values.removeAll(keepingCapacity: true)
      values.insert(value)
    }
    return value
  }
}
