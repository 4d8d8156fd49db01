/// The sort texts of many rows laid out in one byte buffer, so that 150,000 rows sort by
/// bytes (a three-way radix quicksort) instead of by `String` comparisons.
///
/// Byte order is `String` order only for ASCII text; `isASCII` says whether the fast path
/// applies, and callers fall back to comparing `String`s when it does not. Used by the
/// dashboard's views and by the embedded cluster's lists.
public struct TextSortKeys {
  private var bytes: [UInt8] = []
  private var starts: [Int] = [0]
  /// Whether byte order is the order asked for: every text ASCII (and, for pairs, no NUL
  /// in a first part).
  public private(set) var isASCII = true

  /// Collects the text of each row `0..<count`.
  public init(count: Int, text: (Int) -> String) {
    var anyNonASCII = false
    starts.reserveCapacity(count + 1)
    bytes.reserveCapacity(count * 24)
    for row in 0..<count {
      anyNonASCII = append(text(row)) || anyNonASCII
      starts.append(bytes.count)
    }
    isASCII = !anyNonASCII
  }

  /// Collects a pair of texts for each row, ordered as the tuple `(first, second)` is: the
  /// parts are joined by a NUL byte, which sorts before every other byte.
  public init(count: Int, pair: (Int) -> (first: String, second: String)) {
    var anyNonASCII = false
    starts.reserveCapacity(count + 1)
    bytes.reserveCapacity(count * 32)
    for row in 0..<count {
      let (first, second) = pair(row)
      let firstStart = bytes.count
      anyNonASCII = append(first) || anyNonASCII
      // A NUL inside the first part would no longer end it.
      if bytes[firstStart...].contains(0) { anyNonASCII = true }
      bytes.append(0)
      anyNonASCII = append(second) || anyNonASCII
      starts.append(bytes.count)
    }
    isASCII = !anyNonASCII
  }

  /// Appends a text's bytes; returns whether any is not ASCII.
  private mutating func append(_ text: String) -> Bool {
    var string = text
    return string.withUTF8 { utf8 in
      var high: UInt8 = 0
      for byte in utf8 { high |= byte }
      bytes.append(contentsOf: utf8)
      return high >= 0x80
    }
  }

  /// `rows` ordered by text, ties by `tie[row]` ascending (whatever the direction).
  public func sorted(_ rows: [Int32], tie: [Int32], ascending: Bool) -> [Int32] {
    var result = rows
    bytes.withUnsafeBufferPointer { bytes in
      starts.withUnsafeBufferPointer { starts in
        tie.withUnsafeBufferPointer { tie in
          result.withUnsafeMutableBufferPointer { rows in
            let sorter = Sorter(bytes: bytes, starts: starts, tie: tie)
            sorter.sort(rows, 0, rows.count, depth: 0)
            if !ascending { sorter.reverseKeepingTies(rows) }
          }
        }
      }
    }
    return result
  }

  /// Whether the rows are already in order (each text before the next, ties by row), as
  /// lists sorted by the server often are: then there is nothing to sort.
  public func isAscending() -> Bool {
    let count = starts.count - 1
    guard count > 1 else { return true }
    let rows = Array(0..<Int32(count))
    return bytes.withUnsafeBufferPointer { bytes in
      starts.withUnsafeBufferPointer { starts in
        rows.withUnsafeBufferPointer { tie in
          let sorter = Sorter(bytes: bytes, starts: starts, tie: tie)
          for row in 1..<Int32(count) where !sorter.precedes(row - 1, row, depth: 0) { return false }
          return true
        }
      }
    }
  }

  /// The radix quicksort over borrowed buffers.
  private struct Sorter {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<Int>
    let tie: UnsafeBufferPointer<Int32>

    /// The byte at `depth` of a row's text, or -1 past its end.
    @inline(__always) func byte(_ row: Int32, _ depth: Int) -> Int {
      let start = starts[Int(row)] + depth
      return start < starts[Int(row) + 1] ? Int(bytes[start]) : -1
    }

    /// Whether `a` orders before `b`, comparing from `depth` on.
    func precedes(_ a: Int32, _ b: Int32, depth: Int) -> Bool {
      var depth = depth
      while true {
        let x = byte(a, depth)
        let y = byte(b, depth)
        if x != y { return x < y }
        if x < 0 { return tie[Int(a)] < tie[Int(b)] }
        depth += 1
      }
    }

    func sort(_ rows: UnsafeMutableBufferPointer<Int32>, _ low: Int, _ high: Int, depth: Int) {
      var low = low
      var high = high
      var depth = depth
      while high - low > 12 {
        let pivot = median(byte(rows[low], depth), byte(rows[(low + high) / 2], depth), byte(rows[high - 1], depth))
        // Three-way partition: [low, less) < pivot, [less, greater) == pivot, [greater, high) > pivot.
        var less = low
        var index = low
        var greater = high
        while index < greater {
          let value = byte(rows[index], depth)
          if value < pivot {
            rows.swapAt(less, index)
            less += 1
            index += 1
          } else if value > pivot {
            greater -= 1
            rows.swapAt(index, greater)
          } else {
            index += 1
          }
        }
        // Recurse into the smaller outer parts, loop on the rest.
        sort(rows, low, less, depth: depth)
        sort(rows, greater, high, depth: depth)
        if pivot < 0 {
          sortByTie(rows, less, greater)
          return
        }
        low = less
        high = greater
        depth += 1
      }
      insertionSort(rows, low, high, depth: depth)
    }

    private func median(_ a: Int, _ b: Int, _ c: Int) -> Int {
      max(min(a, b), min(max(a, b), c))
    }

    private func insertionSort(_ rows: UnsafeMutableBufferPointer<Int32>, _ low: Int, _ high: Int, depth: Int) {
      guard high - low > 1 else { return }
      for index in (low + 1)..<high {
        let row = rows[index]
        var slot = index
        while slot > low, precedes(row, rows[slot - 1], depth: depth) {
          rows[slot] = rows[slot - 1]
          slot -= 1
        }
        rows[slot] = row
      }
    }

    private func sortByTie(_ rows: UnsafeMutableBufferPointer<Int32>, _ low: Int, _ high: Int) {
      guard high - low > 1 else { return }
      var group = UnsafeMutableBufferPointer(rebasing: rows[low..<high])
      group.sort { tie[Int($0)] < tie[Int($1)] }
    }

    /// Turns an ascending order into a descending one whose equal texts stay in tie order.
    func reverseKeepingTies(_ rows: UnsafeMutableBufferPointer<Int32>) {
      guard rows.count > 1 else { return }
      var rows = rows
      rows.reverse()
      var runStart = 0
      for index in 1...rows.count where index == rows.count || !sameText(rows[index], rows[runStart]) {
        if index - runStart > 1 {
          var run = UnsafeMutableBufferPointer(rebasing: rows[runStart..<index])
          run.reverse()
        }
        runStart = index
      }
    }

    private func sameText(_ a: Int32, _ b: Int32) -> Bool {
      let (a0, a1) = (starts[Int(a)], starts[Int(a) + 1])
      let (b0, b1) = (starts[Int(b)], starts[Int(b) + 1])
      guard a1 - a0 == b1 - b0 else { return false }
      for offset in 0..<(a1 - a0) where bytes[a0 + offset] != bytes[b0 + offset] { return false }
      return true
    }
  }
}
