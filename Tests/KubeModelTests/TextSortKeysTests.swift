import KubeModel
import Testing

@Suite struct TextSortKeysTests {
  @Test func pairsSortAsTuples() {
    // Namespaces that are prefixes of others, and names whose bytes straddle `/` and `-`.
    let namespaces = ["", "a", "a-b", "ab", "a.b", "default", "default-x", "kube-system"]
    let names = ["x", "x-1", "x1", "x.1", "x/1", "y", "a", "x-10", "x-2"]
    var pairs: [(String, String)] = []
    for (index, namespace) in namespaces.enumerated() {
      for offset in 0..<names.count { pairs.append((namespace, names[(index * 5 + offset * 7) % names.count])) }
    }
    let keys = TextSortKeys(count: pairs.count, pair: { pairs[$0] })
    #expect(keys.isASCII)
    let rows = Array(0..<Int32(pairs.count))
    let expected = rows.sorted { a, b in
      pairs[Int(a)] != pairs[Int(b)] ? pairs[Int(a)] < pairs[Int(b)] : a < b
    }
    #expect(keys.sorted(rows, tie: rows, ascending: true) == expected)
    let inOrder = TextSortKeys(count: expected.count, pair: { pairs[Int(expected[$0])] })
    #expect(inOrder.isAscending())
  }

  @Test func pairsWithNonASCIIOrANulInTheFirstPartAreNotByteOrdered() {
    #expect(!TextSortKeys(count: 1, pair: { _ in ("한글", "a") }).isASCII)
    #expect(!TextSortKeys(count: 1, pair: { _ in ("a", "é") }).isASCII)
    #expect(!TextSortKeys(count: 1, pair: { _ in ("a\u{0}b", "c") }).isASCII)
    #expect(TextSortKeys(count: 1, pair: { _ in ("a", "b\u{0}c") }).isASCII)
  }
}
