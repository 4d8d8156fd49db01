/// Work due at a virtual instant, run in (due time, scheduling order) order so runs are
/// deterministic.
///
/// The heap holds plain values (due time, sequence, slot); the actions wait in a slot
/// table beside it. Sifting then moves no closure (no retain or release per swap), which
/// counts when 150,000 pods each have a wake-up pending.
struct TimerQueue {
  struct Entry {
    var due: Int64
    var sequence: UInt64
    var action: (Cluster) -> Void
  }

  /// One heap node: when, in what order, and where its action waits.
  private struct Node {
    var due: Int64
    var sequence: UInt64
    var slot: Int32
  }

  private var heap: [Node] = []
  private var actions: [((Cluster) -> Void)?] = []
  /// Slots of `actions` that are free to reuse.
  private var freeSlots: [Int32] = []
  private var nextSequence: UInt64 = 0

  var count: Int { heap.count }
  var nextDue: Int64? { heap.first?.due }

  mutating func schedule(at due: Int64, _ action: @escaping (Cluster) -> Void) {
    let slot: Int32
    if let free = freeSlots.popLast() {
      slot = free
      actions[Int(free)] = action
    } else {
      slot = Int32(actions.count)
      actions.append(action)
    }
    heap.append(Node(due: due, sequence: nextSequence, slot: slot))
    nextSequence += 1
    siftUp(heap.count - 1)
  }

  /// Removes and returns the earliest entry due at or before `limit`.
  mutating func popDue(before limit: Int64) -> Entry? {
    guard let first = heap.first, first.due <= limit else { return nil }
    let last = heap.removeLast()
    if !heap.isEmpty {
      heap[0] = last
      siftDown(0)
    }
    let index = Int(first.slot)
    guard let action = actions[index] else { return nil }
    actions[index] = nil
    freeSlots.append(first.slot)
    return Entry(due: first.due, sequence: first.sequence, action: action)
  }

  private func less(_ a: Int, _ b: Int) -> Bool {
    (heap[a].due, heap[a].sequence) < (heap[b].due, heap[b].sequence)
  }

  private mutating func siftUp(_ start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard less(child, parent) else { return }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func siftDown(_ start: Int) {
    var parent = start
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < heap.count, less(left, smallest) { smallest = left }
      if right < heap.count, less(right, smallest) { smallest = right }
      guard smallest != parent else { return }
      heap.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
