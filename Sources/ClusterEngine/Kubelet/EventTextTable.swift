/// Event messages and field paths the kubelet made, shared across pods, as `InternTable`
/// shares values, but keyed by each text's `WordDigest`.
///
/// A `Set<String>` hashes every message with SipHash byte by byte: the Pulled message,
/// made for each pull, is the longest text the kubelet writes. A text whose digest is held by another text (a collision, or one
/// that does not come back) replaces it; the Events that hold the old one keep it.
/// Bounded: past `limit` texts it starts over.
struct EventTextTable {
  private var texts: [Prehashed<Int>: String] = [:]
  let limit: Int

  init(limit: Int = 4_096) {
    self.limit = limit
  }

  /// How many texts the table holds now.
  var count: Int { texts.count }

  /// The instance the table holds that equals `text`, or `text`, now held.
  mutating func intern(_ text: String) -> String {
    var digest = WordDigest()
    digest.combine(text)
    let key = Prehashed(ownDigest: digest.finalize())
    if let held = texts[key], held == text { return held }
    if texts.count >= limit { texts.removeAll(keepingCapacity: true) }
    texts[key] = text
    return text
  }
}
