import KubeModel
import Synchronization

/// Encodes a list (`PodList`, …) straight from the typed objects, piece by piece: a small
/// list becomes one body with a length, a large one a chunked body whose pieces are encoded
/// only as the connection drains them.
///
/// The text is the same as the whole document written at once: `kind`, `apiVersion`,
/// `metadata`, then `items`.
final class ListEncoding<T: KubeObject>: Sendable {
  /// About how many bytes one piece holds.
  static var pieceSize: Int { 256 << 10 }

  private struct State {
    let items: [T]
    var next = 0
    var finished = false
    /// A piece made but not yet handed out.
    var pending: [UInt8]?
    let encoder = DirectJSONEncoder(capacity: ListEncoding.pieceSize + (16 << 10))
  }

  private let state: Mutex<State>

  /// Starts a list of `items`: the document's head is written at once.
  init(kind: String, apiVersion: String, items: [T], metadata: ListMeta) {
    var initial = State(items: items)
    let encoder = initial.encoder
    encoder.appendRaw("{\"kind\":")
    JSONBytes.appendQuoted(kind, to: &encoder.output)
    encoder.appendRaw(",\"apiVersion\":")
    JSONBytes.appendQuoted(apiVersion, to: &encoder.output)
    encoder.appendRaw(",\"metadata\":")
    if (try? encoder.append(metadata)) == nil { encoder.appendRaw("{}") }
    encoder.appendRaw(",\"items\":[")
    initial.next = 0
    state = Mutex(initial)
  }

  /// The next piece of the document, or nil after the last.
  func nextPiece() -> [UInt8]? {
    state.withLock { state in
      if let pending = state.pending {
        state.pending = nil
        return pending
      }
      if state.finished { return nil }
      let encoder = state.encoder
      while state.next < state.items.count && encoder.output.count < Self.pieceSize {
        if state.next > 0 { encoder.appendRaw(",") }
        let before = encoder.output.count
        if (try? encoder.append(state.items[state.next])) == nil {
          encoder.output.removeSubrange(before...)
          encoder.appendRaw("null")
        }
        state.next += 1
      }
      if state.next == state.items.count {
        encoder.appendRaw("]}")
        state.finished = true
      }
      let piece = encoder.output
      encoder.output.removeAll(keepingCapacity: true)
      return piece
    }
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
