import Dispatch
import KubeModel
import Synchronization

/// Encodes a list (`PodList`, …) straight from the typed objects, piece by piece: a small
/// list becomes one body with a length, a large one a chunked body whose pieces are encoded
/// only as the connection drains them, each on two threads at once.
///
/// The text is the same as the whole document written at once: `kind`, `apiVersion`,
/// `metadata`, then `items`.
final class ListEncoding<T: KubeObject>: Sendable {
  /// About how many bytes one piece holds.
  static var pieceSize: Int { 256 << 10 }
  /// How many items the first piece holds (later pieces are sized from the bytes so far).
  static var firstBatch: Int { 64 }
  /// Fewer items than this in a piece are encoded on one thread.
  static var parallelThreshold: Int { 32 }

  private struct State {
    let items: [T]
    var next = 0
    var finished = false
    /// The document's head, sent with the first items.
    var head: [UInt8]
    /// Bytes of the items encoded so far, to size the next piece.
    var itemBytes = 0
    /// A piece made but not yet handed out.
    var pending: [UInt8]?
  }

  private let state: Mutex<State>

  /// Starts a list of `items`: the document's head is written at once.
  init(kind: String, apiVersion: String, items: [T], metadata: ListMeta) {
    let encoder = DirectJSONEncoder()
    encoder.appendRaw("{\"kind\":")
    JSONBytes.appendQuoted(kind, to: &encoder.output)
    encoder.appendRaw(",\"apiVersion\":")
    JSONBytes.appendQuoted(apiVersion, to: &encoder.output)
    encoder.appendRaw(",\"metadata\":")
    if (try? encoder.append(metadata)) == nil { encoder.appendRaw("{}") }
    encoder.appendRaw(",\"items\":[")
    state = Mutex(State(items: items, head: encoder.output))
  }

  /// The next piece of the document, or nil after the last.
  func nextPiece() -> [UInt8]? {
    state.withLock { state in
      if let pending = state.pending {
        state.pending = nil
        return pending
      }
      if state.finished { return nil }
      var piece = state.head
      state.head = []
      let count = state.next == 0 ? Self.firstBatch : max(1, Self.pieceSize * state.next / max(1, state.itemBytes))
      let end = min(state.items.count, state.next + count)
      let before = piece.count
      var needsComma = state.next > 0
      for part in Self.encode(state.items[state.next..<end]) where !part.isEmpty {
        if needsComma { piece.append(UInt8(ascii: ",")) }
        needsComma = true
        piece += part
      }
      state.itemBytes += piece.count - before
      state.next = end
      if end == state.items.count {
        piece += Array("]}".utf8)
        state.finished = true
      }
      return piece
    }
  }

  /// The items' JSON, comma-separated, in one or two runs (two encoded at once).
  static func encode(_ items: ArraySlice<T>) -> [[UInt8]] {
    guard items.count >= parallelThreshold else { return [encodeRun(items)] }
    let middle = items.startIndex + items.count / 2
    let halves = [items[items.startIndex..<middle], items[middle..<items.endIndex]]
    let parts = Mutex<[[UInt8]]>(Array(repeating: [], count: halves.count))
    DispatchQueue.concurrentPerform(iterations: halves.count) { index in
      let run = encodeRun(halves[index])
      parts.withLock { $0[index] = run }
    }
    return parts.withLock { $0 }
  }

  /// The items' JSON separated by commas; an item that fails to encode is `null`.
  static func encodeRun(_ items: ArraySlice<T>) -> [UInt8] {
    let encoder = DirectJSONEncoder(capacity: pieceSize / 2)
    for (offset, item) in items.enumerated() {
      if offset > 0 { encoder.appendRaw(",") }
      if (try? encoder.append(item)) == nil { encoder.appendRaw("null") }
    }
    return encoder.output
  }

  /// The response: one body when the list fits in a piece, else a chunked body.
  func response() -> HTTPResponse {
    let headers = [("Content-Type", "application/json")]
    let first = nextPiece() ?? []
    let finished = state.withLock { state in
      if !state.finished { state.pending = first }
      return state.finished
    }
    if finished { return .full(status: 200, headers: headers, body: first) }
    return .chunked(status: 200, headers: headers, body: ChunkedBody { [self] in self.nextPiece() })
  }
}
